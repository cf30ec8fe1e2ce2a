// One widget per field kind, through a registry: entry screens are built from the metadata, never written per entity.
import { html, nothing, type TemplateResult } from 'lit';
import {
  ADDRESS_TYPES,
  EMAIL_TYPES,
  PHONE_TYPES,
  type AddressEntry,
  type EmailEntry,
  type Field,
  type FieldKind,
  type PhoneEntry,
} from '../../shared/entities/index.ts';
import type { FieldIssue } from '../../shared/errors.ts';
import { instantToWall, offsetText, wallToInstant } from '../../shared/time/wall-time.ts';
import { zoneRules } from '../time/zones.ts';
import { locale, optionLabel, t } from '../i18n/index.ts';
import { minorDigits, parseDecimal, plainDecimal } from '../../shared/money.ts';
import './fc-ref-picker.ts';
import { people } from '../app/people.ts';

export interface WidgetContext {
  /** Input id and issue path. */
  name: string;
  label: string;
  field: Field;
  value: unknown;
  /** The whole record being edited (a datetime reads its time zone from it). */
  record: Record<string, unknown>;
  issues: FieldIssue[];
  onChange: (value: unknown) => void;
}

export type Widget = (ctx: WidgetContext) => TemplateResult;

const issueText = (i: FieldIssue): string => t(`issue.${i.code}`, i.detail === undefined ? {} : { detail: i.detail });
const own = (ctx: WidgetContext, path = ctx.name): FieldIssue[] => ctx.issues.filter((i) => i.field === path);
const issuesOf = (list: FieldIssue[], id: string): TemplateResult | typeof nothing =>
  list.length ? html`<div class="issue" id="${id}-issue" role="alert">${list.map(issueText).join(' ')}</div>` : nothing;
const req = (f: Field): TemplateResult | typeof nothing => (f.required ? html`<span aria-hidden="true"> *</span>` : nothing);

function textInput(type: string, ctx: WidgetContext, max?: number): TemplateResult {
  const mine = own(ctx);
  return html`<label for=${ctx.name}>${ctx.label}${req(ctx.field)}</label>
    <input
      id=${ctx.name}
      name=${ctx.name}
      type=${type}
      .value=${String(ctx.value ?? '')}
      maxlength=${max ?? nothing}
      aria-invalid=${mine.length ? 'true' : 'false'}
      aria-describedby=${mine.length ? `${ctx.name}-issue` : nothing}
      @input=${(e: Event) => ctx.onChange((e.target as HTMLInputElement).value)}
    />${issuesOf(mine, ctx.name)}`;
}

function selectInput(ctx: WidgetContext, options: readonly string[]): TemplateResult {
  const mine = own(ctx);
  return html`<label for=${ctx.name}>${ctx.label}${req(ctx.field)}</label>
    <select id=${ctx.name} name=${ctx.name} aria-invalid=${mine.length ? 'true' : 'false'} @change=${(e: Event) => ctx.onChange((e.target as HTMLSelectElement).value)}>
      ${options.map((o) => html`<option value=${o} ?selected=${o === ctx.value}>${optionLabel(o)}</option>`)}
    </select>${issuesOf(mine, ctx.name)}`;
}

/** The keyboard a phone shows for a list entry's part (`type`), and what the browser may fill in. */
const PART_INPUT: Record<string, string> = { address: 'email', number: 'tel' };
const PART_AUTOCOMPLETE: Record<string, string> = { address: 'email', number: 'tel', street: 'street-address', postcode: 'postal-code', city: 'address-level2', country: 'country-name' };

/** A list of typed entries (e-mails, phones, addresses) with add and remove; each part is a plain input. */
function entries<E extends { type: string }>(ctx: WidgetContext, types: readonly string[], blank: E, parts: (keyof E & string)[]): TemplateResult {
  const list = ((ctx.value as E[] | undefined) ?? []).slice();
  const set = (i: number, key: keyof E, v: string): void => ctx.onChange(list.map((e, k) => (k === i ? { ...e, [key]: v } : e)));
  return html`<fieldset class="entries">
    <legend>${ctx.label}</legend>
    ${list.map(
      (e, i) => html`<div class="entry">
        <select aria-label="${ctx.label} ${i + 1}: type" @change=${(ev: Event) => set(i, 'type', (ev.target as HTMLSelectElement).value)}>
          ${types.map((o) => html`<option value=${o} ?selected=${o === e.type}>${optionLabel(o)}</option>`)}
        </select>
        ${parts.map((p) => {
          const path = `${ctx.name}.${i}.${p}`;
          const mine = own(ctx, path);
          return html`<div class="part">
            <input
              name=${path}
              type=${PART_INPUT[p] ?? 'text'}
              autocomplete=${PART_AUTOCOMPLETE[p] ?? nothing}
              aria-label=${t(`field.${p}`)}
              placeholder=${t(`field.${p}`)}
              .value=${String(e[p] ?? '')}
              aria-invalid=${mine.length ? 'true' : 'false'}
              @input=${(ev: Event) => set(i, p, (ev.target as HTMLInputElement).value)}
            />${issuesOf(mine, path)}
          </div>`;
        })}
        <button type="button" class="remove" aria-label="${t('ui.remove')} ${i + 1}" @click=${() => ctx.onChange(list.filter((_, k) => k !== i))}>✕</button>
      </div>`,
    )}
    <button type="button" class="add" @click=${() => ctx.onChange([...list, { ...blank }])}>+ ${t('ui.add')}</button>
    ${issuesOf(own(ctx), ctx.name)}
  </fieldset>`;
}

