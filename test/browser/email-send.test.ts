// E-mail from a record in the browser: a company's e-mail written from a template (previewed with the company's real
// values), with a file and a document already filed on it attached, sent through a real SMTP server on loopback (smtp-server), and filed on the company; and
// an e-mail written on a custom record, filed on its company and listed on the record's screen.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { API_PATHS } from '../../shared/api.ts';
import { UPLOAD_HEADER } from '../../shared/documents.ts';
import { applyCustomization, EMPTY_CUSTOMIZATION } from '../../shared/entities/index.ts';
import { makeDoc } from '../helpers/docs.ts';
import { signIn } from '../helpers/server.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { launch, onServer, signInUI, startAppServer, waitReady } from './helpers.ts';

test('a templated e-mail written on a company arrives at the SMTP server and is filed on the company', async () => {
  const server = await startAppServer(0);
  const smtp = await startSmtp({ user: 'crm', pass: 'smtp-Secret-42' });
  const browser = await launch();
  try {
    await server.store.insertMany('company', [makeDoc('company', { id: 'k-mail', name: 'Letterbox SARL', territoryId: 't-eu', emails: [{ type: 'business', address: 'hello@letterbox.example' }] })]);
    const now = new Date().toISOString();
    await server.store.mailMerge.createTemplate({ id: 'tpl-company-hello', name: 'Company hello', kind: 'email', entity: 'company', subject: 'News for {{ company.name }}', body: '<p>Dear {{ company.name }},</p><p>Best regards, {{ user.name }}</p>', ownerId: 'u-admin', createdAt: now, updatedAt: now });
    const token = await signIn(server.url, 'admin');
    const put = await fetch(`${server.url}/api/admin/smtp`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ host: '127.0.0.1', port: smtp.port, security: 'none', user: 'crm', password: 'smtp-Secret-42', fromAddress: 'sales@panoply.example', fromName: 'Panoply Sales' }),
    });
    assert.is(put.status, 200, await put.text());
    // A document already filed on the company, to attach from the compose form.
    const filed = await fetch(`${server.url}/api/documents/upload?entity=company&recordId=k-mail&name=catalogue.txt`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain', [UPLOAD_HEADER]: '1' }, body: 'Our catalogue\n' });
    assert.is(filed.status, 201, await filed.clone().text());

    const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    await signInUI(page, server.url, 'sales');
    await waitReady(page);
    await page.goto(`${server.url}/#/company/k-mail`);
    await page.getByRole('heading', { name: 'Letterbox SARL' }).waitFor();
    await page.locator('[data-write-email]').click();
    const compose = page.locator('fc-email-compose');
    await compose.locator('#mail-to').waitFor();
    assert.is(await compose.locator('#mail-to').inputValue(), 'hello@letterbox.example', 'the record’s address is the first recipient');
    await compose.locator('#mail-template option[value="tpl-company-hello"]').waitFor({ state: 'attached' });
    await compose.locator('#mail-template').selectOption('tpl-company-hello');
    await onServer('the merged subject', async () => (await compose.locator('#mail-subject').inputValue()) === 'News for Letterbox SARL', 10_000);
    // The preview shows the record's real values.
    const preview = compose.frameLocator('iframe[data-mail-preview]');
    await preview.getByText('Dear Letterbox SARL,').waitFor();
    await compose.locator('#mail-files').setInputFiles({ name: 'brochure.txt', mimeType: 'text/plain', buffer: Buffer.from('Our brochure\n') });
    await compose.locator('[data-mail-filed]').getByText('catalogue.txt').click();
    await page.screenshot({ path: '.tmp/email-compose-1366.png', fullPage: true });
    await compose.locator('[data-mail-send]').click();
    await compose.locator('[data-mail-sent]').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: '.tmp/email-sent-1366.png' });

    // Arrived at the SMTP server as previewed…
    assert.is(smtp.received.length, 1);
    const got = smtp.received[0]!;
    assert.equal(got.to, ['hello@letterbox.example']);
    assert.is(got.mail.subject, 'News for Letterbox SARL');
    assert.match(String(got.mail.html), /Dear Letterbox SARL,/);
    assert.equal(got.mail.attachments.map((a) => [a.filename, a.content.toString()]), [['brochure.txt', 'Our brochure\n'], ['catalogue.txt', 'Our catalogue\n']]);
    // …and filed on the company as an e-mail communication, which reaches the device too.
    const comm = await onServer('the filed e-mail', async () => {
      const page1 = await server.store.pull('communication', 0, 1000, { kind: 'everyone' });
      return page1.documents.find((d) => (d as Record<string, unknown>).kind === 'email' && (d as Record<string, unknown>).companyId === 'k-mail');
    });
    assert.is((comm as Record<string, unknown>).subject, 'News for Letterbox SARL');
    await compose.locator('[data-mail-sent] a').click();
    await page.getByRole('heading', { name: 'News for Letterbox SARL' }).waitFor({ timeout: 20_000 });

    // The compose form on a phone.
    const phone = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true })).newPage();
    await signInUI(phone, server.url, 'sales');
    await waitReady(phone);
    await phone.goto(`${server.url}/#/company/k-mail`);
    await phone.locator('[data-write-email]').click();
    await phone.locator('fc-email-compose #mail-template option[value="tpl-company-hello"]').waitFor({ state: 'attached' });
    await phone.locator('fc-email-compose #mail-template').selectOption('tpl-company-hello');
    await phone.locator('fc-email-compose').frameLocator('iframe[data-mail-preview]').getByText('Dear Letterbox SARL,').waitFor();
    await phone.screenshot({ path: '.tmp/email-compose-375.png', fullPage: true });

    // The administrator's SMTP settings.
    const admin = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } })).newPage();
    await signInUI(admin, server.url, 'admin');
    await admin.goto(`${server.url}/#/page/admin/integrations`);
    await admin.locator('fc-smtp-settings form').waitFor({ timeout: 20_000 });
    assert.is(await admin.locator('fc-smtp-settings #smtp-host').inputValue(), '127.0.0.1');
    assert.is(await admin.locator('fc-smtp-settings #smtp-password').inputValue(), '', 'the password is never shown');
    await admin.locator('fc-smtp-settings').scrollIntoViewIfNeeded();
    await admin.locator('fc-smtp-settings').screenshot({ path: '.tmp/smtp-settings-1366.png' });
  } finally {
    await browser.close();
    await smtp.close();
    await server.close();
  }
});

