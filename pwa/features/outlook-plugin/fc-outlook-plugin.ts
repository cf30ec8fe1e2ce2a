// Downloading one's own Outlook plug-in installer (online only): made for this user by the server, and signed.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { base } from '../../ui/styles.ts';
import { installerApi, problemText } from './installer-api.ts';

@customElement('fc-outlook-plugin')
export class FcOutlookPlugin extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        margin-top: 14px;
      }
      .box {
        padding: 12px;
      }
      h3 {
        font-size: 1rem;
        margin: 16px 0 4px;
      }
    `,
  ];
  @state() private message = '';
  @state() private busy = false;

  constructor() {
    super();
    new LocaleController(this);
  }

  private async download(what: 'download' | 'manifest'): Promise<void> {
    this.busy = true;
    this.message = '';
    try {
      const { blob, fileName } = await installerApi(runtime.api)[what]();
      // Through a blob, so that a refusal shows its reason here instead of saving an error as a file.
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      this.message = what === 'download' ? t('installer.downloaded', { file: fileName }) : t('outlook.manifestDownloaded', { file: fileName });
    } catch (err) {
      this.message = problemText(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<details class="card box">
      <summary>${t('installer.title')}</summary>
      <p class="muted">${t('installer.hint')}</p>
      <button type="button" data-installer-download ?disabled=${this.busy} @click=${() => void this.download('download')}>${t('installer.download')}</button>
      <h3>${t('outlook.manifestTitle')}</h3>
      <p class="muted">${t('outlook.manifestHint')}</p>
      <button type="button" data-manifest-download ?disabled=${this.busy} @click=${() => void this.download('manifest')}>${t('outlook.manifestDownload')}</button>
      ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
    </details>`;
  }
}
