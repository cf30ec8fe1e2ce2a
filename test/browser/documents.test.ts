// Documents in the browser: real files and a real .eml and .msg dropped on a company through synthetic drag-and-drop
// events (the browser's own DataTransfer), the keyboard button path, limits shown and applied before sending, then the
// record's documents and the library (search, preview, download, security policy 123-171808-QA, delete); offline and
// on a phone the feature says where it is.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, JSHandle, Page } from 'playwright-core';
import type { DocumentInfo } from '../../shared/documents.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { ROOT } from '../../sync-server/config.ts';
import { EXE_BYTES, eml, pdf, png } from '../helpers/email.ts';
import type { TestServer } from '../helpers/server.ts';
import { goOffline, goOnline, launch, signInUI, startAppServer, waitReady } from './helpers.ts';

const SHOTS = join(ROOT, '.tmp');
const MSG = readFileSync(join(ROOT, 'test/fixtures/email/attachmentFiles.msg'));
const t = suite<{ server: TestServer; browser: Browser }>('documents');
t.before(async (ctx) => {
  mkdirSync(SHOTS, { recursive: true });
  ctx.server = await startAppServer(6);
  ctx.browser = await launch();
  // A small limit, so a "too large" file is cheap to make; the page must show it before anything is sent.
  await ctx.server.store.putServerSetting('documents', JSON.stringify({ maxFileBytes: 200 * 1024, refusedExtensions: ['exe', 'bat'], storage: 'folder' }), 'u-admin', new Date().toISOString());
});
t.after(async ({ server, browser }) => {
  await browser.close();
  await server.close();
});

const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/London', acceptDownloads: true } as const;

async function desktopPage(browser: Browser, server: TestServer, login = 'manager'): Promise<Page> {
  const page = await (await browser.newContext(DESKTOP)).newPage();
  await signInUI(page, server.url, login);
  await waitReady(page);
  return page;
}

interface FileSpec {
  name: string;
  type: string;
  bytes: Buffer;
}

/** A DataTransfer made by the page itself, holding real File objects, as a drag from the desktop carries them. */
async function transfer(page: Page, files: FileSpec[]): Promise<JSHandle> {
  const specs = JSON.stringify(files.map((f) => ({ name: f.name, type: f.type, b64: f.bytes.toString('base64') })));
  // A string, not a function: the test runner's transpiler would wrap a function in helpers the page lacks.
  return page.evaluateHandle(`(() => {
    const dt = new DataTransfer();
    for (const f of ${specs}) {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return dt;
  })()`);
}

