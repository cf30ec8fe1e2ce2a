// Mail merge over the real API on SQLite: both shipped samples merged on demo data and compared with the expected documents
// (766-171775-QA), every field with a value filled, escaping, the filed document and its safe headers, templates and their errors.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { MergedDocument, MergeTemplate } from '../../shared/mail-merge.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { ROOT } from '../../sync-server/config.ts';
import { formatDate, mergeData } from '../../sync-server/mail-merge/data.ts';
import { MailMerge } from '../../sync-server/mail-merge/service.ts';
import { OnlineRecords } from '../../sync-server/online/records.ts';
import { rightsOf } from '../../sync-server/auth/rights.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

const EXPECTED = join(ROOT, 'test/integration/expected');
/** `UPDATE_EXPECTED=1` writes the expected documents afresh (look at them before committing). */
const UPDATE = process.env.UPDATE_EXPECTED === '1';

interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}
type Caller = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => Promise<Answer<T>>;

const t = suite<{ server: TestServer; as: Record<string, Caller> }>('mail merge');

t.before(async (ctx) => {
  // The demo data of a fresh installation: companies c00000… with their persons, quotes qu0001… and orders or0003….
  ctx.server = await startServer({ companies: 12 });
  ctx.as = {};
  for (const login of ['admin', 'sales', 'manager', 'marketing']) {
    const token = await signIn(ctx.server.url, login);
    ctx.as[login] = async (method, path, body) => {
      const res = await fetch(`${ctx.server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      return { status: res.status, body: json as never, headers: res.headers, text };
    };
  }
});
t.after(async ({ server }) => {
  await server.close();
});

const codeOf = (r: Answer): string => String((r.body as { code?: string } | null)?.code ?? `(status ${r.status})`);

/** The merge's day is the only thing that changes from run to run: written as a placeholder in the expected files. */
const normalise = (html: string, locale: 'en' | 'fr'): string => html.split(formatDate(new Date().toISOString().slice(0, 10), locale)).join('{{TODAY}}');

async function mergeAndOpen(as: Caller, templateId: string, recordId: string, locale: 'en' | 'fr'): Promise<{ document: MergedDocument; html: string; res: Answer }> {
  const m = await as<{ document: MergedDocument }>('POST', '/api/merge', { templateId, recordId, locale });
  assert.is(m.status, 201, m.text);
  const res = await as('GET', `/api/merged-documents/${m.body.document.id}`);
  assert.is(res.status, 200);
  return { document: m.body.document, html: res.text, res };
}

function compare(name: string, html: string): void {
  const file = join(EXPECTED, name);
  if (UPDATE || !existsSync(file)) {
    mkdirSync(EXPECTED, { recursive: true });
    writeFileSync(file, html);
    if (!UPDATE) throw new Error(`${name} was missing: written; check it and run again`);
  }
  assert.fixture(html, readFileSync(file, 'utf8'), name);
}

for (const [file, templateId, recordId] of [
  ['Panoply Sales Quote', 'tpl-panoply-sales-quote', 'qu0001'],
  ['Panoply Sales Order', 'tpl-panoply-sales-order', 'or0003'],
] as const) {
  t(`766-171775-QA: "${file}.html" merged on demo data (${recordId}) gives the expected document, in English and in French`, async ({ as }) => {
    for (const locale of ['en', 'fr'] as const) {
      const { document, html, res } = await mergeAndOpen(as.admin!, templateId, recordId, locale);
      compare(`${file}.${recordId}.${locale}.html`, normalise(html, locale));
      assert.is(document.recordId, recordId);
      assert.is(document.locale, locale);
      assert.match(document.title, new RegExp(`^${file} – [QO]-2026-`));
      assert.is(res.headers.get('content-type'), 'text/html; charset=utf-8');
    }
  });
}

t('766-171775-QA: every merge field of a demo quote and its lines inserts its value: no blank where the record has one', async ({ server }) => {
  const admin = (await server.store.findUserByLogin('admin'))!;
  const caller = { user: admin, rights: await rightsOf(server.store, admin), now: new Date().toISOString() };
  const merge = new MailMerge(server.store, new OnlineRecords(server.store, server.bus));
  for (const [entity, id] of [['quote', 'qu0001'], ['order', 'or0003']] as const) {
    for (const locale of ['en', 'fr'] as const) {
      const src = await merge.sources(caller, entity, id, locale);
      const data = mergeData(src) as Record<string, Record<string, string> | Record<string, string>[]>;
      const check = (what: string, rec: WireDoc | null, values: Record<string, string>): void => {
        assert.ok(rec, `${what} is there`);
        for (const [k, v] of Object.entries(rec as unknown as Record<string, unknown>)) {
          if (!(k in values)) continue; // system fields are not merge fields
          const has = v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
          if (has) assert.ok(values[k] !== '', `${what}.${k} has a value (${JSON.stringify(v)}) but merges blank (${locale})`);
        }
      };
      check(entity, src.record, data[entity] as Record<string, string>);
      check('company', src.company, data.company as Record<string, string>);
      check('person', src.person, data.person as Record<string, string>);
      check('opportunity', src.opportunity, data.opportunity as Record<string, string>);
      assert.ok(src.items.length >= 2);
      src.items.forEach((it, i) => check(`items.${i}`, it, (data.items as Record<string, string>[])[i]!));
      // Values the reader recognises: captions, money with its currency, the owner's and product's names.
      const d = data[entity] as Record<string, string>;
      assert.match(d.total!, locale === 'fr' ? /\d,\d\d\u00a0(€|£|\$US)$/ : /^(€|£|US\$)\d/);
      assert.is(d.ownerId, entity === 'quote' ? 'Sophie Martin' : 'Alex Admin', 'the owner by name');
      assert.ok(!/^pr\d+$/.test((data.items as Record<string, string>[])[0]!.productId!), 'a product by its name');
    }
  }
});

t('values are escaped: a company called <script>alert(1)</script> prints as text, and the document runs no script', async ({ server, as }) => {
  const [company] = await server.store.getByIds('company', ['c00000']);
  const evil = { ...company!, name: '<script>alert(1)</script>', updatedAt: new Date().toISOString() };
  await server.store.push('company', [{ assumedMasterState: company!, newDocumentState: evil }], { userId: 'u-admin', rights: await rightsOf(server.store, (await server.store.findUserByLogin('admin'))!), lenient: false, now: evil.updatedAt });
  const { html, res } = await mergeAndOpen(as.admin!, 'tpl-panoply-sales-quote', 'qu0001', 'en');
  assert.ok(html.includes('<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>'));
  assert.not.ok(/<script/i.test(html));
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /sandbox/);
  assert.not.match(csp, /allow-scripts/);
  assert.is(res.headers.get('x-content-type-options'), 'nosniff');
  await server.store.push('company', [{ assumedMasterState: evil, newDocumentState: { ...company!, updatedAt: new Date().toISOString() } }], { userId: 'u-admin', rights: await rightsOf(server.store, (await server.store.findUserByLogin('admin'))!), lenient: false, now: new Date().toISOString() });
});

t('the filed documents are listed with the record; only users who may view the record see them', async ({ as }) => {
  const { document } = await mergeAndOpen(as.sales!, 'tpl-panoply-sales-quote', 'qu0001', 'fr');
  const list = await as.sales!<{ documents: MergedDocument[] }>('GET', '/api/merged-documents?entity=quote&recordId=qu0001');
  assert.ok(list.body.documents.some((d) => d.id === document.id));
  assert.is(list.body.documents[0]!.createdAt >= document.createdAt, true, 'newest first');
  // qu0002 is in North America: Sophie (Europe) may neither merge it nor open its documents.
  const na = await as.manager!<{ document: MergedDocument }>('POST', '/api/merge', { templateId: 'tpl-panoply-sales-quote', recordId: 'qu0002' });
  assert.is(na.status, 201);
  assert.is((await as.sales!('POST', '/api/merge', { templateId: 'tpl-panoply-sales-quote', recordId: 'qu0002' })).status, 404);
  assert.is(codeOf(await as.sales!('GET', `/api/merged-documents/${na.body.document.id}`)), ERROR_CODES.MERGE_NOT_FOUND);
  assert.is((await as.sales!('GET', '/api/merged-documents?entity=quote&recordId=qu0002')).status, 404);
  // A template of another entity: refused with its code.
  assert.is(codeOf(await as.sales!('POST', '/api/merge', { templateId: 'tpl-panoply-sales-order', recordId: 'qu0001', entity: 'quote' })), ERROR_CODES.MERGE_WRONG_ENTITY);
});

t('templates: an unknown field is refused with its line when saved; users make their own from a sample; samples stay the administrator\'s', async ({ as }) => {
  const sample = (await as.sales!<MergeTemplate>('GET', '/api/templates/tpl-panoply-sales-quote')).body;
  assert.is(sample.mayEdit, false);
  assert.is((await as.sales!('PUT', '/api/templates/tpl-panoply-sales-quote', { name: 'Mine' })).status, 403);
  const bad = await as.sales!('POST', '/api/templates', { name: 'My quote', kind: 'document', entity: 'quote', body: 'Dear customer,\n<p>Total: {{ quote.totl }}</p>' });
  assert.equal([bad.status, codeOf(bad), (bad.body as { line?: number }).line, (bad.body as { column?: number }).column, (bad.body as { detail?: string }).detail], [422, ERROR_CODES.MERGE_UNKNOWN_FIELD, 2, 14, 'quote.totl']);
  const syntax = await as.sales!('POST', '/api/templates/check', { entity: 'quote', body: 'a\nb\n{% for item in items %}no end' });
  assert.equal([codeOf(syntax), (syntax.body as { line?: number }).line], [ERROR_CODES.MERGE_SYNTAX, 3]);
  assert.equal((await as.sales!('POST', '/api/templates/check', { entity: 'quote', body: sample.body })).body, { ok: true });
  const mine = await as.sales!<MergeTemplate>('POST', '/api/templates', { name: 'My quote.html', kind: 'document', entity: 'quote', body: sample.body.replace('Panoply<small>', 'Sophie’s office<small>') });
  assert.is(mine.status, 201, mine.text);
  assert.is(mine.body.mayEdit, true);
  const { html } = await mergeAndOpen(as.sales!, mine.body.id, 'qu0001', 'en');
  assert.ok(html.includes('Sophie’s office'));
  const edited = await as.sales!<MergeTemplate>('PUT', `/api/templates/${mine.body.id}`, { body: '<p>{{ quote.reference }} – {{ items.size }} lines</p>' });
  assert.is(edited.status, 200);
  assert.is((await mergeAndOpen(as.sales!, mine.body.id, 'qu0001', 'en')).html, '<p>Q-2026-0001 – 3 lines</p>');
  assert.is((await as.manager!('DELETE', `/api/templates/${mine.body.id}`)).status, 403);
  assert.is((await as.sales!('DELETE', `/api/templates/${mine.body.id}`)).status, 200);
});

t('756-171755-ENH: e-mail templates use the same engine, and "System" is not among the entities offered', async ({ as }) => {
  const offered = await as.sales!<{ entities: string[] }>('GET', '/api/templates/entities');
  assert.equal(offered.body.entities, ['company', 'person', 'lead', 'opportunity', 'quote', 'order']);
  assert.not.ok(offered.body.entities.some((e) => e.toLowerCase() === 'system'));
  const sys = await as.sales!('POST', '/api/templates', { name: 'Welcome', kind: 'email', entity: 'system', subject: 'Hi', body: '<p>Hello</p>' });
  assert.equal([sys.status, codeOf(sys)], [400, ERROR_CODES.MERGE_BAD_TEMPLATE]);
  const mail = await as.sales!<MergeTemplate>('POST', '/api/templates', { name: 'Welcome', kind: 'email', entity: 'company', subject: 'Welcome, {{ company.name }}', body: '<p>Dear {{ company.name }}, your e-mail on file is {{ company.email }}.</p>' });
  assert.is(mail.status, 201, mail.text);
  const merged = await as.sales!<{ subject: string; html: string }>('POST', '/api/merge', { templateId: mail.body.id, recordId: 'c00000' });
  assert.is(merged.status, 200);
  assert.is(merged.body.subject, 'Welcome, Panoply Ltd');
  assert.is(merged.body.html, '<p>Dear Panoply Ltd, your e-mail on file is info@panoplyltd.example.</p>');
  const badSubject = await as.sales!('POST', '/api/templates', { name: 'x', kind: 'email', entity: 'company', subject: '{{ company.nom }}', body: '<p>x</p>' });
  assert.is(codeOf(badSubject), ERROR_CODES.MERGE_UNKNOWN_FIELD);
  const fields = await as.sales!<{ fields: string[] }>('GET', '/api/templates/fields?entity=quote');
  assert.ok(fields.body.fields.includes('quote.quotedPrice') === false && fields.body.fields.includes('items.quotedPrice') && fields.body.fields.includes('company.name'));
  const followUp = await as.sales!<{ subject: string; html: string }>('POST', '/api/merge', { templateId: 'tpl-quote-follow-up', recordId: 'qu0001' });
  assert.match(followUp.body.subject, /^Your quote Q-2026-0001 from Panoply$/);
});

t.run();
