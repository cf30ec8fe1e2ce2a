// Quick search from the header: device records at once, the server's quotes beside them, grouped; arrows and Enter
// open a record; on a phone a button opens the box.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeDoc } from '../helpers/docs.ts';
import { signIn } from '../helpers/server.ts';
import { launch, signInUI, startAppServer, waitReady } from './helpers.ts';

test('a person, a quote and a document found from one box, keyboard only', async () => {
  const server = await startAppServer(1);
  const browser = await launch();
  try {
    await server.store.insertMany('company', [makeDoc('company', { id: 'qz-co', name: 'Zephyr Holdings' })]);
    await server.store.insertMany('person', [makeDoc('person', { id: 'qz-p', firstName: 'Zoe', lastName: 'Zephyrine', companyId: 'qz-co' })]);
    await server.store.insertMany('quote', [makeDoc('quote', { id: 'qz-q', reference: 'Q-ZEPHYR-7', companyId: 'qz-co' })]);
    const token = await signIn(server.url, 'admin');
    const up = await fetch(`${server.url}/api/documents/upload?entity=company&recordId=qz-co&name=${encodeURIComponent('Zephyr brochure.txt')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain', 'X-FieldCRM-Upload': '1' },
      body: 'A brochure.\n',
    });
    assert.is(up.status, 201, await up.text());
    const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 768 } })).newPage();
    await signInUI(page, server.url, 'admin');
    await waitReady(page);
    const box = page.getByRole('combobox', { name: 'Search every record' });
    await box.focus();
    await page.keyboard.type('zephyr');
    const results = page.locator('fc-quick-search [role=listbox]');
    await results.locator('[data-group="person"] [data-id="qz-p"]').waitFor();
    await results.locator('[data-group="quote"] [data-id="qz-q"]').waitFor();
    await results.locator('[data-group="document"] [role=option]', { hasText: 'Zephyr brochure.txt' }).waitFor();
    await page.screenshot({ path: '.tmp/quick-search-1366.png' });
    // The last hit is the document (the server's groups come after the device's): End, Enter opens it in the library.
    await page.keyboard.press('End');
    assert.is(await results.locator('[data-group="document"] [role=option]').last().getAttribute('aria-selected'), 'true');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash.startsWith('#/page/documents'));
    await page.locator('fc-document-library').getByText('Zephyr brochure.txt').first().waitFor({ timeout: 20_000 });
    // The quote, by arrows from the top: the person first, then the company, then the quote.
    await box.focus();
    await page.keyboard.type('zephyr');
    await results.locator('[data-group="quote"] [data-id="qz-q"]').waitFor();
    const order = await results.locator('[role=option]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    for (let i = 0; i <= order.indexOf('qz-q'); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#/quote/qz-q');
    await box.focus();
    await page.keyboard.type('zephyr');
    await results.locator('[data-group="person"] [data-id="qz-p"]').waitFor();
    const again = await results.locator('[role=option]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    for (let i = 0; i <= again.indexOf('qz-p'); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#/person/qz-p');
  } finally {
    await browser.close();
    await server.close();
  }
});

test('search every entity from the header, by keyboard, on a desktop and a phone', async () => {
  const server = await startAppServer(6);
  const browser = await launch();
  try {
    const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 768 } })).newPage();
    await signInUI(page, server.url, 'admin');
    await waitReady(page);
    const box = page.getByRole('combobox', { name: 'Search every record' });
    await box.fill('Panoply');
    const companies = page.locator('fc-quick-search [data-group="company"] [role=option]');
    await companies.first().waitFor();
    assert.ok((await companies.count()) >= 1 && (await companies.count()) <= 5);
    // The server's online-only records join: quotes are found by their reference.
    const [q] = (await server.store.listRecords('quote', {}, { kind: 'everyone' }, { offset: 0, limit: 1 })).records;
    await box.fill(String(q!.reference));
    await page.locator(`fc-quick-search [data-group="quote"] [data-id="${q!.id}"]`).waitFor();
    await box.fill('Panoply');
    await companies.first().waitFor();
    const first = await companies.first().getAttribute('data-id');
    await box.press('ArrowDown');
    assert.is(await companies.first().getAttribute('aria-selected'), 'true');
    await box.press('Enter');
    await page.waitForFunction((id) => location.hash === `#/company/${id}`, first);
    await page.locator('fc-record-view h1').waitFor();
    await box.fill('zzzz-nothing');
    await page.getByText('Nothing matches "zzzz-nothing".').waitFor();
    await box.press('Escape');
    assert.is(await page.locator('fc-quick-search [role=listbox]').count(), 0);

    const phone = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true })).newPage();
    await signInUI(phone, server.url, 'sales');
    await waitReady(phone);
    await phone.getByRole('button', { name: 'Tout rechercher' }).click();
    const small = phone.getByRole('combobox', { name: 'Rechercher dans tous les enregistrements' });
    await small.fill('Panoply');
    await phone.locator('fc-quick-search [role=option]').first().waitFor();
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `nothing off screen (${width} px)`);
    await phone.screenshot({ path: '.tmp/quick-search-phone.png' });
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
