// Lists reach every record: the device's lists scroll virtually through all of them (cards on a phone, a table with
// sortable columns, a filter row and CSV/Excel export on a desktop); the server's lists page with a total.
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import readXlsxFile from 'read-excel-file/node';
import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launch, signInUI, startAppServer, waitReady } from './helpers.ts';
import type { TestServer } from '../helpers/server.ts';
import { makeDoc } from '../helpers/docs.ts';
import type { FilterTerm, SortKey } from '../../shared/list-query.ts';
import type { Browser } from 'playwright-core';

let server: TestServer;
let browser: Browser;
mkdirSync('.tmp', { recursive: true });

test.before(async () => {
  // 240 companies: about 480 persons (past the old 200-row cap) and 60 quotes (more than one page of 50).
  server = await startAppServer(240);
  browser = await launch();
});
test.after(async () => {
  await browser.close();
  await server.close();
});

async function open(width: number, locale: string, phone: boolean): Promise<Page> {
  const ctx = await browser.newContext({ locale, viewport: { width, height: phone ? 667 : 768 }, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
  const page = await ctx.newPage();
  await signInUI(page, server.url);
  await waitReady(page);
  return page;
}

/** The ids the list shows, in order (all of them, not only those in the page). */
const shownIds = (page: Page): Promise<string[]> => page.locator('fc-record-list').evaluate((el) => (el as unknown as { rows: { id: string }[] }).rows.map((r) => r.id));
const shownField = (page: Page, field: string): Promise<unknown[]> =>
  page.locator('fc-record-list').evaluate((el, f) => (el as unknown as { rows: Record<string, unknown>[] }).rows.map((r) => r[f]), field);


/** The list's count once it reads `pattern` and stays so (the list settles after the first screenful). */
async function countOf(page: Page, pattern: RegExp): Promise<number> {
  const end = Date.now() + 20_000;
  let last = '';
  for (;;) {
    const text = (await page.locator('fc-record-list [data-count]').first().textContent().catch(() => ''))?.trim() ?? '';
    if (pattern.test(text) && text === last) return Number(text.match(/\d+/)![0]);
    if (Date.now() > end) throw new Error(`the count reads "${text}", not ${pattern}`);
    last = pattern.test(text) ? text : '';
    await page.waitForTimeout(250);
  }
}

/** Scrolls to the end of the page until the list's last record is in view. */
async function scrollToLast(page: Page): Promise<string> {
  let lastId = '';
  for (let i = 0; i < 40; i++) {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForTimeout(100);
    const ids = await shownIds(page);
    lastId = ids[ids.length - 1]!;
    if (await page.locator(`fc-record-list [data-id="${lastId}"]`).count()) break;
  }
  await page.locator(`fc-record-list [data-id="${lastId}"]`).first().waitFor({ state: 'visible', timeout: 5_000 });
  return lastId;
}

test('desktop (1366 px, English): every person, sortable columns, filter row, CSV and Excel of what is shown', async () => {
  const page = await open(1366, 'en-GB', false);
  await page.goto(`${server.url}/#/person`);
  const n = await countOf(page, /^\d+ records$/);
  assert.ok(n > 200, `more than the old cap of 200 (${n})`);
  const ids = await shownIds(page);
  assert.is(ids.length, n);
  assert.ok((await page.locator('fc-record-list .row[data-id]').count()) < 120, 'only the rows in view are in the page');
  await scrollToLast(page);
  // Rows are reused as the list scrolls (docs/decisions/0042): after jumps back and forth, the rows in the page are
  // consecutive records of the list, each showing its own record, and the list's height still fits every row.
  for (const at of [0.5, 0.1, 0.8, 0.3]) {
    await page.evaluate((f) => window.scrollTo(0, Math.floor(document.documentElement.scrollHeight * f)), at);
    await page.waitForTimeout(300);
    const inPage = await page.locator('fc-record-list .row[data-id]').evaluateAll((rows) => rows.map((r): [string, string, string] => [r.getAttribute('data-id')!, r.querySelector('a')?.getAttribute('href') ?? '', r.children[1]?.textContent?.trim() ?? '']));
    const start = ids.indexOf(inPage[0]![0]);
    assert.ok(start >= 0, `row ${inPage[0]![0]} is in the list`);
    assert.equal(inPage.map((r) => r[0]), ids.slice(start, start + inPage.length), `at ${at}: consecutive records`);
    const firstNames = (await shownField(page, 'firstName')).slice(start, start + inPage.length).map((v) => String(v ?? ''));
    assert.equal(inPage.map((r) => r[2]), firstNames, `at ${at}: each row shows its own record`);
    assert.ok(inPage.every((r) => r[1].includes(encodeURIComponent(r[0])) || r[1].includes(r[0])), `at ${at}: each row links to its own record`);
  }
  const rowHeight = (await page.locator('fc-record-list .row[data-id]').first().boundingBox())!.height;
  const listHeight = (await page.locator('fc-record-list lit-virtualizer').boundingBox())!.height;
  assert.ok(Math.abs(listHeight / (n * rowHeight) - 1) < 0.2, `the list is ${listHeight} px high for ${n} rows of ${rowHeight} px`);
  // The column headers stay in sight, just below the app's own sticky header.
  const appHeader = (await page.locator('fc-app header').first().boundingBox())!;
  const columns = (await page.locator('fc-record-list .row.header').boundingBox())!;
  assert.ok(Math.abs(columns.y - (appHeader.y + appHeader.height)) <= 2, `column headers at ${columns.y}, app header ends at ${appHeader.y + appHeader.height}`);
  await page.screenshot({ path: '.tmp/lists-desktop-end.png' });

  // Sort by first name: ascending, then descending, then the list's own order.
  await page.evaluate(() => window.scrollTo(0, 0));
  const sortFirst = page.locator('fc-record-list button[data-sort="firstName"]');
  await sortFirst.click();
  assert.is(await page.locator('fc-record-list [role=columnheader]:has(button[data-sort="firstName"])').getAttribute('aria-sort'), 'ascending');
  const asc = (await shownField(page, 'firstName')) as string[];
  const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  for (let i = 1; i < asc.length; i++) assert.ok(collator.compare(asc[i - 1]!, asc[i]!) <= 0, `ascending at ${i}: ${asc[i - 1]} ≤ ${asc[i]}`);
  await sortFirst.click();
  const desc = (await shownField(page, 'firstName')) as string[];
  assert.ok(collator.compare(desc[0]!, desc[desc.length - 1]!) >= 0, 'then descending');
  const firstRow = await page.locator('fc-record-list .row[data-id] [role=cell]').nth(1).textContent();
  assert.is(firstRow?.trim(), desc[0], 'the page shows the sorted order');
  await sortFirst.click();
  assert.equal(await shownIds(page), ids, 'a third click: the list order again');

  // Filter row on companies: an option field and the territory.
  await page.goto(`${server.url}/#/company`);
  const companies = await countOf(page, /^\d+ records$/);
  await page.locator('fc-record-list select[data-filter="type"]').selectOption('supplier');
  const suppliers = await countOf(page, /^\d+ shown of \d+$/);
  assert.ok(suppliers > 0 && suppliers < companies, `${suppliers} suppliers of ${companies}`);
  assert.ok(((await shownField(page, 'type')) as string[]).every((v) => v === 'supplier'));
  const territory = page.locator('fc-record-list select[data-filter="territoryId"]');
  const option = await territory.locator('option').nth(1).getAttribute('value');
  await territory.selectOption(option!);
  const both = await countOf(page, /^\d+ shown of \d+$/);
  assert.ok(both <= suppliers);
  assert.ok(((await shownField(page, 'territoryId')) as string[]).every((v) => v === option));
  // A date range: nothing changed from tomorrow on.
  const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  await page.locator('fc-record-list input[data-filter="updatedAt.from"]').fill(tomorrow);
  await countOf(page, /^0 shown of \d+$/);
  await page.locator('fc-record-list input[data-filter="updatedAt.from"]').fill('');
  await countOf(page, new RegExp(`^${both} shown of \\d+$`));
  await page.locator('fc-record-list button[data-sort="name"]').click();
  await page.locator('fc-record-list button[data-sort="name"]').click();
  await page.screenshot({ path: '.tmp/lists-desktop-filtered.png' });

  // Export: the rows shown (filtered, sorted by name descending), the columns shown.
  const names = (await shownField(page, 'name')) as string[];
  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.locator('fc-record-list button[data-export="csv"]').click()]);
  assert.match(csvDl.suggestedFilename(), /^Companies-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await csvDl.path())!, 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  assert.is(csv.length, both + 1, 'a header and one line per row shown');
  assert.match(csv[0]!, /^Name,/);
  assert.ok(csv[1]!.startsWith(names[0]!.includes(',') ? `"${names[0]}"` : names[0]!), `first line is the first row shown (${csv[1]})`);
  const [xlsxDl] = await Promise.all([page.waitForEvent('download'), page.locator('fc-record-list button[data-export="xlsx"]').click()]);
  assert.match(xlsxDl.suggestedFilename(), /\.xlsx$/);
  const [sheet] = await readXlsxFile(readFileSync((await xlsxDl.path())!));
  assert.is(sheet?.sheet, 'Companies');
  assert.is(sheet?.data.length, both + 1, 'a header and one row per row shown');
  assert.is(sheet?.data[1]?.[0], names[0], 'the first row shown comes first');

  // Sales › Communications › + New: an appointment in the user's zone, today, with its times filled in.
  const zone = await page.evaluate(() => (JSON.parse(localStorage.getItem('fieldcrm.session') ?? '{}') as { user?: { timeZone?: string } }).user?.timeZone ?? '');
  assert.ok(zone && zone !== 'UTC', `the admin's zone (${zone})`);
  await page.goto(`${server.url}/#/communication`);
  await page.locator('fc-record-list a.button.primary').click();
  await page.locator('fc-record-form select[name="timeZone"]').waitFor();
  assert.is(await page.locator('fc-record-form select[name="timeZone"]').inputValue(), zone);
  assert.ok(await page.locator('fc-record-form [name="startsAt"]').inputValue(), 'a start time today');
  assert.not.match((await page.locator('fc-record-form').innerText()) ?? '', /\(UTC\)/);
  await page.screenshot({ path: '.tmp/lists-new-communication.png' });
  await page.context().close();
});

