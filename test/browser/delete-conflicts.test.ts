// A delete on an out-of-date copy and an edit that met a deletion, as a sales rep meets them in the browser: the header
// badge opens Conflicts, which names the colleague and offers Delete anyway / Restore with my changes; on a phone too.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { WireDoc } from '../../shared/sync.ts';
import { signIn, type TestServer } from '../helpers/server.ts';
import { goOffline, goOnline, launch, onServer, signInUI, startAppServer, waitReady } from './helpers.ts';

/** The manager (Dan Rivera) changes or deletes a record on the current copy, as their own device would. */
async function asManager(server: TestServer, id: string, change: Partial<WireDoc>): Promise<void> {
  const token = await signIn(server.url, 'manager');
  const [m] = await server.store.getByIds('company', [id]);
  const res = await fetch(`${server.url}/sync/company/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify([{ assumedMasterState: m, newDocumentState: { ...m, ...change } }]),
  });
  assert.is(res.status, 200);
}

test('Delete anyway and Restore with my changes, from the header badge, on a 375 px phone', async () => {
  const server = await startAppServer(9);
  const browser = await launch();
  try {
    const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await signInUI(page, server.url, 'admin');
    await waitReady(page);
    const eu = (await server.store.pull('company', 0, 100, { kind: 'territory', territories: ['t-eu'] })).documents.filter((d) => !d._deleted);
    const [stale, edited] = [eu[0]!.id, eu[1]!.id];

    // Offline, the administrator (on a phone) deletes one company and edits another; meanwhile Dan changes the first and deletes the second.
    await goOffline(ctx, server);
    await page.goto(`${server.url}/#/company/${edited}/edit`);
    await page.fill('#industry', 'Typed in the car park');
    await page.click('button[type=submit]');
    await page.locator('dd[data-field="industry"]', { hasText: 'Typed in the car park' }).waitFor();
    await page.goto(`${server.url}/#/company/${stale}`);
    await page.getByRole('button', { name: 'Delete' }).first().click();
    await page.locator('fc-confirm').getByRole('button', { name: 'Delete' }).click();
    await asManager(server, stale, { industry: 'Changed by Dan' });
    await asManager(server, edited, { _deleted: true });

    await goOnline(ctx, server);
    const badge = page.locator('header a[data-conflicts-badge]');
    await badge.waitFor({ timeout: 30_000 });
    await onServer('both kept', async () => (await page.locator('header a[data-conflicts-badge]').textContent())?.includes('2'));
    await badge.click();

    const refused = page.locator('article[data-kind="delete"]');
    await refused.getByText('Dan Rivera').waitFor();
    await refused.getByText('Changed by Dan').waitFor();
    const gone = page.locator('article[data-kind="deleted"]');
    await gone.getByText('Dan Rivera').waitFor();
    await gone.getByText('Typed in the car park').waitFor();
    // Nothing runs off a phone's screen: no raw JSON, no user ids, no line wider than the page.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `the page is ${width} px wide`);
    const text = await page.locator('fc-conflict-list').innerText();
    assert.not.match(text, /u-manager|\{"|\[\{/);
    await page.screenshot({ path: '.tmp/conflicts-phone.png', fullPage: true });

    await gone.getByRole('button', { name: 'Restore with my changes' }).click();
    await onServer('restored with the edit', async () => {
      const m = (await server.store.getByIds('company', [edited]))[0];
      return m && !m._deleted && m.industry === 'Typed in the car park' && m.territoryId === 't-eu';
    });
    await refused.getByRole('button', { name: 'Delete anyway' }).click();
    await onServer('deleted after all', async () => (await server.store.getByIds('company', [stale]))[0]?._deleted === true);
    await page.locator('article[data-kind]').first().waitFor({ state: 'detached' });
    await badge.waitFor({ state: 'detached' });
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
