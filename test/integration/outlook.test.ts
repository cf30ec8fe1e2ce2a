// The Outlook add-in on the real server: the .msi made with PUBLIC_URL carries a manifest for that address (extracted by
// msiextract, Debian's msitools: "apt-get install -y msitools"), the manifest alone for Outlook on the web, the pane's
// lookup within the caller's rights, a message filed once by its Message-ID, and a contact for an unknown sender.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { SessionInfo } from '../../shared/api.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { INSTALLER_PATH } from '../../shared/installer.ts';
import { OUTLOOK_CONTACT_PATH, OUTLOOK_LOOKUP_PATH, OUTLOOK_MANIFEST_PATH, type OutlookLookupAnswer } from '../../shared/outlook.ts';
import { exportTable, runTool } from '../helpers/debian-tools.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

const PUBLIC_URL = 'https://crm.example.test';
const t = suite<{ server: TestServer; dir: string; admin: string; sales: string; manager: string; before: string | undefined }>('outlook add-in');

t.before(async (ctx) => {
  ctx.before = process.env.PUBLIC_URL;
  process.env.PUBLIC_URL = PUBLIC_URL;
  ctx.server = await startServer({ companies: 30 });
  ctx.dir = mkdtempSync(join(tmpdir(), 'fieldcrm-outlook-'));
  ctx.admin = await signIn(ctx.server.url, 'admin');
  ctx.sales = await signIn(ctx.server.url, 'sales');
  ctx.manager = await signIn(ctx.server.url, 'manager');
});
t.after(async (ctx) => {
  if (ctx.before === undefined) delete process.env.PUBLIC_URL;
  else process.env.PUBLIC_URL = ctx.before;
  await ctx.server.close();
  rmSync(ctx.dir, { recursive: true, force: true });
});

const bearer = (token: string, more: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...more });
const post = (ctx: { server: TestServer }, token: string, path: string, body: unknown) =>
  fetch(ctx.server.url + path, { method: 'POST', headers: bearer(token, { 'content-type': 'application/json' }), body: JSON.stringify(body) });

function eml(messageId: string, from: string, subject: string): Buffer {
  return Buffer.from(
    [`From: <${from}>`, 'To: <me@fieldcrm.example>', `Subject: ${subject}`, 'Date: Tue, 01 Dec 2026 09:30:00 +0000', `Message-ID: ${messageId}`, 'Content-Type: text/plain; charset=utf-8', '', 'Hello.', ''].join('\r\n'),
  );
}
const fileEmail = (ctx: { server: TestServer }, token: string, record: { entity: string; id: string }, bytes: Buffer, name = 'message.eml') =>
  fetch(`${ctx.server.url}/api/documents/email?${new URLSearchParams({ entity: record.entity, recordId: record.id, name })}`, {
    method: 'POST',
    headers: bearer(token, { 'content-type': 'message/rfc822', 'X-FieldCRM-Upload': '1' }),
    body: new Uint8Array(bytes),
  });

async function personWithAddress(ctx: { server: TestServer }, id: string): Promise<{ id: string; territoryId: string; address: string }> {
  const [p] = await ctx.server.store.getByIds('person', [id]);
  if (!p) throw new Error(`no person ${id}`);
  return { id, territoryId: p.territoryId, address: ((p as Record<string, unknown>).emails as { address: string }[])[0]?.address ?? '' };
}

