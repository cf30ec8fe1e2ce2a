// The walking skeleton end to end in Chromium: sign in, first sync, create, go offline, reload, keep working, come back, see it elsewhere.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EVERYWHERE } from '../helpers/docs.ts';
import { goOffline, goOnline, launch, onServer, signInUI, startAppServer, statusOf, waitReady } from './helpers.ts';

test('create online, work offline across a reload, sync back, and a second browser sees it all', async () => {
  const server = await startAppServer(20);
  const browser = await launch();
  try {
    const ctxA = await browser.newContext({ locale: 'en-GB', viewport: { width: 1024, height: 800 } });
    const a = await ctxA.newPage();
    const errors: string[] = [];
    a.on('pageerror', (e) => errors.push(e.message));
    await signInUI(a, server.url);
    await waitReady(a);
    await a.getByText('20 records').waitFor();

    // A company, then a person from the company's Persons tab.
    await a.goto(`${server.url}/#/company/new`);
    await a.fill('#name', 'Skeleton Works');
    await a.click('button[type=submit]');
    await a.getByRole('heading', { name: 'Skeleton Works' }).waitFor();
    await a.getByRole('tab', { name: /Persons/ }).click();
    await a.getByRole('button', { name: /New person/ }).click();
    await a.fill('#firstName', 'Ada');
    await a.fill('#lastName', 'Offgrid');
    await a.click('button[type=submit]');
    await a.getByText('Ada Offgrid').waitFor();
    await onServer('the company and the person', async () => (await server.store.search('person', 'Offgrid', EVERYWHERE, 5)).length === 1 && (await server.store.search('company', 'Skeleton Works', EVERYWHERE, 5)).length === 1);
    for (let i = 0; i < 100 && (await statusOf(a)).pending > 0; i++) await a.waitForTimeout(100);
    assert.is((await statusOf(a)).pending, 0, 'both records went up');

    // No network: the reload is served by the service worker and the data is still on the device.
    await goOffline(ctxA, server);
    await a.reload();
    await a.getByRole('heading', { name: 'Skeleton Works' }).waitFor({ timeout: 15_000 });
    await a.getByRole('tab', { name: /Notes/ }).click();
    await a.getByRole('button', { name: /New note/ }).click();
    await a.fill('#text', 'Written in the car park, no signal.');
    await a.click('button[type=submit]');
    await a.getByText('Written in the car park, no signal.').waitFor();
    await a.waitForTimeout(2000); // long enough for a retry: nothing may leave the device
    const offline = await statusOf(a);
    assert.is(offline.state, 'offline');
    assert.is(offline.pending, 1, 'the note waits to go up');
    assert.is((await server.store.pull('note', 0, 1000, EVERYWHERE)).documents.filter((d) => d.text === 'Written in the car park, no signal.').length, 0);

    // Network back: it goes up by itself.
    await goOnline(ctxA, server);
    await onServer('the note', async () => (await server.store.search('note', 'car park', EVERYWHERE, 5)).length === 1);
    for (let i = 0; i < 150 && (await statusOf(a)).pending > 0; i++) await a.waitForTimeout(100);
    assert.is((await statusOf(a)).pending, 0, 'nothing left waiting');

    // A second browser sees all of it.
    const ctxB = await browser.newContext({ locale: 'en-GB' });
    const b = await ctxB.newPage();
    await signInUI(b, server.url);
    await b.goto(`${server.url}/#/company`);
    // The list's own search (the header's quick search is another search box, with its own results).
    await b.locator('fc-record-list input[type=search]').fill('skeleton');
    await b.locator('fc-record-list').getByText('Skeleton Works').click();
    await b.getByRole('tab', { name: /Persons \(1\)/ }).waitFor();
    await b.getByRole('tab', { name: /Notes \(1\)/ }).click();
    await b.getByText('Written in the car park, no signal.').waitFor();

    // And a change on B shows up on A live, without a reload.
    await b.getByRole('link', { name: 'Edit' }).first().click();
    await b.fill('#industry', 'Robotics');
    await b.click('button[type=submit]');
    await a.getByRole('tab', { name: 'Summary' }).click();
    await a.locator('dd[data-field="industry"]', { hasText: 'Robotics' }).waitFor({ timeout: 5000 });
    assert.equal(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
