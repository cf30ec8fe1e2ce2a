// Administration (desktop, online only): users (create, edit, disable, one-time password, sign out everywhere), their
// sessions and devices, the audit log's link, profiles' rights, and the Outlook plug-in installer's signing.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ACTIONS, type Action } from '../../../shared/security.ts';
import { customEntities, ONLINE_ENTITIES, RECORD_ENTITIES } from '../../../shared/entities/index.ts';
import { parseRoute } from '../../app/router.ts';
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
import './fc-user-edit.ts';
import './fc-admin-sessions.ts';
import './fc-admin-organisation.ts';
import './fc-custom-fields.ts';
import './fc-custom-entities.ts';

/** Administration's sections, each at `#/page/admin/<section>` (one page of everything was 7,600 px tall). */
export const ADMIN_SECTIONS = ['users', 'organisation', 'customisation', 'integrations'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

/** What the confirmation dialog asks about. */
type Confirming = { kind: 'revoke' | 'disable' | 'reset'; user: AdminUser };

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
      nav.sections {
        display: flex;
        flex-wrap: wrap;
        border-bottom: 1px solid var(--fc-line);
        margin: 8px 0 16px;
      }
      nav.sections a {
        padding: 8px 14px;
        margin: 0 4px -1px 0;
        border: 1px solid transparent;
        border-radius: 6px 6px 0 0;
        text-decoration: none;
      }
      nav.sections a[aria-current='page'] {
        border-color: var(--fc-line);
        border-bottom-color: var(--fc-surface);
        background: var(--fc-surface);
        font-weight: 600;
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
      .state {
        display: inline-block;
        border-radius: 999px;
        padding: 1px 10px;
        font-size: 13px;
        background: #e6f4ea;
        color: #1e5631;
        white-space: nowrap;
      }
      .state.disabled {
        background: #f1f1f1;
        color: #555;
      }
      .state.must-change {
        background: #fff3cd;
        color: #7a4d00;
      }
      tr.disabled td {
        color: var(--fc-muted);
      }
      td.actions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .one-time {
        background: #fff;
        border: 2px solid #12385f;
        border-radius: 8px;
        padding: 10px 14px;
        margin: 12px 0;
      }
      .one-time code {
        font-size: 20px;
        letter-spacing: 1px;
        user-select: all;
      }
      fc-user-edit {
        display: block;
        margin: 12px 0;
      }
    `,
  ];
  @state() private users: AdminUser[] = [];
  @state() private profiles: AdminProfile[] = [];
  @state() private message = '';
  @state() private confirming: Confirming | null = null;
  @state() private editing: AdminUser | null = null;
  /** A one-time password just made: shown once, until the page changes. */
  @state() private oneTime: { who: string; password: string } | null = null;
  /** Bumped when sessions end from the users table, so the sessions list reloads. */
  @state() private sessionsGeneration = 0;
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


  private async load(): Promise<void> {
    try {
      [this.users, this.profiles] = await Promise.all([this.api.users(), this.api.profiles()]);
      this.loaded = true;
    } catch (err) {
      this.message = errorText(err);
    }
  }

  private async answer(ok: boolean): Promise<void> {
    const c = this.confirming;
    this.confirming = null;
    if (!ok || !c) return;
    const u = c.user;
    try {
      if (c.kind === 'revoke') {
        const r = await this.api.revoke(u.id);
        this.message = t('admin.revoked', { who: u.displayName, n: r.revoked });
      } else if (c.kind === 'disable') {
        await this.api.disable(u.id);
        this.message = t('admin.disabledDone', { who: u.displayName });
      } else {
        const r = await this.api.resetPassword(u.id);
        this.message = '';
        this.oneTime = { who: u.displayName, password: r.password };
      }
      this.sessionsGeneration++;
      await this.load();
    } catch (err) {
      this.message = errorText(err);
    }
  }

  private async enable(u: AdminUser): Promise<void> {
    try {
      await this.api.enable(u.id);
      this.message = t('admin.enabledDone', { who: u.displayName });
      await this.load();
    } catch (err) {
      this.message = errorText(err);
    }
  }

  private stateOf(u: AdminUser) {
    if (u.disabled) return html`<span class="state disabled">${t('admin.state.disabled')}</span>`;
    if (u.mustChangePassword) return html`<span class="state must-change">${t('admin.state.mustChange')}</span>`;
    return html`<span class="state">${t('admin.state.active')}</span>`;
  }

  private confirmText(c: Confirming | null): string {
    if (!c) return '';
    const who = c.user.displayName;
    return c.kind === 'revoke' ? t('admin.confirmRevoke', { who }) : c.kind === 'disable' ? t('admin.confirmDisable', { who }) : t('admin.confirmReset', { who });
  }

  private confirmLabel(c: Confirming | null): string {
    return c?.kind === 'disable' ? t('admin.disable') : c?.kind === 'reset' ? t('admin.resetPassword') : t('admin.revoke');
  }

  private renderUsers() {
    const territories = new Map((runtime.current?.session.territories ?? []).map((tr) => [tr.id, tr.name]));
    const profiles = this.profileNames();
    const names = new Map(this.users.map((u) => [u.id, u.displayName]));
    const me = runtime.current?.session.user.id;
    return html`<div class="scroll">
      <table aria-label=${t('admin.users')}>
        <thead>
          <tr>
            <th>${t('ui.login')}</th>
            <th>${t('admin.name')}</th>
            <th>${t('admin.profile')}</th>
            <th>${t('ui.territory')}</th>
            <th>${t('admin.reportsTo')}</th>
            <th>${t('admin.state')}</th>
            <th>${t('admin.sessionsCount')}</th>
            <th>${t('admin.actions')}</th>
          </tr>
        </thead>
        <tbody>
          ${this.users.map(
            (u) => html`<tr data-user=${u.login} class=${u.disabled ? 'disabled' : ''}>
              <td>${u.login}</td>
              <td>${u.displayName}${u.email ? html`<br /><small class="muted">${u.email}</small>` : nothing}</td>
              <td>${profiles[u.profileId] ?? u.profileId}</td>
              <td>${territories.get(u.territoryId) ?? u.territoryId}</td>
              <td>${names.get(u.reportsTo) ?? ''}</td>
              <td>${this.stateOf(u)}</td>
              <td>${u.sessions}</td>
              <td class="actions">
                <button type="button" aria-label="${t('admin.edit')}: ${u.displayName}" @click=${() => (this.editing = u)}>${t('admin.edit')}</button>
                ${u.disabled
                  ? html`<button type="button" aria-label="${t('admin.enable')}: ${u.displayName}" @click=${() => void this.enable(u)}>${t('admin.enable')}</button>`
                  : u.id === me
                    ? nothing
                    : html`<button type="button" class="danger" aria-label="${t('admin.disable')}: ${u.displayName}" @click=${() => (this.confirming = { kind: 'disable', user: u })}>${t('admin.disable')}</button>`}
                <button type="button" aria-label="${t('admin.resetPassword')}: ${u.displayName}" @click=${() => (this.confirming = { kind: 'reset', user: u })}>${t('admin.resetPassword')}</button>
                <button type="button" class="danger" aria-label="${t('admin.revoke')}: ${u.displayName}" @click=${() => (this.confirming = { kind: 'revoke', user: u })}>${t('admin.revoke')}</button>
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
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
            ${[...RECORD_ENTITIES, ...ONLINE_ENTITIES, ...customEntities().map((c) => c.key)].map(
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

  /** The section shown, from the address (`#/page/admin/<section>`); the users' section when it names none. */
  private section(): AdminSection {
    const r = parseRoute(location.hash);
    const arg = r.view === 'page' ? r.arg : undefined;
    return (ADMIN_SECTIONS as readonly string[]).includes(arg ?? '') ? (arg as AdminSection) : 'users';
  }

  private readonly onHash = (): void => {
    this.message = ''; // a message belongs to the section it was said in
    this.requestUpdate();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    void this.load();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHash);
    super.disconnectedCallback();
  }

  /** One row of links, not one page of everything: each section is an address of its own (bookmarks, the back button). */
  private renderSections(current: AdminSection) {
    return html`<nav class="sections" aria-label=${t('admin.sections')}>
      ${ADMIN_SECTIONS.map(
        (s) => html`<a href=${`#/page/admin/${s}`} data-admin-section=${s} aria-current=${s === current ? 'page' : 'false'}>${t(`admin.section.${s}`)}</a>`,
      )}
      <a href="#/page/rules">${t('rules.title')}</a>
      <a href="#/page/audit">${t('nav.audit')}</a>
    </nav>`;
  }

  private renderUsersSection() {
    return html`<h2>${t('admin.users')}</h2>
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
      ${this.oneTime
        ? html`<div class="one-time" role="status" data-one-time>
            ${t('admin.oneTimePassword', { who: this.oneTime.who })} <code>${this.oneTime.password}</code>
            <p>${t('admin.oneTimeHint')}</p>
          </div>`
        : nothing}
      ${this.editing
        ? html`<fc-user-edit
            .user=${this.editing}
            .users=${this.users}
            .profiles=${this.profiles}
            @fc-cancel=${() => (this.editing = null)}
            @fc-saved=${(e: CustomEvent<AdminUser>) => {
              this.editing = null;
              this.message = t('admin.saved', { who: e.detail.displayName });
              void this.load();
            }}
          ></fc-user-edit>`
        : nothing}
      ${this.renderUsers()}
      <fc-admin-sessions .users=${this.users} generation=${this.sessionsGeneration} @fc-sessions-changed=${() => void this.load()}></fc-admin-sessions>`;
  }

  private renderSection(section: AdminSection) {
    switch (section) {
      case 'users':
        return this.renderUsersSection();
      case 'organisation':
        return html`<fc-admin-organisation section="territories" @fc-changed=${() => void this.load()}></fc-admin-organisation>
          <h2>${t('admin.profiles')}</h2>
          <fc-admin-organisation section="profiles" .profiles=${this.profiles} @fc-changed=${() => void this.load()}></fc-admin-organisation>
          ${this.profiles.map((p) => this.renderProfile(p))}`;
      case 'customisation':
        return html`<fc-custom-entities .profiles=${this.profiles} @fc-changed=${() => void this.load()}></fc-custom-entities>
          <fc-custom-fields></fc-custom-fields>`;
      case 'integrations':
        return html`<fc-marketing-settings .profileNames=${this.profileNames()}></fc-marketing-settings>
          <fc-installer-settings></fc-installer-settings>
          <fc-document-settings></fc-document-settings>
          <fc-smtp-settings></fc-smtp-settings>`;
    }
  }

  override render() {
    const section = this.section();
    return html`<h1>${t('nav.admin')}</h1>
      ${this.renderSections(section)}
      ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
      ${!this.loaded ? nothing : this.renderSection(section)}
      <fc-confirm
        .open=${this.confirming !== null}
        .message=${this.confirmText(this.confirming)}
        .confirmLabel=${this.confirmLabel(this.confirming)}
        .cancelLabel=${t('ui.cancel')}
        @fc-answer=${(e: CustomEvent<boolean>) => void this.answer(e.detail)}
      ></fc-confirm>`;
  }
}
