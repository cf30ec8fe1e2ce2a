// Same field edited in two browsers: the loser sees the conflict, re-applies it in one click, and the other browser gets it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { goOffline, goOnline, launch, onServer, signInUI, startAppServer, waitReady } from './helpers.ts';

test('a lost edit shows under Conflicts with both values; "Re-apply mine" sends it again', async () => {
  const server = await startAppServer(6);
  const browser = await launch();
  try {
    const ctxA = await browser.newContext({ locale: 'en-GB' });
    const ctxB = await browser.newContext({ locale: 'en-GB' });
    const a = await ctxA.newPage();
    const b = await ctxB.newPage();
    await signInUI(a, server.url, 'admin');
    await signInUI(b, server.url, 'manager');
    await waitReady(a);
    await waitReady(b);

    // A edits offline; B edits the same field online and wins the race to the server.
    await goOffline(ctxA, server);
    await a.goto(`${server.url}/#/company/c00000/edit`);
    await a.fill('#industry', 'Value from A');
    await a.click('button[type=submit]');
    await a.locator('dd[data-field="industry"]', { hasText: 'Value from A' }).waitFor();
    await b.goto(`${server.url}/#/company/c00000/edit`);
    await b.fill('#industry', 'Value from B');
    await b.click('button[type=submit]');
    await onServer("B's value", async () => (await server.store.getByIds('company', ['c00000']))[0]!.industry === 'Value from B');

    await goOnline(ctxA, server);
    const badge = a.locator('header a[data-conflicts-badge]');
    await badge.waitFor({ timeout: 30_000 });
    await a.locator('dd[data-field="industry"]', { hasText: 'Value from B' }).waitFor();
    await badge.click();
    const card = a.locator('article[data-conflict]');
    await card.getByText('Value from A').waitFor();
    await card.getByText('Value from B').waitFor();
    await card.getByRole('button', { name: 'Re-apply mine' }).click();
    await card.waitFor({ state: 'detached' });

    await b.goto(`${server.url}/#/company/c00000`);
    await b.locator('dd[data-field="industry"]', { hasText: 'Value from A' }).waitFor({ timeout: 10_000 });
    assert.is((await server.store.getByIds('company', ['c00000']))[0]!.industry, 'Value from A');
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