t('the .msi made with PUBLIC_URL installs a manifest for that address (msiextract), and msitools reads its tables', async (ctx) => {
  const res = await fetch(ctx.server.url + INSTALLER_PATH, { headers: bearer(ctx.sales) });
  assert.is(res.status, 200, await res.clone().text());
  const msi = join(ctx.dir, 'sales.msi');
  writeFileSync(msi, Buffer.from(await res.arrayBuffer()));
  const out = join(ctx.dir, 'extracted');
  const r = runTool('msiextract', ['-C', out, msi]);
  assert.is(r.status, 0, r.out);
  const manifest = readFileSync(join(out, 'FieldCRM', 'OutlookPlugin', 'manifest.xml'), 'utf8');
  assert.match(manifest, `<SourceLocation DefaultValue="${PUBLIC_URL}/outlook.html" />`);
  assert.not.match(manifest, 'localhost');
  // Sophie's profile is in French: so is her add-in.
  assert.match(manifest, '<DefaultLocale>fr-FR</DefaultLocale>');
  // The File table's size is the manifest's, and the other file kept its bytes.
  assert.match(exportTable(msi, 'File'), `Manifest\tPluginFiles\tmanifest.xml\t${Buffer.byteLength(manifest)}\t`);
  assert.match(readFileSync(join(out, 'FieldCRM', 'OutlookPlugin', 'README.txt'), 'utf8'), 'FieldCRM Outlook plug-in');
  assert.match(exportTable(msi, 'Property'), `FIELDCRM_SERVER_URL\t${PUBLIC_URL}`);
});

t('the manifest alone for Outlook on the web and new Outlook: signed in, this server’s address, the user’s language', async (ctx) => {
  assert.is((await fetch(ctx.server.url + OUTLOOK_MANIFEST_PATH)).status, 401);
  const res = await fetch(ctx.server.url + OUTLOOK_MANIFEST_PATH, { headers: bearer(ctx.manager) });
  assert.is(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', 'application/xml');
  assert.match(res.headers.get('content-disposition') ?? '', 'fieldcrm-outlook-manifest.xml');
  const xml = await res.text();
  assert.match(xml, `${PUBLIC_URL}/outlook.html`);
  assert.match(xml, '<DefaultLocale>en-US</DefaultLocale>');
});

t('lookup: people matched by address within the caller’s rights; not signed in is refused', async (ctx) => {
  const session = (await (await fetch(`${ctx.server.url}/api/me`, { headers: bearer(ctx.sales) })).json()) as SessionInfo;
  const salesView = new Set(session.rights.person?.view ?? []);
  const people = await Promise.all(Array.from({ length: 30 }, (_, i) => personWithAddress(ctx, `p${String(i).padStart(5, '0')}0`)));
  const seen = people.find((p) => salesView.has(p.territoryId));
  const hidden = people.find((p) => !salesView.has(p.territoryId));
  assert.ok(seen && hidden, 'the demo data has persons inside and outside the sales territory');
  const ask = { messageId: '<lookup@x.example>', people: [{ address: seen.address, name: '', role: 'from' }, { address: hidden.address, name: '', role: 'to' }, { address: 'nobody@nowhere.example', name: 'Nobody', role: 'cc' }] };
  assert.is((await fetch(ctx.server.url + OUTLOOK_LOOKUP_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ask) })).status, 401);
  const res = await post(ctx, ctx.sales, OUTLOOK_LOOKUP_PATH, ask);
  assert.is(res.status, 200);
  const a = (await res.json()) as OutlookLookupAnswer;
  assert.ok(a.people[0]?.matches.some((m) => m.entity === 'person' && m.id === seen.id));
  assert.is(a.people[1]?.matches.length, 0, 'a person the caller may not view is not shown');
  assert.is(a.people[2]?.matches.length, 0);
  assert.is(a.sender?.record.id, seen.id);
  assert.is(a.filed, null);
  const asAdmin = (await (await post(ctx, ctx.admin, OUTLOOK_LOOKUP_PATH, ask)).json()) as OutlookLookupAnswer;
  assert.ok(asAdmin.people[1]?.matches.some((m) => m.id === hidden.id), 'the administrator sees it');
  assert.is((await post(ctx, ctx.sales, OUTLOOK_LOOKUP_PATH, { messageId: 1, people: [] })).status, 400);
});

