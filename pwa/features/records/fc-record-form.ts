// The entry screen of any entity, built from its metadata through the widget registry; validates as the server will.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { entityDef, type AddressEntry, type AnyRecord, type ConflictRecord, type EntityName } from '../../../shared/entities/index.ts';
import { firstValueFrom } from 'rxjs';
import { addressChanges, offersFor, type Offer } from './address-offer.ts';
import { can } from '../../../shared/security.ts';
import { markResent, rejectedRecord } from '../conflicts/settle.ts';
import type { FieldIssue } from '../../../shared/errors.ts';
import { jsonEqual, recordTitle } from '../../../shared/records.ts';
import { validateFields } from '../../../shared/validation.ts';
import { runtime } from '../../app/runtime.ts';
import { go } from '../../app/router.ts';
import { widgets } from '../../forms/widgets.ts';
import { formEdit } from '../../forms/form-edit.ts';
import { clearDraft, draftKey, readDraft, writeDraft } from '../../forms/drafts.ts';
import { formatInstant } from '../../forms/format.ts';
import { fieldLabel, LocaleController, t, newTitle } from '../../i18n/index.ts';
import { base } from '../../ui/styles.ts';
import { serverDuplicateIssues } from './email-check.ts';
import { sourceFor } from './source.ts';

/** The fields that differ between two states of a record (compared as JSON values). */
function changedFields(before: AnyRecord, after: AnyRecord): Record<string, unknown> {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(b)) if (!jsonEqual(a[k], b[k])) out[k] = b[k];
  return out;
}

@customElement('fc-record-form')
export class FcRecordForm extends LitElement {
  static override styles = [
    base,
    css`
      /* The offer to apply a company's new address to its persons (389-171818-QA). */
      .offer {
        background: var(--fc-surface, #fff);
        border: 1px solid var(--fc-line);
        border-radius: 8px;
        padding: 12px 16px;
        margin: 16px;
      }
      .offer ul {
        list-style: none;
        padding: 0;
      }
      .offer label {
        display: flex;
        align-items: center;
        min-height: 44px;
      }
      .offer label {
        justify-content: flex-start;
      }
      .offer input[type='checkbox'] {
        width: 22px;
        height: 22px;
        min-height: 22px;
        flex: none;
        margin: 0 10px 0 0;
      }
      :host {
        display: block;
      }
      form {
        display: grid;
        gap: 14px;
        padding: 16px;
        max-width: 820px;
      }
      h1 {
        font-size: 20px;
        margin: 0;
      }
      fieldset.entries {
        border: 1px solid var(--fc-line);
        border-radius: var(--fc-radius);
        padding: 8px 12px 12px;
        margin: 0;
      }
      legend {
        font-weight: 500;
        padding: 0 4px;
      }
      .entry {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        align-items: flex-start;
        margin-bottom: 8px;
      }
      .entry select {
        width: auto;
        flex: 0 0 auto;
      }
      .entry .part {
        flex: 1 1 140px;
      }
      .check {
        display: flex;
        gap: 8px;
        align-items: center;
        min-height: 44px;
      }
      .check input {
        width: 22px;
        min-height: 22px;
      }
      .actions {
        position: sticky;
        bottom: 0;
        background: var(--fc-bg);
        padding: 10px 0;
        border-top: 1px solid var(--fc-line);
      }
      .restored {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        padding: 8px 12px;
        border-radius: var(--fc-radius);
        background: #e8f1fb;
        color: var(--fc-text);
      }
      .restored button {
        margin-left: 8px;
      }
      .banner {
        padding: 10px 12px;
        border-radius: var(--fc-radius);
        background: #fdecea;
        color: var(--fc-danger);
      }
    `,
  ];
  constructor() {
    super();
    // Re-render when the user switches language.
    new LocaleController(this);
  }
  @property() entity: EntityName = 'company';
  /** Empty for a new record. */
  @property() recordId = '';
  @property({ attribute: false }) prefill: Record<string, string> = {};
  /** Where Save and Cancel return to (a route hash); by default the record's own screen or the list. */
  @property() back = '';
  @state() private record: AnyRecord | null = null;
  @state() private issues: FieldIssue[] = [];
  @state() private tried = false;
  @state() private missing = false;
  private restoring: ConflictRecord | null = null;
  /** After a company's address changed: its persons who shared the old one, and those ticked to follow. */
  @state() private offers: Offer[] = [];
  @state() private chosen = new Set<string>();
  private savedId = '';
  /** The record as this form loaded it: what the user changed is measured against it. */
  private loaded: AnyRecord | null = null;
  /** When the typing shown was restored from a draft (docs/decisions/0060), or 0. */
  @state() private restoredAt = 0;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;

