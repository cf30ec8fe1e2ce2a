// A 401 (the session ended) asks the user to sign in again and loses no unsynced change.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launch, startAppServer, signInUI, statusOf, waitReady } from './helpers.ts';

test('session ends while editing: sign-in overlay, nothing lost, the edit goes up after signing in', async () => {
  const server = await startAppServer(5);
  const browser = await launch();
  try {
    const ctx = await browser.newContext({ locale: 'en-GB' });
    const page = await ctx.newPage();
    await signInUI(page, server.url);
    await waitReady(page);

    // The server forgets every session (expiry, revocation).
    server.store.sqlite.prepare('DELETE FROM sessions').run();

    await page.goto(`${server.url}/#/company/c00001/edit`);
    await page.fill('#industry', 'Edited after expiry');
    await page.click('button[type=submit]');
    await page.locator('dd[data-field="industry"]', { hasText: 'Edited after expiry' }).waitFor();

    const overlay = page.locator('.overlay fc-sign-in');
    await overlay.waitFor({ timeout: 15_000 });
    await page.getByText(/Your session has ended/).waitFor();
    assert.is((await statusOf(page)).pending, 1, 'the edit waits on the device');
    const [before] = await server.store.getByIds('company', ['c00001']);
    assert.is.not(before!.industry, 'Edited after expiry');

    await overlay.locator('#login').fill('admin');
    await overlay.locator('#password').fill('Panoply2026');
    await overlay.locator('button[type=submit]').click();
    await overlay.waitFor({ state: 'detached' });
    for (let i = 0; i < 100 && (await statusOf(page)).pending > 0; i++) await page.waitForTimeout(100);
    const [after] = await server.store.getByIds('company', ['c00001']);
    assert.is(after!.industry, 'Edited after expiry');
  } finally {
    await browser.close();
    await server.close();
  }
});

test('a phone unused past the idle timeout signs in again and its waiting change goes up', async () => {
  const server = await startAppServer(5);
  const browser = await launch();
  try {
    const ctx = await browser.newContext({ locale: 'en-GB' });
    const page = await ctx.newPage();
    await signInUI(page, server.url, 'admin');
    await waitReady(page);
    // Offline for a night: the change waits on the device, and the session's last use is 13 hours ago.
    await ctx.setOffline(true);
    await page.evaluate(() => (location.hash = '#/company/c00002/edit'));
    await page.fill('#industry', 'Edited offline overnight');
    await page.click('button[type=submit]');
    await page.locator('dd[data-field="industry"]', { hasText: 'Edited offline overnight' }).waitFor();
    server.store.sqlite.prepare('UPDATE sessions SET last_seen_at = ?').run(new Date(Date.now() - 13 * 3_600_000).toISOString());
    await ctx.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    const overlay = page.locator('.overlay fc-sign-in');
    await overlay.waitFor({ timeout: 20_000 });
    assert.is((await statusOf(page)).pending, 1, 'the change still waits');
    await overlay.locator('#login').fill('admin');
    await overlay.locator('#password').fill('Panoply2026');
    await overlay.locator('button[type=submit]').click();
    await overlay.waitFor({ state: 'detached' });
    for (let i = 0; i < 100 && (await statusOf(page)).pending > 0; i++) await page.waitForTimeout(100);
    const [after] = await server.store.getByIds('company', ['c00002']);
    assert.is(after!.industry, 'Edited offline overnight');
  } finally {
    await browser.close();
    await server.close();
  }
});

test('the sign-in screen shows the version the server runs (685-171848-QA)', async () => {
  const server = await startAppServer(0);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByText('Version 0.0.0-test').waitFor();
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