test('desktop (1366 px): a server list (quotes) sorts by amount both ways from the keyboard and filters, across pages', async () => {
  // 70 more quotes, sent, with amounts that tie, so the sort and the filter each keep more than one page.
  const companies = (await server.store.pull('company', 0, 5, { kind: 'everyone' })).documents;
  const extra = Array.from({ length: 70 }, (_, i) => {
    const c = companies[i % companies.length]!;
    return makeDoc('quote', { id: `qs-${String(i).padStart(3, '0')}`, reference: `QS-${i}`, description: `Sorted ${i}`, companyId: c.id, territoryId: c.territoryId, status: 'sent', total: ((i * 37) % 20) * 1000, subtotal: ((i * 37) % 20) * 1000, issuedAt: '2026-02-01' });
  });
  await server.store.insertMany('quote', extra);
  const everyone = { kind: 'everyone' } as const;
  const expected = async (sort: SortKey[], filters: FilterTerm[] = []) => (await server.store.listRecords('quote', { sort, filters }, everyone, { offset: 0, limit: 500 })).records.map((r) => r.id);
  const pageIds = (page: Page) => page.locator('fc-record-list .row[data-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')!));
  /** Waits until the page shows exactly these rows (the list reads the server after each click). */
  const showing = async (page: Page, ids: string[], what: string) => {
    const end = Date.now() + 15_000;
    for (;;) {
      const now = await pageIds(page);
      if (JSON.stringify(now) === JSON.stringify(ids)) return;
      if (Date.now() > end) assert.equal(now, ids, what);
      await page.waitForTimeout(100);
    }
  };

  const page = await open(1366, 'en-GB', false);
  await page.goto(`${server.url}/#/page/quotes`);
  const range = page.locator('fc-record-list [data-range]');
  await range.waitFor();
  const total = Number((await range.textContent())!.trim().match(/of (\d+)$/)![1]);
  assert.is(total, (await expected([])).length, 'the administrator sees every quote');
  const header = page.locator('fc-record-list [role="columnheader"]:has(button[data-sort="total"])');
  assert.is(await header.getAttribute('aria-sort'), 'none');
  assert.is(await page.locator('fc-record-list button[data-sort="companyId"]').count(), 0, 'a reference column does not sort on the server');

  // Keyboard: Tab reaches the column's button, Enter sorts ascending, Enter again descending.
  await page.locator('fc-record-list button[data-sort="status"]').focus();
  await page.keyboard.press('Tab');
  const focused = () =>
    page.evaluate(() => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a?.getAttribute('data-sort') ?? a?.tagName ?? '';
    });
  assert.is(await focused(), 'total');
  await page.keyboard.press('Enter');
  await page.locator('fc-record-list [role="columnheader"][aria-sort="ascending"] button[data-sort="total"]').waitFor();
  const up = await expected([{ field: 'total', direction: 'asc' }]);
  await showing(page, up.slice(0, 50), 'page 1, total ascending');
  await page.locator('fc-record-list button[data-next]').click();
  await page.locator('fc-record-list [data-range]', { hasText: `51–100 of ${total}` }).waitFor();
  await showing(page, up.slice(50, 100), 'page 2, total ascending: no row repeated nor skipped across the ties');
  await page.locator('fc-record-list button[data-sort="total"]').focus();
  await page.keyboard.press('Enter');
  await page.locator('fc-record-list [role="columnheader"][aria-sort="descending"] button[data-sort="total"]').waitFor();
  const down = await expected([{ field: 'total', direction: 'desc' }]);
  await page.locator('fc-record-list [data-range]', { hasText: `1–50 of ${total}` }).waitFor();
  await showing(page, down.slice(0, 50), 'a new sort starts again at page 1, total descending');
  const amounts = await shownField(page, 'total');
  assert.ok(amounts.every((v, i) => i === 0 || Number(amounts[i - 1] ?? 0) >= Number(v ?? 0)), 'amounts go down');

  // The filter row: sent quotes only, still by amount descending, on two pages.
  await page.locator('fc-record-list select[data-filter="status"]').selectOption('sent');
  const sent = await expected([{ field: 'total', direction: 'desc' }], [{ field: 'status', op: 'eq', value: 'sent' }]);
  assert.ok(sent.length > 50 && sent.length < total, `${sent.length} sent quotes`);
  await page.locator('fc-record-list [data-range]', { hasText: `1–50 of ${sent.length}` }).waitFor();
  await showing(page, sent.slice(0, 50), 'sent quotes, page 1');
  await page.locator('fc-record-list button[data-clear-filters]', { hasText: 'Clear 1 filter' }).waitFor();
  await page.screenshot({ path: '.tmp/lists-server-sorted.png' });
  await page.locator('fc-record-list button[data-next]').click();
  await page.locator('fc-record-list [data-range]', { hasText: `51–${sent.length} of ${sent.length}` }).waitFor();
  await showing(page, sent.slice(50), 'sent quotes, page 2');
  assert.ok((await shownField(page, 'status')).every((s) => s === 'sent'));

  // A date range on top (issued on 1 February 2026 only): the extra quotes, whatever else is sent.
  await page.locator('fc-record-list input[data-filter="issuedAt.from"]').fill('2026-02-01');
  await page.locator('fc-record-list input[data-filter="issuedAt.to"]').fill('2026-02-01');
  await page.locator('fc-record-list input[data-filter="issuedAt.to"]').dispatchEvent('change');
  const dated = await expected([{ field: 'total', direction: 'desc' }], [{ field: 'status', op: 'eq', value: 'sent' }, { field: 'issuedAt', op: 'gte', value: '2026-02-01' }, { field: 'issuedAt', op: 'lte', value: '2026-02-01' }]);
  assert.ok(dated.length >= 70);
  await page.locator('fc-record-list [data-range]', { hasText: `1–50 of ${dated.length}` }).waitFor();
  await showing(page, dated.slice(0, 50), 'sent on 1 February, page 1');
  // Export: every quote the filters find (more than the page shown), in the list's order.
  const [quotesCsv] = await Promise.all([page.waitForEvent('download'), page.locator('fc-record-list button[data-export="csv"]').click()]);
  const lines = readFileSync((await quotesCsv.path())!, 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  assert.is(lines.length, dated.length + 1, 'a header and one line per quote found, past the page of 50');
  const firstRef = String((await server.store.getByIds('quote', [dated[0]!]))[0]?.reference ?? '');
  assert.ok(lines[1]!.startsWith(firstRef), `the first line is the first quote in the list's order (${lines[1]})`);
  await page.locator('fc-record-list button[data-clear-filters]').click();
  await page.locator('fc-record-list [data-range]', { hasText: `1–50 of ${total}` }).waitFor();
  await showing(page, down.slice(0, 50), 'filters cleared: every quote again, by amount descending');
  await page.context().close();
});

