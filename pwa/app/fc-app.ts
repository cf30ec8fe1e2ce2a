// The app shell: header with sync status, navigation, the routed screen, the first-sync progress and the sign-in overlay.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { BehaviorSubject, type Subscription } from 'rxjs';
import type { Theme } from '../../shared/screens.ts';
import { entityDef } from '../../shared/entities/index.ts';
import type { SyncStatus } from '../db/sync-engine.ts';
import '../features/auth/fc-sign-in.ts';
import '../features/search/fc-quick-search.ts';
import '../features/records/fc-record-form.ts';
import '../features/records/fc-record-list.ts';
import '../features/records/fc-record-view.ts';
import { initialLocale, locale, LocaleController, setLocale, t } from '../i18n/index.ts';
import { base } from '../ui/styles.ts';
import '../ui/fc-online-only.ts';
import { PAGES, loadOnce } from '../features/pages/registry.ts';
import '../features/account/fc-password-page.ts';
import './fc-nav.ts';
import { activeFeatures } from './features.ts';
import '../features/marketing/fc-notifications.ts';
import '../features/help/fc-about.ts';
import './fc-status.ts';
import { chooseTheme, theme } from './theme.ts';
import { parseRoute, type Route } from './router.ts';
import { runtime, type Phase } from './runtime.ts';

