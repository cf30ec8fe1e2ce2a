// Documents as a table: one record's (on its Documents tab) or every one the user may see (the library), found by name,
// each with its territory and security policy (123-171808-QA), a preview for images and PDF files, download, delete.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { DOCUMENT_LIST, DOCUMENT_POLICIES, DOCUMENT_TARGETS, formatBytes, type DocumentInfo, type DocumentPolicy, type DocumentTarget } from '../../../shared/documents.ts';
import { isEntityName } from '../../../shared/entities/index.ts';
import { can } from '../../../shared/security.ts';
import { runtime } from '../../app/runtime.ts';
import { LatestRequest } from '../../net/latest-request.ts';
import { href } from '../../app/router.ts';
import { formatInstant } from '../../forms/format.ts';
import { locale, LocaleController, t } from '../../i18n/index.ts';
import { errorText } from '../../ui/error-text.ts';
import '../../ui/fc-confirm.ts';
import { base, dataTable } from '../../ui/styles.ts';
import { contentUrl, documentsApi, previewUrl, type DocumentPage } from './documents-api.ts';
import { filterDay, filterRowStyles, filterSelect, sortHeader, sortHeaderStyles, sortQuery } from '../../ui/list-controls.ts';
import { serverFilters, type ListSort } from '../records/list-model.ts';
import { zoneRules } from '../../time/zones.ts';

export const DOCUMENTS_PER_PAGE = 25;

/** Asks for a record filter (the library's "only this record"): the page puts it in its address. */
export type FilterEvent = CustomEvent<{ entity: DocumentTarget; id: string; title: string } | null>;

