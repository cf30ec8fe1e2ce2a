// <fc-document-drop entity=… record-id=…>: drop files (or e-mails saved from a mail program) on a record, or pick them with
// the button; each is checked against the limits before it is sent, then sent with its own progress bar and result.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { formatBytes, type DocumentInfo, type DocumentSettings, type DocumentTarget, type EmailFiled } from '../../../shared/documents.ts';
import { isProblem } from '../../../shared/errors.ts';
import { runtime } from '../../app/runtime.ts';
import { locale, LocaleController, t } from '../../i18n/index.ts';
import { ApiError } from '../../net/api.ts';
import { errorText } from '../../ui/error-text.ts';
import { base } from '../../ui/styles.ts';
import { documentsApi, uploadFile } from './documents-api.ts';
import { percent, planUploads, runUploads, type UploadItem } from './upload-queue.ts';

/** Sent after each file filed, so lists of the record's documents refresh. */
export type FiledEvent = CustomEvent<DocumentInfo | EmailFiled>;

@customElement('fc-document-drop')
export class FcDocumentDrop extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      .zone {
        border: 2px dashed var(--fc-line);
        border-radius: var(--fc-radius);
        background: var(--fc-surface);
        padding: 16px;
        display: flex;
        flex-wrap: wrap;
        gap: 8px 16px;
        align-items: center;
      }
      :host([compact]) .zone {
        padding: 8px 12px;
      }
      .zone.over {
        border-color: var(--fc-accent);
        background: #e8f1fb;
        outline: 3px solid #7fb3ea;
      }
      .text {
        flex: 1;
        min-width: 200px;
      }
      .limits {
        font-size: 13px;
        margin: 2px 0 0;
      }
      ul {
        list-style: none;
        margin: 8px 0 0;
        padding: 0;
      }
      li {
        display: grid;
        grid-template-columns: minmax(120px, 2fr) 90px minmax(100px, 1fr);
        gap: 4px 12px;
        align-items: center;
        padding: 6px 0;
        border-bottom: 1px solid var(--fc-line);
      }
      .name {
        overflow-wrap: anywhere;
        font-weight: 500;
      }
      progress {
        width: 100%;
        height: 10px;
      }
      .result {
        grid-column: 1 / -1;
        font-size: 13px;
      }
      [data-state='refused'] .result,
      [data-state='failed'] .result {
        color: var(--fc-danger);
      }
      [data-state='done'] .result {
        color: var(--fc-ok);
      }
    `,
  ];
  @property() entity: DocumentTarget = 'company';
  @property({ attribute: 'record-id' }) recordId = '';
  /** A one-line strip (on a record's summary) rather than the full zone. */
  @property({ type: Boolean, reflect: true }) compact = false;
  @state() private settings: DocumentSettings | null = null;
  @state() private over = false;
  @state() private items: UploadItem[] = [];
  @state() private error = '';
  @query('input[type=file]') private input!: HTMLInputElement;
  /** dragenter/dragleave fire for every child crossed: count them, so the highlight stays while over the zone. */
  private depth = 0;

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadSettings();
  }

  private async loadSettings(): Promise<void> {
    try {
      this.settings = await documentsApi(runtime.api).settings();
      this.error = '';
    } catch (err) {
      this.error = errorText(err, { unreachable: t('docs.unreachable') });
    }
  }

  private hasFiles(e: DragEvent): boolean {
    const types = e.dataTransfer?.types;
    // Safari 13 gives a DOMStringList (contains), others an array (indexOf).
    return !!types && Array.prototype.indexOf.call(types, 'Files') >= 0;
  }

  private onDragEnter(e: DragEvent): void {
    if (!this.hasFiles(e)) return;
    e.preventDefault();
    this.depth++;
    this.over = true;
  }

  private onDragOver(e: DragEvent): void {
    if (!this.hasFiles(e)) return;
    // Without this the browser would open the file instead of letting it drop here.
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    this.over = true;
  }

  private onDragLeave(): void {
    this.depth = Math.max(0, this.depth - 1);
    if (this.depth === 0) this.over = false;
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this.depth = 0;
    this.over = false;
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (files.length) void this.send(files);
  }

  private onPick(): void {
    const files = Array.from(this.input.files ?? []);
    // Cleared, so picking the same file again fires another change.
    this.input.value = '';
    if (files.length) void this.send(files);
  }

  /** Checks the files against the limits, then sends those that pass; each row shows its own progress and result. */
  private async send(files: File[]): Promise<void> {
    if (!this.settings) await this.loadSettings();
    const settings = this.settings;
    if (!settings) return;
    const items = planUploads(files, settings);
    this.items = [...items, ...this.items.filter((i) => i.state !== 'done' && i.state !== 'refused').slice(0, 20)];
    const target = { entity: this.entity, recordId: this.recordId };
    await runUploads(
      items,
      (i, progress) =>
        uploadFile<DocumentInfo | EmailFiled>(files[i]!, target, items[i]!.email, (sent) => progress(sent)).done.then((filed) => {
          this.dispatchEvent(new CustomEvent('fc-documents-filed', { detail: filed, bubbles: true, composed: true }));
          return filed;
        }),
      (err) => {
        const code = err instanceof ApiError && isProblem(err.problem) ? err.problem.code : undefined;
        return { error: errorText(err, { unreachable: t('docs.uploadLost') }), ...(code ? { code } : {}) };
      },
      () => (this.items = [...this.items]),
    );
  }

  private message(item: UploadItem): string {
    const max = this.settings ? formatBytes(this.settings.maxFileBytes, locale()) : '';
    switch (item.state) {
      case 'waiting':
        return t('docs.waiting');
      case 'sending':
        return `${percent(item)} %`;
      case 'refused':
        return item.code === 'FC-DOC-001' ? t('docs.tooLarge', { max }) : t(`error.${item.code ?? ''}`);
      case 'failed':
        return item.code === 'FC-DOC-001' ? t('docs.tooLarge', { max }) : (item.error ?? '');
      case 'done': {
        const r = item.result;
        if (r && 'communicationId' in r) {
          const skipped = r.skipped.length ? ` ${t('docs.skipped', { names: r.skipped.map((s) => s.name).join(', ') })}` : '';
          const n = Math.max(0, r.documents.length - 1);
          return `${t(`docs.emailFiled.${n === 0 ? '0' : n === 1 ? '1' : 'n'}`, { subject: r.subject, n })}${skipped}`;
        }
        return t('docs.filed');
      }
    }
  }

  override render() {
    const s = this.settings;
    const refused = s ? s.refusedExtensions.map((x) => `.${x}`).join(' ') : '';
    return html`<div
        class="zone ${this.over ? 'over' : ''}"
        data-drop-zone
        data-over=${this.over ? 'true' : 'false'}
        role="group"
        aria-label=${t('docs.dropLabel')}
        @dragenter=${this.onDragEnter}
        @dragover=${this.onDragOver}
        @dragleave=${this.onDragLeave}
        @drop=${this.onDrop}
      >
        <div class="text">
          <strong>${t('docs.dropHere')}</strong>
          ${this.compact ? nothing : html`<div class="muted">${t('docs.dropHint')}</div>`}
          ${s
            ? html`<p class="muted limits" data-limits>${t('docs.limits', { max: formatBytes(s.maxFileBytes, locale()) })}${refused ? ` ${t('docs.refusedTypes', { list: refused })}` : ''}</p>`
            : nothing}
        </div>
        <button type="button" class="primary" data-add-documents @click=${() => this.input.click()}>+ ${t('docs.add')}</button>
        <input type="file" multiple hidden tabindex="-1" aria-hidden="true" @change=${this.onPick} />
      </div>
      ${this.error ? html`<p class="issue" role="alert">${this.error}</p>` : nothing}
      ${this.items.length
        ? html`<ul aria-live="polite" data-uploads>
            ${this.items.map(
              (item) => html`<li data-upload=${item.name} data-state=${item.state}>
                <span class="name">${item.email ? '✉ ' : ''}${item.name}</span>
                <span class="muted">${formatBytes(item.size, locale())}</span>
                <progress max="100" .value=${item.state === 'refused' ? 0 : percent(item)} aria-label=${t('docs.progress', { name: item.name })}></progress>
                <span class="result" data-result>${this.message(item)}</span>
              </li>`,
            )}
          </ul>`
        : nothing}`;
  }
}