@customElement('fc-app')
export class FcApp extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 100vh;
        background: var(--fc-bg);
      }
      header {
        background: #12385f;
        color: #fff;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px 12px;
        padding: 6px 12px;
        position: sticky;
        top: 0;
        z-index: 10;
      }
      .brand {
        font-weight: 700;
        font-size: 18px;
      }
      /* The search box takes the free space between the brand and the status; on a phone it is a button. */
      fc-quick-search {
        margin-right: auto;
      }
      /* Changes to settle: in the header on every screen and theme, never scrolled out of sight with the tabs. */
      header a.conflicts {
        background: #fff3cd;
        color: #7a4d00;
        font-weight: 700;
        border-radius: 999px;
        padding: 2px 12px;
        min-height: 44px;
        min-width: 44px;
        justify-content: center;
        box-sizing: border-box;
        display: inline-flex;
        align-items: center;
        text-decoration: none;
      }
      /* Shown only when focused from the keyboard. */
      .skip {
        position: absolute;
        left: -9999px;
        top: 4px;
        background: #fff;
        color: #12385f;
        padding: 8px 12px;
        min-height: 44px;
        box-sizing: border-box;
        display: inline-flex;
        align-items: center;
        border-radius: 6px;
        z-index: 50;
      }
      .skip:focus {
        left: 8px;
      }
      main:focus {
        outline: none;
      }
      :host([theme='mobile']) header {
        flex-wrap: nowrap;
        gap: 6px;
      }
      /* A narrow phone keeps its one row for what acts: the brand goes. */
      @media (max-width: 479px) {
        :host([theme='mobile']) .brand {
          display: none;
        }
      }
      details.menu {
        position: relative;
      }
      details.menu > summary {
        list-style: none;
        cursor: pointer;
        font-size: 22px;
        min-width: 44px;
        min-height: 44px;
        display: flex;
        align-items: center;
        justify-content: center;
        border: 1px solid rgb(255 255 255 / 35%);
        border-radius: 8px;
      }
      details.menu > summary::-webkit-details-marker {
        display: none;
      }
      .menu-items {
        position: absolute;
        right: 0;
        top: calc(100% + 6px);
        background: #12385f;
        border-radius: 8px;
        padding: 8px;
        display: flex;
        flex-direction: column;
        min-width: 220px;
        box-shadow: 0 6px 24px rgb(0 0 0 / 30%);
        z-index: 30;
      }
      /* No flex gap on iOS 13: margins space the menu's entries. */
      .menu-items > * + * {
        margin-top: 6px;
      }
      .menu-user {
        color: #fff;
        padding: 10px;
        min-height: 44px;
        box-sizing: border-box;
      }
      header button {
        background: transparent;
        color: #fff;
        border-color: rgb(255 255 255 / 35%);
        padding: 0 10px;
      }
      /* Printing a record prints the record, not the app around it (394-171429-QA). */
      @media print {
        header,
        fc-nav,
        .progress,
        .overlay {
          display: none !important;
        }
        :host {
          background: #fff;
        }
      }
      :host([theme='mobile']) fc-nav {
        position: sticky;
        top: 0;
        z-index: 9;
      }
      :host([theme='mobile']) .user {
        display: none;
      }
      main {
        flex: 1;
        width: 100%;
        max-width: 1100px;
        margin: 0 auto;
      }
      .progress {
        padding: 8px 16px;
        background: #e8f1fb;
        font-size: 14px;
      }
      progress {
        width: 100%;
        height: 8px;
      }
      .overlay {
        position: fixed;
        /* No inset shorthand before Safari 14.1. */
        top: 0;
        right: 0;
        bottom: 0;
        left: 0;
        background: rgb(0 0 0 / 45%);
        z-index: 40;
        overflow: auto;
      }
      .user {
        font-size: 13px;
        opacity: 0.85;
        color: #fff;
      }
    `,
  ];
  constructor() {
    super();
    // Re-render when the user switches language.
    new LocaleController(this);
  }
  @state() private phase: Phase = { name: 'signed-out' };
  @state() private status: SyncStatus | null = null;
  @state() private pending = 0;
  @state() private route: Route = parseRoute(location.hash);
  @state() private openConflicts = 0;
  @state() private theme: Theme = theme.value;
  private subs: Subscription[] = [];
  private conflictSub: Subscription | null = null;
  private readonly onHash = (): void => {
    this.route = parseRoute(location.hash);
  };
  private readonly onOnline = (): void => runtime.reconnect();

  override connectedCallback(): void {
    super.connectedCallback();
    setLocale(initialLocale(), false);
    this.subs = [
      runtime.phase.subscribe((p) => {
        this.phase = p;
        this.watchConflicts();
        if (p.name === 'running' && !localStorage.getItem('fieldcrm.locale')) setLocale(initialLocale(p.running.session.user.locale), false);
      }),
      runtime.status.subscribe((s) => (this.status = s)),
      runtime.pendingCount.subscribe((n) => (this.pending = n)),
      theme.subscribe((th) => {
        this.theme = th;
        this.setAttribute('theme', th);
      }),
    ];
    window.addEventListener('hashchange', this.onHash);
    window.addEventListener('online', this.onOnline);
    window.addEventListener('resize', this.onResize);
    void runtime.boot();
  }

  /**
   * How far down the screen's own sticky parts stick (a list's column headers): below the header that stays on top
   * (desktop), or the tab row (phone). Set on <main> as `--fc-sticky-top`; both can wrap, so it is measured.
   */
  private readonly onResize = (): void => {
    const main = this.renderRoot.querySelector('main');
    const top = this.renderRoot.querySelector(this.theme === 'mobile' ? 'fc-nav' : 'header');
    if (main && top) main.style.setProperty('--fc-sticky-top', `${Math.round(top.getBoundingClientRect().height)}px`);
  };

  override updated(): void {
    this.onResize();
  }

  /** The count of open conflicts and refused changes, for the navigation badge (per data generation). */
  private watchConflicts(): void {
    this.conflictSub?.unsubscribe();
    this.conflictSub = null;
    const repo = runtime.current?.repo;
    if (repo) this.conflictSub = repo.list$('conflict', new BehaviorSubject('')).subscribe((all) => (this.openConflicts = all.filter((c) => c.status === 'open').length));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.conflictSub?.unsubscribe();
    this.subs.forEach((s) => s.unsubscribe());
    window.removeEventListener('hashchange', this.onHash);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('resize', this.onResize);
  }

  /**
   * What the main content is rebuilt on: the device's generation (a start-over replaces its database, and screens bound to
   * the old one must go), except on the desktop's custom pages, which read the server, not the device: an administrator
   * who changes the territory tree starts their own device over, and the Administration page, with what is typed in it,
   * must stay.
   */
  private mainKey(): string {
    const r = this.route;
    return r.view === 'page' ? `page:${r.page}` : `device:${this.phase.name === 'running' ? this.phase.running.device.generation.value : 0}`;
  }

  private renderRoute() {
    // A one-time password (an administrator's reset, a new user): nothing else until the user chooses their own.
    if (this.phase.name === 'running' && this.phase.running.session.user.mustChangePassword) return html`<fc-password-page forced></fc-password-page>`;
    const r = this.route;
    // Quotes, orders, products, opportunities: desktop features the server keeps, shown online only (like custom pages).
    if ('entity' in r && entityDef(r.entity).online) {
      if (this.theme === 'mobile') return html`<p class="muted" style="padding:16px">${t('ui.desktopOnly', { tabs: t(`nav.${r.entity}`) })}</p>`;
      return html`<fc-online-only feature=${t(`nav.${r.entity}`)} .content=${() => this.renderRecords(r)}></fc-online-only>`;
    }
    return this.renderRecords(r);
  }

  private renderRecords(r: Route) {
    switch (r.view) {
      // The dashboard, calendar and conflicts are chunks of their own, loaded when first shown (the first screen's
      // JavaScript, docs/decisions/0009): the element upgrades, with the properties set here, once its module has run.
      case 'dashboard':
        loadOnce(() => import('../features/dashboard/fc-dashboard.ts'));
        return html`<fc-dashboard></fc-dashboard>`;
      case 'about':
        return html`<fc-about></fc-about>`;
      case 'calendar':
        // A phone opens on the day: a 7-column week does not fit its width (issue 21).
        loadOnce(() => import('../features/calendar/fc-calendar.ts'));
        return html`<fc-calendar .mode=${r.auto && this.theme === 'mobile' ? 'day' : r.mode} .date=${r.date} .user=${r.user}></fc-calendar>`;
      case 'page': {
        // Custom pages are desktop features served online only (tab metadata says which).
        // (One's own password can be changed from a phone too.)
        const page = PAGES[r.page];
        // An address that names no page (a mistyped or old link) says so, with the way home.
        if (!page) return html`<p class="muted" style="padding:16px" data-no-page>${t('ui.noSuchPage')} <a href="#/">${t('nav.dashboard')}</a></p>`;
        if (this.theme === 'mobile' && r.page !== 'password') return html`<p class="muted" style="padding:16px">${t('ui.desktopOnly', { tabs: t(`nav.${r.page}`) })}</p>`;
        return html`<fc-online-only feature=${t(`nav.${r.page}`)} .content=${page}></fc-online-only>`;
      }
      case 'list':
        if (r.entity === 'conflict') {
          loadOnce(() => import('../features/conflicts/fc-conflict-list.ts'));
          return html`<fc-conflict-list></fc-conflict-list>`;
        }
        return html`<fc-record-list .entity=${r.entity}></fc-record-list>`;
      case 'show':
        return html`<fc-record-view .entity=${r.entity} .recordId=${r.id} .tab=${r.tab}></fc-record-view>`;
      case 'edit':
        return html`<fc-record-form .entity=${r.entity} .recordId=${r.id} .back=${r.back}></fc-record-form>`;
      case 'new':
        return html`<fc-record-form .entity=${r.entity} .recordId=${''} .prefill=${r.prefill} .back=${r.back}></fc-record-form>`;
    }
  }

  private headerActions(toggle: unknown) {
    return html`${toggle}
      <button type="button" data-theme-switch @click=${() => chooseTheme(this.theme === 'mobile' ? 'desktop' : 'mobile')}>
        ${this.theme === 'mobile' ? t('ui.desktopTheme') : t('ui.mobileTheme')}
      </button>
      <button type="button" @click=${() => void runtime.signOut()}>${t('ui.signOut')}</button>`;
  }

  /** The skip link: past the header and the tabs, to the screen itself (the hash is the router's, so no #main). */
  private skipToContent(e: Event): void {
    e.preventDefault();
    (this.renderRoot.querySelector('main') as HTMLElement | null)?.focus();
  }

  override render() {
    const toggle = html`<button type="button" @click=${() => setLocale(locale() === 'fr' ? 'en' : 'fr')} lang=${locale() === 'fr' ? 'en' : 'fr'}>${t('ui.language')}</button>`;
    if (this.phase.name !== 'running') {
      return html`<header><span class="brand">FieldCRM</span>${toggle}</header>
        ${this.phase.name === 'starting' ? nothing : html`<fc-sign-in></fc-sign-in>`}`;
    }
    const s = this.status;
    const user = this.phase.running.session.user;
    return html`<header>
        <a class="skip" href="#" @click=${(e: Event) => this.skipToContent(e)}>${t('ui.skipToContent')}</a>
        <span class="brand">FieldCRM</span>
        <fc-quick-search ?compact=${this.theme === 'mobile'}></fc-quick-search>
        <fc-status .status=${s} .pending=${this.pending} ?compact=${this.theme === 'mobile'}></fc-status>
        ${this.openConflicts > 0
          ? html`<a class="conflicts" data-conflicts-badge href="#/conflict" title=${t('conflict.badge', { n: this.openConflicts })} aria-label=${t('conflict.badge', { n: this.openConflicts })}>⚠ ${this.openConflicts}</a>`
          : nothing}
        <fc-notifications></fc-notifications>
        ${this.theme === 'mobile'
          ? // A phone: one row; the rest behind a menu button.
            html`<details class="menu">
              <summary aria-label=${t('ui.menu')} title=${t('ui.menu')}>☰</summary>
              <div class="menu-items" @click=${(e: Event) => (e.target as HTMLElement).closest('button, a') && (e.currentTarget as HTMLElement).parentElement?.removeAttribute('open')}>
                <a class="menu-user" href="#/page/password">${user.displayName} · ${t('nav.password')}</a>
                ${this.headerActions(toggle)}
              </div>
            </details>`
          : html`<a class="user" href="#/page/password" title=${t('nav.password')}>${user.displayName}</a> ${this.headerActions(toggle)}`}
      </header>
      ${user.mustChangePassword ? nothing : html`<fc-nav .route=${this.route} theme=${this.theme} user-role=${user.role} .features=${activeFeatures(this.phase.running.session)}></fc-nav>`}
      ${s && !s.ready && s.preparing && !user.mustChangePassword
        ? html`<div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(s.progress * 100)}>
            ${t('ui.firstSync', { p: Math.round(s.progress * 100) })}
            <progress max="100" .value=${Math.round(s.progress * 100)}></progress>
          </div>`
        : nothing}
      <main id="main" tabindex="-1">${keyed(this.mainKey(), this.renderRoute())}</main>
      ${s?.signedOut ? html`<div class="overlay"><fc-sign-in .pending=${this.pending}></fc-sign-in></div>` : nothing}`;
  }
}
