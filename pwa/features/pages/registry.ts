// Custom pages run by `customfile` tabs (desktop theme). Each page's module loads when the page is first opened (a
// chunk of its own, precached by the service worker for offline use), so these desktop features do not weigh on
// the first screen; the element upgrades as soon as its module has run (docs/decisions/0030).
import { html, type TemplateResult } from 'lit';
import { loadReports } from '../reports/load.ts';

/**
 * Starts loading an element's module (the browser caches a module: later calls are free). A chunk that cannot load
 * (offline before the service worker kept it) leaves the element empty; the next render tries again.
 */
export function loadOnce(load: () => Promise<unknown>): void {
  load().catch(() => undefined);
}

/** Renders the page's element and starts loading its module. */
const lazy =
  (load: () => Promise<unknown>, render: () => TemplateResult): (() => TemplateResult) =>
  () => {
    loadOnce(load);
    return render();
  };

export const PAGES: Record<string, () => TemplateResult> = {
  admin: lazy(() => import('../admin/fc-admin-page.ts'), () => html`<fc-admin-page></fc-admin-page>`),
  audit: lazy(() => import('../admin/fc-audit-page.ts'), () => html`<fc-audit-page></fc-audit-page>`),
  // Table rules (issue #24, docs/decisions/0049): administrators only, like the audit log.
  rules: lazy(() => import('../admin/fc-rules-page.ts'), () => html`<fc-rules-page></fc-rules-page>`),
  forecasts: lazy(() => import('../forecasts/fc-forecasts.ts'), () => html`<fc-forecasts></fc-forecasts>`),
  'email-duplicates': lazy(() => import('../marketing/fc-email-duplicates.ts'), () => html`<fc-email-duplicates></fc-email-duplicates>`),
  groups: lazy(() => import('../groups/fc-group-list.ts'), () => html`<fc-group-list></fc-group-list>`),
  group: lazy(() => import('../groups/fc-group-view.ts'), () => html`<fc-group-view></fc-group-view>`),
  // Sales (docs/decisions/0012): the metadata's lists, on the records the server keeps.
  opportunities: () => html`<fc-record-list entity="opportunity"></fc-record-list>`,
  quotes: () => html`<fc-record-list entity="quote"></fc-record-list>`,
  orders: () => html`<fc-record-list entity="order"></fc-record-list>`,
  products: () => html`<fc-record-list entity="product"></fc-record-list>`,
  templates: lazy(() => import('../templates/fc-template-list.ts'), () => html`<fc-template-list></fc-template-list>`),
  template: lazy(() => import('../templates/fc-template-editor.ts'), () => html`<fc-template-editor></fc-template-editor>`),
  documents: lazy(() => import('../documents/fc-document-library.ts'), () => html`<fc-document-library></fc-document-library>`),
  // Part of the shell (fc-app shows it alone while a one-time password must be changed): no chunk of its own.
  password: () => html`<fc-password-page></fc-password-page>`,
  // Reports (issue 22): the screen, its chart and formatting (docs/decisions/0036).
  reports: lazy(loadReports, () => html`<fc-reports-page></fc-reports-page>`),
  // Its own page, beside the record lists (issue #21 reworks those): conditions on any field, saved as dynamic groups.
  'advanced-search': lazy(() => import('../search/fc-advanced-search.ts'), () => html`<fc-advanced-search></fc-advanced-search>`),
};
