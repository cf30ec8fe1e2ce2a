// Documents over the real API on SQLite: upload, limits (413), refused types, content that lies, rights and territories on
// lists, downloads and deletes, the security policy (123-171808-QA), SHA-256 on download, storage in the database,
// an interrupted upload, and e-mails (.eml generated here, .msg from msgreader's test material) filed as communications.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_DOCUMENT_SETTINGS, UPLOAD_HEADER, type DocumentInfo, type EmailFiled } from '../../shared/documents.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { ROOT } from '../../sync-server/config.ts';
import { EXE_BYTES, eml, pdf, png } from '../helpers/email.ts';
import { makeDoc } from '../helpers/docs.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
  bytes: Buffer;
}
type Login = 'admin' | 'sales' | 'manager' | 'marketing';

const MSG = readFileSync(join(ROOT, 'test/fixtures/email/attachmentFiles.msg'));

const t = suite<{ server: TestServer; tokens: Record<Login, string> }>('documents');

t.before(async (ctx) => {
  ctx.server = await startServer({ companies: 0 });
  ctx.tokens = {} as Record<Login, string>;
  for (const login of ['admin', 'sales', 'manager', 'marketing'] as const) ctx.tokens[login] = await signIn(ctx.server.url, login);
  await ctx.server.store.insertMany('company', [
    makeDoc('company', { id: 'eu-1', territoryId: 't-eu', name: 'Panoply Paris' }),
    makeDoc('company', { id: 'eu-2', territoryId: 't-eu', name: 'Atelier Lyon' }),
    makeDoc('company', { id: 'na-1', territoryId: 't-na', name: 'Denver Imports' }),
    makeDoc('company', { id: 'af-1', territoryId: 't-af', name: 'Casablanca Trading' }),
    { ...makeDoc('company', { id: 'eu-gone', territoryId: 't-eu', name: 'Gone Ltd' }), _deleted: true },
  ]);
  await ctx.server.store.insertMany('person', [makeDoc('person', { id: 'p-eu', territoryId: 't-eu', firstName: 'Anna', lastName: 'Durand', companyId: 'eu-1' })]);
});
t.after(async ({ server }) => server.close());

