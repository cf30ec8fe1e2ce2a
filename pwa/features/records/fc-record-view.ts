// A record's screen: its summary and its related records as tabs (a company's persons, communications and notes).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { firstValueFrom, type Subscription } from 'rxjs';
import { customEntity, entityDef, isEntityName, type AnyRecord, type EntityName } from '../../../shared/entities/index.ts';
import { relationsOf, type Relation } from '../../../shared/entities/relations.ts';
import { can } from '../../../shared/security.ts';
import { recordTabs, tabsFor } from '../../../shared/screens.ts';
import { theme } from '../../app/theme.ts';
import { recordTitle } from '../../../shared/records.ts';
import { refTarget } from '../../../shared/refs.ts';
import { personName } from '../../app/people.ts';
import { runtime } from '../../app/runtime.ts';
import { go, href } from '../../app/router.ts';
import { formatInstant, formatValue, secondaryText } from '../../forms/format.ts';
import { actionable } from '../../forms/tap-to-act.ts';
import { mayDo } from '../../app/permissions.ts';
import { fieldLabel, LocaleController, t } from '../../i18n/index.ts';
import '../../ui/fc-confirm.ts';
import '../../ui/fc-online-only.ts';
import '../email/fc-email-compose.ts';
import { takesEmail } from '../../../shared/outgoing-mail.ts';
import { RECORD_PAGES } from '../pages/record-pages.ts';
import { base } from '../../ui/styles.ts';
import { RECORD_PARTS } from './parts.ts';
import { sourceFor } from './source.ts';

