// Writing an e-mail on a record: from scratch or from an e-mail template merged with the record's values (shown in a
// preview that runs no script), with attachments (files picked, or documents already filed where the e-mail is filed);
// sent through the organisation's SMTP server and filed on the record.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatBytes, type DocumentInfo } from '../../../shared/documents.ts';
import { ERROR_CODES } from '../../../shared/errors.ts';
import type { MergeTemplate } from '../../../shared/mail-merge.ts';
import { mailFiledOn, mailIssues, splitAddresses, type MailEntity, type MailSent, type OutgoingAttachment } from '../../../shared/outgoing-mail.ts';
import { runtime } from '../../app/runtime.ts';
import { href } from '../../app/router.ts';
import { locale, LocaleController, t } from '../../i18n/index.ts';
import { ApiError } from '../../net/api.ts';
import { errorText } from '../../ui/error-text.ts';
import { base } from '../../ui/styles.ts';
import { sourceFor } from '../records/source.ts';
import { fileAsBase64, firstAddress, mailApi } from './mail-api.ts';

@customElement('fc-email-compose')
export class FcEmailCompose extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        margin: 12px 0;
      }
      form {
        display: grid;
        gap: 10px;
        padding: 14px;
      }
      .row {
        display: grid;
        gap: 4px;
      }
      textarea {
        min-height: 160px;
        font-family: ui-monospace, monospace;
        font-size: 13px;
      }
      iframe {
        width: 100%;
        min-height: 220px;
        border: 1px solid var(--fc-line);
        border-radius: var(--fc-radius);
        background: #fff;
      }
      h2 {
        font-size: 17px;
        margin: 0;
      }
      .hint {
        font-size: 13px;
      }
      .ok {
        color: var(--fc-ok, #1a7f37);
      }
      fieldset.filed {
        border: 1px solid var(--fc-line);
        border-radius: var(--fc-radius);
        padding: 8px 10px;
        margin: 0;
      }
      .filed label {
        display: flex;
        gap: 8px;
        align-items: center;
        min-height: 32px;
        overflow-wrap: anywhere;
      }
      .filed input {
        width: 20px;
        min-height: 20px;
        flex: none;
      }
    `,
  ];
  @property() entity: MailEntity = 'company';
  @property({ attribute: 'record-id' }) recordId = '';
  @property({ attribute: false }) record: Record<string, unknown> | null = null;
  @state() private templates: MergeTemplate[] = [];
  @state() private templateId = '';
  @state() private to = '';
  @state() private cc = '';
  @state() private subject = '';
  @state() private body = '';
  @state() private files: File[] = [];
  /** The documents filed where this e-mail will be filed, any of which can go with it. */
  @state() private filed: DocumentInfo[] = [];
  @state() private picked = new Set<string>();
  @state() private busy = false;
  @state() private error = '';
  @state() private issues: string[] = [];
  @state() private sent: MailSent | null = null;

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.to = firstAddress(this.record);
    if (!this.to) void this.contactAddress();
    void mailApi(runtime.api)
      .templates(this.entity)
      .then((r) => (this.templates = r.templates.filter((x) => x.kind === 'email' && x.entity === this.entity)))
      .catch((err: unknown) => (this.error = errorText(err)));
    void this.loadFiled();
  }

  /** The documents of the record the server will file the e-mail on (`mailFiledOn`), any of which can go with it. */
  private async loadFiled(): Promise<void> {
    const at = mailFiledOn(this.entity, { ...this.record, id: this.recordId });
    if (!at) return;
    try {
      this.filed = await mailApi(runtime.api).filedDocuments(at.entity, at.id);
    } catch {
      this.filed = []; // attaching files still works; the list is a convenience
    }
  }

  /** A quote, an order or an opportunity has no address of its own: its person's, else its company's. */
  private async contactAddress(): Promise<void> {
    for (const entity of ['person', 'company'] as const) {
      const id = this.record?.[`${entity}Id`];
      if (typeof id !== 'string' || !id) continue;
      const found = firstAddress((await sourceFor(entity)?.get(entity, id).catch(() => null)) as Record<string, unknown> | null);
      if (found) {
        if (!this.to) this.to = found;
        return;
      }
    }
  }

  private async pick(id: string): Promise<void> {
    this.templateId = id;
    this.error = '';
    if (!id) return;
    try {
      const merged = await mailApi(runtime.api).merge(id, this.entity, this.recordId);
      this.subject = merged.subject;
      this.body = merged.html;
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private async send(e: Event): Promise<void> {
    e.preventDefault();
    this.error = '';
    this.sent = null;
    const attachments: OutgoingAttachment[] = [];
    for (const f of this.files) attachments.push({ name: f.name, contentType: f.type || 'application/octet-stream', content: await fileAsBase64(f) });
    const documentIds = this.filed.filter((d) => this.picked.has(d.id)).map((d) => d.id);
    const mail = { entity: this.entity, recordId: this.recordId, to: splitAddresses(this.to), cc: splitAddresses(this.cc), subject: this.subject, html: this.body, attachments, ...(documentIds.length ? { documentIds } : {}), ...(this.templateId ? { templateId: this.templateId } : {}) };
    // The same checks as the server's, so a typo is shown at once and nothing goes out.
    const local = mailIssues(mail);
    this.issues = local.map((i) => `${t(`mail.${i.field === 'html' ? 'body' : i.field}`)}: ${t(`issue.${i.code}`, { detail: String(i.detail ?? '') })}${i.detail && i.code === 'bad-email' ? ` (${i.detail})` : ''}`);
    if (local.length) return;
    this.busy = true;
    try {
      this.sent = await mailApi(runtime.api).send(mail);
      this.dispatchEvent(new CustomEvent('fc-mail-sent', { detail: this.sent, bubbles: true, composed: true }));
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'network';
      const key = code === ERROR_CODES.MAIL_SENT_NOT_FILED ? 'mail.sentNotFiled' : 'mail.failed';
      this.error = t(key, { message: errorText(err), code });
    } finally {
      this.busy = false;
    }
  }

  private pick1(id: string, on: boolean): void {
    const next = new Set(this.picked);
    if (on) next.add(id);
    else next.delete(id);
    this.picked = next;
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('fc-close', { bubbles: true, composed: true }));
  }

  override render() {
    if (this.sent)
      return html`<div class="card" style="padding:14px" role="status" data-mail-sent>
        <p class="ok">${t('mail.sent', { to: this.sent.accepted.join(', ') })}</p>
        <div class="toolbar">
          <a class="button" href=${href({ view: 'show', entity: 'communication', id: this.sent.communicationId, tab: 'summary' })}>${t('mail.openFiled')}</a>
          <button type="button" @click=${() => this.close()}>${t('mail.close')}</button>
        </div>
      </div>`;
    return html`<form class="card" data-mail-compose @submit=${(e: Event) => void this.send(e)}>
      <h2>${t('mail.title')}</h2>
      ${this.error ? html`<p class="issue" role="alert" data-mail-error>${this.error}</p>` : nothing}
      ${this.issues.length ? html`<ul class="issue" role="alert">${this.issues.map((i) => html`<li>${i}</li>`)}</ul>` : nothing}
      <div class="row">
        <label for="mail-template">${t('mail.template')}</label>
        <select id="mail-template" @change=${(e: Event) => void this.pick((e.target as HTMLSelectElement).value)}>
          <option value="">${t('mail.noTemplate')}</option>
          ${this.templates.map((x) => html`<option value=${x.id} ?selected=${x.id === this.templateId}>${x.name}</option>`)}
        </select>
      </div>
      <div class="row">
        <label for="mail-to">${t('mail.to')}</label>
        <input id="mail-to" type="text" inputmode="email" autocomplete="off" .value=${this.to} @input=${(e: Event) => (this.to = (e.target as HTMLInputElement).value)} />
        <span class="muted hint">${t('mail.addressesHint')}</span>
      </div>
      <div class="row">
        <label for="mail-cc">${t('mail.cc')}</label>
        <input id="mail-cc" type="text" inputmode="email" autocomplete="off" .value=${this.cc} @input=${(e: Event) => (this.cc = (e.target as HTMLInputElement).value)} />
      </div>
      <div class="row">
        <label for="mail-subject">${t('mail.subject')}</label>
        <input id="mail-subject" type="text" .value=${this.subject} @input=${(e: Event) => (this.subject = (e.target as HTMLInputElement).value)} />
      </div>
      <div class="row">
        <label for="mail-body">${t('mail.body')}</label>
        <textarea id="mail-body" .value=${this.body} @input=${(e: Event) => (this.body = (e.target as HTMLTextAreaElement).value)}></textarea>
      </div>
      ${this.body
        ? html`<div class="row">
            <span>${t('mail.preview')}</span>
            <iframe sandbox="" title=${t('mail.preview')} data-mail-preview .srcdoc=${this.body}></iframe>
          </div>`
        : nothing}
      <div class="row">
        <label for="mail-files">${t('mail.attachments')}</label>
        <input id="mail-files" type="file" multiple @change=${(e: Event) => (this.files = [...((e.target as HTMLInputElement).files ?? [])])} />
      </div>
      ${this.filed.length
        ? html`<fieldset class="row filed" data-mail-filed>
            <legend>${t('mail.filedDocuments')}</legend>
            ${this.filed.map(
              (d) => html`<label class="check"
                ><input type="checkbox" data-mail-doc=${d.id} .checked=${this.picked.has(d.id)} @change=${(e: Event) => this.pick1(d.id, (e.target as HTMLInputElement).checked)} />
                ${d.name} <span class="muted">(${formatBytes(d.size, locale())})</span></label
              >`,
            )}
          </fieldset>`
        : nothing}
      <div class="toolbar">
        <button type="submit" class="primary" ?disabled=${this.busy} data-mail-send>${this.busy ? t('mail.sending') : t('mail.send')}</button>
        <button type="button" @click=${() => this.close()}>${t('mail.close')}</button>
      </div>
    </form>`;
  }
}
