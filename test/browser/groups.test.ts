// Marketing | Groups in the browser: make a static group and fill it by search, filter the list by name across pages
// (389-171752-QA), open a group, a dynamic group's members, and the address filter a notification links to.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'playwright-core';
import { ROOT } from '../../sync-server/config.ts';
import type { TestServer } from '../helpers/server.ts';
import { launch, onServer, signInUI, startAppServer, waitReady } from './helpers.ts';

const SHOTS = join(ROOT, '.tmp');
const t = suite<{ server: TestServer; browser: Browser }>('groups');
t.before(async (ctx) => {
  mkdirSync(SHOTS, { recursive: true });
  ctx.server = await startAppServer(30);
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

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** axe-core's serious and critical violations on the page as it is now (as test/browser/a11y.test.ts checks the main screens). */
async function serious(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE);
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`)) as { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
}

const rangeOf = (page: Page, host: string) => page.locator(`${host} [data-range]`).innerText();

t('a static group: made from Marketing | Groups, filled by search, a member removed, found again by its name', async ({ server, browser }) => {
  const page = await desktopPage(browser, server);
  await page.locator('fc-nav a[data-tab=marketing]').click();
  await page.waitForURL(/#\/page\/groups$/);
  await page.locator('fc-group-list [data-empty]').waitFor();

  await page.locator('fc-group-list [data-new-group]').click();
  await page.fill('fc-group-form #group-name', 'Panoply key accounts');
  await page.getByRole('button', { name: 'Create the group' }).click();
  await page.waitForURL(/#\/page\/group\/[\w-]+$/);
  const id = decodeURIComponent(page.url().split('/').pop()!);
  await page.locator('fc-group-view h1', { hasText: 'Panoply key accounts' }).waitFor();
  assert.is(await page.locator('fc-group-view [data-kind=static]').innerText(), 'Static group of Companies · owner: Alex Admin');
  // The place the MailChimp send goes.
  assert.is(await page.locator('fc-group-view header [data-group-actions]').count(), 1);

  // Add two companies by searching the server.
  const [first, second] = await server.store.getByIds('company', ['c00000', 'c00001']);
  for (const c of [first!, second!]) {
    await page.fill('fc-group-view #member-search', String(c.name));
    await page.locator(`fc-group-view [data-found-id="${c.id}"] button`).click();
    await page.locator(`fc-group-view tr[data-member="${c.id}"]`).waitFor();
  }
  await onServer('both members', async () => (await server.store.groups.memberIds(id)).length === 2);
  assert.is(await page.locator(`fc-group-view [data-found-id="${second!.id}"] button`).innerText(), 'Added');
  const row = page.locator(`fc-group-view tr[data-member="c00000"]`);
  assert.is(await row.locator('a').getAttribute('href'), '#/company/c00000');
  assert.match(await row.innerText(), /Panoply Ltd\s+info@panoplyltd\.example\s+Europe/);
  assert.is(await rangeOf(page, 'fc-group-view'), '1–2 of 2');
  await page.screenshot({ path: join(SHOTS, 'group-view-static.png'), fullPage: true });

  await page.getByRole('button', { name: `Remove: ${String(second!.name)}` }).click();
  await page.locator(`fc-group-view tr[data-member="${second!.id}"]`).waitFor({ state: 'detached' });
  assert.equal(await server.store.groups.memberIds(id), ['c00000']);

  // Back to the list, find it by part of its name, open it.
  await page.locator('fc-group-view [data-back]').click();
  await page.fill('fc-group-list input[type=search]', 'KEY acc');
  await page.locator('fc-group-list tr[data-group]', { hasText: 'Panoply key accounts' }).waitFor();
  assert.is(await page.locator('fc-group-list tr[data-group]').count(), 1);
  await page.locator('fc-group-list tr[data-group] a').click();
  await page.locator(`fc-group-view tr[data-member="c00000"]`).waitFor();
});

t('389-171752-QA: the list filtered by name shows every matching group, page after page, and no other', async ({ server, browser }) => {
  const now = new Date().toISOString();
  const make = (i: number, name: string) => server.store.groups.create({ id: `g-b${String(i).padStart(2, '0')}`, name, entity: 'person', kind: 'static', criteria: { text: '', filters: {} }, ownerId: 'u-manager', createdAt: now, updatedAt: now });
  for (let i = 0; i < 30; i++) await make(i, i % 6 === 5 ? `Autumn mailing ${i}` : `${i % 2 ? 'SPRING' : 'Spring'} fair ${String(i).padStart(2, '0')}`);
  const page = await desktopPage(browser, server);
  await page.goto(`${server.url}/#/page/groups`);
  await page.locator('fc-group-list tr[data-group]').first().waitFor();
  await page.fill('fc-group-list input[type=search]', 'spring');
  await page.waitForFunction(() => document.querySelector('fc-app')?.shadowRoot?.querySelector('fc-online-only')?.shadowRoot?.querySelector('fc-group-list')?.shadowRoot?.querySelector('[data-range]')?.textContent?.includes('of 25'));
  const names: string[] = [];
  names.push(...(await page.locator('fc-group-list tr[data-group] td:first-child').allInnerTexts()));
  assert.is(await rangeOf(page, 'fc-group-list'), '1–20 of 25');
  await page.screenshot({ path: join(SHOTS, 'group-list-filtered.png'), fullPage: true });
  await page.getByRole('button', { name: 'Next' }).click();
  await page.waitForFunction(() => document.querySelector('fc-app')?.shadowRoot?.querySelector('fc-online-only')?.shadowRoot?.querySelector('fc-group-list')?.shadowRoot?.querySelector('[data-range]')?.textContent?.startsWith('21'));
  // The range and the rows come from one answer, but may be painted one after the other: wait for the second page's rows.
  await page.waitForFunction(() => document.querySelector('fc-app')?.shadowRoot?.querySelector('fc-online-only')?.shadowRoot?.querySelector('fc-group-list')?.shadowRoot?.querySelectorAll('tr[data-group]').length === 5);
  names.push(...(await page.locator('fc-group-list tr[data-group] td:first-child').allInnerTexts()));
  assert.is(await rangeOf(page, 'fc-group-list'), '21–25 of 25');
  assert.ok(await page.getByRole('button', { name: 'Next' }).isDisabled());
  // The filter and page are in the address: a reload (or the page re-created after a connection blip) comes back to them.
  assert.match(page.url(), /#\/page\/groups\?q=spring&offset=20$/);
  await page.reload();
  await page.waitForFunction(() => document.querySelector('fc-app')?.shadowRoot?.querySelector('fc-online-only')?.shadowRoot?.querySelector('fc-group-list')?.shadowRoot?.querySelector('[data-range]')?.textContent === '21–25 of 25');
  assert.is(await page.locator('fc-group-list input[type=search]').inputValue(), 'spring');
  assert.is(names.length, 25);
  assert.is(new Set(names).size, 25, 'no group twice');
  assert.ok(names.every((n) => /spring/i.test(n)), 'only matching groups');
  await page.getByRole('button', { name: 'Previous' }).click();
  await page.waitForFunction(() => document.querySelector('fc-app')?.shadowRoot?.querySelector('fc-online-only')?.shadowRoot?.querySelector('fc-group-list')?.shadowRoot?.querySelector('[data-range]')?.textContent?.startsWith('1–'));
  // Typing again starts from the first page.
  await page.fill('fc-group-list input[type=search]', 'spring fair 2');
  await page.waitForFunction(() => document.querySelector('fc-app')?.shadowRoot?.querySelector('fc-online-only')?.shadowRoot?.querySelector('fc-group-list')?.shadowRoot?.querySelector('[data-range]')?.textContent === '1–8 of 8');
  await page.fill('fc-group-list input[type=search]', 'winter');
  await page.locator('fc-group-list [data-empty]', { hasText: 'No group’s name contains “winter”.' }).waitFor();
});

t('the group list sorts by a column both ways from the keyboard and filters by entity and kind, with the server', async ({ server, browser }) => {
  const page = await desktopPage(browser, server);
  await page.goto(`${server.url}/#/page/groups`);
  await page.locator('fc-group-list tr[data-group]').first().waitFor();
  const firstName = () => page.locator('fc-group-list tr[data-group] td:first-child').first().innerText();
  const header = page.locator('fc-group-list th button[data-sort=name]');
  await header.focus();
  await page.keyboard.press('Enter'); // ascending
  await page.waitForFunction(() => document.querySelector('fc-app')?.shadowRoot?.querySelector('fc-online-only')?.shadowRoot?.querySelector('fc-group-list')?.shadowRoot?.querySelector('th[aria-sort=ascending]'));
  await page.keyboard.press('Enter'); // descending
  await page.waitForFunction(() => document.querySelector('fc-app')?.shadowRoot?.querySelector('fc-online-only')?.shadowRoot?.querySelector('fc-group-list')?.shadowRoot?.querySelector('th[aria-sort=descending]'));
  const all = (await server.store.groups.list({ contains: '', entities: ['company', 'person', 'lead'], offset: 0, limit: 500 })).groups.map((g) => g.name);
  const last = [...all].sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase()))[0]!;
  await page.waitForFunction((name) => document.querySelector('fc-app')?.shadowRoot?.querySelector('fc-online-only')?.shadowRoot?.querySelector('fc-group-list')?.shadowRoot?.querySelector('tr[data-group] td')?.textContent === name, last);
  assert.is(await firstName(), last);
  // The filter row: only company groups, then only dynamic ones among them.
  await page.selectOption('fc-group-list select[data-filter=entity]', 'company');
  await page.waitForFunction(() => [...(document.querySelector('fc-app')?.shadowRoot?.querySelector('fc-online-only')?.shadowRoot?.querySelector('fc-group-list')?.shadowRoot?.querySelectorAll('tr[data-group] td:nth-child(2)') ?? [])].every((td) => td.textContent === 'Companies'));
  const shown = await page.locator('fc-group-list tr[data-group]').count();
  const expected = (await server.store.groups.list({ contains: '', entities: ['company'], offset: 0, limit: 500 })).total;
  assert.is(shown, Math.min(expected, 20));
  assert.ok(shown < all.length, 'fewer than every group');
  await page.screenshot({ path: join(SHOTS, 'group-list-sorted.png'), fullPage: true });
  // A page address that names no page says so (not "this record is not on this device"), with the way home.
  await page.goto(`${server.url}/#/page/no-such-page`);
  assert.is(await page.locator('fc-app [data-no-page]').innerText(), 'There is no such page. Home');
});

