// What a user types in an entry form survives the tab being reloaded (an old phone kills the browser in the background):
// the form comes back with it and says so; Save sends it, Discard forgets it (docs/decisions/0060).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launch, onServer, signInUI, startAppServer, waitReady } from './helpers.ts';

test('typing in a new and an edited record survives a reload; Save sends it, Discard forgets it (English, then French)', async () => {
  const server = await startAppServer(3);
  const browser = await launch();
  try {
    const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true })).newPage();
    await signInUI(page, server.url, 'admin');
    await waitReady(page);

    // A new company: the name typed, then the tab is gone before Save.
    await page.goto(`${server.url}/#/company/new`);
    await page.locator('fc-record-form input[name="name"]').fill('Typed Before The Crash Ltd');
    await page.waitForTimeout(600);
    await page.reload();
    await waitReady(page);
    const form = page.locator('fc-record-form');
    await form.locator('[data-draft-restored]').getByText('Restored what you were typing').waitFor();
    assert.is(await form.locator('input[name="name"]').inputValue(), 'Typed Before The Crash Ltd');
    await page.screenshot({ path: '.tmp/draft-restored-en.png' });
    await form.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/#\/company\/(?!new$)[^/]+$/);
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);
    await onServer('the new company', async () => (await server.store.getByIds('company', [id]))[0]?.name === 'Typed Before The Crash Ltd');
    // Saved: a new form starts empty.
    await page.goto(`${server.url}/#/company/new`);
    await form.locator('input[name="name"]').waitFor();
    assert.is(await form.locator('input[name="name"]').inputValue(), '');
    assert.is(await form.locator('[data-draft-restored]').count(), 0);

    // An edit: only the changed field comes back, on top of the record as it is now; Discard forgets it.
    const [c] = (await server.store.pull('company', 0, 50, { kind: 'everyone' })).documents.filter((d) => d.territoryId === 't-eu');
    await page.goto(`${server.url}/#/company/${c!.id}/edit`);
    await form.locator('#industry').fill('Half-typed industry');
    await page.waitForTimeout(600);
    await page.reload();
    await waitReady(page);
    await form.locator('[data-draft-restored]').waitFor();
    assert.is(await form.locator('#industry').inputValue(), 'Half-typed industry');
    assert.is(await form.locator('input[name="name"]').inputValue(), String(c!.name));
    await form.locator('[data-discard-draft]').click();
    await form.locator('[data-draft-restored]').waitFor({ state: 'detached' });
    assert.is(await form.locator('#industry').inputValue(), String(c!.industry ?? ''));
    await page.reload();
    await waitReady(page);
    await form.locator('#industry').waitFor();
    assert.is(await form.locator('[data-draft-restored]').count(), 0, 'a discarded draft does not come back');

    // A French user (Sophie, sales), and Cancel forgets too.
    const fr = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true })).newPage();
    await signInUI(fr, server.url, 'sales');
    await waitReady(fr);
    const frForm = fr.locator('fc-record-form');
    await fr.goto(`${server.url}/#/company/${c!.id}/edit`);
    await frForm.locator('#industry').fill('Secteur en cours');
    await fr.waitForTimeout(600);
    await fr.reload();
    await waitReady(fr);
    await frForm.locator('[data-draft-restored]').getByText('Votre saisie a été restaurée').waitFor();
    assert.is(await frForm.locator('#industry').inputValue(), 'Secteur en cours');
    await fr.screenshot({ path: '.tmp/draft-restored-fr.png' });
    await frForm.getByRole('button', { name: 'Annuler' }).click();
    await fr.goto(`${server.url}/#/company/${c!.id}/edit`);
    await frForm.locator('#industry').waitFor();
    assert.is(await frForm.locator('[data-draft-restored]').count(), 0, 'Cancel forgets the draft');
    assert.is((await server.store.getByIds('company', [c!.id]))[0]?.industry, c!.industry, 'nothing was saved');
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
