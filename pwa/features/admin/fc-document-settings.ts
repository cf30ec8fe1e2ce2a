// Administration, documents part: the largest file accepted, the refused types, and where files are kept (a folder beside
// the database, or the database itself). Every user's browser reads the first two before it starts an upload.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { DOCUMENT_LIMITS, DOCUMENT_STORAGES, formatBytes, type DocumentSettings, type DocumentStorage } from '../../../shared/documents.ts';
import { runtime } from '../../app/runtime.ts';
import { locale, LocaleController, t } from '../../i18n/index.ts';
import { errorText } from '../../ui/error-text.ts';
import { base } from '../../ui/styles.ts';
import { documentsApi } from '../documents/documents-api.ts';

const MiB = 1024 * 1024;

@customElement('fc-document-settings')
export class FcDocumentSettings extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 17px;
        margin-top: 28px;
      }
      form {
        display: grid;
        gap: 12px;
        max-width: 720px;
      }
      .row {
        display: grid;
        gap: 4px;
      }
      .row input[type='number'] {
        max-width: 180px;
      }
      fieldset {
        border: 1px solid var(--fc-line);
        border-radius: var(--fc-radius);
      }
      fieldset label {
        display: flex;
        gap: 8px;
        align-items: center;
        font-weight: 400;
        min-height: 44px;
      }
      fieldset input {
        width: 22px;
        min-height: 22px;
      }
      .hint {
        font-size: 13px;
      }
    `,
  ];
  @state() private settings: DocumentSettings | null = null;
  @state() private megabytes = '';
  @state() private refused = '';
  @state() private storage: DocumentStorage = 'folder';
  @state() private message = '';
  @state() private error = '';

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private show(s: DocumentSettings): void {
    this.settings = s;
    this.megabytes = String(Math.round((s.maxFileBytes / MiB) * 100) / 100);
    this.refused = s.refusedExtensions.join(', ');
    this.storage = s.storage;
  }

  private async load(): Promise<void> {
    try {
      this.show(await documentsApi(runtime.api).settings());
    } catch (err) {
      this.error = errorText(err, { serverWords: true });
    }
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    this.message = '';
    this.error = '';
    const bytes = Math.round(Number(this.megabytes.replace(',', '.')) * MiB);
    const refusedExtensions = this.refused
      .split(/[\s,;]+/)
      .map((x) => x.trim())
      .filter(Boolean);
    try {
      this.show(await documentsApi(runtime.api).saveSettings({ maxFileBytes: bytes, refusedExtensions, storage: this.storage }));
      this.message = t('admin.savedServer');
    } catch (err) {
      this.error = errorText(err, { serverWords: true });
    }
  }

  override render() {
    const s = this.settings;
    return html`<h2>${t('docs.settings')}</h2>
      ${this.error ? html`<p class="issue" role="alert">${this.error}</p>` : nothing}
      ${s
        ? html`<form data-document-settings @submit=${(e: Event) => void this.save(e)}>
            <div class="row">
              <label for="doc-max">${t('docs.maxSize')}</label>
              <input id="doc-max" type="number" min="0.001" max=${DOCUMENT_LIMITS.maxFileBytesCeiling / MiB} step="any" .value=${this.megabytes} @input=${(e: Event) => (this.megabytes = (e.target as HTMLInputElement).value)} />
              <span class="muted hint">${t('docs.maxSizeHint', { now: formatBytes(s.maxFileBytes, locale()) })}</span>
            </div>
            <div class="row">
              <label for="doc-refused">${t('docs.refusedLabel')}</label>
              <textarea id="doc-refused" rows="2" .value=${this.refused} @input=${(e: Event) => (this.refused = (e.target as HTMLTextAreaElement).value)}></textarea>
              <span class="muted hint">${t('docs.refusedHint')}</span>
            </div>
            <fieldset>
              <legend>${t('docs.storage')}</legend>
              ${DOCUMENT_STORAGES.map(
                (st) => html`<label><input type="radio" name="storage" value=${st} .checked=${this.storage === st} @change=${() => (this.storage = st)} /> ${t(`docs.storage.${st}`)}</label>`,
              )}
              <span class="muted hint">${t('docs.storageHint')}</span>
            </fieldset>
            <div><button type="submit" class="primary">${t('ui.save')}</button> ${this.message ? html`<span role="status">${this.message}</span>` : nothing}</div>
          </form>`
        : nothing}`;
  }
}
