// The Outlook task pane in Chromium against the real server: Office.js is replaced by a fake Office host whose
// Office.context.mailbox.item is the open message (the pane itself, the server and the database are real).
// Match, create, file, filed already; English and French, the keyboard, a 320 px pane; and the real Office.js served.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { paneContentSecurityPolicy } from '../../sync-server/security/headers.ts';
import type { TestServer } from '../helpers/server.ts';
import { launch, signInUI, startAppServer, waitReady } from './helpers.ts';

const t = suite<{ server: TestServer; browser: Browser }>('outlook task pane');

t.before(async (ctx) => {
  ctx.server = await startAppServer(4);
  ctx.browser = await launch();
});
t.after(async ({ server, browser }) => {
  await browser.close();
  await server.close();
});

interface FakeMessage {
  messageId: string;
  subject: string;
  from: { displayName: string; emailAddress: string };
  to: { displayName: string; emailAddress: string }[];
  /** The .eml the host hands over (getAsFileAsync). */
  eml: string;
}

/**
 * Office.js as Outlook would load it, reduced to what the pane reads: onReady, the item's properties and getAsFileAsync
 * (base64 of the message file), and the ItemChanged handler. Served in place of /office-js/office.js.
 */
const FAKE_OFFICE = `
(function () {
  var m = window.__fakeMessage;
  var item = m && {
    itemType: 'message',
    internetMessageId: m.messageId,
    subject: m.subject,
    from: m.from,
    to: m.to,
    cc: [],
    attachments: [{ id: 'a1', name: 'offer.pdf', contentType: 'application/pdf', isInline: false, attachmentType: 'file' }],
    getAsFileAsync: function (cb) { window.__getAsFileCalls = (window.__getAsFileCalls || 0) + 1; setTimeout(function () { cb({ status: 'succeeded', value: btoa(m.eml) }); }, 0); },
    body: { getAsync: function (type, cb) { cb({ status: 'succeeded', value: 'Hello from an older Outlook.' }); } },
    getAttachmentContentAsync: function (id, cb) { cb({ status: 'succeeded', value: { format: 'base64', content: m.pdf } }); },
    dateTimeCreated: new Date('2026-12-01T09:30:00Z'),
  };
  // An older host (Mailbox 1.8 to 1.13) has no getAsFileAsync: the pane composes the message from its parts.
  if (item && m.older) delete item.getAsFileAsync;
  window.Office = {
    onReady: function (cb) { var info = { host: 'Outlook', platform: 'PC' }; if (cb) cb(info); return Promise.resolve(info); },
    context: { displayLanguage: 'en-US', mailbox: { item: item, addHandlerAsync: function (type, handler, cb) { if (cb) cb({ status: 'succeeded' }); } } },
  };
})();
`;

const PDF = '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n';

function eml(m: Omit<FakeMessage, 'eml'>): string {
  return [
    `From: "${m.from.displayName}" <${m.from.emailAddress}>`,
    `To: ${m.to.map((x) => `"${x.displayName}" <${x.emailAddress}>`).join(', ')}`,
    `Subject: ${m.subject}`,
    'Date: Tue, 01 Dec 2026 09:30:00 +0000',
    `Message-ID: ${m.messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello, here is the offer we talked about.',
    '--b1',
    'Content-Type: application/pdf; name="offer.pdf"',
    'Content-Disposition: attachment; filename="offer.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(PDF).toString('base64'),
    '--b1--',
    '',
  ].join('\r\n');
}

async function paneContext(browser: Browser, server: TestServer, message: Omit<FakeMessage, 'eml'>, opts: { locale?: string; width?: number; older?: boolean } = {}): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: opts.width ?? 320, height: 700 }, locale: opts.locale ?? 'en-GB' });
  await ctx.addInitScript((m) => ((window as unknown as { __fakeMessage: unknown }).__fakeMessage = m), { ...message, eml: eml(message), pdf: Buffer.from(PDF).toString('base64'), older: opts.older === true });
  await ctx.route('**/office-js/office.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: FAKE_OFFICE }));
  const page = await ctx.newPage();
  await page.goto(`${server.url}/outlook.html`);
  return { ctx, page };
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical findings on the page, as in the app's accessibility test. */
async function axeSerious(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE);
  const found = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`)) as { id: string; impact: string | null; help: string }[];
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