test('an e-mail written on a custom record goes to its company’s address and is listed on the record’s screen', async () => {
  const server = await startAppServer(0);
  const smtp = await startSmtp({ user: 'crm', pass: 'smtp-Secret-42' });
  const browser = await launch();
  try {
    await server.store.insertMany('company', [makeDoc('company', { id: 'k-proj', name: 'Roll-out SA', territoryId: 't-eu', emails: [{ type: 'business', address: 'pmo@rollout.example' }] })]);
    const token = await signIn(server.url, 'admin');
    const api = async (method: string, path: string, body: unknown): Promise<Record<string, unknown>> => {
      const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.ok(res.ok, `${path}: ${res.status} ${await res.clone().text()}`);
      return (await res.json()) as Record<string, unknown>;
    };
    await api('PUT', '/api/admin/smtp', { host: '127.0.0.1', port: smtp.port, security: 'none', user: 'crm', password: 'smtp-Secret-42', fromAddress: 'sales@panoply.example', fromName: 'Panoply Sales' });
    const rw = { view: true, insert: true, edit: true, delete: true };
    await api('POST', API_PATHS.customEntities, { code: 'project', label: { en: 'Project', fr: 'Projet' }, plural: { en: 'Projects', fr: 'Projets' }, parent: 'company', territory: 'parent', rights: [{ profileId: 'p-admin', territoryId: 't-world', ...rw }, { profileId: 'p-sales-eu', territoryId: 't-eu', ...rw }] });
    const project = await api('POST', '/api/records/x_project', { name: 'Warehouse roll-out', companyId: 'k-proj' });

    const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    await signInUI(page, server.url, 'sales');
    await waitReady(page);
    await page.goto(`${server.url}/#/x_project/${String(project.id)}`);
    await page.getByRole('heading', { name: 'Warehouse roll-out' }).waitFor({ timeout: 20_000 });
    await page.locator('[data-write-email]').click();
    const compose = page.locator('fc-email-compose');
    await onServer('the company’s address as the first recipient', async () => (await compose.locator('#mail-to').inputValue()) === 'pmo@rollout.example', 10_000);
    await compose.locator('#mail-subject').fill('Roll-out plan');
    await compose.locator('#mail-body').fill('<p>The plan is attached soon.</p>');
    await compose.locator('[data-mail-send]').click();
    await compose.locator('[data-mail-sent]').waitFor({ timeout: 20_000 });
    assert.is(smtp.received.length, 1);
    assert.equal(smtp.received[0]!.to, ['pmo@rollout.example']);
    const comm = await onServer('the filed e-mail', async () => (await server.store.pull('communication', 0, 1000, { kind: 'everyone' })).documents.find((d) => (d as Record<string, unknown>).subject === 'Roll-out plan'));
    assert.is((comm as Record<string, unknown>).companyId, 'k-proj');
    assert.is((comm as Record<string, unknown>).regardingId, project.id);
    // The project's screen lists it among its communications.
    await page.goto(`${server.url}/#/x_project/${String(project.id)}?tab=communication`);
    await page.locator('fc-record-view').getByText('Roll-out plan').first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: '.tmp/email-custom-record-1366.png' });
  } finally {
    await browser.close();
    await smtp.close();
    await server.close();
    applyCustomization(EMPTY_CUSTOMIZATION);
  }
});

test.run();
