// Reports and the dashboard in the browser (issue 22), in English and French: a report built, run, charted (keyboard
// on the bars), saved and exported to .xlsx; the dashboard's gadgets added, reordered and kept across a reload; and the
// notification gadget with a deleted record behind an item (741-171644-QA); offline, the device's gadgets still show.
// Screenshots at 1366 px and 375 px.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSheet } from 'read-excel-file/node';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'playwright-core';
import { entityDef } from '../../shared/entities/index.ts';
import { blankRecord } from '../../shared/records.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { ROOT } from '../../sync-server/config.ts';
import type { TestServer } from '../helpers/server.ts';
import { goOffline, goOnline, launch, onServer, signInUI, startAppServer, waitReady } from './helpers.ts';

const SHOTS = join(ROOT, '.tmp');
const t = suite<{ server: TestServer; browser: Browser }>('reports-ui');
t.before(async (ctx) => {
  mkdirSync(SHOTS, { recursive: true });
  ctx.server = await startAppServer(16);
  ctx.browser = await launch();
});
t.after(async ({ server, browser }) => {
  await browser.close();
  await server.close();
});

async function open(browser: Browser, server: TestServer, login: string, width = 1366): Promise<Page> {
  const ctx = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London', viewport: { width, height: 900 }, acceptDownloads: true });
  const page = await ctx.newPage();
  await signInUI(page, server.url, login);
  await waitReady(page);
  return page;
}

t('English: a report built (quotes by status), run with its chart, the bars reached with the keyboard, saved and exported to .xlsx', async ({ server, browser }) => {
  const page = await open(browser, server, 'admin');
  await page.locator('fc-nav a[data-tab=reports]').click();
  await page.waitForURL(/#\/page\/reports/);
  const screen = page.locator('fc-reports-page');
  // The shipped reports are listed; the first opens with its table and chart.
  await screen.locator('a[data-report=quotes-by-status]', { hasText: 'Quotes by status, totals per currency' }).waitFor();
  await screen.locator('table[data-report-table]').waitFor();

  await screen.locator('[data-new-report]').click();
  const builder = screen.locator('form[data-builder]');
  await builder.locator('select[name=entity]').selectOption('quote');
  for (const col of ['description', 'companyId']) await builder.locator(`input[data-column="${col}"]`).uncheck();
  await builder.locator('input[data-column="currency"]').check();
  await builder.locator('select[name=group0]').selectOption('status');
  await builder.locator('input[name=chart]').check();
  await builder.locator('[data-run]').click();
  await screen.locator('tr[data-row=subtotal]').first().waitFor();
  assert.ok((await screen.locator('tr[data-row=total]').count()) >= 1, 'a total per currency');
  const bars = screen.locator('fc-report-chart g[data-bar]');
  await bars.first().waitFor();
  assert.ok((await bars.count()) >= 2, 'a bar per status');
  // Keyboard: Tab reaches the first bar, the arrow moves to the next, each bar says its figure.
  await bars.first().focus();
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => {
    const chart = document.querySelector('fc-app')?.shadowRoot?.querySelector('fc-online-only')?.shadowRoot?.querySelector('fc-reports-page')?.shadowRoot?.querySelector('fc-report-chart');
    const el = chart?.shadowRoot?.activeElement;
    return el ? [el.getAttribute('data-bar'), el.getAttribute('aria-label')] : null;
  });
  assert.ok(focused, 'a bar has the focus');
  assert.is(focused![0], await bars.nth(1).getAttribute('data-bar'));
  assert.match(String(focused![1]), /: .*\d/);
  await page.screenshot({ path: join(SHOTS, 'reports-builder-1366.png'), fullPage: true });

  await builder.locator('input[name=name]').fill('Quote totals by status');
  await builder.locator('[data-save]').click();
  await screen.locator('[role=status]', { hasText: 'Report saved.' }).waitFor();
  await screen.locator('a[data-report]', { hasText: 'Quote totals by status' }).waitFor();
  const saved = await onServer('the saved report', async () => (await server.store.serverSettingsWithPrefix('report.saved.')).find((r) => r.value.includes('Quote totals by status')));
  assert.match(saved.key, /^report\.saved\.r-/);

  // Export: a real workbook, totals as number cells.
  const [download] = await Promise.all([page.waitForEvent('download'), screen.locator('a[data-export=xlsx]').click()]);
  assert.match(download.suggestedFilename(), /Quote-totals-by-status\.xlsx$/);
  const file = join(SHOTS, 'report-export.xlsx');
  await download.saveAs(file);
  const rows = await readSheet(readFileSync(file));
  assert.equal(rows[0], ['Reference', 'Status', 'Total', 'Currency']);
  assert.ok(rows.slice(1).some((r) => typeof r[2] === 'number'), 'number cells');
  await page.screenshot({ path: join(SHOTS, 'reports-saved-1366.png'), fullPage: true });
  await page.context().close();
});