test('desktop (1366 px, French): a server list pages with a total', async () => {
  const page = await open(1366, 'fr-FR', false);
  await page.evaluate(() => localStorage.setItem('fieldcrm.locale', 'fr'));
  await page.goto(`${server.url}/#/page/quotes`);
  await page.reload();
  const range = page.locator('fc-record-list [data-range]');
  await range.waitFor();
  assert.match((await range.textContent())!.trim(), /^1–50 sur (\d+)$/);
  const total = Number((await range.textContent())!.trim().match(/sur (\d+)/)![1]);
  assert.ok(total > 50, `${total} quotes`);
  assert.is(await page.locator('fc-record-list .row[data-id]').count(), 50);
  await page.locator('fc-record-list button[data-next]').click();
  await page.locator('fc-record-list [data-range]', { hasText: `51–${Math.min(100, total)} sur ${total}` }).waitFor();
  assert.ok(await page.locator('fc-record-list button[data-previous]').isEnabled());
  await page.screenshot({ path: '.tmp/lists-server-fr.png' });
  await page.locator('fc-record-list button[data-previous]').click();
  await page.locator('fc-record-list [data-range]', { hasText: `1–50 sur ${total}` }).waitFor();

  // A device list in French: the filter row, the count and the export in French words.
  await page.goto(`${server.url}/#/company`);
  const n = await countOf(page, /^\d+ enregistrements$/);
  const filters = page.locator('fc-record-list .filters');
  await filters.locator('label').first().waitFor();
  const captions = await filters.locator('label').evaluateAll((ls) => ls.map((l) => Array.from(l.childNodes).filter((c) => c.nodeType === 3).map((c) => c.textContent).join('').trim()));
  for (const words of ['Type', 'Statut', 'Territoire', 'Dernière modification : du', 'Dernière modification : au']) assert.ok(captions.includes(words), `${words} in ${captions.join(' | ')}`);
  await page.locator('fc-record-list select[data-filter="type"]').selectOption('customer');
  const customers = await countOf(page, new RegExp(`^\\d+ affichés? sur ${n}$`));
  assert.ok(customers > 1 && customers < n);
  await page.locator('fc-record-list button[data-clear-filters]', { hasText: 'Effacer 1 filtre' }).waitFor();
  await page.locator('fc-record-list button[data-export="xlsx"]', { hasText: 'Exporter en Excel' }).waitFor();
  await page.locator('fc-record-list button[data-sort="name"]').click();
  assert.is(await page.locator('fc-record-list button[data-sort="name"]').getAttribute('title'), 'Tri de A à Z (ou du plus ancien) ; cliquez pour inverser');
  await page.screenshot({ path: '.tmp/lists-desktop-fr.png' });
  await page.context().close();
});

