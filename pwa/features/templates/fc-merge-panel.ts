// Mail merge on a record's screen for entities with no screen of their own around it (custom entities, docs/decisions/0058):
// the entity's document templates, "Merge", and the documents filed with the record. Online only (desktop features).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { MergedDocument, MergeTemplate } from '../../../shared/mail-merge.ts';
import { personName } from '../../app/people.ts';
import { runtime } from '../../app/runtime.ts';
import { formatInstant } from '../../forms/format.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { ApiError } from '../../net/api.ts';
import { errorText } from '../../ui/error-text.ts';
import { base } from '../../ui/styles.ts';
import { documentHref, salesApi } from '../quotes/sales-api.ts';

@customElement('fc-merge-panel')
export class FcMergePanel extends LitElement {
  static override styles = [
    base,
    css`
      .merge {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
      }
      .merge select {
        width: auto;
        max-width: 100%;
      }
      ul {
        list-style: none;
        margin: 8px 0 0;
        padding: 0;
      }
      li {
        padding: 4px 0 8px;
        border-bottom: 1px solid var(--fc-line);
      }
      li a {
        display: inline-block;
        min-height: 44px;
        line-height: 44px;
      }
    `,
  ];

  @property() entity = '';
  @property({ attribute: 'record-id' }) recordId = '';
  @state() private templates: MergeTemplate[] = [];
  @state() private templateId = '';
  @state() private documents: MergedDocument[] = [];
  @state() private status = '';
  @state() private loaded = false;

  constructor() {
    super();
    new LocaleController(this);
  }

  private get api() {
    return salesApi(runtime.api);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('entity') || changed.has('recordId')) void this.load();
  }

  private async load(): Promise<void> {
    if (!this.entity || !this.recordId) return;
    try {
      const [templates, documents] = await Promise.all([this.api.templates(this.entity), this.api.documents(this.entity, this.recordId)]);
      this.templates = templates.templates;
      this.templateId = this.templates[0]?.id ?? '';
      this.documents = documents.documents;
      this.status = '';
    } catch (err) {
      this.status = errorText(err);
    }
    this.loaded = true;
  }

  private async merge(): Promise<void> {
    if (!this.templateId) return;
    this.status = t('sales.merging');
    try {
      const out = await this.api.merge(this.templateId, this.recordId);
      if (out.document) {
        this.documents = [out.document, ...this.documents];
        this.status = t('sales.merged', { title: out.document.title });
        window.open(documentHref(out.document.id), '_blank', 'noopener');
      }
    } catch (err) {
      const p = err instanceof ApiError ? err.problem : undefined;
      this.status = p?.line ? t('templates.errorAt', { line: p.line, column: p.column ?? 1, message: errorText(err), detail: p.detail ?? '' }) : errorText(err);
    }
  }

  override render() {
    if (!this.loaded) return nothing;
    return html`<section class="card no-print" data-merge-panel>
      <h2>${t('sales.documents')}</h2>
      ${this.templates.length
        ? html`<div class="merge">
            <label for="template">${t('sales.template')}</label>
            <select id="template" data-template @change=${(e: Event) => (this.templateId = (e.target as HTMLSelectElement).value)}>
              ${this.templates.map((tp) => html`<option value=${tp.id} ?selected=${tp.id === this.templateId}>${tp.name}</option>`)}
            </select>
            <button type="button" class="primary" data-merge @click=${() => void this.merge()}>${t('sales.merge')}</button>
          </div>`
        : html`<p class="muted">${t('merge.noTemplates')}</p>`}
      ${this.status ? html`<p role="status">${this.status}</p>` : nothing}
      <ul data-documents>
        ${this.documents.map(
          (d) => html`<li data-document=${d.id}>
            <a href=${documentHref(d.id)} target="_blank" rel="noopener">${d.title}</a>
            <div class="muted">${formatInstant(d.createdAt, runtime.current?.session.user.timeZone ?? 'UTC')} · ${personName(d.createdBy)}</div>
          </li>`,
        )}
      </ul>
      ${this.documents.length === 0 ? html`<p class="muted">${t('sales.noDocuments')}</p>` : nothing}
    </section>`;
  }
}