async function signInInPane(page: Page, login = 'manager'): Promise<void> {
  const form = page.locator('fc-outlook-pane [data-sign-in]');
  await form.waitFor();
  assert.equal(await axeSerious(page), [], 'the sign-in form');
  await form.locator('input[name=login]').fill(login);
  await form.locator('input[name=password]').fill('Panoply2026');
  await form.locator('button[type=submit]').click();
}

/** The Panoply contact of the demo data: a person whose address a lead shares too. */
async function panoplyContact(server: TestServer): Promise<{ id: string; address: string; name: string }> {
  const [p] = await server.store.getByIds('person', ['p000000']);
  if (!p) throw new Error('no demo person');
  const r = p as Record<string, unknown>;
  const address = (r.emails as { address: string }[])[0]?.address ?? '';
  return { id: p.id, address, name: `${String(r.firstName)} ${String(r.lastName)}` };
}

t('a known sender: their person, company and lead are shown, with their open appointments, tasks and notes', async ({ server, browser }) => {
  const who = await panoplyContact(server);
  const { ctx, page } = await paneContext(browser, server, {
    messageId: '<match-1@mail.panoply.example>',
    subject: 'Price list',
    from: { displayName: who.name, emailAddress: who.address.toUpperCase() },
    to: [{ displayName: 'Panoply', emailAddress: 'info@panoplyltd.example' }, { displayName: 'Stranger', emailAddress: 'someone@nowhere.example' }],
  });
  await signInInPane(page);
  const sender = page.locator(`fc-outlook-pane [data-person="${who.address.toUpperCase()}"]`);
  await sender.waitFor();
  const text = await sender.innerText();
  assert.match(text, `Person: ${who.name}`);
  assert.match(text, 'Panoply Ltd', 'the person’s company');
  assert.match(text, 'Lead:', 'a lead with the same address');
  assert.match(await page.locator('fc-outlook-pane [data-person="info@panoplyltd.example"]').innerText(), 'Company: Panoply Ltd');
  assert.match(await page.locator('fc-outlook-pane [data-person="someone@nowhere.example"]').innerText(), 'Not in FieldCRM');
  // Filed by default on the sender's person.
  assert.ok(await page.locator(`fc-outlook-pane [data-target="person:${who.id}"]`).isChecked());
  const summary = await page.locator('fc-outlook-pane [data-summary]').innerText();
  assert.match(summary, `${who.name} in FieldCRM`);
  assert.match(summary, 'Open appointments and tasks');
  assert.match(summary, 'Last notes');
  // Nothing is offered to create: the sender is known. The pane fits 320 px.
  assert.is(await page.locator('fc-outlook-pane [data-create]').count(), 0);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'no horizontal scrolling at 320 px');
  assert.equal(await axeSerious(page), [], 'the pane with matches and the sender’s summary');
  await ctx.close();
});

t('file this e-mail: an e-mail communication with its attachment on the chosen record; then it says it was filed already', async ({ server, browser }) => {
  const who = await panoplyContact(server);
  const message = { messageId: '<file-1@mail.panoply.example>', subject: 'Signed offer', from: { displayName: who.name, emailAddress: who.address }, to: [{ displayName: 'Me', emailAddress: 'manager@fieldcrm.example' }] };
  const { ctx, page } = await paneContext(browser, server, message);
  await signInInPane(page);
  const file = page.locator('fc-outlook-pane [data-file]');
  await file.waitFor();
  // Keyboard only: the file button is reached with Tab and pressed with Enter.
  await file.focus();
  await page.keyboard.press('Enter');
  await page.locator('fc-outlook-pane [data-status]').filter({ hasText: 'Filed on' }).waitFor();
  assert.match(await page.locator('fc-outlook-pane [data-status]').innerText(), `Filed on ${who.name}, with 1 attachment.`);
  await page.locator('fc-outlook-pane [data-filed]').waitFor();
  assert.is(await file.count(), 0, 'no second filing offered');

  // On the server: one e-mail communication on the person, its original and the PDF as documents.
  const comms = (await server.store.listRecords('communication', { equals: { personId: who.id } }, { kind: 'everyone' }, { offset: 0, limit: 200 })).records.filter((c) => (c as Record<string, unknown>).kind === 'email');
  assert.is(comms.length, 1);
  const comm = comms[0] as Record<string, unknown>;
  assert.is(comm.subject, 'Signed offer');
  assert.is(comm.companyId, 'c00000', 'filed on the person, and so on their company');
  const territories = (await server.store.listTerritories()).map((x) => x.id);
  const docs = await server.store.documents.list({ visibility: { userId: '', admin: true, view: { communication: territories } }, record: { entity: 'communication', id: String(comm.id) }, text: '', offset: 0, limit: 10 });
  const names = docs.rows.map((d) => d.name).sort();
  assert.equal(names, ['Signed offer.eml', 'offer.pdf'].sort());

  // Opened again (another day, another device): filed already, with who and when, and no file button.
  const again = await paneContext(browser, server, message, { width: 320 });
  await signInInPane(again.page);
  const banner = again.page.locator('fc-outlook-pane [data-filed]');
  await banner.waitFor();
  assert.match(await banner.innerText(), 'This e-mail is filed already.');
  assert.match(await banner.innerText(), 'Signed offer');
  assert.is(await again.page.locator('fc-outlook-pane [data-file]').count(), 0);
  await again.ctx.close();
  await ctx.close();
});

