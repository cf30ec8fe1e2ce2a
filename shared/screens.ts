// Screens as tab groups, declared beside the entities (like Sage CRM's tabs): each tab has a caption, an action and a target.
import { customEntities, customEntity, type EntityName } from './entities/index.ts';

/**
 * What a tab does. `runtabgroup` shows another tab group; `runblock` renders a block derived from the metadata
 * (`list:<entity>`, `summary`, `related:<entity>`, `calendar`, `dashboard`); `customfile` runs a custom page module; `url` opens a link.
 */
export const TAB_ACTIONS = ['runtabgroup', 'runblock', 'customfile', 'url'] as const;
export type TabAction = (typeof TAB_ACTIONS)[number];

/** The mobile theme runs only these, by design (seed 394-171793-QA); other tabs are listed as desktop-only. */
export const MOBILE_ACTIONS: readonly TabAction[] = ['runtabgroup', 'runblock'];

export interface Tab {
  id: string;
  /** i18n key of the caption. */
  caption: string;
  action: TabAction;
  target: string;
  /** Needs the server (desktop features): offline it says so and comes back by itself. */
  onlineOnly?: boolean;
  /** Shown only to users with this role. */
  role?: 'admin';
  /** Other custom pages that belong to this tab (a group's own page under Groups): the tab shows as current there. */
  pages?: readonly string[];
  /** Record screens (view, edit, new) of these entities belong to this tab: it shows as current there (Sales › Quotes). */
  records?: readonly EntityName[];
  /** Shown only to users who have this feature (a profile right, and the integration switched on). */
  feature?: Feature;
}

/** Rights a profile has as a whole, beside its entity × territory rights. */
export const FEATURES = ['mailchimp'] as const;
export type Feature = (typeof FEATURES)[number];

export interface TabGroup {
  id: string;
  tabs: readonly Tab[];
}

const list = (id: string, entity: EntityName, caption = `nav.${entity}`): Tab => ({ id, caption, action: 'runblock', target: `list:${entity}` });
const related = (entity: EntityName): Tab => ({ id: entity, caption: `nav.${entity}`, action: 'runblock', target: `related:${entity}` });
const summary: Tab = { id: 'summary', caption: 'ui.summary', action: 'runblock', target: 'summary' };
/** A record's documents (issue 8): a desktop feature, online only; phones say it is there on the desktop. */
const documents: Tab = { id: 'documents', caption: 'nav.documents', action: 'customfile', target: 'record-documents', onlineOnly: true };

export const TAB_GROUPS = {
  main: {
    id: 'main',
    tabs: [
      { id: 'dashboard', caption: 'nav.dashboard', action: 'runblock', target: 'dashboard' },
      list('companies', 'company'),
      list('persons', 'person'),
      { id: 'calendar', caption: 'nav.calendar', action: 'runblock', target: 'calendar' },
      { id: 'sales', caption: 'nav.sales', action: 'runtabgroup', target: 'sales' },
      { id: 'marketing', caption: 'nav.marketing', action: 'runtabgroup', target: 'marketing' },
      { id: 'documents', caption: 'nav.documents', action: 'customfile', target: 'documents', onlineOnly: true },
      // Reports (issue 22): a desktop feature the server runs, online only.
      { id: 'reports', caption: 'nav.reports', action: 'customfile', target: 'reports', onlineOnly: true },
      { id: 'admin', caption: 'nav.admin', action: 'customfile', target: 'admin', onlineOnly: true, role: 'admin' },
      { id: 'help', caption: 'nav.help', action: 'runtabgroup', target: 'help' },
    ],
  },
  /** Help › About (versions and time-zone data, issue 17) runs on phones too; the manual is a link. */
  help: {
    id: 'help',
    tabs: [
      { id: 'about', caption: 'nav.about', action: 'runblock', target: 'about' },
      { id: 'manual', caption: 'nav.manual', action: 'url', target: '/help.html' },
    ],
  },
  sales: {
    id: 'sales',
    tabs: [
      list('leads', 'lead'),
      list('communications', 'communication'),
      // Desktop features served online only (docs/decisions/0012): lists from the metadata, on the server's records.
      { id: 'opportunities', caption: 'nav.opportunity', action: 'customfile', target: 'opportunities', onlineOnly: true, records: ['opportunity'] },
      { id: 'quotes', caption: 'nav.quote', action: 'customfile', target: 'quotes', onlineOnly: true, records: ['quote', 'quoteItem'] },
      { id: 'orders', caption: 'nav.order', action: 'customfile', target: 'orders', onlineOnly: true, records: ['order', 'orderItem'] },
      { id: 'products', caption: 'nav.product', action: 'customfile', target: 'products', onlineOnly: true, records: ['product', 'productPrice'] },
      { id: 'templates', caption: 'nav.templates', action: 'customfile', target: 'templates', onlineOnly: true, pages: ['template'] },
      // Sales forecasts (docs/decisions/0023): one's own, and the team's of those who report to one.
      { id: 'forecasts', caption: 'nav.forecasts', action: 'customfile', target: 'forecasts', onlineOnly: true },
    ],
  },
  marketing: {
    id: 'marketing',
    tabs: [
      { id: 'groups', caption: 'nav.groups', action: 'customfile', target: 'groups', pages: ['group'], onlineOnly: true },
      { id: 'advanced-search', caption: 'nav.advanced-search', action: 'customfile', target: 'advanced-search', onlineOnly: true },
      { id: 'email-duplicates', caption: 'nav.email-duplicates', action: 'customfile', target: 'email-duplicates', onlineOnly: true, feature: 'mailchimp' },
    ],
  },
  company: { id: 'company', tabs: [summary, related('person'), related('communication'), related('note'), documents] },
  person: { id: 'person', tabs: [summary, related('communication'), related('note'), documents] },
  lead: { id: 'lead', tabs: [summary, related('note'), documents] },
  communication: { id: 'communication', tabs: [summary, documents] },
  note: { id: 'note', tabs: [summary] },
  conflict: { id: 'conflict', tabs: [summary] },
  notification: { id: 'notification', tabs: [summary] },
  setting: { id: 'setting', tabs: [summary] },
  product: { id: 'product', tabs: [summary, related('productPrice')] },
  productPrice: { id: 'productPrice', tabs: [summary] },
  opportunity: { id: 'opportunity', tabs: [summary, related('quote'), documents] },
  quote: { id: 'quote', tabs: [summary] },
  quoteItem: { id: 'quoteItem', tabs: [summary] },
  order: { id: 'order', tabs: [summary] },
  orderItem: { id: 'orderItem', tabs: [summary] },
  customRecord: { id: 'customRecord', tabs: [summary] },
} as const satisfies Record<string, TabGroup>;