/** Drags files over the zone and drops them: dragenter, dragover (the zone lights up), drop. */
async function dropOn(page: Page, zone: string, files: FileSpec[]): Promise<void> {
  const dt = await transfer(page, files);
  const z = page.locator(zone);
  await z.dispatchEvent('dragenter', { dataTransfer: dt });
  await z.dispatchEvent('dragover', { dataTransfer: dt });
  assert.is(await z.getAttribute('data-over'), 'true', 'the drop target is highlighted while files are over it');
  await z.dispatchEvent('drop', { dataTransfer: dt });
  assert.is(await z.getAttribute('data-over'), 'false');
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** axe-core's serious and critical violations on the page as it is now (as test/browser/a11y.test.ts checks the main screens). */
async function serious(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE);
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`)) as { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
}

const upload = (page: Page, name: string) => page.locator(`fc-record-documents fc-document-drop li[data-upload="${name}"]`);
async function resultOf(page: Page, name: string, state: 'done' | 'refused' | 'failed'): Promise<string> {
  const row = upload(page, name);
  await row.and(page.locator(`[data-state="${state}"]`)).waitFor({ timeout: 15_000 });
  return row.locator('[data-result]').innerText();
}

const listed = (page: Page) => page.locator('fc-document-list tr[data-document]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')).sort());

t('files and e-mails dropped on a company: each checked, sent with its own progress, filed; the record’s Documents tab lists them', async ({ server, browser }) => {
  const page = await desktopPage(browser, server);
  await page.goto(`${server.url}/#/company/c00000?tab=documents`);
  const zone = 'fc-record-documents fc-document-drop [data-drop-zone]';
  await page.locator(zone).waitFor();
  // The limits are on the page before any upload starts.
  assert.is(await page.locator('fc-record-documents [data-limits]').innerText(), 'Up to 200 KB per file. Not accepted: .bat .exe');
  await page.locator('fc-record-documents fc-document-list [data-empty]').waitFor();

  const message = eml({
    from: '"Anna Durand" <anna.durand@panoply.example>',
    to: ['"Dan Rivera" <dan.rivera@fieldcrm.example>'],
    subject: 'Stand plan for the Lyon fair',
    date: 'Tue, 03 Mar 2026 10:15:00 +0100',
    text: 'Hello Dan,\n\nThe stand plan is attached.\n\nAnna',
    html: '<p>Hello Dan,</p><p>The stand plan is attached.</p><p>Anna</p>',
    attachments: [{ name: 'stand-plan.png', type: 'image/png', content: png(60, 40, [30, 160, 60]) }],
  });
  await dropOn(page, zone, [
    { name: 'Panoply logo.png', type: 'image/png', bytes: png(120, 80) },
    { name: 'Price list 2026.pdf', type: 'application/pdf', bytes: pdf('Price list 2026') },
    { name: 'setup.exe', type: 'application/x-msdownload', bytes: EXE_BYTES },
    { name: 'huge scan.pdf', type: 'application/pdf', bytes: Buffer.concat([pdf('big'), Buffer.alloc(250 * 1024, 0x20)]) },
    { name: 'Stand plan.eml', type: 'message/rfc822', bytes: message },
    { name: 'attachmentFiles.msg', type: 'application/vnd.ms-outlook', bytes: MSG },
  ]);
  // Refused at once, never sent.
  assert.is(await resultOf(page, 'setup.exe', 'refused'), 'Files of this type are not accepted.');
  assert.is(await resultOf(page, 'huge scan.pdf', 'refused'), 'Larger than the limit of 200 KB: not sent.');
  // Each of the others with its own bar and result.
  assert.is(await upload(page, 'Panoply logo.png').locator('progress').count(), 1);
  assert.is(await resultOf(page, 'Panoply logo.png', 'done'), 'Filed.');
  assert.is(await resultOf(page, 'Price list 2026.pdf', 'done'), 'Filed.');
  assert.is(await resultOf(page, 'Stand plan.eml', 'done'), 'Filed as the e-mail “Stand plan for the Lyon fair”, with 1 attachment.');
  assert.is(await resultOf(page, 'attachmentFiles.msg', 'done'), 'Filed as the e-mail “attachmentFiles”, with 3 attachments.');
  assert.is(await upload(page, 'Panoply logo.png').locator('progress').evaluate((p) => (p as HTMLProgressElement).value), 100);

  // The button, from the keyboard: it opens the browser's file chooser.
  const button = page.locator('fc-record-documents [data-add-documents]');
  // Focus and key press in one step: the list re-renders as the last uploads land, and a separate focus() could be lost.
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), button.press('Enter')]);
  assert.ok(chooser.isMultiple());
  await chooser.setFiles([
    { name: 'Meeting notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Notes of the meeting with Panoply.\n') },
    { name: 'Visit photo.png', mimeType: 'image/png', buffer: png(30, 30, [180, 20, 20]) },
    { name: 'Follow-up.eml', mimeType: 'message/rfc822', buffer: eml({ from: 'dan.rivera@fieldcrm.example', to: ['anna.durand@panoply.example'], subject: 'Follow-up', date: 'Wed, 04 Mar 2026 16:00:00 -0700', text: 'Thanks for the visit.' }) },
  ]);
  assert.is(await resultOf(page, 'Meeting notes.txt', 'done'), 'Filed.');
  assert.is(await resultOf(page, 'Visit photo.png', 'done'), 'Filed.');
  assert.is(await resultOf(page, 'Follow-up.eml', 'done'), 'Filed as the e-mail “Follow-up”, without attachments.');

  // The tab's list: the company's own files, and those of the e-mails dropped on it (filed with their communications).
  const want = ['Follow-up.eml', 'Meeting notes.txt', 'Panoply logo.png', 'Price list 2026.pdf', 'Stand plan.eml', 'Visit photo.png', 'attachmentFiles.msg', 'jpg.jpg', 'png.png', 'stand-plan.png', 'tif.tif'];
  await page.waitForFunction((n) => document.querySelector('fc-app')?.shadowRoot?.querySelector('fc-record-view')?.shadowRoot?.querySelector('fc-online-only')?.shadowRoot?.querySelector('fc-record-documents')?.shadowRoot?.querySelector('fc-document-list')?.shadowRoot?.querySelectorAll('tr[data-document]').length === n, want.length);
  assert.equal(await listed(page), want);
  // 123-171808-QA: each document shows its territory and security policy.
  const logo = page.locator('fc-record-documents tr[data-name="Panoply logo.png"] [data-security]');
  assert.is(await logo.innerText(), 'Territory: Europe\nSecurity policy: Follows the record');
  assert.match(await page.locator('fc-record-documents tr[data-name="stand-plan.png"] [data-record]').innerText(), /Stand plan for the Lyon fair\s+Communication/);
  await page.screenshot({ path: join(SHOTS, 'documents-record.png'), fullPage: true });
  assert.equal(await serious(page), [], 'the Documents tab has no serious accessibility problem');

  // On the server: filed with the company, the e-mails as e-mail communications of the company, nothing refused kept.
  const docs = (await server.store.documents.list({ visibility: { userId: 'u-admin', admin: true, view: { company: ['t-eu'], communication: ['t-eu'] } }, text: '', offset: 0, limit: 100 })).rows;
  assert.equal(docs.map((d) => d.name).sort(), want);
  const comms = (await server.store.getByIds('communication', [...new Set(docs.filter((d) => d.entity === 'communication').map((d) => d.recordId))])) as (WireDoc & Record<string, unknown>)[];
  assert.equal(comms.map((c) => [c.kind, c.companyId, c.subject]).sort(), [
    ['email', 'c00000', 'Follow-up'],
    ['email', 'c00000', 'Stand plan for the Lyon fair'],
    ['email', 'c00000', 'attachmentFiles'],
  ]);
});