t('French: the shipped reports in French, companies by territory and type with its chart, exported to CSV', async ({ server, browser }) => {
  const page = await open(browser, server, 'sales');
  await page.goto(`${server.url}/#/page/reports/companies-by-territory`);
  const screen = page.locator('fc-reports-page');
  await screen.locator('a[data-report=companies-by-territory]', { hasText: 'Sociétés par territoire et par type' }).waitFor();
  await screen.locator('table[data-report-table] th', { hasText: 'Territoire' }).waitFor();
  await screen.locator('fc-report-chart g[data-bar]').first().waitFor();
  await screen.locator('[data-count]', { hasText: 'enregistrement' }).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), screen.locator('a[data-export=csv]').click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv, /^\ufeffTerritoire,Type,/);
  await page.screenshot({ path: join(SHOTS, 'reports-fr-1366.png'), fullPage: true });
  await page.context().close();
});

t('English: forecast vs. actual per user, with forecast and actual side by side in the chart (on #19’s forecasts)', async ({ server, browser }) => {
  const year = new Date().getUTCFullYear();
  const now = new Date().toISOString();
  for (const [userId, period, amount] of [['u-sales', `${year}-Q1`, 900000], ['u-sales', `${year}-Q2`, 400000], ['u-manager', `${year}-Q1`, 1200000]] as const)
    await server.store.forecasts.put({ id: `${userId}:${period}`, userId, period, periodStart: `${year}-${period.endsWith('Q1') ? '01' : '04'}-01`, amount, currency: 'EUR', updatedAt: now, updatedBy: userId });
  const page = await open(browser, server, 'admin');
  await page.goto(`${server.url}/#/page/reports/forecast-vs-actual`);
  const screen = page.locator('fc-reports-page');
  await screen.locator('h2', { hasText: 'Forecast vs. actual per user' }).waitFor();
  await screen.locator('table[data-report-table] td', { hasText: `${year}-Q1` }).first().waitFor();
  const bar = screen.locator('fc-report-chart g[data-bar="Sophie Martin"]');
  assert.match(String(await bar.getAttribute('aria-label')), /^Sophie Martin: Actual \(won\) .*, Forecast €13,000\.00$/);
  assert.is(await screen.locator('[data-edit]').count(), 0, 'computed: no builder');
  await page.screenshot({ path: join(SHOTS, 'reports-forecast-1366.png'), fullPage: true });
  await page.context().close();
});