export type TabGroupId = keyof typeof TAB_GROUPS;

/**
 * The main navigation with a tab per custom entity (docs/decisions/0050), after the built-in record lists: its list,
 * from which its records open. Online-only custom entities are kept by the server: a phone says they are on the
 * desktop; those kept on devices (docs/decisions/0057) open on a phone like the built-in device entities.
 */
export function mainGroup(): TabGroup {
  const custom = customEntities().map((e) => list(e.key, e.key as EntityName));
  if (custom.length === 0) return TAB_GROUPS.main;
  const tabs = [...TAB_GROUPS.main.tabs];
  tabs.splice(tabs.findIndex((x) => x.id === 'calendar'), 0, ...custom);
  return { id: 'main', tabs };
}

/**
 * A record screen's tabs: its entity's tab group, plus the custom entities whose parent it is (a company's projects),
 * and for a custom entity's record, its appointments and tasks (communications regarding it, 781-171888-QA).
 */
export function recordTabs(entity: string): TabGroup {
  if (customEntity(entity)) return { id: entity, tabs: [summary, related('communication')] };
  const own = (TAB_GROUPS as Record<string, TabGroup>)[entity] ?? { id: entity, tabs: [summary] };
  const children = customEntities().filter((e) => e.parent === entity);
  return children.length ? { id: own.id, tabs: [...own.tabs, ...children.map((e) => related(e.key as EntityName))] } : own;
}
export type Theme = 'desktop' | 'mobile';

export function runsIn(theme: Theme, tab: Tab): boolean {
  if (theme === 'desktop') return true;
  if (!MOBILE_ACTIONS.includes(tab.action)) return false;
  // A tab group whose tabs all need the desktop (Marketing) is itself desktop-only: it would open onto nothing.
  if (tab.action === 'runtabgroup') {
    const g = (TAB_GROUPS as Record<string, TabGroup>)[tab.target];
    return !g || g.tabs.some((x) => x.action !== 'runtabgroup' && runsIn(theme, x));
  }
  return true;
}

/** The tabs a theme offers, and the ones it leaves out (to say that they exist, and why). */
export function tabsFor(group: TabGroup, theme: Theme, role: string, features: readonly string[] = []): { shown: Tab[]; desktopOnly: Tab[] } {
  const mine = group.tabs.filter((t) => (!t.role || t.role === role) && (!t.feature || features.includes(t.feature)));
  return { shown: mine.filter((t) => runsIn(theme, t)), desktopOnly: mine.filter((t) => !runsIn(theme, t)) };
}