@customElement('fc-document-list')
export class FcDocumentList extends LitElement {
  static override styles = [
    base, dataTable,
    sortHeaderStyles,
    filterRowStyles,
    css`
      :host {
        display: block;
      }
      .head {
        display: flex;
        gap: 8px;
        align-items: center;
        margin: 10px 0;
      }
      .head input {
        flex: 1;
        min-width: 0;
      }
      .name {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .sub {
        color: var(--fc-muted);
        font-size: 13px;
      }
      td.actions {
        white-space: nowrap;
        text-align: right;
      }
      td.actions .toolbar {
        justify-content: flex-end;
        flex-wrap: nowrap;
      }
      .security {
        font-size: 13px;
      }
      .editor td {
        background: #f0f5fb;
      }
      .editor form {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: end;
      }
      .editor label {
        display: grid;
        gap: 2px;
        font-size: 13px;
      }
      .editor select {
        min-width: 200px;
      }
      .preview {
        margin-top: 12px;
        padding: 12px;
      }
      .preview header {
        display: flex;
        gap: 8px;
        align-items: center;
        margin-bottom: 8px;
      }
      .preview header strong {
        flex: 1;
        overflow-wrap: anywhere;
      }
      .preview img {
        max-width: 100%;
        max-height: 70vh;
        display: block;
        margin: 0 auto;
      }
      .preview iframe {
        width: 100%;
        height: 70vh;
        border: 1px solid var(--fc-line);
      }
      .pager {
        display: flex;
        gap: 8px;
        align-items: center;
        justify-content: flex-end;
        margin-top: 10px;
      }
      .range {
        margin-right: auto;
      }
    `,
  ];
  /** One record's documents; none: every document the user may see (the library shows which record each is on). */
  @property() entity: DocumentTarget | '' = '';
  @property({ attribute: 'record-id' }) recordId = '';
  /** The library: a Record column and an "only this record" filter. */
  @property({ type: Boolean }) library = false;
  @property() query = '';
  @state() private offset = 0;
  /** The column the server sorts by (newest first when none), and the library's filter row (kind of record, filed between). */
  @state() private sort: ListSort | null = null;
  @state() private filters: Record<string, string> = {};
  @state() private page: DocumentPage | null = null;
  @state() private error = '';
  @state() private message = '';
  @state() private previewing: DocumentInfo | null = null;
  @state() private editing: { id: string; policy: DocumentPolicy; territoryId: string } | null = null;
  @state() private confirming: DocumentInfo | null = null;
  private readonly requests = new LatestRequest();

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.requests.stop();
  }

  override updated(changed: Map<string, unknown>): void {
    if ((changed.has('entity') && changed.get('entity') !== undefined) || (changed.has('recordId') && changed.get('recordId') !== undefined)) {
      this.offset = 0;
      void this.reload();
    }
  }

  private get api() {
    return documentsApi(runtime.api);
  }

  /** Asks for the current filter and page; an answer to an older question is dropped. */
  async reload(): Promise<void> {
    const signal = this.requests.next();
    try {
      const record = this.entity && this.recordId ? { entity: this.entity, id: this.recordId } : undefined;
      const filters = serverFilters(DOCUMENT_LIST, this.filters, { rules: zoneRules, zone: runtime.current?.session.user.timeZone ?? 'UTC' });
      const page = await this.api.list({ q: this.query.trim(), offset: this.offset, limit: DOCUMENTS_PER_PAGE, sort: sortQuery(this.sort), filters, ...(record ? { record } : {}) }, signal);
      if (signal.aborted) return;
      this.page = page;
      this.error = '';
      if (page.documents.length === 0 && page.total > 0 && this.offset > 0) {
        this.offset = Math.max(0, Math.floor((page.total - 1) / DOCUMENTS_PER_PAGE) * DOCUMENTS_PER_PAGE);
        void this.reload();
      }
    } catch (err) {
      if (!signal.aborted) this.error = errorText(err, { unreachable: t('docs.unreachable') });
    }
  }

  private setSort(next: ListSort | null): void {
    this.sort = next;
    this.offset = 0;
    void this.reload();
  }

  private setFilter(key: string, value: string): void {
    this.filters = { ...this.filters, [key]: value };
    this.offset = 0;
    void this.reload();
  }

  /** The library's filter row: the kind of record a document is filed with, and the days it was filed between. */
  private filterRow() {
    if (!this.library) return nothing;
    const set = (key: string, value: string): void => this.setFilter(key, value);
    return html`<div class="filters">
      ${filterSelect('entity', t('docs.record'), DOCUMENT_TARGETS.map((e) => ({ value: e, label: t(`entity.${e}`) })), this.filters, set)}
      ${filterDay('createdAt.from', t('docs.filedFrom'), this.filters, set)} ${filterDay('createdAt.to', t('docs.filedTo'), this.filters, set)}
    </div>`;
  }

  private onSearch(e: Event): void {
    this.query = (e.target as HTMLInputElement).value;
    this.offset = 0;
    this.dispatchEvent(new CustomEvent('fc-query', { detail: this.query, bubbles: true, composed: true }));
    this.requests.later(() => void this.reload());
  }

  private turn(by: number): void {
    this.offset = Math.max(0, this.offset + by * DOCUMENTS_PER_PAGE);
    void this.reload();
  }

  private territoryName(id: string): string {
    return runtime.current?.session.territories.find((x) => x.id === id)?.name ?? id;
  }

  private async savePolicy(e: Event): Promise<void> {
    e.preventDefault();
    const ed = this.editing;
    if (!ed) return;
    try {
      const d = await this.api.setPolicy(ed.id, ed.policy, ed.territoryId);
      this.editing = null;
      this.message = t('docs.policySaved', { name: d.name });
      await this.reload();
    } catch (err) {
      this.message = errorText(err, { unreachable: t('docs.unreachable') });
    }
  }

  private async onDelete(ok: boolean): Promise<void> {
    const d = this.confirming;
    this.confirming = null;
    if (!ok || !d) return;
    try {
      await this.api.remove(d.id);
      if (this.previewing?.id === d.id) this.previewing = null;
      this.message = t('docs.deleted', { name: d.name });
      await this.reload();
    } catch (err) {
      this.message = errorText(err, { unreachable: t('docs.unreachable') });
    }
  }

  /** The territories a user may give a document of this kind: those where they may view such records. */
  private territoriesFor(entity: DocumentTarget): { id: string; name: string }[] {
    const s = runtime.current?.session;
    if (!s) return [];
    return s.territories.filter((tr) => can(s.rights, 'view', entity, tr.id));
  }

  private renderEditor(d: DocumentInfo, columns: number) {
    const ed = this.editing;
    if (!ed || ed.id !== d.id) return nothing;
    return html`<tr class="editor" data-editor=${d.id}>
      <td colspan=${columns}>
        <form @submit=${(e: Event) => void this.savePolicy(e)}>
          <label
            >${t('docs.policy')}
            <select data-policy-select @change=${(e: Event) => (this.editing = { ...ed, policy: (e.target as HTMLSelectElement).value as DocumentPolicy })}>
              ${DOCUMENT_POLICIES.map((p) => html`<option value=${p} ?selected=${p === ed.policy} ?disabled=${p === 'private' && d.ownerId !== runtime.current?.session.user.id && runtime.current?.session.user.role !== 'admin'}>${t(`docs.policy.${p}`)}</option>`)}
            </select>
          </label>
          ${ed.policy === 'territory'
            ? html`<label
                >${t('ui.territory')}
                <select data-territory-select @change=${(e: Event) => (this.editing = { ...ed, territoryId: (e.target as HTMLSelectElement).value })}>
                  ${this.territoriesFor(d.entity).map((tr) => html`<option value=${tr.id} ?selected=${tr.id === ed.territoryId}>${tr.name}</option>`)}
                </select>
              </label>`
            : nothing}
          <span class="muted sub">${t(`docs.policyHint.${ed.policy}`)}</span>
          <button type="submit" class="primary">${t('ui.save')}</button>
          <button type="button" @click=${() => (this.editing = null)}>${t('ui.cancel')}</button>
        </form>
      </td>
    </tr>`;
  }

  private renderRow(d: DocumentInfo, zone: string, columns: number) {
    const recordLink = isEntityName(d.entity) ? href({ view: 'show', entity: d.entity, id: d.recordId, tab: 'documents' }) : '';
    const via = d.viaEntity && this.entity === d.viaEntity && this.recordId === d.viaRecordId;
    return html`<tr data-document=${d.id} data-name=${d.name}>
        <td>
          <div class="name">${d.name}</div>
          <div class="sub">${formatBytes(d.size, locale())} · ${d.contentType}</div>
        </td>
        ${this.library || via
          ? html`<td data-record>
              ${recordLink ? html`<a href=${recordLink}>${d.recordTitle}</a>` : d.recordTitle}
              <div class="sub">${t(`entity.${d.entity}`)}</div>
              ${this.library
                ? html`<button type="button" class="filter" data-only-record @click=${() => this.dispatchEvent(new CustomEvent('fc-filter', { detail: { entity: d.entity, id: d.recordId, title: d.recordTitle }, bubbles: true, composed: true }))} aria-label=${t('docs.onlyRecord', { title: d.recordTitle })}>
                    ${t('docs.only')}
                  </button>`
                : nothing}
            </td>`
          : this.entity
            ? html`<td></td>`
            : nothing}
        <td>
          <div>${formatInstant(d.createdAt, zone)}</div>
          <div class="sub">${d.ownerName}</div>
        </td>
        <td class="security" data-security>
          <div data-territory>${t('ui.territory')}: ${this.territoryName(d.territoryId)}</div>
          <div class="sub" data-policy=${d.policy}>${t('docs.policy')}: ${t(`docs.policy.${d.policy}`)}</div>
        </td>
        <td class="actions">
          <div class="toolbar">
            ${d.previewable ? html`<button type="button" data-preview-button @click=${() => (this.previewing = d)} aria-label=${t('docs.previewOf', { name: d.name })}>${t('docs.preview')}</button>` : nothing}
            <a class="button" data-download href=${contentUrl(d.id)} download=${d.name} aria-label=${t('docs.downloadOf', { name: d.name })}>${t('docs.download')}</a>
            ${d.mayEdit
              ? html`<button type="button" data-security-button aria-label=${t('docs.securityOf', { name: d.name })} @click=${() => (this.editing = this.editing?.id === d.id ? null : { id: d.id, policy: d.policy, territoryId: d.territoryId })}>
                  ${t('docs.security')}
                </button>`
              : nothing}
            ${d.mayDelete ? html`<button type="button" class="danger" data-delete aria-label=${t('docs.deleteOf', { name: d.name })} @click=${() => (this.confirming = d)}>${t('ui.delete')}</button>` : nothing}
          </div>
        </td>
      </tr>
      ${this.renderEditor(d, columns)}`;
  }

  private renderPreview(d: DocumentInfo) {
    return html`<section class="card preview" data-preview=${d.id} aria-label=${t('docs.previewOf', { name: d.name })}>
      <header>
        <strong>${d.name}</strong>
        <a class="button" href=${contentUrl(d.id)} download=${d.name}>${t('docs.download')}</a>
        <button type="button" data-close-preview @click=${() => (this.previewing = null)}>${t('docs.close')}</button>
      </header>
      ${d.contentType === 'application/pdf' ? html`<iframe src=${previewUrl(d.id)} title=${d.name}></iframe>` : html`<img src=${previewUrl(d.id)} alt=${d.name} />`}
    </section>`;
  }

  override render() {
    const p = this.page;
    const zone = runtime.current?.session.user.timeZone ?? 'UTC';
    const recordColumn = this.library || !!this.entity;
    const columns = recordColumn ? 5 : 4;
    const from = p && p.documents.length ? this.offset + 1 : 0;
    return html`<div class="head">
        <input type="search" aria-label=${t('docs.search')} placeholder=${t('docs.searchHint')} .value=${this.query} @input=${this.onSearch} maxlength="100" />
      </div>
      ${this.filterRow()}
      ${this.error ? html`<p class="issue" role="alert">${this.error}</p>` : nothing}
      ${this.message ? html`<p role="status" data-message>${this.message}</p>` : nothing}
      ${p && p.total === 0 ? html`<p class="muted" data-empty>${this.query.trim() ? t('docs.noMatch', { q: this.query.trim() }) : Object.values(this.filters).some(Boolean) ? t('docs.noFilterMatch') : t('docs.none')}</p>` : nothing}
      ${p && p.documents.length
        ? html`<div class="scroll">
            <table class="card" aria-label=${t('nav.documents')}>
              <thead>
                <tr>
                  ${sortHeader(t('docs.name'), 'name', this.sort, (n) => this.setSort(n))}
                  ${recordColumn ? html`<th>${this.library ? t('docs.record') : t('docs.via')}</th>` : nothing}
                  ${sortHeader(t('docs.filedBy'), 'createdAt', this.sort, (n) => this.setSort(n))}
                  <th>${t('docs.securityColumn')}</th>
                  <th><span class="muted">${t('docs.actions')}</span></th>
                </tr>
              </thead>
              <tbody>
                ${p.documents.map((d) => this.renderRow(d, zone, columns))}
              </tbody>
            </table>
          </div>`
        : nothing}
      ${p && p.total > DOCUMENTS_PER_PAGE
        ? html`<div class="pager">
            <span class="range muted" data-range>${t('groups.range', { from, to: this.offset + p.documents.length, total: p.total })}</span>
            <button type="button" ?disabled=${this.offset === 0} @click=${() => this.turn(-1)}>${t('ui.previous')}</button>
            <button type="button" ?disabled=${this.offset + p.documents.length >= p.total} @click=${() => this.turn(1)}>${t('ui.next')}</button>
          </div>`
        : nothing}
      ${this.previewing ? this.renderPreview(this.previewing) : nothing}
      <fc-confirm
        .open=${this.confirming !== null}
        .message=${t('docs.confirmDelete', { name: this.confirming?.name ?? '' })}
        .confirmLabel=${t('ui.delete')}
        .cancelLabel=${t('ui.cancel')}
        @fc-answer=${(e: CustomEvent<boolean>) => void this.onDelete(e.detail)}
      ></fc-confirm>`;
  }
}