t('the library: every document the user may see, search, preview of images and PDF files, download, security policy, delete', async ({ server, browser }) => {
  const page = await desktopPage(browser, server);
  await page.locator('fc-nav a[data-tab="documents"]').click();
  await page.waitForURL(/#\/page\/documents$/);
  const list = 'fc-document-library fc-document-list';
  await page.locator(`${list} tr[data-document]`).first().waitFor();
  assert.ok((await listed(page)).length >= 11);
  // Sorted by name from its header (the server's order, whatever the case); filtered by the kind of record.
  const inOrder = () => page.locator(`${list} tr[data-document]`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
  const until = async (what: string, ok: () => Promise<boolean>): Promise<void> => {
    for (const end = Date.now() + 10_000; !(await ok()); ) {
      if (Date.now() > end) throw new Error(`timed out: ${what}`);
      await page.waitForTimeout(100);
    }
  };
  await page.locator(`${list} th button[data-sort=name]`).click();
  await page.locator(`${list} th[aria-sort=ascending]`).waitFor();
  const admin = (await (await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: 'Panoply2026' }) })).json()) as { token: string };
  const byName = ((await (await fetch(`${server.url}/api/documents?sort=name&limit=50`, { headers: { authorization: `Bearer ${admin.token}` } })).json()) as { documents: DocumentInfo[] }).documents.map((d) => d.name);
  await until('the rows by name', async () => JSON.stringify(await inOrder()) === JSON.stringify(byName.slice(0, (await inOrder()).length)));
  await page.locator(`${list} select[data-filter=entity]`).selectOption('person');
  await page.locator(`${list} [data-empty]`, { hasText: 'No document matches these filters.' }).waitFor();
  await page.locator(`${list} select[data-filter=entity]`).selectOption('company');
  await until('only documents of companies', async () => {
    const records = await page.locator(`${list} tr[data-document] [data-record]`).allInnerTexts();
    return records.length > 0 && records.every((text) => /Company/.test(text));
  });
  await page.screenshot({ path: join(SHOTS, 'documents-library-sorted.png'), fullPage: true });
  await page.locator(`${list} select[data-filter=entity]`).selectOption('');
  await page.locator(`${list} th button[data-sort=name]`).click();
  await page.locator(`${list} th button[data-sort=name]`).click();
  await page.locator(`${list} th[aria-sort=none] button[data-sort=name]`).waitFor();
  await page.fill(`${list} input[type=search]`, 'PRICE');
  await page.locator(`${list} tr[data-document]`).first().waitFor();
  await page.waitForFunction(() => document.querySelector('fc-app')?.shadowRoot?.querySelector('fc-online-only')?.shadowRoot?.querySelector('fc-document-library')?.shadowRoot?.querySelector('fc-document-list')?.shadowRoot?.querySelectorAll('tr[data-document]').length === 1);
  assert.equal(await listed(page), ['Price list 2026.pdf']);
  assert.match(page.url(), /\?q=PRICE$/);
  assert.match(await page.locator(`${list} tr[data-document] [data-record]`).innerText(), /^Panoply Ltd\nCompany/);

  // A PDF previews in a frame of the page (the browser's own viewer, sandboxed by the server).
  await page.locator(`${list} [data-preview-button]`).click();
  const frame = page.locator(`${list} [data-preview] iframe`);
  await frame.waitFor();
  assert.match((await frame.getAttribute('src')) ?? '', /^\/api\/documents\/[\w-]+\/preview$/);
  await page.locator(`${list} [data-close-preview]`).click();

  // An image previews as an image.
  await page.fill(`${list} input[type=search]`, 'logo');
  await page.locator(`${list} tr[data-name="Panoply logo.png"]`).waitFor();
  await page.locator(`${list} tr[data-name="Panoply logo.png"] [data-preview-button]`).click();
  const img = page.locator(`${list} [data-preview] img`);
  await img.waitFor();
  await page.waitForFunction(() => {
    const i = document.querySelector('fc-app')?.shadowRoot?.querySelector('fc-online-only')?.shadowRoot?.querySelector('fc-document-library')?.shadowRoot?.querySelector('fc-document-list')?.shadowRoot?.querySelector('[data-preview] img') as HTMLImageElement | null;
    return !!i && i.complete && i.naturalWidth === 120;
  });
  await page.screenshot({ path: join(SHOTS, 'documents-library.png'), fullPage: true });
  assert.equal(await serious(page), [], 'the library has no serious accessibility problem');

  // Download: a file the browser saves, with its name and bytes.
  await page.fill(`${list} input[type=search]`, 'notes');
  await page.locator(`${list} tr[data-name="Meeting notes.txt"]`).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`${list} tr[data-name="Meeting notes.txt"] [data-download]`).click()]);
  assert.is(download.suggestedFilename(), 'Meeting notes.txt');
  assert.is(readFileSync((await download.path())!, 'utf8'), 'Notes of the meeting with Panoply.\n');

  // Security: the manager narrows the notes to North America; Europe-only users (sales) lose them on the server.
  const row = `${list} tr[data-name="Meeting notes.txt"]`;
  await page.locator(`${row} [data-security-button]`).click();
  await page.locator(`${list} [data-policy-select]`).selectOption('territory');
  await page.locator(`${list} [data-territory-select]`).selectOption('t-na');
  await page.locator(`${list} tr.editor button[type=submit]`).click();
  await page.locator(`${row} [data-policy="territory"]`).waitFor();
  assert.is(await page.locator(`${row} [data-security]`).innerText(), 'Territory: North America\nSecurity policy: This territory only');
  const [notes] = (await server.store.documents.list({ visibility: { userId: 'u-admin', admin: true, view: { company: ['t-eu', 't-na'] } }, text: 'meeting', offset: 0, limit: 5 })).rows;
  assert.equal([notes?.policy, notes?.territoryId], ['territory', 't-na']);
  const sales = await (await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'sales', password: 'Panoply2026' }) })).json() as { token: string };
  const seen = (await (await fetch(`${server.url}/api/documents?q=meeting`, { headers: { authorization: `Bearer ${sales.token}` } })).json()) as { documents: DocumentInfo[] };
  assert.equal(seen.documents, []);

  // Delete, after confirming.
  await page.locator(`${row} [data-delete]`).click();
  await page.locator(`${list} fc-confirm button.danger`).click();
  await page.locator(row).waitFor({ state: 'detached' });
  assert.match(await page.locator(`${list} [data-message]`).innerText(), /“Meeting notes\.txt” deleted\./);
  assert.is((await server.store.documents.list({ visibility: { userId: 'u-admin', admin: true, view: { company: ['t-eu', 't-na'] } }, text: 'meeting', offset: 0, limit: 5 })).total, 0);
});

