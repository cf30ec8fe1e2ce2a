// Administration → Sessions and devices: who is signed in where (device and browser, address, when signed in and last
// seen), and signing out one device; the users table signs a user out everywhere.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { errorText } from '../../ui/error-text.ts';
import { base, dataTable } from '../../ui/styles.ts';
import { adminApi, type AdminSession, type AdminUser } from './admin-api.ts';
import { when } from './when.ts';

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
      this.sessions = await adminApi(runtime.api).sessions(this.userId);
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
          </div>`}`;
  }
}