t('an unknown sender: the pane creates a person for them (names from the sender), then files on it', async ({ server, browser }) => {
  const { ctx, page } = await paneContext(browser, server, {
    messageId: '<new-1@mail.newco.example>',
    subject: 'Introduction',
    from: { displayName: 'Zoé Nouvelle', emailAddress: 'zoe.nouvelle@newco.example' },
    to: [{ displayName: 'Me', emailAddress: 'manager@fieldcrm.example' }],
  });
  await signInInPane(page);
  await page.locator('fc-outlook-pane [data-unknown]').first().waitFor();
  assert.ok(await page.locator('fc-outlook-pane [data-file]').isDisabled(), 'nothing to file on yet');
  await page.locator('fc-outlook-pane [data-create=person]').click();
  const form = page.locator('fc-outlook-pane [data-create-form=person]');
  assert.is(await form.locator('input[name=firstName]').inputValue(), 'Zoé');
  assert.is(await form.locator('input[name=lastName]').inputValue(), 'Nouvelle');
  await form.locator('button[type=submit]').click();
  await page.locator('fc-outlook-pane [data-status]').filter({ hasText: 'created' }).waitFor();
  const claims = await server.store.emailClaims(['zoe.nouvelle@newco.example']);
  assert.is(claims.length, 1);
  assert.is(claims[0]?.entity, 'person');
  const target = page.locator(`fc-outlook-pane [data-target="person:${claims[0]?.recordId}"]`);
  assert.ok(await target.isChecked(), 'the new person is chosen');
  await page.locator('fc-outlook-pane [data-file]').click();
  await page.locator('fc-outlook-pane [data-filed]').waitFor();
  await ctx.close();
});

t('a lead for an unknown sender; the pane in French', async ({ server, browser }) => {
  const { ctx, page } = await paneContext(browser, server, {
    messageId: '<lead-1@mail.prospect.example>',
    subject: 'Demande de devis',
    from: { displayName: 'Marc Prospect', emailAddress: 'marc@prospect.example' },
    to: [{ displayName: 'Moi', emailAddress: 'manager@fieldcrm.example' }],
  }, { locale: 'fr-FR' });
  await signInInPane(page, 'manager');
  // Signed in (the token is kept) before the reload.
  await page.locator('fc-outlook-pane [data-create=lead]').waitFor();
  // The manager's profile language decides; switch the user to French for this check.
  await page.evaluate(() => localStorage.setItem('fieldcrm.locale', 'fr'));
  await page.reload();
  await page.locator('fc-outlook-pane [data-create=lead]').waitFor();
  assert.match(await page.locator('fc-outlook-pane [data-unknown]').first().innerText(), 'Absent de FieldCRM');
  await page.locator('fc-outlook-pane [data-create=lead]').click();
  const form = page.locator('fc-outlook-pane [data-create-form=lead]');
  await form.locator('input[name=companyName]').fill('Prospect SA');
  await form.locator('button[type=submit]').click();
  await page.locator('fc-outlook-pane [data-status]').filter({ hasText: 'créée' }).waitFor();
  const [claim] = await server.store.emailClaims(['marc@prospect.example']);
  assert.is(claim?.entity, 'lead');
  const [lead] = await server.store.getByIds('lead', [claim?.recordId ?? '']);
  assert.is((lead as Record<string, unknown>).companyName, 'Prospect SA');
  assert.match(await page.locator('fc-outlook-pane [data-file]').innerText(), 'Classer cet e-mail');
  await ctx.close();
});