t('offline the Documents tab and the drop zone say they need the connection; on a phone they are named as desktop features; in French', async ({ server, browser }) => {
  const ctx = await browser.newContext(DESKTOP);
  const page = await ctx.newPage();
  await signInUI(page, server.url, 'manager');
  await waitReady(page);
  await page.goto(`${server.url}/#/company/c00000?tab=documents`);
  await page.locator('fc-record-documents [data-drop-zone]').waitFor();
  await goOffline(ctx, server);
  await page.evaluate(() => window.dispatchEvent(new Event('offline')));
  await page.locator('fc-record-view [data-offline]').getByText('Documents is available when online.').waitFor();
  assert.not.ok(await page.locator('fc-record-documents [data-drop-zone]').isVisible());
  await goOnline(ctx, server);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.locator('fc-record-documents [data-drop-zone]').waitFor({ timeout: 15_000 });
  // The summary has the drop strip too.
  await page.goto(`${server.url}/#/company/c00000`);
  await page.locator('fc-record-view fc-document-drop[compact] [data-drop-zone]').waitFor();

  // A phone: no drop zone, no Documents tab; the record says where it is.
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' })).newPage();
  await signInUI(phone, server.url, 'manager');
  await waitReady(phone);
  await phone.goto(`${server.url}/#/company/c00000`);
  await phone.locator('fc-record-view h1').waitFor();
  await phone.locator('fc-record-view').getByText('Documents: available in the desktop theme.').waitFor();
  assert.is(await phone.locator('fc-document-drop').count(), 0);
  assert.is(await phone.locator('fc-record-view a[data-tab="documents"]').count(), 0);
  await phone.screenshot({ path: join(SHOTS, 'documents-phone.png'), fullPage: true });

  // Sophie works in French: the drop zone speaks it.
  const fr = await desktopPage(browser, server, 'sales');
  await fr.goto(`${server.url}/#/company/c00000?tab=documents`);
  await fr.locator('fc-record-documents [data-limits]').waitFor();
  assert.is(await fr.locator('fc-record-documents [data-drop-zone] strong').innerText(), 'Déposez des fichiers ou des e-mails ici');
  assert.is(await fr.locator('fc-record-documents [data-limits]').innerText(), 'Jusqu’à 200 Ko par fichier. Non acceptés : .bat .exe');
});

t.run();
