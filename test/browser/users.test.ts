// Administration in the browser: an administrator creates a user (the password rule said before sending); that user's
// first sign-in asks for their own password before anything else, in French and in English; an administrator's reset
// gives a one-time password shown once; disabling shows in the list and refuses sign-in; sessions and the audit log.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { launch, signInUI, startAppServer, waitReady } from './helpers.ts';

/** The app's main area shows the forced password page (and nothing else: no tabs). */
async function forcedPage(page: Page, explanation: RegExp): Promise<void> {
  await page.locator('fc-password-page [data-forced]', { hasText: explanation }).waitFor();
  assert.is(await page.locator('fc-nav').count(), 0, 'no navigation until the password is changed');
}

test('create a user in English; their first sign-in, in French, must change the one-time password first', async () => {
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
    await form.locator('input[name=email]').fill('lea.lambert@example.com');
    await form.locator('input[name=password]').fill('#Orchard-Lantern-42');
    await form.getByText('A password may not start with a non-alphanumeric character.').waitFor();
    await form.locator('input[name=password]').fill('Orchard-Lantern-42');
    await form.locator('select[name=profileId]').selectOption('p-sales-eu');
    await form.locator('select[name=territoryId]').selectOption('t-eu');
    await form.locator('select[name=locale]').selectOption('fr');
    await form.locator('input[name=timeZone]').fill('Europe/Paris');
    await form.getByRole('button', { name: 'Create the user' }).click();
    await admin.getByText('Léa Lambert can now sign in as "lea".').waitFor();
    const row = admin.locator('tr[data-user="lea"]');
    await row.getByText('One-time password').waitFor();
    const made = await server.store.findUserByLogin('lea');
    assert.equal([made?.displayName, made?.email, made?.profileId, made?.locale, made?.timeZone, made?.mustChangePassword], ['Léa Lambert', 'lea.lambert@example.com', 'p-sales-eu', 'fr', 'Europe/Paris', true]);
    await admin.screenshot({ path: '.tmp/admin-new-user.png', fullPage: true });

    const lea = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 375, height: 740 } })).newPage();
    await signInUI(lea, server.url, 'lea', 'Orchard-Lantern-42');
    await forcedPage(lea, /mot de passe à usage unique/);
    await lea.goto(`${server.url}/#/company`);
    await forcedPage(lea, /mot de passe à usage unique/);
    await lea.screenshot({ path: '.tmp/forced-password-fr.png' });
    await lea.locator('input[name=currentPassword]').fill('Orchard-Lantern-42');
    await lea.locator('input[name=newPassword]').fill('court');
    await lea.getByText('Un mot de passe doit compter au moins 10 caractères.').waitFor();
    await lea.locator('input[name=newPassword]').fill('Orchard-Lantern-42');
    await lea.getByRole('button', { name: 'Changer mon mot de passe' }).click();
    await lea.getByText('Choisissez un mot de passe différent de l’actuel.').waitFor();
    await lea.locator('input[name=newPassword]').fill('Lavande-Marine-2027');
    await lea.getByRole('button', { name: 'Changer mon mot de passe' }).click();
    // The app goes on: tabs back, the first sync runs.
    await lea.locator('fc-nav').waitFor();
    await waitReady(lea);
    assert.is((await server.store.findUserByLogin('lea'))?.mustChangePassword, false);
    const res = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'lea', password: 'Lavande-Marine-2027' }) });
    assert.is(res.status, 200);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('in French: reset a password (shown once), the user changes it in English; disable; sessions; the audit log', async () => {
  const server = await startAppServer(3);
  const browser = await launch();
  try {
    const admin = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } })).newPage();
    await signInUI(admin, server.url, 'admin');
    await waitReady(admin);
    if ((await admin.locator('html').getAttribute('lang')) !== 'fr') await admin.getByRole('button', { name: 'Français' }).click();
    const dan = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    await signInUI(dan, server.url, 'manager');

    await admin.goto(`${server.url}/#/page/admin`);
    const row = admin.locator('tr[data-user="manager"]');
    await row.getByRole('button', { name: 'Réinitialiser le mot de passe: Dan Rivera' }).click();
    await admin.locator('fc-confirm').getByRole('button', { name: 'Réinitialiser le mot de passe' }).click();
    const box = admin.locator('[data-one-time]');
    await box.getByText('Mot de passe à usage unique pour Dan Rivera :').waitFor();
    const once = (await box.locator('code').textContent())!.trim();
    assert.match(once, /^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    await row.getByText('Mot de passe à usage unique').waitFor();

    // Dan's open app is signed out by the reset; he signs in with the one-time password and must replace it.
    await dan.locator('.overlay fc-sign-in').waitFor({ timeout: 20_000 });
    await dan.goto(server.url);
    await dan.fill('#login', 'manager');
    await dan.fill('#password', once);
    await dan.click('button[type=submit]');
    await forcedPage(dan, /one-time password/);
    await dan.locator('input[name=currentPassword]').fill(once);
    await dan.locator('input[name=newPassword]').fill('Harvest-Lighthouse-73');
    await dan.getByRole('button', { name: 'Change my password' }).click();
    await dan.locator('fc-nav').waitFor();
    // His own API token, under My password: shown once, listed by name, revoked.
    await dan.locator('header a.user').click();
    const tokens = dan.locator('fc-api-tokens');
    await tokens.locator('input[name=tokenName]').fill('ERP link');
    // 90 days is offered first: a token forgotten stops by itself.
    assert.is(await tokens.locator('select[name=tokenLife]').inputValue(), '90');
    await tokens.locator('select[name=tokenLife]').selectOption('30');
    await tokens.getByRole('button', { name: 'Make a token' }).click();
    const secret = (await tokens.locator('[data-token] code').textContent())!.trim();
    assert.match(secret, /^fcpat_/);
    const [erpRow] = (await server.store.tokens.list('u-manager')).filter((tk) => tk.name === 'ERP link');
    assert.ok(erpRow && Math.abs(Date.parse(erpRow.expiresAt) - Date.now() - 30 * 86_400_000) < 120_000, `expires in 30 days: ${erpRow?.expiresAt}`);
    assert.not.match(await tokens.locator('tr[data-token-name="ERP link"] [data-token-expires]').innerText(), 'until revoked');
    // Read only is offered first (the least a token needs): this one reads, and may change nothing.
    await tokens.locator('tr[data-token-name="ERP link"] [data-token-access="read"]').waitFor();
    const write = await fetch(`${server.url}/api/groups`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', entity: 'company', kind: 'static' }) });
    assert.is(write.status, 403);
    await tokens.screenshot({ path: '.tmp/api-tokens.png' });
    assert.is((await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${secret}` } })).status, 200);
    await tokens.getByRole('button', { name: 'Revoke: ERP link' }).click();
    await tokens.getByText('Token "ERP link" revoked: it no longer works.').waitFor();
    assert.is((await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${secret}` } })).status, 401);
    await tokens.locator('input[name=tokenName]').fill('BI export');
    await tokens.getByRole('button', { name: 'Make a token' }).click();
    const bi = (await tokens.locator('[data-token] code').textContent())!.trim();

    // Edit: e-mail and "reports to".
    await row.getByRole('button', { name: 'Modifier: Dan Rivera' }).click();
    const edit = admin.locator('fc-user-edit form');
    await edit.locator('input[name=email]').fill('pas une adresse');
    await edit.getByText('Cette adresse e-mail n’est pas valide.').waitFor();
    await edit.locator('input[name=email]').fill('dan.rivera@example.com');
    await edit.locator('select[name=reportsTo]').selectOption('u-admin');
    await edit.getByRole('button', { name: 'Enregistrer' }).click();
    await admin.getByText('dan.rivera@example.com').waitFor();
    const saved = await server.store.getUser('u-manager');
    assert.equal([saved?.email, saved?.reportsTo], ['dan.rivera@example.com', 'u-admin']);

    // Sessions: Dan's device is listed; signing it out ends it.
    const sessions = admin.locator('fc-admin-sessions');
    await sessions.locator('select[name=sessionUser]').selectOption('u-manager');
    await sessions.locator('tr[data-login="manager"]').first().waitFor();
    // His API token is listed there too (never its secret), and revocable.
    await sessions.getByRole('button', { name: 'Révoquer: BI export' }).click();
    await sessions.getByText('Jeton « BI export » révoqué : il ne fonctionne plus.').waitFor();
    assert.is((await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${bi}` } })).status, 401);
    await admin.screenshot({ path: '.tmp/admin-users-fr.png', fullPage: true });
    await sessions.locator('tr[data-login="manager"] button').first().click();
    await sessions.getByText('Cet appareil est déconnecté').waitFor();
    await dan.locator('.overlay fc-sign-in').waitFor({ timeout: 20_000 });

    // Disable: the list says so, sign-in is refused with the reason.
    await row.getByRole('button', { name: 'Désactiver: Dan Rivera' }).click();
    await admin.locator('fc-confirm').getByRole('button', { name: 'Désactiver' }).click();
    await row.getByText('Désactivé').waitFor();
    await dan.locator('.overlay #login').fill('manager');
    await dan.locator('.overlay #password').fill('Harvest-Lighthouse-73');
    await dan.locator('.overlay button[type=submit]').click();
    await dan.getByText('This account is disabled. Ask your administrator.').waitFor();
    await row.getByRole('button', { name: 'Réactiver: Dan Rivera' }).click();
    await row.getByText('Actif').waitFor();

    // The audit log: every change above, filterable, and its CSV export.
    await admin.getByRole('link', { name: 'Journal d’audit' }).click();
    const audit = admin.locator('fc-audit-page');
    await audit.locator('tr[data-action="user.reset-password"]').waitFor();
    for (const a of ['user.update', 'session.revoke', 'user.disable', 'user.enable']) await audit.locator(`tr[data-action="${a}"]`).waitFor();
    await audit.locator('select[name=action]').selectOption('user.disable');
    await audit.getByText('1 modification', { exact: true }).waitFor();
    assert.is(await audit.locator('tbody tr').count(), 1);
    await admin.screenshot({ path: '.tmp/audit-fr.png', fullPage: true });
    const href = await audit.locator('a[data-export]').getAttribute('href');
    assert.match(href ?? '', /action=user\.disable/);
    const csv = await admin.evaluate(async (h) => (await fetch(h!)).text(), href);
    assert.match(csv, /at,actor,action,target_type,target_id,before,after/);
    assert.match(csv, /,admin,user\.disable,user,u-manager,/);
  } finally {
    await browser.close();
    await server.close();
  }
});

test.run();
