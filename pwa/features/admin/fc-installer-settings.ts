// Administration, Users › User configuration: whether Outlook plug-in installers are signed, with which certificate,
// which one the server chose and why it refused the others, and how to trust the certificate on client machines.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { INSTALLER_CERTIFICATE_PATH, type CertificateView, type InstallerReport } from '../../../shared/installer.ts';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { formatInstant } from '../../forms/format.ts';
import { base } from '../../ui/styles.ts';
import '../outlook-plugin/fc-outlook-plugin.ts';
import { installerApi, problemText } from '../outlook-plugin/installer-api.ts';

@customElement('fc-installer-settings')
export class FcInstallerSettings extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      .box {
        padding: 12px;
      }
      label {
        display: block;
        margin: 8px 0;
      }
      input[type='text'] {
        max-width: 520px;
        font-family: ui-monospace, monospace;
      }
      .scroll {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        background: #fff;
      }
      th,
      td {
        text-align: left;
        padding: 6px 8px;
        border-bottom: 1px solid var(--fc-line);
        font-size: 13px;
      }
      code {
        word-break: break-all;
      }
      .refused {
        color: var(--fc-danger);
      }
    `,
  ];
  @state() private report: InstallerReport | null = null;
  @state() private message = '';
  @state() private sign = true;
  @state() private thumbprint = '';
  @state() private installName = '';
  @state() private allowDemo = false;

  constructor() {
    super();
    new LocaleController(this);
  }

  private get api() {
    return installerApi(runtime.api);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private show(report: InstallerReport): void {
    this.report = report;
    this.sign = report.settings.sign;
    this.thumbprint = report.settings.thumbprint ?? '';
    this.installName = report.settings.installName;
    this.allowDemo = report.settings.allowDemoCertificate;
  }

  private async load(): Promise<void> {
    try {
      this.show(await this.api.report());
    } catch (err) {
      this.message = problemText(err);
    }
  }

  private async save(e: Event): Promise<void> {
    e.preventDefault();
    try {
      this.show(await this.api.save({ sign: this.sign, thumbprint: this.thumbprint.trim() || null, installName: this.installName, allowDemoCertificate: this.allowDemo }));
      this.message = t('installer.saved');
    } catch (err) {
      this.message = problemText(err);
    }
  }

  private reason(c: { refusal?: { code: string; message: string } }): string {
    if (!c.refusal) return t('installer.suitable');
    const key = `error.${c.refusal.code}`;
    const text = t(key);
    return text === key ? c.refusal.message : text;
  }

  private renderChosen(r: InstallerReport) {
    if (!r.settings.sign) return html`<p role="status">${t('installer.unsigned')}</p>`;
    const c = r.chosen;
    if (!c) return html`<p class="refused" role="alert" data-installer-error>${this.reason({ refusal: r.error ?? { code: 'FC-INSTALLER-007', message: '' } })} — ${r.error?.message ?? ''}</p>`;
    return html`<p data-installer-chosen>
        ${t('installer.chosen', { subject: c.subject, store: t(`installer.store.${c.store}`), file: c.file })}<br />
        ${t('installer.thumbprint')}: <code>${c.thumbprint}</code> · ${t('installer.validUntil', { date: formatInstant(c.notAfter, 'UTC', false) })}
      </p>
      ${c.demo ? html`<p class="muted">${t('installer.demoWarning')}</p>` : nothing}
      <p class="muted">${t('installer.trustHint')}</p>
      <p><a class="button" href=${INSTALLER_CERTIFICATE_PATH} download>${t('installer.downloadCertificate')}</a></p>`;
  }

  private renderCandidate(c: CertificateView) {
    return html`<tr data-file=${c.file}>
      <td>${t(`installer.store.${c.store}`)}</td>
      <td>${c.file}</td>
      <td>${c.subject || '—'}</td>
      <td><code>${c.thumbprint || '—'}</code></td>
      <td>${c.notAfter ? formatInstant(c.notAfter, 'UTC', false) : '—'}</td>
      <td class=${c.refusal ? 'refused' : ''}>${this.reason(c)}</td>
    </tr>`;
  }

  override render() {
    const r = this.report;
    return html`<h2>${t('installer.title')}</h2>
      ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
      ${r
        ? html`<form class="card box" @submit=${(e: Event) => void this.save(e)}>
              <label><input type="checkbox" name="sign" .checked=${this.sign} @change=${(e: Event) => (this.sign = (e.target as HTMLInputElement).checked)} /> ${t('installer.sign')}</label>
              <label
                >${t('installer.thumbprint')} (${t('installer.optional')})<br />
                <input type="text" name="thumbprint" .value=${this.thumbprint} placeholder=${t('installer.thumbprintHint')} @input=${(e: Event) => (this.thumbprint = (e.target as HTMLInputElement).value)}
              /></label>
              <label
                >${t('installer.installName')}<br />
                <input type="text" name="installName" .value=${this.installName} @input=${(e: Event) => (this.installName = (e.target as HTMLInputElement).value)}
              /></label>
              ${r.demoMode
                ? nothing
                : html`<label
                    ><input type="checkbox" name="allowDemoCertificate" .checked=${this.allowDemo} @change=${(e: Event) => (this.allowDemo = (e.target as HTMLInputElement).checked)} />
                    ${t('installer.allowDemo')}</label
                  >`}
              <button type="submit" class="primary">${t('ui.save')}</button>
            </form>
            ${this.renderChosen(r)}
            <h3>${t('installer.candidates')}</h3>
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th>${t('installer.storeName')}</th>
                    <th>${t('installer.file')}</th>
                    <th>${t('installer.subject')}</th>
                    <th>${t('installer.thumbprint')}</th>
                    <th>${t('installer.expires')}</th>
                    <th>${t('installer.verdict')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${r.candidates.map((c) => this.renderCandidate(c))}
                </tbody>
              </table>
            </div>
            <fc-outlook-plugin></fc-outlook-plugin>`
        : nothing}`;
  }
}
