// Administration (desktop, online only): each user's security profile and home territory, signing a user out everywhere,
// profiles' rights, and the Outlook plug-in installer's signing.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ACTIONS, type Action } from '../../../shared/security.ts';
import { ONLINE_ENTITIES, RECORD_ENTITIES } from '../../../shared/entities/index.ts';
import { runtime } from '../../app/runtime.ts';
import { LocaleController, t } from '../../i18n/index.ts';
import { errorText } from '../../ui/error-text.ts';
import '../../ui/fc-confirm.ts';
import { base, page, dataTable } from '../../ui/styles.ts';
import { adminApi, type AdminProfile, type AdminUser } from './admin-api.ts';
import './fc-marketing-settings.ts';
import './fc-installer-settings.ts';
import './fc-document-settings.ts';
import './fc-smtp-settings.ts';
import './fc-user-form.ts';

@customElement('fc-admin-page')
export class FcAdminPage extends LitElement {
  static override styles = [
    base, page, dataTable,
    css`
      h2 {
        font-size: 17px;
        margin-top: 28px;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        background: #fff;
      }
      td select {
        min-width: 160px;
      }
      .rights td {
        text-align: center;
      }
      .rights input {
        width: 22px;
        min-height: 22px;
      }
    `,
  ];
  @state() private users: AdminUser[] = [];
  @state() private profiles: AdminProfile[] = [];
  @state() private message = '';
  @state() private confirming: AdminUser | null = null;
  @state() private loaded = false;

  constructor() {
    super();
    new LocaleController(this);
  }

  private profileNames(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const p of this.profiles) out[p.id] = p.name;
    return out;
  }

  private get api() {
    return adminApi(runtime.api);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      [this.users, this.profiles] = await Promise.all([this.api.users(), this.api.profiles()]);
      this.loaded = true;
    } catch (err) {
      this.message = errorText(err);
    }
  }

  private async change(u: AdminUser, changes: { profileId?: string; territoryId?: string }): Promise<void> {
    try {
      await this.api.updateUser(u.id, changes);
      this.message = t('admin.saved', { who: u.displayName });
      await this.load();
    } catch (err) {
      this.message = errorText(err);
    }
  }

  private async revoke(ok: boolean): Promise<void> {
    const u = this.confirming;
    this.confirming = null;
    if (!ok || !u) return;
    const r = await this.api.revoke(u.id);
    this.message = t('admin.revoked', { who: u.displayName, n: r.revoked });
  }

  private async toggle(p: AdminProfile, entity: string, territoryId: string, action: Action, on: boolean): Promise<void> {
    const rights = p.rights.map((r) => ({ ...r }));
    let row = rights.find((r) => r.entity === entity && r.territoryId === territoryId);
    if (!row) rights.push((row = { entity, territoryId, view: false, insert: false, edit: false, delete: false }));
    row[action] = on;
    try {
      await this.api.setRights(p.id, rights.filter((r) => ACTIONS.some((a) => r[a])));
      this.message = t('admin.rightsSaved', { profile: p.name });
      await this.load();
    } catch (err) {
      this.message = errorText(err);
    }
  }

  private renderProfile(p: AdminProfile) {
    const territories = runtime.current?.session.territories ?? [];
    return html`<h3>${p.name}</h3>
      <div class="scroll">
        <table class="rights" aria-label=${p.name}>
          <thead>
            <tr>
              <th>${t('admin.entity')}</th>
              ${territories.map((tr) => html`<th colspan="4">${tr.name}</th>`)}
            </tr>
            <tr>
              <th></th>
              ${territories.map(() => ACTIONS.map((a) => html`<th title=${t(`admin.action.${a}`)}>${t(`admin.action.${a}`).slice(0, 1)}</th>`))}
            </tr>
          </thead>
          <tbody>
            ${[...RECORD_ENTITIES, ...ONLINE_ENTITIES].map(
              (e) => html`<tr>
                <th>${t(`nav.${e}`)}</th>
                ${territories.map((tr) =>
                  ACTIONS.map((a) => {
                    const on = p.rights.some((r) => r.entity === e && r.territoryId === tr.id && r[a]);
                    return html`<td>
                      <input
                        type="checkbox"
                        aria-label="${p.name}: ${t(`nav.${e}`)}, ${tr.name}, ${t(`admin.action.${a}`)}"
                        .checked=${on}
                        @change=${(ev: Event) => void this.toggle(p, e, tr.id, a, (ev.target as HTMLInputElement).checked)}
                      />
                    </td>`;
                  }),
                )}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  override render() {
    const territories = runtime.current?.session.territories ?? [];
    return html`<h1>${t('nav.admin')}</h1>
      ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
      ${!this.loaded
        ? nothing
        : html`<h2>${t('admin.users')}</h2>
            <details ?open=${this.users.length <= 1}>
              <summary>${t('admin.newUser')}</summary>
              <fc-user-form
                .profiles=${this.profiles}
                @fc-created=${(e: CustomEvent<AdminUser>) => {
                  this.message = t('admin.created', { who: e.detail.displayName, login: e.detail.login });
                  void this.load();
                }}
              ></fc-user-form>
            </details>
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th>${t('ui.login')}</th>
                    <th>${t('admin.name')}</th>
                    <th>${t('admin.profile')}</th>
                    <th>${t('ui.territory')}</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  ${this.users.map(
                    (u) => html`<tr data-user=${u.login}>
                      <td>${u.login}</td>
                      <td>${u.displayName}</td>
                      <td>
                        <select aria-label="${t('admin.profile')}: ${u.displayName}" @change=${(e: Event) => void this.change(u, { profileId: (e.target as HTMLSelectElement).value })}>
                          ${this.profiles.map((p) => html`<option value=${p.id} ?selected=${p.id === u.profileId}>${p.name}</option>`)}
                        </select>
                      </td>
                      <td>
                        <select aria-label="${t('ui.territory')}: ${u.displayName}" @change=${(e: Event) => void this.change(u, { territoryId: (e.target as HTMLSelectElement).value })}>
                          ${territories.map((tr) => html`<option value=${tr.id} ?selected=${tr.id === u.territoryId}>${tr.name}</option>`)}
                        </select>
                      </td>
                      <td><button type="button" class="danger" @click=${() => (this.confirming = u)}>${t('admin.revoke')}</button></td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            <h2>${t('admin.profiles')}</h2>
            ${this.profiles.map((p) => this.renderProfile(p))}
            <fc-marketing-settings .profileNames=${this.profileNames()}></fc-marketing-settings>
            <fc-installer-settings></fc-installer-settings>
            <fc-document-settings></fc-document-settings>
            <fc-smtp-settings></fc-smtp-settings>`}
      <fc-confirm
        .open=${this.confirming !== null}
        .message=${t('admin.confirmRevoke', { who: this.confirming?.displayName ?? '' })}
        .confirmLabel=${t('admin.revoke')}
        .cancelLabel=${t('ui.cancel')}
        @fc-answer=${(e: CustomEvent<boolean>) => void this.revoke(e.detail)}
      ></fc-confirm>`;
  }
}
