// The sign-in form, shown at first start and again (as an overlay) when a session ends; it shows the product version.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { API_PATHS, type VersionInfo } from '../../../shared/api.ts';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { ApiError } from '../../net/api.ts';
import { base } from '../../ui/styles.ts';

@customElement('fc-sign-in')
export class FcSignIn extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: flex;
        justify-content: center;
        padding: 24px 16px;
      }
      form {
        width: 100%;
        max-width: 380px;
        display: grid;
        gap: 14px;
        padding: 24px;
      }
      h1 {
        margin: 0;
        font-size: 24px;
      }
      .error {
        color: var(--fc-danger);
      }
    `,
  ];
  constructor() {
    super();
    // Re-render when the user switches language.
    new LocaleController(this);
  }
  /** Set when the session ended while working: the message says nothing is lost. */
  @property({ type: Number }) pending = -1;
  @state() private busy = false;
  @state() private error = '';
  @state() private version = '';

  override connectedCallback(): void {
    super.connectedCallback();
    // Asked of the server each time, so every user sees the version actually running (685-171848-QA).
    runtime.api.get<VersionInfo>(API_PATHS.version).then(
      (v) => (this.version = v.version),
      () => (this.version = runtime.current?.session.version ?? ''),
    );
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    this.busy = true;
    this.error = '';
    try {
      await runtime.signIn(String(data.get('login') ?? '').trim(), String(data.get('password') ?? ''));
    } catch (err) {
      if (err instanceof ApiError) this.error = err.isNetwork ? t('ui.offlineSignIn') : t(`error.${err.code}`) === `error.${err.code}` ? err.message : t(`error.${err.code}`);
      else this.error = t('ui.signInFailed');
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<form class="card" @submit=${this.submit}>
      <h1>FieldCRM</h1>
      ${this.pending >= 0 ? html`<p role="status">${t('ui.sessionEnded', { n: this.pending })}</p>` : nothing}
      <div>
        <label for="login">${t('ui.login')}</label>
        <input id="login" name="login" autocomplete="username" autocapitalize="none" required />
      </div>
      <div>
        <label for="password">${t('ui.password')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? t('ui.signingIn') : t('ui.signIn')}</button>
      <p class="muted" data-version>${this.version ? t('ui.version', { v: this.version }) : nothing}</p>
    </form>`;
  }
}