async function call<T = Record<string, unknown>>(ctx: { server: TestServer; tokens: Record<Login, string> }, as: Login, method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const res = await fetch(ctx.server.url + path, {
    method,
    headers: { authorization: `Bearer ${ctx.tokens[as]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  let parsed: unknown = null;
  if ((res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(bytes.toString('utf8'));
  return { status: res.status, body: parsed as T, headers: res.headers, bytes };
}

async function upload<T = DocumentInfo>(
  ctx: { server: TestServer; tokens: Record<Login, string> },
  as: Login,
  where: { entity: string; recordId: string },
  name: string,
  content: Buffer,
  opts: { type?: string; email?: boolean; header?: boolean } = {},
): Promise<Answer<T>> {
  const q = new URLSearchParams({ entity: where.entity, recordId: where.recordId, name }).toString();
  const res = await fetch(`${ctx.server.url}/api/documents/${opts.email ? 'email' : 'upload'}?${q}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctx.tokens[as]}`, 'content-type': opts.type ?? 'application/octet-stream', ...(opts.header === false ? {} : { [UPLOAD_HEADER]: '1' }) },
    body: new Uint8Array(content),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, body: JSON.parse(bytes.toString('utf8')) as T, headers: res.headers, bytes };
}

const code = (a: Answer<unknown>): string => (a.body as { code?: string } | null)?.code ?? `(status ${a.status})`;
const EU1 = { entity: 'company', recordId: 'eu-1' };
const NA1 = { entity: 'company', recordId: 'na-1' };
const docsDir = (server: TestServer): string => join(server.dir, 'documents');
/** Files kept in the documents folder (not the incoming one), by document id. */
const storedFiles = (server: TestServer): string[] =>
  readdirSync(docsDir(server))
    .filter((d) => d !== 'incoming')
    .flatMap((d) => readdirSync(join(docsDir(server), d)));
const incoming = (server: TestServer): string[] => readdirSync(join(docsDir(server), 'incoming'));
const rowCount = (server: TestServer): number => (server.store.sqlite.prepare('select count(*) as n from documents').get() as { n: number }).n;
const listIds = async (ctx: { server: TestServer; tokens: Record<Login, string> }, as: Login, query = ''): Promise<string[]> =>
  (await call<{ documents: DocumentInfo[] }>(ctx, as, 'GET', `/api/documents?limit=200${query}`)).body.documents.map((d) => d.id).sort();

t('a PNG dropped on a company: filed, listed with the record and in the library, downloaded as an attachment with its SHA-256 kept', async (ctx) => {
  const bytes = png(40, 30);
  const r = await upload(ctx, 'sales', EU1, 'Plan du stand.png', bytes, { type: 'image/png' });
  assert.is(r.status, 201, JSON.stringify(r.body));
  const d = r.body;
  assert.equal([d.entity, d.recordId, d.recordTitle, d.name, d.contentType, d.size, d.policy, d.territoryId, d.ownerName, d.previewable], ['company', 'eu-1', 'Panoply Paris', 'Plan du stand.png', 'image/png', bytes.length, 'inherit', 't-eu', 'Sophie Martin', true]);
  assert.is(d.sha256, (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex'));
  assert.ok(d.mayEdit && d.mayDelete);
  // Stored as a file beside the database, named by its id, with its metadata in SQL.
  assert.ok(storedFiles(ctx.server).includes(d.id));
  assert.equal(incoming(ctx.server), []);

  assert.ok((await listIds(ctx, 'sales', '&entity=company&recordId=eu-1')).includes(d.id));
  assert.ok((await listIds(ctx, 'sales')).includes(d.id));
  assert.not.ok((await listIds(ctx, 'sales', '&entity=company&recordId=eu-2')).includes(d.id));

  const dl = await call(ctx, 'sales', 'GET', `/api/documents/${d.id}/content`);
  assert.is(dl.status, 200);
  assert.ok(dl.bytes.equals(bytes));
  assert.is(dl.headers.get('content-type'), 'image/png');
  assert.is(dl.headers.get('content-disposition'), `attachment; filename="Plan du stand.png"; filename*=UTF-8''Plan%20du%20stand.png`);
  assert.is(dl.headers.get('x-content-type-options'), 'nosniff');
  assert.match(dl.headers.get('content-security-policy') ?? '', /^sandbox; default-src 'none'/);
  // The preview: inline, sandboxed, framed by our own page only.
  const pv = await call(ctx, 'sales', 'GET', `/api/documents/${d.id}/preview`);
  assert.is(pv.status, 200);
  assert.match(pv.headers.get('content-disposition') ?? '', /^inline; /);
  assert.match(pv.headers.get('content-security-policy') ?? '', /sandbox.*frame-ancestors 'self'/);
  assert.is(pv.headers.get('x-frame-options'), 'SAMEORIGIN');
});

t('an HTML page is kept but never served as one: octet-stream, attachment, no preview', async (ctx) => {
  const r = await upload(ctx, 'sales', EU1, 'page.html', Buffer.from('<html><script>alert(1)</script></html>'), { type: 'text/html' });
  assert.is(r.status, 201, JSON.stringify(r.body));
  assert.is(r.body.contentType, 'application/octet-stream');
  const dl = await call(ctx, 'sales', 'GET', `/api/documents/${r.body.id}/content`);
  assert.is(dl.headers.get('content-type'), 'application/octet-stream');
  assert.match(dl.headers.get('content-disposition') ?? '', /^attachment; filename="page.html"/);
  const pv = await call(ctx, 'sales', 'GET', `/api/documents/${r.body.id}/preview`);
  assert.equal([pv.status, code(pv)], [415, ERROR_CODES.DOC_NO_PREVIEW]);
  // An SVG (it can carry script) is no image to preview either.
  const svg = await upload(ctx, 'sales', EU1, 'logo.svg', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), { type: 'image/svg+xml' });
  assert.is(svg.status, 201, JSON.stringify(svg.body));
  assert.equal([svg.body.contentType, svg.body.previewable], ['application/octet-stream', false]);
});

t('size limit: an administrator sets it, every user reads it; a larger file is refused with 413 before or while it arrives, leaving nothing', async (ctx) => {
  const s = await call(ctx, 'sales', 'GET', '/api/documents/settings');
  assert.equal(s.body, DEFAULT_DOCUMENT_SETTINGS);
  assert.equal([(await call(ctx, 'sales', 'PUT', '/api/admin/documents/settings', { maxFileBytes: 2048 })).status], [403]);
  for (const bad of [{ maxFileBytes: 10 }, { maxFileBytes: 2 ** 40 }, { refusedExtensions: ['e x e'] }, { storage: 'cloud' }, { other: 1 }]) {
    const r = await call(ctx, 'admin', 'PUT', '/api/admin/documents/settings', bad);
    assert.equal([r.status, code(r)], [400, ERROR_CODES.DOC_BAD_SETTINGS], JSON.stringify(bad));
  }
  const set = await call(ctx, 'admin', 'PUT', '/api/admin/documents/settings', { maxFileBytes: 2048 });
  assert.is(set.status, 200);
  assert.is((await call<{ maxFileBytes: number }>(ctx, 'sales', 'GET', '/api/documents/settings')).body.maxFileBytes, 2048);
  const rows = rowCount(ctx.server);
  const files = storedFiles(ctx.server).length;

  // Declared too large: refused before a byte is read.
  const big = await upload(ctx, 'sales', EU1, 'big.pdf', Buffer.alloc(3000, 0x41), { type: 'application/pdf' });
  assert.equal([big.status, code(big)], [413, ERROR_CODES.DOC_TOO_LARGE]);
  assert.is(big.headers.get('connection'), 'close');
  // Sent without a length (chunked): counted as it arrives and stopped at the limit.
  const chunked = await new Promise<{ status: number; code: string }>((resolve, reject) => {
    const url = new URL(`${ctx.server.url}/api/documents/upload?entity=company&recordId=eu-1&name=stream.bin`);
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers: { authorization: `Bearer ${ctx.tokens.sales}`, [UPLOAD_HEADER]: '1' } });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, code: (JSON.parse(text) as { code: string }).code }));
    });
    req.on('error', reject);
    for (let i = 0; i < 10; i++) req.write(Buffer.alloc(1000, 0x42));
    req.end();
  });
  assert.equal(chunked, { status: 413, code: ERROR_CODES.DOC_TOO_LARGE });
  assert.is(rowCount(ctx.server), rows);
  assert.is(storedFiles(ctx.server).length, files);
  assert.equal(incoming(ctx.server), []);
  await call(ctx, 'admin', 'PUT', '/api/admin/documents/settings', { maxFileBytes: DEFAULT_DOCUMENT_SETTINGS.maxFileBytes });
});

t('refused types (by name, and by content whatever the name), content that lies about its type, empty files, bad names: clear codes, nothing filed', async (ctx) => {
  const rows = rowCount(ctx.server);
  const cases: [string, Buffer, string, number, string][] = [
    ['setup.exe', EXE_BYTES, 'application/x-msdownload', 415, ERROR_CODES.DOC_TYPE_REFUSED],
    ['invoice.pdf', EXE_BYTES, 'application/pdf', 415, ERROR_CODES.DOC_TYPE_REFUSED],
    ['photo.png', pdf(), 'image/png', 422, ERROR_CODES.DOC_CONTENT_MISMATCH],
    ['report.pdf', Buffer.from('just some text, not a PDF'), 'application/pdf', 422, ERROR_CODES.DOC_CONTENT_MISMATCH],
    ['scan.tif', png(), 'image/tiff', 422, ERROR_CODES.DOC_CONTENT_MISMATCH],
    ['data.bin', pdf(), 'image/png', 422, ERROR_CODES.DOC_CONTENT_MISMATCH],
    ['empty.txt', Buffer.alloc(0), 'text/plain', 422, ERROR_CODES.DOC_EMPTY],
    ['...', Buffer.from('x'), 'text/plain', 400, ERROR_CODES.DOC_BAD_NAME],
  ];
  for (const [name, content, type, status, want] of cases) {
    const r = await upload(ctx, 'sales', EU1, name, content, { type });
    assert.equal([r.status, code(r)], [status, want], name);
  }
  // An administrator may change the refused list: .exe is then accepted (its content is one).
  await call(ctx, 'admin', 'PUT', '/api/admin/documents/settings', { refusedExtensions: ['bat', 'cmd'] });
  const exe = await upload(ctx, 'sales', EU1, 'tool.exe', EXE_BYTES, { type: 'application/x-msdownload' });
  assert.is(exe.status, 201);
  assert.is(exe.body.contentType, 'application/x-msdownload');
  await call(ctx, 'sales', 'DELETE', `/api/documents/${exe.body.id}`);
  await call(ctx, 'admin', 'PUT', '/api/admin/documents/settings', { refusedExtensions: DEFAULT_DOCUMENT_SETTINGS.refusedExtensions });
  assert.is(rowCount(ctx.server), rows);
  assert.equal(incoming(ctx.server), []);
});

t('uploads skip the JSON-only guard but need their own header; every other route keeps the guard', async (ctx) => {
  const noHeader = await upload(ctx, 'sales', EU1, 'notes.txt', Buffer.from('hello'), { type: 'text/plain', header: false });
  assert.equal([noHeader.status, code(noHeader)], [400, ERROR_CODES.DOC_UPLOAD_HEADER]);
  const ok = await upload(ctx, 'sales', EU1, 'notes.txt', Buffer.from('hello'), { type: 'text/plain' });
  assert.equal([ok.status, ok.body.contentType], [201, 'text/plain']);
  for (const [method, path] of [
    ['PATCH', `/api/documents/${ok.body.id}`],
    ['PUT', '/api/admin/documents/settings'],
    ['POST', '/api/groups'],
  ] as const) {
    const res = await fetch(ctx.server.url + path, { method, headers: { authorization: `Bearer ${ctx.tokens.admin}`, 'content-type': 'text/plain' }, body: '{"policy":"private"}' });
    assert.equal([res.status, ((await res.json()) as { code: string }).code], [415, ERROR_CODES.UNSUPPORTED_MEDIA_TYPE], path);
  }
  // Not signed in: 401 before anything is read.
  const anon = await fetch(`${ctx.server.url}/api/documents/upload?entity=company&recordId=eu-1&name=a.txt`, { method: 'POST', headers: { [UPLOAD_HEADER]: '1' }, body: 'x' });
  assert.is(anon.status, 401);
});

t('the record must exist, be live, be the user’s to see, take documents, and be the user’s to edit', async (ctx) => {
  const rows = rowCount(ctx.server);
  for (const [as, where, status, want] of [
    ['sales', { entity: 'company', recordId: 'nope' }, 404, ERROR_CODES.DOC_TARGET_UNAVAILABLE],
    ['sales', { entity: 'company', recordId: 'eu-gone' }, 404, ERROR_CODES.DOC_TARGET_UNAVAILABLE],
    ['sales', NA1, 404, ERROR_CODES.DOC_TARGET_UNAVAILABLE],
    ['sales', { entity: 'note', recordId: 'n1' }, 404, ERROR_CODES.DOC_TARGET_UNAVAILABLE],
    // Opportunities take documents too (issue 7): one that does not exist is not available.
    ['sales', { entity: 'opportunity', recordId: 'o1' }, 404, ERROR_CODES.DOC_TARGET_UNAVAILABLE],
    ['marketing', EU1, 403, ERROR_CODES.FORBIDDEN],
  ] as const) {
    const r = await upload(ctx, as, where, 'a.txt', Buffer.from('hello'), { type: 'text/plain' });
    assert.equal([r.status, code(r)], [status, want], `${as} ${where.entity}/${where.recordId}`);
  }
  assert.is(rowCount(ctx.server), rows);
  const person = await upload(ctx, 'sales', { entity: 'person', recordId: 'p-eu' }, 'cv.pdf', pdf('CV'), { type: 'application/pdf' });
  assert.equal([person.status, person.body.recordTitle, person.body.previewable], [201, 'Anna Durand', true]);
  // An opportunity (an online-only record kept by the server, issue 7) takes documents like the others.
  await ctx.server.store.insertMany('opportunity', [makeDoc('opportunity', { id: 'o-eu', description: 'New offices', companyId: EU1.recordId, territoryId: 't-eu' })]);
  const onOpportunity = await upload(ctx, 'sales', { entity: 'opportunity', recordId: 'o-eu' }, 'brief.txt', Buffer.from('brief'), { type: 'text/plain' });
  assert.equal([onOpportunity.status, onOpportunity.body.recordTitle], [201, 'New offices']);
});

t('territories: lists, downloads and deletes follow the record’s territory and the user’s rights, on the server', async (ctx) => {
  const eu = (await upload(ctx, 'sales', EU1, 'eu-offer.txt', Buffer.from('EU offer'), { type: 'text/plain' })).body;
  const na = (await upload(ctx, 'manager', NA1, 'na-offer.txt', Buffer.from('NA offer'), { type: 'text/plain' })).body;
  const af = (await upload(ctx, 'admin', { entity: 'company', recordId: 'af-1' }, 'af-offer.txt', Buffer.from('AF offer'), { type: 'text/plain' })).body;
  const sales = await listIds(ctx, 'sales');
  assert.ok(sales.includes(eu.id));
  assert.not.ok(sales.includes(na.id) || sales.includes(af.id));
  const manager = await listIds(ctx, 'manager');
  assert.ok(manager.includes(eu.id) && manager.includes(na.id));
  assert.not.ok(manager.includes(af.id));
  const marketing = await listIds(ctx, 'marketing');
  assert.ok(marketing.includes(eu.id) && marketing.includes(na.id) && marketing.includes(af.id));
  // Not yours to see: the same 404 as a document that does not exist, for every way in.
  for (const path of [`/api/documents/${na.id}`, `/api/documents/${na.id}/content`, `/api/documents/${na.id}/preview`, '/api/documents/no-such-id/content']) {
    const r = await call(ctx, 'sales', 'GET', path);
    assert.equal([r.status, code(r)], [404, ERROR_CODES.DOC_NOT_FOUND], path);
  }
  const notYours = await call(ctx, 'sales', 'DELETE', `/api/documents/${na.id}`);
  assert.equal([notYours.status, code(notYours)], [404, ERROR_CODES.DOC_NOT_FOUND]);
  // Marketing may view Europe's records but not delete them: the document follows.
  const seen = await call<DocumentInfo>(ctx, 'marketing', 'GET', `/api/documents/${eu.id}`);
  assert.equal([seen.status, seen.body.mayDelete, seen.body.mayEdit], [200, false, false]);
  const refused = await call(ctx, 'marketing', 'DELETE', `/api/documents/${eu.id}`);
  assert.equal([refused.status, code(refused)], [403, ERROR_CODES.FORBIDDEN]);
  const del = await call(ctx, 'sales', 'DELETE', `/api/documents/${eu.id}`);
  assert.is(del.status, 200);
  assert.not.ok(storedFiles(ctx.server).includes(eu.id), 'the file goes with the row');
  assert.is((await call(ctx, 'sales', 'GET', `/api/documents/${eu.id}/content`)).status, 404);
  // A record that moves takes its (inheriting) documents along: out of sales' sight, into the new territory.
  const moving = (await upload(ctx, 'sales', { entity: 'company', recordId: 'eu-2' }, 'follows.txt', Buffer.from('follows'), { type: 'text/plain' })).body;
  const [master] = await ctx.server.store.getByIds('company', ['eu-2']);
  await ctx.server.store.push('company', [{ assumedMasterState: master!, newDocumentState: { ...master!, territoryId: 't-na' } }], {
    userId: 'u-admin',
    rights: { company: { view: ['t-eu', 't-na'], insert: [], edit: ['t-eu', 't-na'], delete: [] } },
    lenient: false,
    now: new Date().toISOString(),
  });
  assert.not.ok((await listIds(ctx, 'sales')).includes(moving.id));
  const moved = await call<DocumentInfo>(ctx, 'manager', 'GET', `/api/documents/${moving.id}`);
  assert.equal([moved.status, moved.body.territoryId, moved.body.policy], [200, 't-na', 'inherit']);
});

t('123-171808-QA: a document shows its territory and security policy; changing it needs rights and narrows who sees it', async (ctx) => {
  const d = (await upload(ctx, 'sales', EU1, 'contract.pdf', pdf('Contract'), { type: 'application/pdf' })).body;
  const shown = await call<DocumentInfo>(ctx, 'sales', 'GET', `/api/documents/${d.id}`);
  assert.equal([shown.body.territoryId, shown.body.policy], ['t-eu', 'inherit']);

  const bad = await call(ctx, 'sales', 'PATCH', `/api/documents/${d.id}`, { policy: 'secret' });
  assert.equal([bad.status, code(bad)], [400, ERROR_CODES.DOC_BAD_POLICY]);
  const unknownTerritory = await call(ctx, 'sales', 'PATCH', `/api/documents/${d.id}`, { policy: 'territory', territoryId: 't-mars' });
  assert.equal([unknownTerritory.status, code(unknownTerritory)], [400, ERROR_CODES.DOC_BAD_POLICY]);
  // Sales may not view North America: choosing it would lock them out of their own document.
  const lockout = await call(ctx, 'sales', 'PATCH', `/api/documents/${d.id}`, { policy: 'territory', territoryId: 't-na' });
  assert.equal([lockout.status, code(lockout)], [400, ERROR_CODES.DOC_BAD_POLICY]);
  // Marketing sees it but may not edit Europe's records: no change of policy.
  const viewer = await call(ctx, 'marketing', 'PATCH', `/api/documents/${d.id}`, { policy: 'inherit' });
  assert.equal([viewer.status, code(viewer)], [403, ERROR_CODES.FORBIDDEN]);

  // The manager narrows it to North America: sales (Europe only) no longer sees it, anywhere.
  const narrowed = await call<DocumentInfo>(ctx, 'manager', 'PATCH', `/api/documents/${d.id}`, { policy: 'territory', territoryId: 't-na' });
  assert.equal([narrowed.status, narrowed.body.policy, narrowed.body.territoryId], [200, 'territory', 't-na']);
  assert.not.ok((await listIds(ctx, 'sales')).includes(d.id));
  assert.is((await call(ctx, 'sales', 'GET', `/api/documents/${d.id}/content`)).status, 404);
  assert.ok((await listIds(ctx, 'manager')).includes(d.id));
  assert.ok((await listIds(ctx, 'marketing')).includes(d.id));

  // Private: only who filed it (sales) or an administrator may make it so, and then only they and administrators see it.
  const notFiler = await call(ctx, 'manager', 'PATCH', `/api/documents/${d.id}`, { policy: 'private' });
  assert.equal([notFiler.status, code(notFiler)], [403, ERROR_CODES.FORBIDDEN]);
  assert.is((await call(ctx, 'manager', 'PATCH', `/api/documents/${d.id}`, { policy: 'inherit' })).status, 200);
  const priv = await call<DocumentInfo>(ctx, 'sales', 'PATCH', `/api/documents/${d.id}`, { policy: 'private' });
  assert.equal([priv.status, priv.body.policy, priv.body.territoryId], [200, 'private', 't-eu']);
  assert.not.ok((await listIds(ctx, 'manager')).includes(d.id));
  assert.not.ok((await listIds(ctx, 'marketing')).includes(d.id));
  assert.ok((await listIds(ctx, 'admin')).includes(d.id));
  assert.ok((await listIds(ctx, 'sales', '&entity=company&recordId=eu-1')).includes(d.id));
});

t('SHA-256 is checked on every download: a changed or missing file is refused with DOC_INTEGRITY, never sent', async (ctx) => {
  const bytes = pdf('Integrity');
  const d = (await upload(ctx, 'sales', EU1, 'integrity.pdf', bytes, { type: 'application/pdf' })).body;
  const path = join(docsDir(ctx.server), d.id.slice(0, 2), d.id);
  const corrupt = Buffer.from(bytes);
  const at = corrupt.length - 10;
  corrupt[at] = corrupt[at]! ^ 0xff;
  writeFileSync(path, corrupt);
  const silence = console.error;
  console.error = () => undefined;
  try {
    for (const what of ['content', 'preview']) {
      const r = await call(ctx, 'sales', 'GET', `/api/documents/${d.id}/${what}`);
      assert.equal([r.status, code(r)], [500, ERROR_CODES.DOC_INTEGRITY], what);
      assert.not.ok(r.bytes.includes(Buffer.from('%PDF')), 'no byte of the file is sent');
    }
    writeFileSync(path, bytes);
    assert.is((await call(ctx, 'sales', 'GET', `/api/documents/${d.id}/content`)).status, 200);
    (await import('node:fs')).rmSync(path);
    const gone = await call(ctx, 'sales', 'GET', `/api/documents/${d.id}/content`);
    assert.equal([gone.status, code(gone)], [500, ERROR_CODES.DOC_INTEGRITY]);
  } finally {
    console.error = silence;
  }
});

t('storage in the database: no file in the folder, the bytes in SQL, the SHA-256 checked too; older documents stay where they were', async (ctx) => {
  const before = (await upload(ctx, 'sales', EU1, 'before.txt', Buffer.from('kept in the folder'), { type: 'text/plain' })).body;
  assert.is((await call(ctx, 'admin', 'PUT', '/api/admin/documents/settings', { storage: 'database' })).status, 200);
  const bytes = png(8, 8, [200, 30, 30]);
  const d = (await upload(ctx, 'sales', EU1, 'in-db.png', bytes, { type: 'image/png' })).body;
  assert.not.ok(storedFiles(ctx.server).includes(d.id));
  const row = ctx.server.store.sqlite.prepare('select length(content) as n from document_contents where document_id = ?').get(d.id) as { n: number };
  assert.is(row.n, bytes.length);
  const dl = await call(ctx, 'sales', 'GET', `/api/documents/${d.id}/content`);
  assert.ok(dl.bytes.equals(bytes));
  assert.is((await call(ctx, 'sales', 'GET', `/api/documents/${before.id}/content`)).bytes.toString(), 'kept in the folder');
  ctx.server.store.sqlite.prepare("update document_contents set content = x'00' where document_id = ?").run(d.id);
  const silence = console.error;
  console.error = () => undefined;
  try {
    const bad = await call(ctx, 'sales', 'GET', `/api/documents/${d.id}/content`);
    assert.equal([bad.status, code(bad)], [500, ERROR_CODES.DOC_INTEGRITY]);
  } finally {
    console.error = silence;
  }
  assert.is((await call(ctx, 'sales', 'DELETE', `/api/documents/${d.id}`)).status, 200);
  assert.is((ctx.server.store.sqlite.prepare('select count(*) as n from document_contents where document_id = ?').get(d.id) as { n: number }).n, 0);
  await call(ctx, 'admin', 'PUT', '/api/admin/documents/settings', { storage: 'folder' });
});

t('an upload cut off by the client leaves nothing: no row, no file, no temporary file', async (ctx) => {
  const rows = rowCount(ctx.server);
  const files = storedFiles(ctx.server).length;
  const url = new URL(`${ctx.server.url}/api/documents/upload?entity=company&recordId=eu-1&name=cut.pdf`);
  await new Promise<void>((resolve) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers: { authorization: `Bearer ${ctx.tokens.sales}`, [UPLOAD_HEADER]: '1', 'content-type': 'application/pdf', 'content-length': '200000' } });
    req.on('error', () => resolve());
    req.write(pdf().subarray(0, 200));
    req.write(Buffer.alloc(50_000, 0x20));
    // Long enough for the server to have started writing the temporary file.
    setTimeout(() => {
      req.destroy();
      resolve();
    }, 300);
  });
  const end = Date.now() + 5000;
  while (incoming(ctx.server).length && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  assert.equal(incoming(ctx.server), []);
  assert.is(rowCount(ctx.server), rows);
  assert.is(storedFiles(ctx.server).length, files);
});

t('an .eml dropped on a person: an e-mail communication with sender, recipients, date, subject and body; its attachments filed; a refused one named', async (ctx) => {
  const logo = png(16, 16, [255, 200, 0]);
  const message = eml({
    from: '"Anna Durand" <anna.durand@panoply.example>',
    to: ['"Sophie Martin" <sophie.martin@fieldcrm.example>'],
    cc: ['achats@panoply.example'],
    subject: 'Réunion stand — salon de Lyon',
    date: 'Tue, 03 Mar 2026 10:15:00 +0100',
    text: 'Bonjour Sophie,\n\nVoici le plan du stand et le devis.\n\nAnna',
    html: '<p>Bonjour Sophie,</p><p>Voici le plan du stand et le devis.</p><p>Anna</p>',
    attachments: [
      { name: 'plan.png', type: 'image/png', content: logo },
      { name: 'devis.pdf', type: 'application/pdf', content: pdf('Devis') },
      { name: 'macro.exe', type: 'application/octet-stream', content: EXE_BYTES },
    ],
  });
  const r = await upload<EmailFiled>(ctx, 'sales', { entity: 'person', recordId: 'p-eu' }, 'Réunion stand.eml', message, { type: 'message/rfc822', email: true });
  assert.is(r.status, 201, JSON.stringify(r.body));
  assert.is(r.body.subject, 'Réunion stand — salon de Lyon');
  assert.equal(r.body.skipped, [{ name: 'macro.exe', code: ERROR_CODES.DOC_TYPE_REFUSED }]);
  assert.equal(
    r.body.documents.map((d) => [d.name, d.contentType, d.entity, d.recordId, d.viaEntity, d.viaRecordId]),
    [
      ['Réunion stand.eml', 'message/rfc822', 'communication', r.body.communicationId, 'person', 'p-eu'],
      ['plan.png', 'image/png', 'communication', r.body.communicationId, 'person', 'p-eu'],
      ['devis.pdf', 'application/pdf', 'communication', r.body.communicationId, 'person', 'p-eu'],
    ],
  );
  const [comm] = (await ctx.server.store.getByIds('communication', [r.body.communicationId])) as (WireDoc & Record<string, unknown>)[];
  assert.ok(comm);
  assert.equal([comm!.kind, comm!.subject, comm!.startsAt, comm!.status, comm!.personId, comm!.companyId, comm!.email, comm!.territoryId, comm!.ownerId], [
    'email',
    'Réunion stand — salon de Lyon',
    '2026-03-03T09:15:00.000Z',
    'complete',
    'p-eu',
    'eu-1',
    'anna.durand@panoply.example',
    't-eu',
    '',
  ]);
  const details = String(comm!.details);
  assert.match(details, /^From: Anna Durand <anna\.durand@panoply\.example>\nTo: Sophie Martin <sophie\.martin@fieldcrm\.example>\nCc: achats@panoply\.example\nDate: 2026-03-03T09:15:00\.000Z\n\nBonjour Sophie,/);
  assert.match(details, /Voici le plan du stand et le devis\./);
  // Devices get it through the normal sync: a pull by sales returns it.
  const pulled = await call<{ documents: WireDoc[] }>(ctx, 'sales', 'GET', '/sync/communication/pull?seq=0&limit=1000');
  assert.ok(pulled.body.documents.some((d) => d.id === r.body.communicationId));
  // Listed with the person it was dropped on, and with the communication; the attachment downloads as it was.
  const onPerson = await listIds(ctx, 'sales', '&entity=person&recordId=p-eu');
  for (const d of r.body.documents) assert.ok(onPerson.includes(d.id), d.name);
  assert.is((await listIds(ctx, 'sales', `&entity=communication&recordId=${r.body.communicationId}`)).length, 3);
  const png2 = r.body.documents[1]!;
  assert.ok((await call(ctx, 'sales', 'GET', `/api/documents/${png2.id}/content`)).bytes.equals(logo));
});

t('an Outlook .msg (msgreader’s own test file) dropped on a company: filed as an e-mail with its three attachments', async (ctx) => {
  const r = await upload<EmailFiled>(ctx, 'sales', EU1, 'attachmentFiles.msg', MSG, { type: 'application/vnd.ms-outlook', email: true });
  assert.is(r.status, 201, JSON.stringify(r.body));
  assert.equal(
    r.body.documents.map((d) => [d.name, d.contentType, d.size]),
    [
      ['attachmentFiles.msg', 'application/vnd.ms-outlook', MSG.length],
      ['jpg.jpg', 'image/jpeg', 726],
      ['png.png', 'image/png', 134],
      ['tif.tif', 'image/tiff', 664],
    ],
  );
  const [comm] = (await ctx.server.store.getByIds('communication', [r.body.communicationId])) as (WireDoc & Record<string, unknown>)[];
  assert.equal([comm!.kind, comm!.subject, comm!.startsAt, comm!.companyId, comm!.email], ['email', 'attachmentFiles', '2023-11-01T00:48:31.000Z', 'eu-1', 'hmailuser@hmailserver.test']);
  assert.match(String(comm!.details), /^From: hmailuser <hmailuser@hmailserver\.test>\nTo: hmailuser@hmailserver\.test\nDate: 2023-11-01T00:48:31\.000Z\n\nattachmentFiles/);
});

t('broken e-mail files get DOC_BAD_EMAIL and leave nothing: no communication, no document, no file', async (ctx) => {
  const rows = rowCount(ctx.server);
  const comms = await ctx.server.store.count('communication');
  const cases: [string, Buffer][] = [
    ['garbage.eml', Buffer.from('\u0000\u0001 this is not a message at all\n')],
    ['headerless.eml', Buffer.from('Hello,\n\njust some text someone renamed.\n')],
    ['text.msg', Buffer.from('From: a@b.example\r\nSubject: an .eml renamed .msg\r\n\r\nbody')],
    ['cut.msg', MSG.subarray(0, 2048)],
    ['document.msg', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)])],
  ];
  for (const [name, content] of cases) {
    const r = await upload(ctx, 'sales', EU1, name, content, { email: true });
    assert.equal([r.status, code(r)], [422, ERROR_CODES.DOC_BAD_EMAIL], name);
  }
  const notMail = await upload(ctx, 'sales', EU1, 'notes.txt', Buffer.from('x'), { email: true });
  assert.equal([notMail.status, code(notMail)], [422, ERROR_CODES.DOC_BAD_EMAIL]);
  assert.is(rowCount(ctx.server), rows);
  assert.is(await ctx.server.store.count('communication'), comms);
  assert.equal(incoming(ctx.server), []);
});

t('an e-mail the user may not file as a communication (no right) is refused whole; a failure filing its documents takes the communication back', async (ctx) => {
  const rows = rowCount(ctx.server);
  const comms = await ctx.server.store.count('communication');
  const message = eml({ from: 'a@casablanca.example', to: ['b@fieldcrm.example'], subject: 'No right', date: 'Mon, 02 Mar 2026 08:00:00 +0000', text: 'x', attachments: [{ name: 'a.png', type: 'image/png', content: png() }] });
  // Marketing edits Africa's companies but has no right on communications.
  const r = await upload(ctx, 'marketing', { entity: 'company', recordId: 'af-1' }, 'no-right.eml', message, { email: true });
  assert.equal([r.status, code(r)], [403, ERROR_CODES.FORBIDDEN]);
  assert.is(rowCount(ctx.server), rows);
  assert.is(await ctx.server.store.count('communication'), comms);

  // Moving the files into place fails half-way: no document, no file, and the communication is withdrawn.
  const folder = ctx.server.documents.folder;
  const moveIn = folder.moveIn.bind(folder);
  let moves = 0;
  folder.moveIn = (temp: string, id: string) => {
    if (++moves === 2) throw new Error('disk full');
    return moveIn(temp, id);
  };
  const files = storedFiles(ctx.server).length;
  const silence = console.error;
  console.error = () => undefined;
  try {
    const failed = await upload(ctx, 'sales', EU1, 'disk-full.eml', message, { email: true });
    assert.is(failed.status, 500);
  } finally {
    folder.moveIn = moveIn;
    console.error = silence;
  }
  assert.is(rowCount(ctx.server), rows);
  assert.is(storedFiles(ctx.server).length, files);
  assert.equal(incoming(ctx.server), []);
  assert.is(await ctx.server.store.count('communication'), comms, 'the communication was taken back');
});

t('paging and search across records: every document the user may see, by name, a page at a time', async (ctx) => {
  for (let i = 0; i < 7; i++) await upload(ctx, 'sales', i % 2 ? EU1 : { entity: 'person', recordId: 'p-eu' }, `Brochure ${i}.txt`, Buffer.from(`brochure ${i}`), { type: 'text/plain' });
  const first = await call<{ total: number; documents: DocumentInfo[] }>(ctx, 'sales', 'GET', '/api/documents?q=BROCHURE&limit=4');
  assert.equal([first.body.total, first.body.documents.length], [7, 4]);
  const second = await call<{ total: number; documents: DocumentInfo[] }>(ctx, 'sales', 'GET', '/api/documents?q=brochure&limit=4&offset=4');
  assert.is(second.body.documents.length, 3);
  const names = [...first.body.documents, ...second.body.documents].map((d) => d.name).sort();
  assert.equal(names, [0, 1, 2, 3, 4, 5, 6].map((i) => `Brochure ${i}.txt`));
  const bad = await call(ctx, 'sales', 'GET', '/api/documents?limit=1000');
  assert.equal([bad.status, code(bad)], [400, ERROR_CODES.DOC_BAD_INPUT]);
  const badRecord = await call(ctx, 'sales', 'GET', '/api/documents?entity=invoice&recordId=x');
  assert.equal([badRecord.status, code(badRecord)], [400, ERROR_CODES.DOC_BAD_INPUT]);
  assert.ok(existsSync(join(docsDir(ctx.server), 'incoming')));
});

t.run();