  /** This form's draft: per user, entity and record; none for a refused change opened to fix (the conflict keeps it). */
  private get draft(): string | null {
    const user = runtime.current?.session.user.id;
    if (!user || this.prefill.restore) return null;
    // A new record's draft belongs to where it was started (a note on this company is not one on that person).
    const from = Object.keys(this.prefill).sort().map((k) => `${k}=${this.prefill[k]}`).join('&');
    return draftKey(user, this.entity, this.recordId || `new${from ? `?${from}` : ''}`);
  }

  /** Keeps what is typed, a moment after the last keystroke (and at once when the form goes away). */
  private keepDraft(now = false): void {
    clearTimeout(this.draftTimer);
    const write = (): void => {
      const key = this.draft;
      if (!key || !this.record) return;
      // An edit that is back to the record as loaded is nothing to keep.
      if (this.loaded && Object.keys(changedFields(this.loaded, this.record)).length === 0) clearDraft(key);
      else writeDraft(key, { record: this.record, loaded: this.loaded, at: Date.now() });
    };
    if (now) write();
    else this.draftTimer = setTimeout(write, 300);
  }

  private dropDraft(): void {
    clearTimeout(this.draftTimer);
    this.draftTimer = undefined;
    const key = this.draft;
    if (key) clearDraft(key);
    this.restoredAt = 0;
  }

  override disconnectedCallback(): void {
    if (this.draftTimer !== undefined) this.keepDraft(true);
    super.disconnectedCallback();
  }

  /** Back to the record as it is (or a blank one), forgetting the draft. */
  private async discardDraft(): Promise<void> {
    this.dropDraft();
    await this.load(false);
  }

  override async willUpdate(changed: Map<string, unknown>): Promise<void> {
    if (!changed.has('entity') && !changed.has('recordId') && !changed.has('prefill')) return;
    await this.load(true);
  }