t('a message is filed once by its Message-ID (the dropped-.eml path): the second filing is refused and the lookup says so', async (ctx) => {
  const who = await personWithAddress(ctx, 'p000000');
  const bytes = eml('<Once-1@Mail.Example>', who.address, 'Filed once');
  const first = await fileEmail(ctx, ctx.admin, { entity: 'person', id: who.id }, bytes);
  assert.is(first.status, 201, await first.clone().text());
  const { communicationId } = (await first.json()) as { communicationId: string };
  // The same message again, on another record, with the id written differently (brackets and case): refused.
  const again = await fileEmail(ctx, ctx.admin, { entity: 'company', id: 'c00000' }, eml('once-1@mail.example', who.address, 'Filed once'));
  assert.is(again.status, 409);
  const problem = (await again.json()) as { code: string; detail: string };
  assert.is(problem.code, ERROR_CODES.DOC_FILED_ALREADY);
  assert.is(problem.detail, communicationId);
  const comms = (await ctx.server.store.listRecords('communication', { equals: { personId: who.id } }, { kind: 'everyone' }, { offset: 0, limit: 500 })).records.filter((c) => (c as Record<string, unknown>).subject === 'Filed once');
  assert.is(comms.length, 1, 'nothing half-filed by the refused one');
  const a = (await (await post(ctx, ctx.admin, OUTLOOK_LOOKUP_PATH, { messageId: '<once-1@mail.example>', people: [] })).json()) as OutlookLookupAnswer;
  assert.is(a.filed?.communicationId, communicationId);
  assert.is(a.filed?.filedBy, 'Alex Admin');
  assert.ok(a.filed?.visible);
  // Once the communication is deleted, the message may be filed again.
  const [comm] = await ctx.server.store.getByIds('communication', [communicationId]);
  const session = (await (await fetch(`${ctx.server.url}/api/me`, { headers: bearer(ctx.admin) })).json()) as SessionInfo;
  await ctx.server.store.push('communication', [{ assumedMasterState: comm ?? null, newDocumentState: { ...(comm as NonNullable<typeof comm>), _deleted: true } }], { userId: session.user.id, rights: session.rights, lenient: false, now: new Date().toISOString() });
  assert.is((await fileEmail(ctx, ctx.admin, { entity: 'person', id: who.id }, bytes)).status, 201);
  // Two filers racing for one new message: exactly one wins.
  const race = await Promise.all([0, 1, 2].map(() => fileEmail(ctx, ctx.admin, { entity: 'person', id: who.id }, eml('<race@mail.example>', who.address, 'Race'))));
  assert.equal(race.map((r) => r.status).sort(), [201, 409, 409]);
});

t('a person or lead for an unknown sender, through the write rules', async (ctx) => {
  const made = await post(ctx, ctx.sales, OUTLOOK_CONTACT_PATH, { kind: 'person', address: 'new.person@unknown.example', firstName: 'New', lastName: 'Person' });
  assert.is(made.status, 201, await made.clone().text());
  const person = (await made.json()) as { entity: string; id: string; title: string };
  assert.is(person.title, 'New Person');
  const [doc] = await ctx.server.store.getByIds('person', [person.id]);
  assert.equal((doc as Record<string, unknown>).emails, [{ type: 'business', address: 'new.person@unknown.example' }]);
  const lead = await post(ctx, ctx.sales, OUTLOOK_CONTACT_PATH, { kind: 'lead', address: 'buyer@prospect.example', firstName: '', lastName: 'Buyer', companyName: 'Prospect SA' });
  assert.is(lead.status, 201);
  // Bad input: a clear error, nothing written.
  for (const bad of [{ kind: 'company', address: 'a@b.example', firstName: '', lastName: 'X' }, { kind: 'person', address: 'not-an-address', firstName: '', lastName: 'X' }]) {
    const r = await post(ctx, ctx.sales, OUTLOOK_CONTACT_PATH, bad);
    assert.is(r.status, 400);
  }
  const noName = await post(ctx, ctx.sales, OUTLOOK_CONTACT_PATH, { kind: 'person', address: 'no.name@unknown.example', firstName: '', lastName: '' });
  assert.is(noName.status, 422, 'a person needs a last name');
  assert.is((await ctx.server.store.emailClaims(['no.name@unknown.example'])).length, 0);
});

t.run();