@customElement('fc-record-view')
export class FcRecordView extends LitElement {
  static override styles = [
    base,
    css`
      /* Tap to act: a number, an address or a link is a full-size touch target. */
      dd a[data-act] {
        display: inline-flex;
        align-items: center;
        min-height: 44px;
      }
      :host {
        display: block;
        padding: 12px 16px 80px;
      }
      h1 {
        font-size: 22px;
        margin: 4px 0 10px;
        overflow-wrap: anywhere;
      }
      .tabs {
        display: flex;
        gap: 4px;
        overflow-x: auto;
        border-bottom: 1px solid var(--fc-line);
        margin: 12px 0;
      }
      .tabs a {
        padding: 10px 14px;
        min-height: 44px;
        text-decoration: none;
        color: var(--fc-muted);
        border-bottom: 3px solid transparent;
        white-space: nowrap;
      }
      .tabs a[aria-selected='true'] {
        color: var(--fc-text);
        border-bottom-color: var(--fc-accent);
        font-weight: 600;
      }
      dl {
        display: grid;
        grid-template-columns: minmax(110px, 30%) 1fr;
        gap: 8px 12px;
        margin: 0;
        padding: 14px;
      }
      dt {
        color: var(--fc-muted);
      }
      dd {
        margin: 0;
        white-space: pre-line;
        overflow-wrap: anywhere;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        border-bottom: 1px solid var(--fc-line);
        padding: 10px 12px;
      }
      li a.row {
        display: block;
        color: inherit;
        text-decoration: none;
        min-height: 44px;
      }
      .sub {
        color: var(--fc-muted);
        font-size: 13px;
      }
      .note-text {
        white-space: pre-line;
      }
      @media print {
        .actions,
        .tabs,
        fc-confirm,
        .no-print {
          display: none !important;
        }
        :host {
          padding: 0;
        }
        dl {
          border: 0;
        }
        .print-only {
          display: block !important;
        }
      }
      .print-only {
        display: none;
      }
      fc-online-only.strip {
        display: block;
        margin-top: 12px;
      }
      .actions {
        position: sticky;
        top: 0;
        z-index: 2;
        background: var(--fc-bg);
        padding: 6px 0;
      }
    `,
  ];
  constructor() {
    super();
    // Re-render when the user switches language.
    new LocaleController(this);
  }
  @property() entity: EntityName = 'company';
  @property() recordId = '';
  @property() tab = 'summary';
  @state() private record: AnyRecord | null | undefined = undefined;
  @state() private related: Record<string, AnyRecord[]> = {};
  @state() private confirming: { entity: EntityName; id: string; title: string } | null = null;
  /** The e-mail being written on this record (desktop and phone alike; sending needs the server). */
  @state() private composing = false;
  private subs: Subscription[] = [];

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('entity') || changed.has('recordId')) {
      this.composing = false;
      this.subscribe();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe();
  }

  private unsubscribe(): void {
    this.subs.forEach((s) => s.unsubscribe());
    this.subs = [];
  }

  private subscribe(): void {
    this.unsubscribe();
    const source = sourceFor(this.entity);
    if (!source) return;
    this.record = undefined;
    this.related = {};
    this.subs.push(source.get$(this.entity, this.recordId).subscribe((r) => (this.record = r)));
    // Only the related records this screen has a tab for (a company's quotes move with it, but are not its tabs).
    const tabbed = recordTabs(this.entity).tabs.map((x) => x.target);
    for (const rel of relationsOf(this.entity)) {
      const relSource = sourceFor(rel.entity);
      if (!relSource || !tabbed.includes(`related:${rel.entity}`)) continue;
      this.subs.push(relSource.related$(rel.entity, rel.field, this.recordId).subscribe((list) => (this.related = { ...this.related, [rel.entity]: list })));
    }
  }

  private here(): string {
    return href({ view: 'show', entity: this.entity, id: this.recordId, tab: this.tab });
  }

  /** Values a new related record starts with; an appointment from a company also gets its main contact (389-171819-QA). */
  private async prefillFor(rel: Relation, extra: Record<string, string> = {}): Promise<Record<string, string>> {
    const values: Record<string, string> = { [rel.field]: this.recordId, ...(rel.prefill ?? {}), ...extra };
    // A quote made from an opportunity is for the opportunity's company and person.
    const childFields = entityDef(rel.entity).fields;
    for (const k of ['companyId', 'personId', 'currency'])
      if (k !== rel.field && k in childFields && typeof (this.record as Record<string, unknown> | null)?.[k] === 'string' && (this.record as Record<string, unknown>)[k]) values[k] = String((this.record as Record<string, unknown>)[k]);
    const repo = runtime.current?.repo;
    if (rel.entity === 'communication' && repo) {
      const first = (list: unknown, key: 'address' | 'number'): string => {
        const entry = Array.isArray(list) ? (list[0] as Record<string, unknown> | undefined) : undefined;
        return typeof entry?.[key] === 'string' ? (entry[key] as string) : '';
      };
      const rec = (this.record ?? {}) as Record<string, unknown>;
      if (this.entity === 'company') {
        // The company's main contact: its first person on file; their details first, then the company's.
        const persons = await firstValueFrom(repo.related$('person', 'companyId', this.recordId));
        const main = [...persons].sort((a, b) => a.id.localeCompare(b.id))[0] as Record<string, unknown> | undefined;
        if (main) values.personId = String(main.id);
        values.phone = first(main?.phones, 'number') || first(rec.phones, 'number');
        values.email = first(main?.emails, 'address') || first(rec.emails, 'address');
      }
      if (this.entity === 'person') {
        const companyId = rec.companyId;
        if (typeof companyId === 'string' && companyId) values.companyId = companyId;
        values.phone = first(rec.phones, 'number');
        values.email = first(rec.emails, 'address');
      }
      values.timeZone = runtime.current?.session.user.timeZone ?? 'UTC';
      const start = new Date(Math.ceil(Date.now() / 1_800_000) * 1_800_000);
      values.startsAt = start.toISOString();
      if (values.kind !== 'task') values.endsAt = new Date(start.getTime() + 3_600_000).toISOString();
    }
    return values;
  }

  private async create(rel: Relation, extra: Record<string, string> = {}): Promise<void> {
    go({ view: 'new', entity: rel.entity, prefill: await this.prefillFor(rel, extra), back: this.here() });
  }

  private async onAnswer(ok: boolean): Promise<void> {
    const c = this.confirming;
    this.confirming = null;
    if (!ok || !c) return;
    await sourceFor(c.entity)?.remove(c.entity, c.id);
    if (c.entity === this.entity && c.id === this.recordId) go({ view: 'list', entity: this.entity });
  }

  private renderSummary(rec: Record<string, unknown>) {
    const def = entityDef(this.entity);
    const session = runtime.current?.session;
    const zone = session?.user.timeZone ?? 'UTC';
    const territory = session?.territories.find((x) => x.id === rec.territoryId)?.name ?? String(rec.territoryId);
    return html`<dl class="card">
      ${def.formFields.map((name) => {
        const f = def.fields[name];
        if (!f) return nothing;
        const text =
          f.kind === 'ref' && f.to.includes('user')
            ? personName(String(rec[name] ?? ''))
            : f.kind === 'ref' ? html`<fc-ref-title entity=${this.refEntity(name, rec)} ref-id=${String(rec[name] ?? '')}></fc-ref-title>` : actionable(f, rec[name], zone, rec);
        return html`<dt>${fieldLabel(this.entity, name)}</dt>
          <dd data-field=${name}>${text || t('ui.none')}</dd>`;
      })}
      <dt>${t('ui.territory')}</dt>
      <dd>${territory}</dd>
      <dt></dt>
      <dd class="sub">${t('ui.lastChange', { when: formatInstant(String(rec.updatedAt), zone), who: personName(String(rec.updatedBy)) })}</dd>
    </dl>`;
  }

  private refEntity(name: string, rec: Record<string, unknown>): string {
    return refTarget(entityDef(this.entity), name, rec);
  }

  private renderRelated(rel: Relation) {
    const def = entityDef(rel.entity);
    const list = this.related[rel.entity] ?? [];
    const zone = runtime.current?.session.user.timeZone ?? 'UTC';
    // Offered only to a user who may create such records somewhere (Marketing makes no appointments).
    const buttons = !mayDo('insert', rel.entity)
      ? nothing
      : rel.entity === 'communication'
        ? html`<button type="button" @click=${() => this.create(rel, { kind: 'appointment' })}>+ ${t('ui.newAppointment')}</button>
            <button type="button" @click=${() => this.create(rel, { kind: 'task' })}>+ ${t('ui.newTask')}</button>`
        : html`<button type="button" @click=${() => this.create(rel)}>+ ${rel.entity === 'note' ? t('ui.newNote') : rel.entity === 'person' ? t('ui.newPerson') : t('ui.new')}</button>`;
    return html`<div class="toolbar" style="margin-bottom:10px">${buttons}</div>
      ${list.length === 0 ? html`<p class="muted">${t('ui.noRecords')}</p>` : nothing}
      <ul class="card" data-related=${rel.entity}>
        ${list.map((r) => {
          const rec = r as Record<string, unknown>;
          if (rel.entity === 'note')
            return html`<li>
              <div class="note-text">${String(rec.text)}</div>
              <div class="sub">${t('ui.lastChange', { when: formatInstant(r.updatedAt, zone), who: personName(r.updatedBy) })}</div>
              <div class="toolbar" style="margin-top:6px">
                <a class="button" href=${href({ view: 'edit', entity: 'note', id: r.id, back: this.here() })}>${t('ui.edit')}</a>
                <button type="button" class="danger" @click=${() => (this.confirming = { entity: 'note', id: r.id, title: String(rec.text).slice(0, 40) })}>${t('ui.delete')}</button>
              </div>
            </li>`;
          const sub = secondaryText(def, rec, zone);
          if (rel.entity === 'productPrice')
            return html`<li>
              <a class="row" href=${href({ view: 'edit', entity: rel.entity, id: r.id, back: this.here() })}>
                <div><strong>${String(rec.currency)}</strong> ${formatValue(def.fields.listPrice!, rec.listPrice, zone, false, rec)}</div>
              </a>
            </li>`;
          return html`<li>
            <a class="row" href=${href({ view: 'show', entity: rel.entity, id: r.id, tab: 'summary' })}>
              <div><strong>${recordTitle(def, rec) || r.id}</strong></div>
              <div class="sub">${sub}</div>
            </a>
          </li>`;
        })}
      </ul>`;
  }

  override render() {
    if (this.record === undefined) return nothing;
    if (this.record === null) return html`<p class="muted">${t('ui.notFound')}</p>`;
    const rec = this.record as Record<string, unknown>;
    const def = entityDef(this.entity);
    const title = recordTitle(def, rec) || t(`entity.${this.entity}`);
    // Tabs come from the entity's tab group (shared/screens.ts); `related:<entity>` tabs list the related records.
    const th = theme.value;
    const role = runtime.current?.session.user.role ?? '';
    const { shown, desktopOnly } = tabsFor(recordTabs(this.entity), th, role);
    const rels = shown
      .filter((x) => x.action === 'runblock' && x.target.startsWith('related:'))
      .map((x) => relationsOf(this.entity).find((r) => `related:${r.entity}` === x.target))
      .filter((r): r is Relation => r !== undefined);
    // Custom pages in the record's tabs (its documents): desktop only, so `shown` has them only on the desktop.
    const customs = shown.filter((x) => x.action === 'customfile' && RECORD_PAGES[x.target]);
    const tab = rels.some((r) => r.entity === this.tab) || customs.some((x) => x.id === this.tab) ? this.tab : 'summary';
    const custom = customs.find((x) => x.id === tab);
    const rights = runtime.current?.session.rights;
    const may = (action: 'edit' | 'delete'): boolean => !rights || can(rights, action, this.entity, String(rec.territoryId));
    const rel = rels.find((r) => r.entity === tab);
    return html`<div class="actions toolbar">
        <a class="button" href=${href({ view: 'list', entity: this.entity })}>← ${t(`nav.${this.entity}`)}</a>
        ${may('edit') ? html`<a class="button primary" href=${href({ view: 'edit', entity: this.entity, id: this.recordId, back: this.here() })}>${t('ui.edit')}</a>` : nothing}
        ${may('delete') ? html`<button type="button" class="danger" @click=${() => (this.confirming = { entity: this.entity, id: this.recordId, title })}>${t('ui.delete')}</button>` : nothing}
        ${takesEmail(this.entity) && may('edit') ? html`<button type="button" data-write-email aria-expanded=${this.composing ? 'true' : 'false'} @click=${() => (this.composing = !this.composing)}>✉ ${t('mail.write')}</button>` : nothing}
        <button type="button" data-print @click=${() => window.print()}>${t('ui.print')}</button>
      </div>

      <p class="print-only muted">FieldCRM · ${t(`entity.${this.entity}`)}</p>
      <h1>${title}</h1>
      ${this.composing && takesEmail(this.entity)
        ? html`<fc-online-only
            class="no-print"
            feature=${t('mail.title')}
            .content=${() => html`<fc-email-compose entity=${this.entity} record-id=${this.recordId} .record=${rec} @fc-close=${() => (this.composing = false)}></fc-email-compose>`}
          ></fc-online-only>`
        : nothing}
      ${desktopOnly.length ? html`<p class="muted">${t('ui.desktopOnly', { tabs: desktopOnly.map((x) => t(x.caption)).join(', ') })}</p>` : nothing}
      ${rels.length || customs.length
        ? html`<nav class="tabs" role="tablist">
            <a role="tab" aria-selected=${tab === 'summary' ? 'true' : 'false'} href=${href({ view: 'show', entity: this.entity, id: this.recordId, tab: 'summary' })}>${t('ui.summary')}</a>
            ${rels.map(
              (r) =>
                html`<a role="tab" aria-selected=${tab === r.entity ? 'true' : 'false'} href=${href({ view: 'show', entity: this.entity, id: this.recordId, tab: r.entity })}
                  >${t(`nav.${r.entity}`)} (${(this.related[r.entity] ?? []).length})</a
                >`,
            )}
            ${customs.map(
              (x) =>
                html`<a role="tab" data-tab=${x.id} aria-selected=${tab === x.id ? 'true' : 'false'} href=${href({ view: 'show', entity: this.entity, id: this.recordId, tab: x.id })}>${t(x.caption)}</a>`,
            )}
          </nav>`
        : nothing}
      ${custom
        ? html`<fc-online-only feature=${t(custom.caption)} .content=${() => RECORD_PAGES[custom.target]!.render(this.entity, this.recordId)}></fc-online-only>`
        : rel
          ? this.renderRelated(rel)
          : this.renderSummary(rec)}
      ${!rel && !custom && RECORD_PARTS[this.entity] ? RECORD_PARTS[this.entity]!(this.entity, rec) : nothing}
      ${!rel && !custom && customEntity(this.entity)
        ? html`<fc-online-only class="no-print" feature=${t('sales.documents')} .content=${() => html`<fc-merge-panel entity=${this.entity} record-id=${this.recordId}></fc-merge-panel>`}></fc-online-only>`
        : nothing}
      ${tab === 'summary'
        ? customs.map((x) => {
            const strip = RECORD_PAGES[x.target]?.strip;
            return strip ? html`<fc-online-only class="no-print strip" feature=${t(x.caption)} .content=${() => strip(this.entity, this.recordId) ?? html``}></fc-online-only>` : nothing;
          })
        : nothing}
      <fc-confirm
        .open=${this.confirming !== null}
        .message=${t('ui.confirmDelete', { title: this.confirming?.title ?? '' })}
        .confirmLabel=${t('ui.delete')}
        .cancelLabel=${t('ui.cancel')}
        @fc-answer=${(e: CustomEvent<boolean>) => void this.onAnswer(e.detail)}
      ></fc-confirm>`;
  }
}

/** The title of a referenced record, looked up where it lives (the device, or the server for online records). */
@customElement('fc-ref-title')
export class FcRefTitle extends LitElement {
  @property() entity = '';
  @property({ attribute: 'ref-id' }) refId = '';
  /** Text only (inside a link already). */
  @property({ type: Boolean }) plain = false;
  @state() private label = '';

  override async willUpdate(changed: Map<string, unknown>): Promise<void> {
    if (!changed.has('entity') && !changed.has('refId')) return;
    const e = this.entity;
    const source = isEntityName(e) ? sourceFor(e) : null;
    this.label = source && this.refId && isEntityName(e) ? await source.title(e, this.refId).catch(() => '') : '';
  }

  override render() {
    if (!this.refId) return nothing;
    if (this.plain) return html`${this.label}`;
    return html`<a href=${href({ view: 'show', entity: this.entity as EntityName, id: this.refId, tab: 'summary' })}>${this.label || this.refId}</a>`;
  }
}