for (const [width, locale, words] of [
  [375, 'fr-FR', /^\d+ enregistrements$/],
  [320, 'en-GB', /^\d+ records$/],
] as const) {
  test(`phone (${width} px, ${locale}): cards that scroll to the last person`, async () => {
    const page = await open(width, locale, true);
    if (locale === 'fr-FR') {
      await page.evaluate(() => localStorage.setItem('fieldcrm.locale', 'fr'));
      await page.reload();
      await waitReady(page);
    }
    await page.goto(`${server.url}/#/person`);
    const n = await countOf(page, words);
    assert.ok(n > 200, `${n} persons`);
    assert.is(await page.locator('fc-record-list .filters').count(), 0, 'no filter row on a phone');
    assert.is(await page.locator('fc-record-list [data-export]').count(), 0, 'no export on a phone');
    assert.is((await shownIds(page)).length, n);
    assert.ok((await page.locator('fc-record-list a.card-row').count()) < 80, 'only the cards in view are in the page');
    await page.screenshot({ path: `.tmp/lists-phone-${width}-top.png` });
    const last = await scrollToLast(page);
    const card = await page.locator(`fc-record-list [data-id="${last}"]`).boundingBox();
    assert.ok(card && card.x >= 0 && card.x + card.width <= width, 'the card fits the screen');
    await page.screenshot({ path: `.tmp/lists-phone-${width}-end.png` });
    // A new record's title, as each language writes it.
    await page.goto(`${server.url}/#/person/new`);
    assert.is((await page.locator('fc-record-form h1').textContent())?.trim(), locale === 'fr-FR' ? 'Nouveau\u00a0: personne' : 'New: Person');
    await page.context().close();
  });
}

test.run();