/** The zone a datetime is read in: the record's, else the device's name for its own (resolved with the shipped rules). */
function zoneFor(record: Record<string, unknown>): string {
  const own = typeof record.timeZone === 'string' ? record.timeZone : '';
  if (own && zoneRules.has(own)) return own;
  const device = Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';
  return device && zoneRules.has(device) ? device : 'UTC';
}

/**
 * Wall-clock time in the record's zone <-> the stored instant, with the shipped zone rules (never the device's Intl
 * data). The form books the typed wall time with the instant (forms/form-edit.ts).
 */
function dateTimeInput(ctx: WidgetContext): TemplateResult {
  const zone = zoneFor(ctx.record);
  const iso = String(ctx.value ?? '');
  const ms = iso ? Date.parse(iso) : Number.NaN;
  const local = Number.isNaN(ms) ? '' : instantToWall(zoneRules, zone, ms);
  const mine = own(ctx);
  return html`<label for=${ctx.name}>${ctx.label}${req(ctx.field)} <span class="muted">(${zone})</span></label>
    <input
      id=${ctx.name}
      name=${ctx.name}
      type="datetime-local"
      .value=${local}
      aria-invalid=${mine.length ? 'true' : 'false'}
      @change=${(e: Event) => {
        const v = (e.target as HTMLInputElement).value.slice(0, 16);
        ctx.onChange(v ? new Date(wallToInstant(zoneRules, zone, v)).toISOString() : '');
      }}
    />${issuesOf(mine, ctx.name)}`;
}

/**
 * A time zone: the shipped database's zones, with the offset in force at the record's start (or now) beside it, so
 * "Africa/Casablanca UTC" says what 09:00 there means on that day.
 */
function zoneInput(ctx: WidgetContext): TemplateResult {
  const mine = own(ctx);
  const value = String(ctx.value ?? '');
  const known = value !== '' && zoneRules.has(value);
  const names = zoneRules.zoneNames();
  const start = Date.parse(String(ctx.record.startsAt ?? ''));
  const offset = known ? offsetText(zoneRules.offsetAt(value, Number.isNaN(start) ? Date.now() : start)) : '';
  return html`<label for=${ctx.name}>${ctx.label}${req(ctx.field)} <span class="muted" id="${ctx.name}-offset" data-offset>${offset}</span></label>
    <select id=${ctx.name} name=${ctx.name} aria-invalid=${mine.length ? 'true' : 'false'} aria-describedby="${ctx.name}-offset" @change=${(e: Event) => ctx.onChange((e.target as HTMLSelectElement).value)}>
      ${names.includes(value) ? nothing : html`<option value=${value} selected>${value}</option>`}
      ${names.map((z) => html`<option value=${z} ?selected=${z === value}>${z}</option>`)}
    </select>${issuesOf(mine, ctx.name)}`;
}

/** The decimals of an amount field: its own, or the minor unit of the record's currency. */
export function scaleOf(field: Field, record: Record<string, unknown>): number {
  if (field.kind !== 'amount') return 0;
  return field.scale === 'currency' ? minorDigits(String(record.currency ?? '')) : field.scale;
}

/** An amount as the input shows it: the locale's decimal mark, no grouping; quantities and rates without trailing zeros. */
export function amountText(field: Field, record: Record<string, unknown>, value: unknown): string {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || field.kind !== 'amount') return '';
  let text = plainDecimal(value, scaleOf(field, record));
  if (field.scale !== 'currency' && text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return locale() === 'fr' ? text.replace('.', ',') : text;
}

