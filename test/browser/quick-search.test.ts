// Quick search from the header: device records at once, the server's quotes beside them, grouped; arrows and Enter
// open a record; on a phone a button opens the box.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launch, signInUI, startAppServer, waitReady } from './helpers.ts';

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
