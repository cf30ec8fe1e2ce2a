// Administration → Sessions and devices: who is signed in where (device and browser, address, when signed in and last
// seen), and signing out one device; the users table signs a user out everywhere. Below, everyone's API tokens, revocable.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { errorText } from '../../ui/error-text.ts';
import { base, dataTable } from '../../ui/styles.ts';
import { adminApi, type AdminSession, type AdminToken, type AdminUser } from './admin-api.ts';
import { tokenExpiry, when } from './when.ts';

@customElement('fc-admin-sessions')
export class FcAdminSessions extends LitElement {
  static override styles = [
    base, dataTable,
    css`
      h2 {
        font-size: 17px;
        margin-top: 28px;
      }
      .filter {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
        margin: 8px 0;
      }
      .device small {
        display: block;
        color: var(--fc-muted);
      }
    `,
  ];
  @property({ attribute: false }) users: AdminUser[] = [];
  /** Changed by the page after a user is signed out everywhere: the list reloads. */
  @property({ type: Number }) generation = 0;
  @state() private sessions: AdminSession[] = [];
  @state() private tokens: AdminToken[] = [];
  @state() private userId = '';
  @state() private message = '';

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has('generation') && changed.get('generation') !== undefined) void this.load();
  }

  private async load(): Promise<void> {
    try {
      [this.sessions, this.tokens] = await Promise.all([adminApi(runtime.api).sessions(this.userId), adminApi(runtime.api).tokens(this.userId)]);
    } catch (err) {
      this.message = errorText(err);
    }
  }

  private async revoke(s: AdminSession): Promise<void> {
    try {
      await adminApi(runtime.api).revokeSession(s.id);
      this.message = t('admin.sessionRevoked');
      await this.load();
      this.dispatchEvent(new CustomEvent('fc-sessions-changed', { bubbles: true, composed: true }));
    } catch (err) {
      this.message = errorText(err);
    }
  }

  private async revokeToken(tk: AdminToken): Promise<void> {
    try {
      await adminApi(runtime.api).revokeToken(tk.id);
      this.message = t('tokens.revoked', { name: tk.name });
      await this.load();
    } catch (err) {
      this.message = errorText(err);
    }
  }

  private renderTokens() {
    if (this.tokens.length === 0) return nothing;
    const names = new Map(this.users.map((u) => [u.id, u.displayName]));
    return html`<h3>${t('tokens.title')}</h3>
      <div class="scroll">
        <table aria-label=${t('tokens.title')}>
          <thead>
            <tr>
              <th>${t('admin.sessionUser')}</th>
              <th>${t('tokens.name')}</th>
              <th>${t('tokens.created')}</th>
              <th>${t('tokens.lastUsed')}</th>
              <th>${t('tokens.expires')}</th>
              <th>${t('tokens.access')}</th>
              <th><span class="visually-hidden">${t('admin.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.tokens.map(
              (tk) => html`<tr data-token-name=${tk.name}>
                <td>${names.get(tk.userId) ?? tk.userId}</td>
                <td>${tk.name}</td>
                <td>${when(tk.createdAt)}</td>
                <td>${tk.lastUsedAt ? when(tk.lastUsedAt) : t('tokens.never')}</td>
                <td>${tokenExpiry(tk.expiresAt)}</td>
                <td>${t(`tokens.access.${tk.access}`)}</td>
                <td><button type="button" class="danger" aria-label="${t('tokens.revoke')}: ${tk.name}" @click=${() => void this.revokeToken(tk)}>${t('tokens.revoke')}</button></td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  override render() {
    return html`<h2>${t('admin.sessions')}</h2>
      <p class="muted">${t('admin.idleHint')}</p>
      <div class="filter">
        <label
          >${t('admin.sessionUser')}
          <select
            name="sessionUser"
            @change=${(e: Event) => {
              this.userId = (e.target as HTMLSelectElement).value;
              void this.load();
            }}
          >
            <option value="">${t('admin.allUsers')}</option>
            ${this.users.map((u) => html`<option value=${u.id} ?selected=${u.id === this.userId}>${u.displayName}</option>`)}
          </select>
        </label>
      </div>
      ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
      ${this.sessions.length === 0
        ? html`<p class="muted">${t('admin.noSessions')}</p>`
        : html`<div class="scroll">
            <table aria-label=${t('admin.sessions')}>
              <thead>
                <tr>
                  <th>${t('admin.sessionUser')}</th>
                  <th>${t('admin.device')}</th>
                  <th>${t('admin.address')}</th>
                  <th>${t('admin.signedInAt')}</th>
                  <th>${t('admin.lastSeen')}</th>
                  <th><span class="visually-hidden">${t('admin.actions')}</span></th>
                </tr>
              </thead>
              <tbody>
                ${this.sessions.map(
                  (s) => html`<tr data-session=${s.id} data-login=${s.login}>
                    <td>${s.displayName} <small class="muted">${s.login}</small></td>
                    <td class="device">${s.browser || '—'}${s.model ? html`<small>${s.model}</small>` : nothing}</td>
                    <td>${s.address}</td>
                    <td>${when(s.createdAt)}</td>
                    <td>${when(s.lastSeenAt)}</td>
                    <td>
                      ${s.current
                        ? html`<span class="muted">${t('admin.thisSession')}</span>`
                        : html`<button type="button" class="danger" aria-label="${t('admin.revokeOne')}: ${s.displayName}, ${s.browser}" @click=${() => void this.revoke(s)}>${t('admin.revokeOne')}</button>`}
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
      ${this.renderTokens()}`;
  }
}