/** An exact decimal: typed text is read with the record's scale (never through a float); text that is not a number marks the field invalid. */
function amountInput(ctx: WidgetContext): TemplateResult {
  const mine = own(ctx);
  const f = ctx.field;
  const suffix = f.kind === 'amount' && f.percent ? ' %' : f.kind === 'amount' && f.scale === 'currency' ? ` (${String(ctx.record.currency ?? '')})` : '';
  return html`<label for=${ctx.name}>${ctx.label}${suffix}${req(ctx.field)}</label>
    <input
      id=${ctx.name}
      name=${ctx.name}
      inputmode="decimal"
      autocomplete="off"
      .value=${amountText(f, ctx.record, ctx.value)}
      aria-invalid=${mine.length ? 'true' : 'false'}
      aria-describedby=${mine.length ? `${ctx.name}-issue` : nothing}
      @change=${(e: Event) => {
        const raw = (e.target as HTMLInputElement).value;
        ctx.onChange(raw.trim() === '' ? null : (parseDecimal(raw, scaleOf(f, ctx.record), locale()) ?? Number.NaN));
      }}
    />${issuesOf(mine, ctx.name)}`;
}

const TEXT_INPUT: Record<string, string> = { url: 'url', email: 'email', phone: 'tel' };

export const widgets: Record<FieldKind, Widget> = {
  amount: amountInput,
  // The right keyboard on a phone: a web address, an e-mail address, a dial pad; a zone is picked from the shipped list.
  text: (ctx) =>
    ctx.field.kind === 'text' && ctx.field.format === 'timezone'
      ? zoneInput(ctx)
      : textInput(ctx.field.kind === 'text' ? (TEXT_INPUT[ctx.field.format ?? 'plain'] ?? 'text') : 'text', ctx, ctx.field.kind === 'text' ? ctx.field.maxLength : undefined),
  longtext: (ctx) => {
    const mine = own(ctx);
    return html`<label for=${ctx.name}>${ctx.label}${req(ctx.field)}</label>
      <textarea id=${ctx.name} name=${ctx.name} aria-invalid=${mine.length ? 'true' : 'false'} .value=${String(ctx.value ?? '')} @input=${(e: Event) => ctx.onChange((e.target as HTMLTextAreaElement).value)}></textarea>${issuesOf(mine, ctx.name)}`;
  },
  select: (ctx) => selectInput(ctx, ctx.field.kind === 'select' ? ctx.field.options : []),
  ref: (ctx) =>
    ctx.field.kind === 'ref' && ctx.field.to.includes('user')
      ? html`<label for=${ctx.name}>${ctx.label}${req(ctx.field)}</label>
          <select id=${ctx.name} name=${ctx.name} @change=${(e: Event) => ctx.onChange((e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${ctx.value === ''}>${t('ui.none')}</option>
            ${people().map((p) => html`<option value=${p.id} ?selected=${p.id === ctx.value}>${p.displayName}</option>`)}
          </select>${issuesOf(own(ctx), ctx.name)}`
      : html`<label for=${ctx.name}>${ctx.label}${req(ctx.field)}</label>
    <fc-ref-picker
      id=${ctx.name}
      .targets=${ctx.field.kind === 'ref' ? ctx.field.to : []}
      .value=${String(ctx.value ?? '')}
      .targetEntity=${String(ctx.record.parentType ?? '')}
      @fc-change=${(e: CustomEvent<string>) => ctx.onChange(e.detail)}
    ></fc-ref-picker>${issuesOf(own(ctx), ctx.name)}`,
  date: (ctx) => textInput('date', ctx),
  datetime: dateTimeInput,
  number: (ctx) => {
    const mine = own(ctx);
    return html`<label for=${ctx.name}>${ctx.label}${req(ctx.field)}</label>
      <input
        id=${ctx.name}
        name=${ctx.name}
        type="number"
        inputmode="decimal"
        .value=${ctx.value === null || ctx.value === undefined ? '' : String(ctx.value)}
        aria-invalid=${mine.length ? 'true' : 'false'}
        @input=${(e: Event) => {
          const raw = (e.target as HTMLInputElement).value;
          ctx.onChange(raw === '' ? null : Number(raw));
        }}
      />${issuesOf(mine, ctx.name)}`;
  },
  boolean: (ctx) => html`<label class="check"
    ><input type="checkbox" name=${ctx.name} .checked=${ctx.value === true} @change=${(e: Event) => ctx.onChange((e.target as HTMLInputElement).checked)} /> ${ctx.label}</label
  >`,
  emails: (ctx) => entries<EmailEntry>(ctx, EMAIL_TYPES, { type: 'business', address: '' }, ['address']),
  phones: (ctx) => entries<PhoneEntry>(ctx, PHONE_TYPES, { type: 'business', number: '' }, ['number']),
  addresses: (ctx) =>
    entries<AddressEntry>(ctx, ADDRESS_TYPES, { type: 'business', street: '', city: '', postcode: '', region: '', country: '' }, ['street', 'postcode', 'city', 'region', 'country']),
};
