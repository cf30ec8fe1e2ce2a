// The navigation, built from the `main` tab group: tabs the theme runs, a sub-row for a tab group, and a note naming desktop-only tabs.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { mainGroup, TAB_GROUPS, tabsFor, type Tab, type TabGroup, type Theme } from '../../shared/screens.ts';
import { LocaleController, t } from '../i18n/index.ts';
import { base } from '../ui/styles.ts';
import { href, type Route } from './router.ts';

const NOTED_KEY = 'fieldcrm.desktopOnlyNoted';
function readNoted(): boolean {
  try {
    return localStorage.getItem(NOTED_KEY) === '1';
  } catch {
    return false;
  }
}

const group = (id: string): TabGroup | undefined => (TAB_GROUPS as Record<string, TabGroup>)[id];

/** Where a tab leads; a tab group leads to its first tab the theme runs. */
export function tabHref(tab: Tab, theme: Theme, role: string): string {
  switch (tab.action) {
    case 'runblock': {
      if (tab.target === 'calendar') return '#/calendar';
      if (tab.target === 'dashboard') return '#/dashboard';
      if (tab.target === 'about') return '#/about';
      const [kind, entity] = tab.target.split(':');
      return kind === 'list' && entity ? `#/${entity}` : '#/';
    }
    case 'runtabgroup': {
      const g = group(tab.target);
      const first = g ? tabsFor(g, theme, role).shown[0] : undefined;
      return first ? tabHref(first, theme, role) : '#/';
    }
    case 'customfile':
      return href({ view: 'page', page: tab.target });
    case 'url':
      return tab.target;
  }
}

export function tabActive(tab: Tab, route: Route, theme: Theme, role: string): boolean {
  switch (tab.action) {
    case 'runblock':
      if (route.view === 'calendar') return tab.target === 'calendar';
      if (route.view === 'dashboard') return tab.target === 'dashboard';
      if (route.view === 'about') return tab.target === 'about';
      return route.view !== 'page' && tab.target === `list:${route.entity}`;
    case 'runtabgroup': {
      const g = group(tab.target);
      return g ? tabsFor(g, theme, role).shown.some((x) => tabActive(x, route, theme, role)) : false;
    }
    case 'customfile':
      if ('entity' in route && (tab.records ?? []).includes(route.entity)) return true;
      return route.view === 'page' && (route.page === tab.target || (tab.pages ?? []).includes(route.page));
    case 'url':
      return false;
  }
}

@customElement('fc-nav')
export class FcNav extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        background: #fff;
        border-bottom: 1px solid var(--fc-line);
      }
      nav {
        display: flex;
        gap: 2px;
        overflow-x: auto;
        padding: 0 8px;
      }
      nav.sub {
        background: #f0f3f7;
        border-top: 1px solid var(--fc-line);
      }
      a {
        padding: 12px 14px;
        min-height: 44px;
        display: inline-flex;
        align-items: center;
        text-decoration: none;
        color: var(--fc-muted);
        border-bottom: 3px solid transparent;
        white-space: nowrap;
      }
      a[aria-current='page'] {
        color: var(--fc-text);
        border-bottom-color: var(--fc-accent);
        font-weight: 600;
      }
      a.conflicts {
        color: var(--fc-warn);
        font-weight: 600;
      }
      .desktop-only {
        margin: 0;
        padding: 4px 16px 8px;
        font-size: 13px;
        display: flex;
        align-items: center;
      }
      .desktop-only button {
        margin-left: 8px;
        min-height: 44px;
        min-width: 44px;
      }
      /* More tabs than the screen holds: the right edge fades, saying "scroll for more", until the end is reached. */
      nav.main[data-more] {
        -webkit-mask-image: linear-gradient(to right, #000 80%, transparent);
        mask-image: linear-gradient(to right, #000 80%, transparent);
      }
    `,
  ];
  @property({ attribute: false }) route: Route = { view: 'list', entity: 'company' };
  @property() theme: Theme = 'desktop';
  @property({ attribute: 'user-role' }) userRole = '';
  /** Features the user may use now (MailChimp…): tabs that need one are shown only then. */
  @property({ attribute: false }) features: readonly string[] = [];

  /** The "available in the desktop theme" note was read (kept on this device): it is not shown on every screen. */
  @state() private noted = readNoted();

  constructor() {
    super();
    new LocaleController(this);
  }

  private dismissNote(): void {
    this.noted = true;
    try {
      localStorage.setItem(NOTED_KEY, '1');
    } catch {
      // Private browsing without storage: dismissed for this page only.
    }
  }

  /** Marks the tab row when it holds more than the screen shows and is not scrolled to its end. */
  private measure = (): void => {
    const nav = this.renderRoot.querySelector('nav.main') as HTMLElement | null;
    if (!nav) return;
    const more = nav.scrollWidth - nav.clientWidth - nav.scrollLeft > 4;
    if (more) nav.setAttribute('data-more', '');
    else nav.removeAttribute('data-more');
  };

  protected override updated(): void {
    this.measure();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('resize', this.measure);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('resize', this.measure);
  }

  private link(tab: Tab) {
    const current = tabActive(tab, this.route, this.theme, this.userRole);
    if (tab.action === 'url')
      return html`<a href=${tab.target} target="_blank" rel="noopener" data-tab=${tab.id} data-action=${tab.action}>${t(tab.caption)} ↗</a>`;
    return html`<a href=${tabHref(tab, this.theme, this.userRole)} data-tab=${tab.id} data-action=${tab.action} aria-current=${current ? 'page' : 'false'}>${t(tab.caption)}</a>`;
  }

  override render() {
    const main = tabsFor(mainGroup(), this.theme, this.userRole, this.features);
    const open = main.shown.find((x) => x.action === 'runtabgroup' && tabActive(x, this.route, this.theme, this.userRole));
    const sub = open ? group(open.target) : undefined;
    const subTabs = sub ? tabsFor(sub, this.theme, this.userRole, this.features) : null;
    const hidden = [...main.desktopOnly, ...(subTabs?.desktopOnly ?? [])];
    const onConflicts = 'entity' in this.route && this.route.entity === 'conflict';
    return html`<nav class="main" aria-label=${t('ui.navigation')} @scroll=${this.measure}>
        ${main.shown.map((x) => this.link(x))}
        ${onConflicts ? html`<a class="conflicts" href="#/conflict" aria-current="page">⚠ ${t('nav.conflict')}</a>` : nothing}
      </nav>
      ${subTabs && subTabs.shown.length ? html`<nav class="sub" aria-label=${t(open?.caption ?? '')}>${subTabs.shown.map((x) => this.link(x))}</nav>` : nothing}
      ${hidden.length && !this.noted
        ? html`<p class="desktop-only muted" data-desktop-only=${hidden.map((x) => x.id).join(' ')}>
            <span>${t('ui.desktopOnly', { tabs: hidden.map((x) => t(x.caption)).join(', ') })}</span>
            <button type="button" title=${t('ui.gotIt')} @click=${() => this.dismissNote()}>${t('ui.ok')}</button>
          </p>`
        : nothing}`;
  }
}