  private async load(withDraft: boolean): Promise<void> {
    const repo = runtime.current?.repo;
    const source = sourceFor(this.entity);
    if (!repo || !source) return;
    this.tried = false;
    this.issues = [];
    if (this.recordId) {
      this.record = await source.get(this.entity, this.recordId).catch(() => null);
      this.loaded = this.record;
      this.missing = this.record === null;
    } else if (this.prefill.restore) {
      // A refused change, opened to fix and send again: the author's own values, under the same record id.
      const c = (await repo.get('conflict', this.prefill.restore)) as unknown as ConflictRecord | null;
      const rec = c ? rejectedRecord(c) : null;
      this.restoring = c;
      this.record = rec ? ({ ...repo.blank(this.entity), ...rec } as AnyRecord) : null;
      this.missing = rec === null;
      if (rec) this.issues = validateFields(entityDef(this.entity), rec);
    } else {
      const def = entityDef(this.entity);
      // Query values are text: an amount or a number prefilled from a link becomes its number.
      const values: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(this.prefill)) {
        const kind = def.fields[k]?.kind;
        values[k] = kind === 'amount' || kind === 'number' ? (v === '' ? null : Number(v)) : v;
      }
      this.record = source.blank(this.entity, values);
      this.missing = false;
    }
    this.restoredAt = 0;
    const key = withDraft ? this.draft : null;
    const draft = key ? readDraft(key) : null;
    if (!draft || !this.record) return;
    if (this.recordId) {
      // The fields the user had changed, on top of the record as it is now (it may have synced meanwhile).
      const mine = changedFields(draft.loaded ?? draft.record, draft.record);
      if (Object.keys(mine).length === 0) return;
      this.record = { ...this.record, ...mine } as AnyRecord;
    } else {
      // The same new record, with its id: saving it twice cannot make two.
      this.record = draft.record;
    }
    this.restoredAt = draft.at;
  }

  private set(name: string, value: unknown): void {
    if (!this.record) return;
    this.record = formEdit(entityDef(this.entity), this.record as unknown as Record<string, unknown>, name, value) as unknown as AnyRecord;
    this.keepDraft();
    // After a first failed save, messages follow the typing; before it, nobody is scolded while still typing.
    if (this.tried) this.issues = validateFields(entityDef(this.entity), this.record);
  }

  private leave(savedId?: string): void {
    const shown = savedId ?? this.recordId;
    if (this.back) go(this.back);
    // Saved, or cancelled while editing: back to the record itself (also after a reload, when history has no record).
    else if (shown && this.entity !== 'note') go({ view: 'show', entity: this.entity, id: shown, tab: 'summary' });
    else history.back();
  }

  /** A new form starts in its first field, ready to type (once per new record, not after every keystroke). */
  protected override updated(): void {
    if (this.recordId || !this.record || this.focusedFor === this.record.id) return;
    this.focusedFor = this.record.id;
    (this.renderRoot.querySelector('input:not([type=hidden]), select, textarea') as HTMLElement | null)?.focus();
  }
  private focusedFor = '';

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    const repo = sourceFor(this.entity);
    if (!repo || !this.record) return;
    this.tried = true;
    // Duplicate e-mail detection: online, the server knows every record (the device may hold only some).
    if (runtime.status.value.online && repo.duplicateDetection()) {
      const dup = await serverDuplicateIssues(runtime.api, this.entity, this.record as Record<string, unknown>, this.loaded as Record<string, unknown> | null);
      if (dup.length) {
        this.issues = dup;
        await this.updateComplete;
        (this.renderRoot.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
        return;
      }
    }
    // Editing: send only the fields this form changed, on top of the record as it is now (it may have synced meanwhile).
    const result = this.recordId && this.loaded ? await repo.update(this.entity, this.recordId, changedFields(this.loaded, this.record)) : await repo.save(this.entity, this.record);
    if (result.ok) this.dropDraft();
    if (result.ok && this.restoring && runtime.current) await markResent(runtime.current.repo, this.restoring);
    if (!result.ok) {
      this.keepDraft(true);
      this.issues = result.issues;
      await this.updateComplete;
      (this.renderRoot.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
      return;
    }
    // A company's address changed: offer it to its persons who shared the old one, never change them silently.
    if (this.entity === 'company' && this.loaded && runtime.current) {
      const changes = addressChanges((this.loaded as Record<string, unknown>).addresses as AddressEntry[], (result.record as Record<string, unknown>).addresses as AddressEntry[]);
      const persons = changes.length ? await firstValueFrom(runtime.current.repo.related$('person', 'companyId', result.record.id)) : [];
      const offers = offersFor(persons, changes);
      if (offers.length) {
        this.offers = offers;
        this.chosen = new Set(offers.map((o) => o.person.id));
        this.savedId = result.record.id;
        return;
      }
    }
    this.leave(result.record.id);
  }

  /** Applies the company's new address to the persons ticked, then leaves; each is an ordinary edit (synced, kept). */
  private async applyOffer(apply: boolean): Promise<void> {
    const repo = runtime.current?.repo;
    if (apply && repo) for (const o of this.offers) if (this.chosen.has(o.person.id)) await repo.update('person', o.person.id, { addresses: o.next });
    this.offers = [];
    this.leave(this.savedId);
  }

  private renderOffer() {
    return html`<section class="offer" role="dialog" aria-labelledby="offer-title" data-address-offer>
      <h2 id="offer-title">${t('address.offerTitle')}</h2>
      <p>${t('address.offerText', { n: this.offers.length })}</p>
      <ul>
        ${this.offers.map(
          (o) => html`<li>
            <label
              ><input
                type="checkbox"
                data-person=${o.person.id}
                .checked=${this.chosen.has(o.person.id)}
                @change=${(e: Event) => {
                  const next = new Set(this.chosen);
                  if ((e.target as HTMLInputElement).checked) next.add(o.person.id);
                  else next.delete(o.person.id);
                  this.chosen = next;
                }}
              />
              ${o.title}</label
            >
          </li>`,
        )}
      </ul>
      <div class="toolbar">
        <button class="primary" type="button" ?disabled=${this.chosen.size === 0} @click=${() => void this.applyOffer(true)}>${t('address.apply', { n: this.chosen.size })}</button>
        <button type="button" @click=${() => void this.applyOffer(false)}>${t('address.leave')}</button>
      </div>
    </section>`;
  }

  override render() {
    if (this.offers.length) return this.renderOffer();
    if (this.missing) return html`<p class="muted" style="padding:16px">${t('ui.notFound')}</p>`;
    const rec = this.record as Record<string, unknown> | null;
    if (!rec) return nothing;
    const def = entityDef(this.entity);
    const session = runtime.current?.session;
    // Offer only the territories where this change would be accepted (the server checks again).
    const action = this.recordId ? 'edit' : 'insert';
    const territories = (session?.territories ?? []).filter((tr) => tr.id === rec.territoryId || !session?.rights || can(session.rights, action, this.entity, tr.id));
    const title = this.recordId ? recordTitle(def, rec) || t(`entity.${this.entity}`) : newTitle(this.entity);
    return html`<form novalidate @submit=${this.save}>
      <h1>${title}</h1>
      ${this.restoredAt
        ? html`<div class="restored" role="status" data-draft-restored>
            ${t('form.draftRestored', { when: formatInstant(new Date(this.restoredAt).toISOString(), session?.user.timeZone ?? 'UTC') })}
            <button type="button" data-discard-draft @click=${() => void this.discardDraft()}>${t('form.discardDraft')}</button>
          </div>`
        : nothing}
      ${this.issues.some((i) => i.field === '')
        ? this.issues.filter((i) => i.field === '').map((i) => html`<div class="banner" role="alert" data-record-issue=${i.code}>${t(`issue.${i.code}`)}</div>`)
        : this.issues.length
          ? html`<div class="banner" role="alert">${t('ui.fixFields')}</div>`
          : nothing}
      ${def.formFields.map((name) => {
        const field = def.fields[name];
        // Computed values (a quote's totals) are the server's: shown on the record's screen, never typed.
        if (!field || field.computed) return nothing;
        return html`<div class="field" data-field=${name}>
          ${widgets[field.kind]({ name, label: fieldLabel(this.entity, name), field, value: rec[name], record: rec, issues: this.issues, onChange: (v) => this.set(name, v) })}
        </div>`;
      })}
      ${def.territoryFrom
        ? nothing
        : html`<div class="field" data-field="territoryId">
            <label for="territoryId">${t('ui.territory')}</label>
            <select id="territoryId" @change=${(e: Event) => this.set('territoryId', (e.target as HTMLSelectElement).value)}>
              ${territories.map((tr) => html`<option value=${tr.id} ?selected=${tr.id === rec.territoryId}>${tr.name}</option>`)}
            </select>
            ${this.issues.filter((i) => i.field === 'territoryId').length ? html`<div class="issue" role="alert">${t('issue.no-right')}</div>` : nothing}
          </div>`}
      <div class="actions toolbar">
        <button class="primary" type="submit">${t('ui.save')}</button>
        <button
          type="button"
          @click=${() => {
            this.dropDraft();
            this.leave();
          }}
        >
          ${t('ui.cancel')}
        </button>
      </div>
    </form>`;
  }
}
