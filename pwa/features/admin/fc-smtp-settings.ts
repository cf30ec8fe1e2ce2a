// Administration, outgoing e-mail: the organisation's SMTP server that e-mails written on records go through. The
// password is sent once and kept encrypted on the server; it is never shown again, only that one is kept.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { SMTP_SECURITY, type SmtpInput, type SmtpSecurity, type SmtpView } from '../../../shared/outgoing-mail.ts';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { ApiError } from '../../net/api.ts';
import { errorText } from '../../ui/error-text.ts';
import { base } from '../../ui/styles.ts';
import { mailApi } from '../email/mail-api.ts';

@customElement('fc-smtp-settings')
export class FcSmtpSettings extends LitElement {
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
        max-width: 140px;
      }
      .hint {
        font-size: 13px;
      }
    `,
  ];
  @state() private view: SmtpView | null = null;
  @state() private draft: SmtpInput = { host: '', port: 587, security: 'starttls', user: '', fromAddress: '', fromName: '' };
  @state() private password = '';
  @state() private message = '';
  @state() private error = '';

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void mailApi(runtime.api)
      .smtp()
      .then((v) => this.show(v))
      .catch((err: unknown) => (this.error = errorText(err, { serverWords: true })));
  }

  private show(v: SmtpView): void {
    this.view = v;
    this.draft = { host: v.host, port: v.port, security: v.security, user: v.user, fromAddress: v.fromAddress, fromName: v.fromName };
    this.password = '';
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    this.message = '';
    this.error = '';
    try {
      this.show(await mailApi(runtime.api).saveSmtp({ ...this.draft, ...(this.password ? { password: this.password } : {}) }));
      this.message = t('admin.savedServer');
    } catch (err) {
      const issues = err instanceof ApiError ? (err.problem?.issues ?? []) : [];
      this.error = [errorText(err), ...issues.map((i) => `${t(`mail.${i.field === 'host' ? 'host' : i.field}`)}: ${t(`issue.${i.code}`, { detail: String(i.detail ?? '') })}`)].join(' ');
    }
  }

  private field(key: 'host' | 'user' | 'fromAddress' | 'fromName', type = 'text') {
    return html`<div class="row">
      <label for="smtp-${key}">${t(`mail.${key}`)}</label>
      <input id="smtp-${key}" type=${type} autocomplete="off" .value=${this.draft[key]} @input=${(e: Event) => (this.draft = { ...this.draft, [key]: (e.target as HTMLInputElement).value })} />
    </div>`;
  }

  override render() {
    const v = this.view;
    return html`<h2>${t('mail.settings')}</h2>
      <p class="muted hint">${t('mail.settingsHint')}</p>
      ${v && !v.configured ? html`<p class="muted">${t('mail.notConfigured')}</p>` : nothing}
      ${this.error ? html`<p class="issue" role="alert">${this.error}</p>` : nothing}
      ${v
        ? html`<form data-smtp-settings @submit=${(e: Event) => void this.save(e)}>
            ${this.field('host')}
            <div class="row">
              <label for="smtp-port">${t('mail.port')}</label>
              <input id="smtp-port" type="number" min="1" max="65535" .value=${String(this.draft.port)} @input=${(e: Event) => (this.draft = { ...this.draft, port: Number((e.target as HTMLInputElement).value) })} />
            </div>
            <div class="row">
              <label for="smtp-security">${t('mail.security')}</label>
              <select id="smtp-security" @change=${(e: Event) => (this.draft = { ...this.draft, security: (e.target as HTMLSelectElement).value as SmtpSecurity })}>
                ${SMTP_SECURITY.map((s) => html`<option value=${s} ?selected=${s === this.draft.security}>${t(`mail.security.${s}`)}</option>`)}
              </select>
            </div>
            ${this.field('user')}
            <div class="row">
              <label for="smtp-password">${t('mail.password')}</label>
              <input id="smtp-password" type="password" autocomplete="new-password" .value=${this.password} @input=${(e: Event) => (this.password = (e.target as HTMLInputElement).value)} />
              ${v.passwordSet ? html`<span class="muted hint">${t('mail.passwordKept')}</span>` : nothing}
            </div>
            ${this.field('fromAddress', 'email')} ${this.field('fromName')}
            <div class="toolbar">
              <button type="submit" class="primary">${t('ui.save')}</button>
              ${this.message ? html`<span role="status">${this.message}</span>` : nothing}
            </div>
          </form>`
        : nothing}`;
  }
}
