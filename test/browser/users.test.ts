// An administrator creates a user on the Administration page (the password rule said before sending, in English);
// the new user signs in, in French, and changes their password from the header.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launch, signInUI, startAppServer, waitReady } from './helpers.ts';

test('create a user in the UI; that user signs in (French) and changes their password', async () => {
  const server = await startAppServer(3);
  const browser = await launch();
  try {
    const admin = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 768 } })).newPage();
    await signInUI(admin, server.url, 'admin');
    await waitReady(admin);
    await admin.goto(`${server.url}/#/page/admin`);
    await admin.getByText('New user').click();
    const form = admin.locator('fc-user-form form');
    await form.locator('input[name=login]').fill('lea');
    await form.locator('input[name=displayName]').fill('Léa Lambert');
    await form.locator('input[name=password]').fill('#Orchard-Lantern-42');
    await form.getByText('A password may not start with a non-alphanumeric character.').waitFor();
    await form.locator('input[name=password]').fill('Orchard-Lantern-42');
    await form.locator('select[name=profileId]').selectOption('p-sales-eu');
    await form.locator('select[name=territoryId]').selectOption('t-eu');
    await form.locator('select[name=locale]').selectOption('fr');
    await form.locator('input[name=timeZone]').fill('Europe/Paris');
    await form.getByRole('button', { name: 'Create the user' }).click();
    await admin.getByText('Léa Lambert can now sign in as "lea".').waitFor();
    await admin.locator('tr[data-user="lea"]').waitFor();
    const made = await server.store.findUserByLogin('lea');
    assert.equal([made?.displayName, made?.profileId, made?.locale, made?.timeZone], ['Léa Lambert', 'p-sales-eu', 'fr', 'Europe/Paris']);
    await admin.screenshot({ path: '.tmp/admin-new-user.png' });

    const lea = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    await signInUI(lea, server.url, 'lea', 'Orchard-Lantern-42');
    await waitReady(lea);
    await lea.locator('header a.user', { hasText: 'Léa Lambert' }).click();
    await lea.getByRole('heading', { name: 'Mon mot de passe' }).waitFor();
    await lea.locator('input[name=currentPassword]').fill('Orchard-Lantern-42');
    await lea.locator('input[name=newPassword]').fill('court');
    await lea.getByText('Un mot de passe doit compter au moins 10 caractères.').waitFor();
    await lea.locator('input[name=newPassword]').fill('Lavande-Marine-2027');
    await lea.getByRole('button', { name: 'Changer mon mot de passe' }).click();
    await lea.getByText('Votre mot de passe est changé.').waitFor();
    await lea.screenshot({ path: '.tmp/password-fr.png' });
    const res = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'lea', password: 'Lavande-Marine-2027' }) });
    assert.is(res.status, 200);
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