t('a dynamic group shows the records its search finds; ?only= shows those members with a banner and a way back', async ({ server, browser }) => {
  const page = await desktopPage(browser, server);
  await page.goto(`${server.url}/#/page/groups`);
  await page.locator('fc-group-list [data-new-group]').click();
  await page.fill('fc-group-form #group-name', 'French customers');
  await page.locator('fc-group-form input[value=dynamic]').check();
  await page.fill('fc-group-form #group-text', 'France');
  await page.selectOption('fc-group-form select[data-filter=type]', 'customer');
  await page.screenshot({ path: join(SHOTS, 'group-form-dynamic.png'), fullPage: true });
  await page.getByRole('button', { name: 'Create the group' }).click();
  await page.waitForURL(/#\/page\/group\/[\w-]+$/);
  const id = decodeURIComponent(page.url().split('/').pop()!);
  const expected = await server.store.groups.matching('company', { text: 'France', filters: { type: 'customer' } }, { kind: 'everyone' }, { offset: 0, limit: 100 });
  assert.ok(expected.total > 0, 'the demo data has French customers');
  await page.locator('fc-group-view tr[data-member]').first().waitFor();
  assert.is(await rangeOf(page, 'fc-group-view'), `1–${expected.total} of ${expected.total}`);
  assert.equal(await page.locator('fc-group-view tr[data-member]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-member'))), expected.records.map((r) => r.id));
  assert.match(await page.locator('fc-group-view [data-criteria-summary]').innerText(), /contains “France” · Type: Customer/);
  assert.is(await page.locator('fc-group-view #member-search').count(), 0, 'no adding by hand to a dynamic group');
  await page.screenshot({ path: join(SHOTS, 'group-view-dynamic.png'), fullPage: true });

  // Every demo company has a valid address of its own: none is missing; then one loses its address.
  await page.goto(`${server.url}/#/page/group/${encodeURIComponent(id)}?only=missing`);
  await page.locator('fc-group-view [data-only=missing]', { hasText: 'Showing only the 0 members with no e-mail address.' }).waitFor();
  const victim = expected.records[0]!;
  await server.store.push('company', [{ assumedMasterState: victim, newDocumentState: { ...victim, emails: [] } }], { userId: 'u-admin', rights: { company: { view: [victim.territoryId], insert: [], edit: [victim.territoryId], delete: [] } }, lenient: false, now: new Date().toISOString() });
  await page.reload();
  await page.locator(`fc-group-view tr[data-member="${victim.id}"]`, { hasText: 'no address' }).waitFor();
  assert.is(await page.locator('fc-group-view tr[data-member]').count(), 1);
  await page.screenshot({ path: join(SHOTS, 'group-view-only-missing.png'), fullPage: true });
  await page.locator('fc-group-view [data-clear-only]').click();
  await page.locator('fc-group-view [data-only]').waitFor({ state: 'detached' });
  await page.waitForFunction((n) => document.querySelector('fc-app')?.shadowRoot?.querySelector('fc-online-only')?.shadowRoot?.querySelector('fc-group-view')?.shadowRoot?.querySelectorAll('tr[data-member]').length === n, expected.total);
});

