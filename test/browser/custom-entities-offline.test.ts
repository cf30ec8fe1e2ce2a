// Issue #24 in the browser, custom entities kept on devices (docs/decisions/0057): an administrator creates an offline
// entity in Administration (the list says where its records are), the device reopens with the custom records'
// collection, a record is created from the entity's form under a company, the network goes, the record is edited with
// no signal (saved on the device, nothing reaches the server), and the edit syncs back when the network returns; an
// edit that loses to the office's opens the site's screen from Conflicts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyCustomization, EMPTY_CUSTOMIZATION, type AnyRecord } from '../../shared/entities/index.ts';
import { goOffline, goOnline, launch, onServer, signInUI, startAppServer, statusOf, waitReady } from './helpers.ts';

const sites = async (server: Awaited<ReturnType<typeof startAppServer>>): Promise<AnyRecord[]> =>
  ((await server.store.pull('customRecord', 0, 100, { kind: 'everyone' })).documents as unknown as AnyRecord[]).filter((d) => d.entityKey === 'x_site' && !d._deleted);

test('an offline custom entity: created in Administration, its record edited with no network, synced back', async () => {
  const server = await startAppServer(3);
  const browser = await launch();
  try {
    const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInUI(page, server.url, 'admin');
    await waitReady(page);
    const company = ((await server.store.listRecords('company', {}, { kind: 'everyone' }, { offset: 0, limit: 10 })).records as unknown as AnyRecord[])[0]!;

    await page.goto(`${server.url}/#/page/admin/customisation`);
    const admin = page.locator('fc-custom-entities');
    await admin.locator('[data-no-custom-entities]').waitFor();
    await admin.locator('[data-entity-add] summary').click();
    await admin.locator('#entity-label-en').fill('Site');
    await admin.locator('#entity-label-fr').fill('Site');
    await admin.locator('#entity-plural-en').fill('Sites');
    await admin.locator('#entity-plural-fr').fill('Sites');
    await admin.locator('#entity-code').fill('site');
    await admin.locator('#entity-parent').selectOption('company');
    await admin.getByText('Kept on devices (works offline)').click();
    for (const a of ['view', 'insert', 'edit', 'delete']) await admin.locator(`input[name="${a}-p-admin"]`).check();
    await admin.locator('[data-entity-submit]').click();
    await admin.getByText('Entity “Site” created').waitFor();
    await admin.locator('tr[data-custom-entity="x_site"] [data-entity-where="offline"]', { hasText: 'On devices (offline)' }).waitFor();
    await admin.screenshot({ path: '.tmp/custom-entities-offline-admin.png' });

    // The device reopens with the custom records' collection (a new schema version), then a record from the entity's
    // form is saved on the device and sent.
    await page.waitForFunction(async () => (await indexedDB.databases()).some((d) => (d.name ?? '').toLowerCase().includes('customrecord')), undefined, { timeout: 20_000 });
    // The reopen rebuilds the screens when it ends: a page loaded now opens at the new version at once.
    await page.reload();
    await waitReady(page);
    await page.goto(`${server.url}/#/x_site/new?companyId=${company.id}`);
    const form = page.locator('fc-record-form');
    await form.locator('#name').waitFor({ timeout: 20_000 });
    await form.locator('#name').fill('Lyon warehouse');
    await form.locator('button[type=submit]').click();
    const stored = await onServer('the site on the server', async () => (await sites(server))[0]);
    assert.is(stored.name, 'Lyon warehouse');
    assert.is(stored.territoryId, company.territoryId, 'in its company’s territory');
    for (let i = 0; i < 100 && (await statusOf(page)).pending > 0; i++) await page.waitForTimeout(100);

    // No network: the record is on the device, and is edited there.
    await goOffline(ctx, server);
    await page.goto(`${server.url}/#/x_site/${String(stored.id)}/edit`);
    await form.locator('#name').waitFor({ timeout: 20_000 });
    await form.locator('#name').fill('Lyon warehouse (north)');
    await form.locator('button[type=submit]').click();
    await page.locator('fc-record-view').getByText('Lyon warehouse (north)').first().waitFor({ timeout: 15_000 });
    await page.waitForTimeout(1500); // long enough for a retry: nothing may leave the device
    const offline = await statusOf(page);
    assert.is(offline.state, 'offline');
    assert.is(offline.pending, 1, 'the edit waits to go up');
    assert.is((await sites(server))[0]?.name, 'Lyon warehouse', 'the server still has the old name');
    // Its list works offline too, from the device.
    await page.goto(`${server.url}/#/x_site`);
    await page.locator('fc-record-list', { hasText: 'Lyon warehouse (north)' }).first().waitFor();
    await page.screenshot({ path: '.tmp/custom-entities-offline-list.png', fullPage: true });

    // The network returns: the edit goes up by itself.
    await goOnline(ctx, server);
    await onServer('the edit on the server', async () => (await sites(server))[0]?.name === 'Lyon warehouse (north)', 30_000);
    for (let i = 0; i < 150 && (await statusOf(page)).pending > 0; i++) await page.waitForTimeout(100);
    assert.is((await statusOf(page)).pending, 0, 'nothing left waiting');

    // The same field changed at the office while the device, offline again, changed it too: the device's value is
    // kept under Conflicts, which names the entity and opens the site's screen (the conflict keeps one value, not the
    // record: the entity is read from the record on the device).
    await goOffline(ctx, server);
    await page.goto(`${server.url}/#/x_site/${String(stored.id)}/edit`);
    await form.locator('#name').waitFor({ timeout: 20_000 });
    await form.locator('#name').fill('Lyon depot (device)');
    await form.locator('button[type=submit]').click();
    await page.locator('fc-record-view').getByText('Lyon depot (device)').first().waitFor({ timeout: 15_000 });
    const signIn = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: 'Panoply2026' }) });
    const { token } = (await signIn.json()) as { token: string };
    const [current] = await server.store.getByIds('customRecord', [String(stored.id)]);
    const office = await fetch(`${server.url}/sync/customRecord/push`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify([{ assumedMasterState: current, newDocumentState: { ...current, name: 'Lyon depot (office)' } }]) });
    assert.is(office.status, 200, await office.clone().text());
    await goOnline(ctx, server);
    await page.locator('header a[data-conflicts-badge]').first().waitFor({ timeout: 30_000 });
    await page.goto(`${server.url}/#/conflict`);
    const card = page.locator('article[data-conflict]');
    await card.getByText('Lyon depot (device)').waitFor({ timeout: 15_000 });
    await card.getByText('Site', { exact: true }).waitFor();
    await page.screenshot({ path: '.tmp/custom-entities-offline-conflict.png' });
    await card.getByRole('link', { name: 'Lyon depot (office)' }).click();
    await page.locator('fc-record-view').getByText('Lyon depot (office)').first().waitFor({ timeout: 15_000 });
    assert.match(page.url(), `#/x_site/${String(stored.id)}`);

    // In French, Administration says where the entity's records are, and the choice for a new one.
    await page.evaluate(() => localStorage.setItem('fieldcrm.locale', 'fr'));
    await page.goto(`${server.url}/#/page/admin/customisation`);
    await page.reload();
    await waitReady(page);
    await page.goto(`${server.url}/#/page/admin/customisation`);
    await admin.locator('tr[data-custom-entity="x_site"] [data-entity-where="offline"]', { hasText: 'Sur les appareils (hors ligne)' }).waitFor();
    await admin.locator('[data-entity-add] summary').click();
    await admin.getByText('Gardée sur les appareils (fonctionne hors ligne)').waitFor();
    await admin.screenshot({ path: '.tmp/custom-entities-offline-admin-fr.png' });

    // The mobile theme (a phone in the field) lists and opens the sites too: they are on the device.
    await page.locator('[data-theme-switch]').first().click();
    await page.waitForFunction(() => document.querySelector('fc-app')?.getAttribute('theme') === 'mobile');
    await page.goto(`${server.url}/#/x_site`);
    await page.locator('fc-record-list').getByText('Lyon depot (office)').first().click();
    await page.locator('fc-record-view').getByText('Lyon depot (office)').first().waitFor();
    await page.screenshot({ path: '.tmp/custom-entities-offline-mobile.png' });
    assert.equal(errors, []);
  } catch (err) {
    for (const c of browser.contexts()) for (const p of c.pages()) await p.screenshot({ path: '.tmp/custom-entities-offline-failed.png' }).catch(() => undefined);
    throw err;
  } finally {
    await browser.close();
    await server.close();
    applyCustomization(EMPTY_CUSTOMIZATION);
  }
});

test.run();
