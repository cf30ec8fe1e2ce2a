// Sales › Quotes in the browser (desktop, online): a quote made through the UI, its lines priced as the user types
// (741-171250-QA), saved, merged with "Panoply Sales Quote.html", and the merged document opened in its own tab (766-171775-QA).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'playwright-core';
import { ROOT } from '../../sync-server/config.ts';
import type { TestServer } from '../helpers/server.ts';
import { launch, onServer, signInUI, startAppServer, waitReady } from './helpers.ts';

const SHOTS = join(ROOT, '.tmp');
const t = suite<{ server: TestServer; browser: Browser }>('quotes');
t.before(async (ctx) => {
  mkdirSync(SHOTS, { recursive: true });
  ctx.server = await startAppServer(8);
  ctx.browser = await launch();
});
t.after(async ({ server, browser }) => {
  await browser.close();
  await server.close();
});

async function desktopPage(browser: Browser, server: TestServer, login = 'admin'): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 } })).newPage();
  await signInUI(page, server.url, login);
  await waitReady(page);
  return page;
}

t('a quote made in Sales › Quotes, lines added and priced, saved, merged, and the merged document opened', async ({ server, browser }) => {
  const page = await desktopPage(browser, server);
  await page.locator('fc-nav a[data-tab=sales]').click();
  await page.locator('fc-nav nav.sub a[data-tab=quotes]').click();
  await page.waitForURL(/#\/page\/quotes$/);
  await page.locator('fc-record-list [data-id]', { hasText: 'Q-2026-0001' }).waitFor();

  // New quote: the entry screen from the metadata (company look-up, currency, tax rate); totals are not typed.
  await page.locator('fc-record-list a.button.primary').click();
  await page.waitForURL(/#\/quote\/new/);
  await page.locator('fc-record-form [data-field=companyId] input').fill('Panoply');
  await page.locator('fc-record-form [data-field=companyId] li button', { hasText: 'Panoply Ltd' }).click();
  await page.fill('fc-record-form #description', 'Chairs for the new office');
  await page.selectOption('fc-record-form #currency', 'EUR');
  await page.fill('fc-record-form #taxRate', '20');
  await page.locator('fc-record-form #taxRate').blur();
  assert.is(await page.locator('fc-record-form [data-field=total]').count(), 0);
  await page.locator('fc-record-form button[type=submit]').click();
  await page.waitForURL(/#\/quote\/(?!new)[\w-]+$/);
  const id = decodeURIComponent(page.url().split('/').pop()!);
  const saved = await onServer('the new quote', async () => (await server.store.getByIds('quote', [id]))[0]);
  assert.equal([saved.companyId, saved.territoryId, saved.taxRate, saved.total], ['c00000', 't-eu', 2000, 0]);
  const reference = String(saved.reference);
  await page.locator('fc-record-view h1', { hasText: reference }).waitFor();

  // Lines: a product at its list price with 10 % off, then a free-text line with a fractional quantity.
  const doc = page.locator('fc-sales-document');
  await doc.locator('[data-add-line]').click();
  await doc.locator('select[data-line="0"][data-cell=productId]').selectOption({ label: 'Ergonomic office chair' });
  await doc.locator('input[data-line="0"][data-cell=quantity]').fill('12');
  await doc.locator('input[data-line="0"][data-cell=discount]').fill('10');
  // The preview prices the line as the server will: 249.00 less 10 % = 224.10, × 12 = 2,689.20.
  assert.is(await doc.locator('tr[data-row="0"] [data-quoted]').innerText(), '€224.10');
  assert.is(await doc.locator('tr[data-row="0"] [data-total]').innerText(), '€2,689.20');
  await doc.locator('[data-add-line]').click();
  await doc.locator('input[data-line="1"][data-cell=description]').fill('Delivery, per hour');
  await doc.locator('input[data-line="1"][data-cell=quantity]').fill('1.5');
  await doc.locator('input[data-line="1"][data-cell=listPrice]').fill('0.33');
  assert.is(await doc.locator('tr[data-row="1"] [data-total]').innerText(), '€0.50');
  await doc.locator('[data-save-lines]').click();
  await doc.locator('[data-status]', { hasText: 'Lines saved' }).waitFor();
  const items = (await server.store.listRecords('quoteItem', { equals: { quoteId: id } }, { kind: 'everyone' }, { offset: 0, limit: 10 })).records;
  assert.equal(items.map((i) => [i.description, i.quantity, i.quotedPrice, i.lineTotal]), [
    ['Ergonomic office chair', 12000, 22410, 268920],
    ['Delivery, per hour', 1500, 33, 50],
  ]);
  // The totals on the screen are the server's: 2,689.70 + 20 % = 3,227.64.
  await doc.locator('[data-grand-total]', { hasText: '€3,227.64' }).waitFor();
  assert.is(await doc.locator('[data-subtotal]').innerText(), '€2,689.70');
  assert.is(await page.locator('fc-record-view dd[data-field=total]').innerText(), '€3,227.64');
  await page.screenshot({ path: join(SHOTS, 'quote-view.png'), fullPage: true });

  // Merge with the sample template: the document is filed with the quote and opens in its own tab.
  assert.is(await doc.locator('select[data-template] option:checked').innerText(), 'Panoply Sales Quote.html');
  const [merged] = await Promise.all([page.context().waitForEvent('page'), doc.locator('[data-merge]').click()]);
  await merged.waitForLoadState();
  assert.match(merged.url(), /\/api\/merged-documents\/[\w-]+$/);
  const text = await merged.locator('body').innerText();
  for (const want of [`Quote ${reference}`, 'Panoply Ltd', 'Ergonomic office chair', '€224.10', '€2,689.20', 'Delivery, per hour', '€0.50', '€3,227.64', 'Tax (20%)', 'Alex Admin']) assert.ok(text.includes(want), `the document shows ${want}`);
  await merged.screenshot({ path: join(SHOTS, 'quote-merged.png'), fullPage: true });
  await merged.close();
  await doc.locator('[data-documents] li', { hasText: 'Panoply Sales Quote' }).waitFor();
  const filed = await onServer('the filed document', async () => (await server.store.mailMerge.documentsOf('quote', id))[0]);
  assert.is(filed.templateId, 'tpl-panoply-sales-quote');

  // Convert to an order: the order's screen, with the same lines and total.
  await doc.locator('[data-convert]').click();
  await page.waitForURL(/#\/order\/[\w-]+$/);
  await page.locator('fc-sales-document tr[data-row="1"]').waitFor();
  assert.is(await page.locator('fc-sales-document [data-grand-total]').innerText(), '€3,227.64');
  assert.is((await server.store.getByIds('quote', [id]))[0]!.status, 'ordered');
});

t('a template with an unknown field shows its line in the editor; Sales tabs are desktop-only on phones', async ({ server, browser }) => {
  const page = await desktopPage(browser, server, 'sales');
  await page.goto(`${server.url}/#/page/template/new`);
  await page.locator('fc-template-editor [data-entities] option').first().waitFor({ state: 'attached' });
  const offered = await page.locator('fc-template-editor [data-entities] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  assert.equal(offered, ['company', 'person', 'lead', 'opportunity', 'quote', 'order'], 'no System (756-171755-ENH)');
  await page.fill('fc-template-editor #template-name', 'Short quote');
  await page.fill('fc-template-editor #template-body', '<h1>{{ quote.reference }}</h1>\n<p>{{ company.nmae }}</p>');
  await page.locator('fc-template-editor [data-save]').click();
  const problem = page.locator('fc-template-editor [data-problem]');
  await problem.waitFor();
  assert.match(await problem.innerText(), /Ligne 2, colonne 7 : Champ de fusion inconnu company\.nmae|Line 2, column 7: Unknown merge field company\.nmae/);
  assert.match(await page.locator('fc-template-editor [data-excerpt]').innerText(), /2 ▶ <p>\{\{ company\.nmae \}\}<\/p>/);
  await page.screenshot({ path: join(SHOTS, 'template-error.png'), fullPage: true });

  const phone = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  await signInUI(phone, server.url, 'admin');
  await waitReady(phone);
  await phone.goto(`${server.url}/#/quote/qu0001`);
  await phone.getByText(/available in the desktop theme/).first().waitFor();
  assert.is(await phone.locator('fc-sales-document').count(), 0);
});

t('a line with quantity -2 says it must be zero or more; an English "1,234" is one thousand two hundred and thirty-four', async ({ server, browser }) => {
  const page = await desktopPage(browser, server);
  const [q] = (await server.store.listRecords('quote', {}, { kind: 'everyone' }, { offset: 0, limit: 1 })).records;
  await page.goto(`${server.url}/#/quote/${q!.id}`);
  const doc = page.locator('fc-sales-document');
  await doc.locator('[data-add-line]').click();
  const row = (await doc.locator('tr[data-row]').count()) - 1;
  await doc.locator(`input[data-line="${row}"][data-cell=description]`).fill('Installation');
  await doc.locator(`input[data-line="${row}"][data-cell=quantity]`).fill('-2');
  await doc.locator(`input[data-line="${row}"][data-cell=listPrice]`).fill('1,234');
  await doc.locator('[data-save-lines]').click();
  await doc.getByText('Must be zero or more.').waitFor();
  assert.is(await doc.getByText('Required.').count(), 0);
  await doc.locator(`input[data-line="${row}"][data-cell=quantity]`).fill('2');
  assert.is(await doc.locator(`tr[data-row="${row}"] [data-total]`).innerText(), '€2,468.00');
  await doc.locator('[data-save-lines]').click();
  await doc.locator('[data-status]', { hasText: 'Lines saved' }).waitFor();
});

t.run();