t('outside Outlook the pane says to open an e-mail; the real Office.js is served by FieldCRM under the pane’s policy', async ({ server, browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 320, height: 600 } });
  const page = await ctx.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  const res = await page.goto(`${server.url}/outlook.html`);
  assert.is(res?.headers()['content-security-policy'], paneContentSecurityPolicy());
  assert.match(res?.headers()['content-security-policy'] ?? '', "frame-ancestors 'self' https://outlook.office.com");
  assert.is(res?.headers()['x-frame-options'], undefined, 'Outlook on the web may frame the pane');
  await page.locator('fc-outlook-pane').getByText('Open an e-mail in Outlook').waitFor({ timeout: 20_000 });
  assert.ok(await page.evaluate(() => typeof (window as unknown as { Office?: { onReady?: unknown } }).Office?.onReady === 'function'), 'Office.js loaded from our server');
  assert.equal(violations, []);
  const js = await fetch(`${server.url}/office-js/office.js`);
  assert.is(js.status, 200);
  assert.match(js.headers.get('content-type') ?? '', 'javascript');
  assert.is((await fetch(`${server.url}/office-js/..%2fpackage.json`)).status, 404);
  // Every other page still refuses to be framed.
  const app = await fetch(`${server.url}/`);
  assert.is(app.headers.get('x-frame-options'), 'DENY');
  await ctx.close();
});

t('an older Outlook without getAsFileAsync: the message is composed from its headers, body and attachments, and filed once', async ({ server, browser }) => {
  const who = await panoplyContact(server);
  const message = { messageId: '<older-1@mail.panoply.example>', subject: 'From an older Outlook', from: { displayName: who.name, emailAddress: who.address }, to: [{ displayName: 'Me', emailAddress: 'manager@fieldcrm.example' }] };
  const { ctx, page } = await paneContext(browser, server, message, { older: true });
  await signInInPane(page);
  await page.locator('fc-outlook-pane [data-file]').click();
  await page.locator('fc-outlook-pane [data-status]').filter({ hasText: 'with 1 attachment' }).waitFor();
  assert.is(await page.evaluate(() => (window as unknown as { __getAsFileCalls?: number }).__getAsFileCalls ?? 0), 0, 'the host had no getAsFileAsync');
  const comm = (await server.store.listRecords('communication', { equals: { personId: who.id } }, { kind: 'everyone' }, { offset: 0, limit: 200 })).records.find((c) => (c as Record<string, unknown>).subject === 'From an older Outlook') as Record<string, unknown> | undefined;
  assert.ok(comm, 'filed as an e-mail communication');
  assert.match(String(comm?.details), 'Hello from an older Outlook.');
  const territories = (await server.store.listTerritories()).map((x) => x.id);
  const docs = await server.store.documents.list({ visibility: { userId: '', admin: true, view: { communication: territories } }, record: { entity: 'communication', id: String(comm?.id) }, text: '', offset: 0, limit: 10 });
  assert.equal(docs.rows.map((d) => d.name).sort(), ['From an older Outlook.eml', 'offer.pdf']);
  await page.locator('fc-outlook-pane [data-filed]').waitFor();
  await ctx.close();
});

t('the manifest for Outlook on the web is downloaded from the calendar page, beside the .msi', async ({ server, browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', acceptDownloads: true });
  const page = await ctx.newPage();
  await signInUI(page, server.url, 'manager');
  await waitReady(page);
  await page.goto(`${server.url}/#/calendar`);
  await page.locator('fc-outlook-plugin summary').click();
  await page.locator('fc-outlook-plugin').getByText('Outlook on the web and new Outlook').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-manifest-download]').click()]);
  assert.is(download.suggestedFilename(), 'fieldcrm-outlook-manifest.xml');
  const path = await download.path();
  const xml = readFileSync(path, 'utf8');
  assert.match(xml, `<SourceLocation DefaultValue="${server.url}/outlook.html" />`);
  await page.locator('fc-outlook-plugin [role=status]').getByText('fieldcrm-outlook-manifest.xml is downloaded').waitFor();
  await ctx.close();
});

t.run();