t('in French, for a user who may not change another\'s group: no edit, no delete, no adding', async ({ server, browser }) => {
  const now = new Date().toISOString();
  await server.store.groups.create({ id: 'g-fr', name: 'Événements Casablanca', entity: 'company', kind: 'static', criteria: { text: '', filters: {} }, ownerId: 'u-admin', createdAt: now, updatedAt: now });
  await server.store.groups.addMembers('g-fr', ['c00000', 'c00002'], 10_000);
  const page = await desktopPage(browser, server, 'marketing');
  await page.goto(`${server.url}/#/page/groups`);
  await page.locator('fc-group-list h1', { hasText: 'Groupes' }).waitFor();
  await page.fill('fc-group-list input[type=search]', 'évén');
  await page.locator('fc-group-list tr[data-group]', { hasText: 'Événements Casablanca' }).locator('a').click();
  await page.locator('fc-group-view tr[data-member]').first().waitFor();
  assert.is(await page.locator('fc-group-view [data-kind]').innerText(), 'Groupe statique de Sociétés · propriétaire : Alex Admin');
  assert.is(await page.locator('fc-group-view [data-edit-group]').count(), 0);
  assert.is(await page.locator('fc-group-view #member-search').count(), 0);
  assert.is(await page.locator('fc-group-view tr[data-member] button').count(), 0);
  await page.screenshot({ path: join(SHOTS, 'group-view-fr.png'), fullPage: true });
});

t('no serious or critical accessibility violation on the list, the form, and a group with its search results', async ({ server, browser }) => {
  const page = await desktopPage(browser, server);
  const found: string[] = [];
  await page.goto(`${server.url}/#/page/groups`);
  await page.locator('fc-group-list tr[data-group]').first().waitFor();
  found.push(...(await serious(page)).map((v) => `list: ${v}`));
  await page.locator('fc-group-list [data-new-group]').click();
  await page.locator('fc-group-form input[value=dynamic]').check();
  found.push(...(await serious(page)).map((v) => `form: ${v}`));
  await page.goto(`${server.url}/#/page/groups`);
  await page.fill('fc-group-list input[type=search]', 'Panoply key');
  await page.locator('fc-group-list tr[data-group]', { hasText: 'Panoply key accounts' }).locator('a').click();
  await page.fill('fc-group-view #member-search', 'Panoply');
  await page.locator('fc-group-view [data-found]').waitFor();
  found.push(...(await serious(page)).map((v) => `view: ${v}`));
  assert.equal(found, []);
});

t.run();