t('English: a gadget added to the dashboard, moved up, and still there after a reload (kept on the server per user)', async ({ server, browser }) => {
  const page = await open(browser, server, 'admin');
  await page.goto(`${server.url}/#/dashboard`);
  const dash = page.locator('fc-dashboard');
  await dash.locator('section[data-gadget=notifications]').waitFor();
  await dash.locator('section[data-gadget=pipeline] fc-report-chart g[data-bar]').first().waitFor();
  await dash.locator('[data-arrange]').click();
  const add = dash.locator('form[data-add-gadget]');
  await add.locator('select[name=kind]').selectOption('report');
  await add.locator('select[name=report]').selectOption('quotes-by-status');
  await add.locator('button[type=submit]').click();
  const gadget = dash.locator('section[data-gadget=report]');
  await gadget.locator('h2', { hasText: 'Report: Quotes by status' }).waitFor();
  await gadget.locator('fc-report-chart g[data-bar]').first().waitFor();
  await gadget.locator('[data-up]').click();
  await dash.locator('section[data-gadget=today] [data-remove]').click();
  await onServer('the arrangement', async () => {
    const text = await server.store.getServerSetting('dashboard.u-admin');
    return text && text.includes('quotes-by-status') && !text.includes('"today"') ? text : null;
  });
  await dash.locator('[data-arrange]').click();
  await page.screenshot({ path: join(SHOTS, 'dashboard-1366.png'), fullPage: true });
  await page.reload();
  await dash.locator('section[data-gadget=report] fc-report-chart g[data-bar]').first().waitFor();
  const order = await dash.locator('section[data-gadget]').evaluateAll((els) => els.map((e) => e.getAttribute('data-gadget')));
  assert.equal(order, ['notifications', 'conflicts', 'recent', 'report', 'pipeline']);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: join(SHOTS, 'dashboard-375.png'), fullPage: true });

  // Offline: the gadgets on the device's data still show; the report gadgets say they need the server.
  await goOffline(page.context(), server);
  await dash.locator('section[data-gadget=pipeline] [data-online-only]', { hasText: 'Available when online.' }).waitFor();
  await dash.locator('section[data-gadget=report] [data-online-only]').waitFor();
  assert.ok((await dash.locator('section[data-gadget=recent] li a').count()) > 0, 'recent records from the device');
  await dash.locator('section[data-gadget=notifications] p', { hasText: 'No notifications.' }).waitFor();
  await page.screenshot({ path: join(SHOTS, 'dashboard-offline-375.png'), fullPage: true });
  await goOnline(page.context(), server);
  await page.context().close();
});

t('French: the notification gadget with a deleted record behind an item, and one the user may no longer see (741-171644-QA)', async ({ server, browser }) => {
  const companies = (await server.store.pull('company', 0, 200, { kind: 'everyone' })).documents;
  const [kept, doomed] = companies.filter((c) => c.territoryId === 't-eu').slice(-2);
  const hidden = companies.find((c) => c.territoryId === 't-na')!;
  const note = (id: string, body: unknown, at: string): WireDoc =>
    ({ ...(blankRecord(entityDef('notification'), id, 'none') as Record<string, unknown>), id, kind: 'info', status: 'unread', ownerId: 'u-sales', title: `Partagé ${id}`, body: JSON.stringify(body), happenedAt: at, _deleted: false }) as unknown as WireDoc;
  await server.store.insertMany('notification', [
    note('nb-kept', { entity: 'company', id: kept!.id }, '2026-12-01T10:00:00.000Z'),
    note('nb-deleted', { entity: 'company', id: doomed!.id }, '2026-12-01T11:00:00.000Z'),
    note('nb-hidden', { entity: 'company', id: hidden.id }, '2026-12-01T12:00:00.000Z'),
  ]);
  const [master] = await server.store.getByIds('company', [doomed!.id]);
  await server.store.push('company', [{ assumedMasterState: master!, newDocumentState: { ...master!, _deleted: true } }], { userId: 'u-admin', rights: { company: { view: ['t-world', 't-eu'], insert: [], edit: ['t-world', 't-eu'], delete: ['t-world', 't-eu'] } }, lenient: false, now: new Date().toISOString() });
  assert.is((await server.store.getByIds('company', [doomed!.id]))[0]!._deleted, true);

  const page = await open(browser, server, 'sales');
  await page.goto(`${server.url}/#/dashboard`);
  const gadget = page.locator('fc-dashboard section[data-gadget=notifications]');
  await gadget.locator('h2', { hasText: 'Notifications' }).waitFor();
  await gadget.locator('li[data-notification=nb-deleted][data-gone]', { hasText: 'n’est plus disponible' }).waitFor();
  await gadget.locator('li[data-notification=nb-hidden][data-gone]').waitFor();
  assert.is(await gadget.locator('li[data-notification=nb-deleted] a').count(), 0, 'no link to a deleted record');
  assert.is(await gadget.locator('li[data-notification=nb-kept] a').innerText(), String((kept as unknown as Record<string, unknown>).name));
  await page.screenshot({ path: join(SHOTS, 'dashboard-notifications-fr-1366.png'), fullPage: true });
  await page.context().close();
});

t.run();
