// Issue #24 in the browser: an administrator adds a custom field in Administration (in English, then another in
// French), the browser's own device migrates to it, and the field is filled on a record's entry screen, shown on its
// view with the label in the user's language, and stored on the server.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyCustomization, EMPTY_CUSTOMIZATION } from '../../shared/entities/index.ts';
import { EVERYWHERE } from '../helpers/docs.ts';
import { launch, onServer, signInUI, startAppServer, waitReady } from './helpers.ts';

test('a custom field added in Administration is filled on a company, in English and in French', async () => {
  const server = await startAppServer(3);
  const browser = await launch();
  try {
    const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } })).newPage();
    // The device reopens its database at each new revision: no screen may call its closed collections meanwhile (COL21).
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e.message ?? e).slice(0, 300)));
    await signInUI(page, server.url, 'admin');
    await waitReady(page);

    // English: an option list on companies, shown on the form and as a list column.
    await page.goto(`${server.url}/#/page/admin/customisation`);
    const admin = page.locator('fc-custom-fields');
    await admin.locator('[data-no-custom-fields]').waitFor();
    await admin.locator('[data-custom-add] summary').click();
    await admin.locator('#custom-label-en').fill('Rating');
    await admin.locator('#custom-label-fr').fill('Note client');
    await admin.locator('#custom-code').fill('Rating!');
    await admin.locator('#custom-kind').selectOption('select');
    await admin.locator('#custom-options').fill('gold | Gold | Or\nsilver | Silver | Argent');
    await admin.locator('input[name=onList]').check();
    await admin.locator('[data-custom-submit]').click();
    // A bad code is refused on the spot, with the reason, and nothing is added.
    await admin.locator('[data-issue="code"]').waitFor();
    await admin.locator('#custom-code').fill('rating');
    await admin.locator('[data-custom-submit]').click();
    await admin.getByText('Field “Rating” added').waitFor();
    await admin.locator('tr[data-custom-field="c_rating"]').waitFor();
    await admin.screenshot({ path: '.tmp/custom-fields-admin.png' });

    const company = (await server.store.listRecords('company', {}, EVERYWHERE, { offset: 0, limit: 1 })).records[0]!;
    await page.goto(`${server.url}/#/company/${company.id}/edit`);
    const rating = page.locator('fc-record-form #c_rating');
    await rating.waitFor({ timeout: 20_000 });
    assert.equal(await rating.locator('option').allTextContents(), ['—', 'Gold', 'Silver']);
    await rating.selectOption('gold');
    await page.click('fc-record-form button[type=submit]');
    await onServer('the rating on the server', async () => (await server.store.getByIds('company', [company.id]))[0]?.c_rating === 'gold');
    await page.getByText('Rating').first().waitFor();
    await page.screenshot({ path: '.tmp/custom-fields-view-en.png', fullPage: true });
    // A list column, as the field asked.
    await page.goto(`${server.url}/#/company`);
    await page.locator('fc-record-list [role=columnheader]', { hasText: 'Rating' }).first().waitFor();
    await page.locator('fc-record-list', { hasText: 'Gold' }).first().waitFor();

    // Relabelled in Administration: the entry screen follows.
    await page.goto(`${server.url}/#/page/admin/customisation`);
    await admin.locator('tr[data-custom-field="c_rating"] [data-edit]').click();
    await admin.locator('#edit-label-en').fill('Customer rating');
    await admin.locator('[data-custom-edit] button[type=submit]').click();
    await admin.getByText('“Customer rating” saved').waitFor();
    await page.goto(`${server.url}/#/company/${company.id}`);
    await page.getByText('Customer rating').first().waitFor();

    // French: the same screens in French, and a second field added from the French Administration.
    await page.evaluate(() => localStorage.setItem('fieldcrm.locale', 'fr'));
    await page.goto(`${server.url}/#/page/admin/customisation`);
    await page.reload();
    await waitReady(page);
    await page.goto(`${server.url}/#/page/admin/customisation`);
    await admin.locator('tr[data-custom-field="c_rating"]').getByText('Note client').waitFor();
    await admin.locator('[data-custom-add] summary').click();
    await admin.locator('#custom-label-en').fill('Visit notes');
    await admin.locator('#custom-label-fr').fill('Remarques de visite');
    await admin.locator('#custom-code').fill('visit_notes');
    await admin.locator('#custom-kind').selectOption('text');
    await admin.locator('[data-custom-submit]').click();
    await admin.getByText('Champ « Remarques de visite » ajouté').waitFor();

    await page.goto(`${server.url}/#/company/${company.id}/edit`);
    const notes = page.locator('fc-record-form #c_visit_notes');
    await notes.waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('fc-record-form #c_rating option').allTextContents(), ['—', 'Or', 'Argent']);
    assert.ok(await page.locator('fc-record-form label[for="c_visit_notes"]').getByText('Remarques de visite').count());
    await notes.fill('Accès par la cour, sonner deux fois');
    await page.click('fc-record-form button[type=submit]');
    await onServer('the French text on the server', async () => (await server.store.getByIds('company', [company.id]))[0]?.c_visit_notes === 'Accès par la cour, sonner deux fois');
    await page.getByText('Note client').first().waitFor();
    await page.screenshot({ path: '.tmp/custom-fields-view-fr.png', fullPage: true });
    assert.equal(pageErrors, [], 'no error in the page while it reopened its database');
  } finally {
    await browser.close();
    await server.close();
    applyCustomization(EMPTY_CUSTOMIZATION);
  }
});

test.run();
