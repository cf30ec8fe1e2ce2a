// Documents (desktop, online only): every document the user may see, across records, found by name or narrowed to one
// record; the filter lives in the address, so the page comes back as it was after a connection blip.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { isDocumentTarget, type DocumentTarget } from '../../../shared/documents.ts';
import { href, parseRoute } from '../../app/router.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { base, page } from '../../ui/styles.ts';
import './fc-document-list.ts';
import type { FilterEvent } from './fc-document-list.ts';

@customElement('fc-document-library')
export class FcDocumentLibrary extends LitElement {
  static override styles = [
    base, page,
    css`
      h1 {
        font-size: 20px;
        margin: 4px 0 6px;
      }
      .filter {
        display: flex;
        gap: 8px;
        align-items: center;
        padding: 6px 10px;
        margin: 8px 0;
        border-left: 4px solid var(--fc-accent);
      }
    `,
  ];
  @state() private record: { entity: DocumentTarget; id: string; title: string } | null = null;
  @state() private query = '';

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const r = parseRoute(location.hash);
    if (r.view !== 'page' || r.page !== 'documents') return;
    const p = r.params ?? {};
    this.query = p.q ?? '';
    if (isDocumentTarget(p.entity) && p.recordId) this.record = { entity: p.entity, id: p.recordId, title: p.title ?? p.recordId };
  }

  private writeUrl(): void {
    const now = parseRoute(location.hash);
    if (now.view !== 'page' || now.page !== 'documents') return;
    const params: Record<string, string> = {};
    if (this.query.trim()) params.q = this.query.trim();
    if (this.record) Object.assign(params, { entity: this.record.entity, recordId: this.record.id, title: this.record.title });
    const target = href({ view: 'page', page: 'documents', params });
    if (location.hash !== target) history.replaceState(history.state, '', target);
  }

  private setRecord(r: { entity: DocumentTarget; id: string; title: string } | null): void {
    this.record = r;
    this.writeUrl();
  }

  override render() {
    const r = this.record;
    return html`<h1>${t('nav.documents')}</h1>
      <p class="muted">${t('docs.libraryHint')}</p>
      ${r
        ? html`<div class="filter card" data-record-filter>
            <span>${t('docs.onlyShowing', { title: r.title, kind: t(`entity.${r.entity}`) })}</span>
            <button type="button" data-show-all @click=${() => this.setRecord(null)}>${t('docs.showAll')}</button>
          </div>`
        : nothing}
      <fc-document-list
        library
        entity=${r?.entity ?? ''}
        record-id=${r?.id ?? ''}
        .query=${this.query}
        @fc-query=${(e: CustomEvent<string>) => ((this.query = e.detail), this.writeUrl())}
        @fc-filter=${(e: FilterEvent) => this.setRecord(e.detail)}
      ></fc-document-list>`;
  }
}
