// One mail-merge template (desktop, online only): start from a sample or upload an .html file, edit the text, check it
// (an unknown field is shown with its line and column), save. Its entity comes from the server's list, which has no "System".
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { TEMPLATE_KINDS, type MergeTemplate, type TemplateEntity, type TemplateKind } from '../../../shared/mail-merge.ts';
import { go, href, parseRoute } from '../../app/router.ts';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { errorText } from '../../ui/error-text.ts';
import { base } from '../../ui/styles.ts';
import '../../ui/fc-confirm.ts';
import { templateProblem, templatesApi, type TemplateDraft } from './templates-api.ts';

/** Uploads larger than this are refused before reading (the server keeps at most 256 KiB of text). */
const MAX_UPLOAD = 256 * 1024;

@customElement('fc-template-editor')
export class FcTemplateEditor extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        padding: 12px 16px;
      }
      form {
        display: grid;
        gap: 12px;
        max-width: 980px;
      }
      h1 {
        font-size: 20px;
        margin: 0;
      }
      textarea {
        font-family: ui-monospace, Menlo, Consolas, monospace;
        font-size: 13px;
        min-height: 420px;
        white-space: pre;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 12px;
      }
      .row .field {
        flex: 1 1 200px;
      }
      .problem {
        padding: 10px 12px;
        border-radius: var(--fc-radius);
        background: #fdecea;
        color: var(--fc-danger);
      }
      .problem pre {
        margin: 6px 0 0;
        white-space: pre-wrap;
        color: var(--fc-text);
      }
      .ok {
        color: var(--fc-ok, #1b7f3b);
      }
      details {
        font-size: 13px;
      }
      details code {
        display: inline-block;
        margin: 2px 6px 2px 0;
      }
    `,
  ];
  /** A template's id, or `new`. */
  @property() templateId = 'new';
  @state() private draft: TemplateDraft = { name: '', kind: 'document', entity: 'quote', subject: '', body: '' };
  @state() private current: MergeTemplate | null = null;
  @state() private samples: MergeTemplate[] = [];
  @state() private entities: TemplateEntity[] = [];
  @state() private fields: string[] = [];
  @state() private problem: { text: string; line: number | null } | null = null;
  @state() private message = '';
  @state() private confirming = false;

  constructor() {
    super();
    new LocaleController(this);
  }

  private get api() {
    return templatesApi(runtime.api);
  }

  private readonly onHash = (): void => {
    // The page registry renders elements without arguments: the template comes from the address (#/page/template/<id>).
    const r = parseRoute(location.hash);
    if (r.view === 'page' && r.page === 'template') this.templateId = r.arg ?? 'new';
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.onHash();
    window.addEventListener('hashchange', this.onHash);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('templateId')) void this.load();
  }

  private async load(): Promise<void> {
    this.problem = null;
    this.message = '';
    try {
      const [entities, list] = await Promise.all([this.api.entities(), this.api.list()]);
      this.entities = entities.entities;
      this.samples = list.templates;
      if (this.templateId && this.templateId !== 'new') {
        this.current = await this.api.get(this.templateId);
        this.draft = { name: this.current.name, kind: this.current.kind, entity: this.current.entity, subject: this.current.subject, body: this.current.body };
      } else {
        this.current = null;
        const first = this.samples.find((s) => s.kind === 'document' && s.entity === 'quote');
        this.draft = { name: '', kind: 'document', entity: 'quote', subject: '', body: first?.body ?? '' };
      }
      await this.loadFields();
    } catch (err) {
      this.problem = { text: errorText(err), line: null };
    }
  }

  private async loadFields(): Promise<void> {
    this.fields = (await this.api.fields(this.draft.entity)).fields;
  }

  private set<K extends keyof TemplateDraft>(key: K, value: TemplateDraft[K]): void {
    this.draft = { ...this.draft, [key]: value };
    this.message = '';
    if (key === 'entity') void this.loadFields();
  }

  /** Starts from a sample (or any template): its entity, kind and text. */
  private startFrom(id: string): void {
    const s = this.samples.find((x) => x.id === id);
    if (!s) return;
    this.draft = { ...this.draft, kind: s.kind, entity: s.entity, subject: s.subject, body: s.body, name: this.draft.name || `${t('templates.copyOf')} ${s.name}` };
    void this.loadFields();
  }

  private async upload(e: Event): Promise<void> {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    if (file.size > MAX_UPLOAD) {
      this.problem = { text: t('templates.tooLarge'), line: null };
      return;
    }
    // FileReader rather than Blob.text(), which Safari before 14 lacks.
    const text = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result ?? ''));
      reader.onerror = () => reject(reader.error ?? new Error('unreadable file'));
      reader.readAsText(file);
    });
    this.draft = { ...this.draft, body: text, name: this.draft.name || file.name };
    this.problem = null;
    this.message = t('templates.uploaded', { file: file.name });
  }

  private async check(): Promise<boolean> {
    try {
      await this.api.check({ entity: this.draft.entity, body: this.draft.body, subject: this.draft.kind === 'email' ? this.draft.subject : '' });
      this.problem = null;
      this.message = t('templates.checked');
      return true;
    } catch (err) {
      this.problem = templateProblem(err);
      this.message = '';
      return false;
    }
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    try {
      const saved = this.current ? await this.api.update(this.current.id, { name: this.draft.name, subject: this.draft.subject, body: this.draft.body }) : await this.api.create(this.draft);
      this.problem = null;
      this.message = t('templates.saved');
      if (!this.current) go({ view: 'page', page: 'template', arg: saved.id });
      else this.current = saved;
    } catch (err) {
      this.problem = templateProblem(err);
      this.message = '';
    }
  }

  private async removeTemplate(ok: boolean): Promise<void> {
    this.confirming = false;
    if (!ok || !this.current) return;
    try {
      await this.api.remove(this.current.id);
      go({ view: 'page', page: 'templates' });
    } catch (err) {
      this.problem = { text: errorText(err), line: null };
    }
  }

  /** The line a problem names, with its neighbours, numbered: the author finds it at once. */
  private excerpt(line: number): string {
    const lines = this.draft.body.split('\n');
    const from = Math.max(1, line - 1);
    return lines
      .slice(from - 1, line + 1)
      .map((text, i) => `${String(from + i).padStart(4)}${from + i === line ? ' ▶ ' : '   '}${text}`)
      .join('\n');
  }

  override render() {
    const readOnly = this.current !== null && this.current.mayEdit === false;
    const creating = this.current === null;
    return html`<form novalidate @submit=${this.save}>
      <div class="toolbar">
        <a class="button" data-back href=${href({ view: 'page', page: 'templates' })}>← ${t('nav.templates')}</a>
      </div>
      <h1>${creating ? t('templates.new') : this.draft.name}</h1>
      ${readOnly ? html`<p class="muted" data-read-only>${t('templates.readOnly', { owner: this.current?.ownerName ?? '' })}</p>` : nothing}
      ${creating
        ? html`<div class="row">
            <div class="field">
              <label for="start-from">${t('templates.startFrom')}</label>
              <select id="start-from" data-start-from @change=${(e: Event) => this.startFrom((e.target as HTMLSelectElement).value)}>
                <option value="">—</option>
                ${this.samples.map((s) => html`<option value=${s.id}>${s.name}</option>`)}
              </select>
            </div>
            <div class="field">
              <label for="upload">${t('templates.upload')}</label>
              <input id="upload" type="file" accept=".html,.htm,text/html" @change=${(e: Event) => void this.upload(e)} />
            </div>
          </div>`
        : nothing}
      <div class="row">
        <div class="field">
          <label for="template-name">${t('templates.name')}</label>
          <input id="template-name" .value=${this.draft.name} ?disabled=${readOnly} @input=${(e: Event) => this.set('name', (e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="template-kind">${t('templates.kind')}</label>
          <select id="template-kind" ?disabled=${!creating} @change=${(e: Event) => this.set('kind', (e.target as HTMLSelectElement).value as TemplateKind)}>
            ${TEMPLATE_KINDS.map((k) => html`<option value=${k} ?selected=${k === this.draft.kind}>${t(`templates.kind.${k}`)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="template-entity">${t('templates.entity')}</label>
          <select id="template-entity" data-entities ?disabled=${!creating} @change=${(e: Event) => this.set('entity', (e.target as HTMLSelectElement).value as TemplateEntity)}>
            ${this.entities.map((en) => html`<option value=${en} ?selected=${en === this.draft.entity}>${t(`entity.${en}`)}</option>`)}
          </select>
        </div>
      </div>
      ${this.draft.kind === 'email'
        ? html`<div class="field">
            <label for="template-subject">${t('templates.subject')}</label>
            <input id="template-subject" .value=${this.draft.subject} ?disabled=${readOnly} @input=${(e: Event) => this.set('subject', (e.target as HTMLInputElement).value)} />
          </div>`
        : nothing}
      <div class="field">
        <label for="template-body">${t('templates.body')}</label>
        <textarea id="template-body" spellcheck="false" .value=${this.draft.body} ?disabled=${readOnly} @input=${(e: Event) => this.set('body', (e.target as HTMLTextAreaElement).value)}></textarea>
      </div>
      ${this.problem
        ? html`<div class="problem" role="alert" data-problem>
            ${this.problem.text}
            ${this.problem.line ? html`<pre data-excerpt>${this.excerpt(this.problem.line)}</pre>` : nothing}
          </div>`
        : nothing}
      ${this.message ? html`<p class="ok" role="status" data-message>${this.message}</p>` : nothing}
      <details>
        <summary>${t('templates.fields')}</summary>
        <p class="muted">${t('templates.fieldsHint')}</p>
        ${this.fields.map((f) => html`<code>${f.startsWith('items.') ? `{{ item.${f.slice(6)} }}` : `{{ ${f} }}`}</code>`)}
      </details>
      <div class="toolbar actions">
        ${readOnly ? nothing : html`<button class="primary" type="submit" data-save>${t('ui.save')}</button>`}
        <button type="button" data-check @click=${() => void this.check()}>${t('templates.check')}</button>
        ${this.current?.mayEdit ? html`<button type="button" class="danger" @click=${() => (this.confirming = true)}>${t('ui.delete')}</button>` : nothing}
      </div>
      <fc-confirm
        .open=${this.confirming}
        .message=${t('ui.confirmDelete', { title: this.draft.name })}
        .confirmLabel=${t('ui.delete')}
        .cancelLabel=${t('ui.cancel')}
        @fc-answer=${(e: CustomEvent<boolean>) => void this.removeTemplate(e.detail)}
      ></fc-confirm>
    </form>`;
  }
}
