// Compiles the SQL Server statements of online records (quotes, orders…) and mail merge to T-SQL without a server, and checks
// that a quote with its lines is one transaction that rolls back whole when a line is refused. No SQL Server runs here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../../sync-server/config.ts';
import type { PullScope } from '../../sync-server/db/store.ts';
import type { EffectiveRights } from '../../shared/security.ts';
import { EU, makeDoc, pushCtx } from '../helpers/docs.ts';
import { fakePool, statements, tables } from '../helpers/fake-mssql.ts';
import { applyCustomization, EMPTY_CUSTOMIZATION } from '../../shared/entities/index.ts';

const NOWHERE: PullScope = { kind: 'territory', territories: [] };
/** The statements a call on the store runs, the count answering 0. */
async function run(call: (store: ReturnType<typeof fakePool>['store']) => Promise<unknown>) {
  const { log, store } = fakePool((q) => (q.startsWith('select count(*)') ? [[0]] : []), () => 1);
  await call(store);
  return statements(log);
}

test('record list: live rows in the scope, equality on a field, newest first then id, OFFSET … FETCH NEXT', async () => {
  const [count] = await run((s) => s.listRecords('quoteItem', { equals: { quoteId: 'q1' } }, EU, { offset: 0, limit: 10 }));
  assert.is(count!.sql, 'select count(*) from [quoteItem] where (([quoteItem].[deleted] = @par0) and ([quoteItem].[territory_id] in (@par1)) and ([quoteItem].[quote_id] = @par2))');
  assert.equal(count!.params, [false, 't-eu', 'q1']);
  const [, page] = await run((s) => s.listRecords('quote', { text: 'refit' }, EU, { offset: 50, limit: 25 }));
  assert.match(page!.sql, /^select \[id\], \[territory_id\], .*\[total\], \[notes\], \[custom_values\] from \[quote\] where /);
  assert.not.match(page!.sql, /\[rv\]/);
  assert.match(page!.sql, /order by \[quote\]\.\[issued_at\] desc, \[quote\]\.\[id\] asc offset @par\d+ rows fetch next @par\d+ rows only$/);
  assert.equal(page!.params.slice(-2), [50, 25]);
  // [order] is a reserved word: always bracketed.
  const [, orders] = await run((s) => s.listRecords('order', {}, EU, { offset: 0, limit: 5 }));
  assert.match(orders!.sql, / from \[order\] where .* order by \[order\]\.\[ordered_at\] desc/);
  assert.equal(await run((s) => s.listRecords('quote', {}, NOWHERE, { offset: 0, limit: 5 })), [], 'no territory: nothing asked');
});

test('templates and merged documents: lists with TOP, a record\'s documents without their HTML', async () => {
  const [list] = await run((s) => s.mailMerge.listTemplates({ entity: 'quote', kind: 'document' }));
  assert.is(list!.sql, 'select top(@par0) [id], [name], [kind], [entity], [subject], [body], [owner_id], [created_at], [updated_at] from [merge_templates] where (([merge_templates].[entity] = @par1) and ([merge_templates].[kind] = @par2)) order by [merge_templates].[name] asc, [merge_templates].[id] asc');
  assert.equal(list!.params, [500, 'quote', 'document']);
  const [docs] = await run((s) => s.mailMerge.documentsOf('quote', 'q1'));
  assert.not.match(docs!.sql, /\[html\]/);
  assert.match(docs!.sql, /from \[merged_documents\] where \(\(\[merged_documents\]\.\[entity\] = @par1\) and \(\[merged_documents\]\.\[record_id\] = @par2\)\) order by \[merged_documents\]\.\[created_at\] desc/);
  const [one] = await run((s) => s.mailMerge.getDocument('d1'));
  assert.match(one!.sql, /\[html\]/);
  const [upd] = await run((s) => s.mailMerge.updateTemplate('t1', { name: 'n', subject: '', body: 'b', updatedAt: 'x' }));
  assert.match(upd!.sql, /^update \[merge_templates\] set /);
  const row = { id: 't', name: 'n', kind: 'document' as const, entity: 'quote' as const, subject: '', body: 'b', ownerId: 'u', createdAt: 'x', updatedAt: 'x' };
  const [ins] = await run((s) => s.mailMerge.createTemplate(row));
  assert.match(ins!.sql, /^insert into \[merge_templates\]/);
});

test('the migration makes the tables, money as bigint (never float), and [order] bracketed', () => {
  const dir = join(ROOT, 'sync-server/db/mssql/migrations');
  const step = readdirSync(dir).find((d) => d.endsWith('_quotes'));
  assert.ok(step, 'a migration called quotes');
  const text = readFileSync(join(dir, step, 'migration.sql'), 'utf8');
  for (const t of ['product', 'productPrice', 'opportunity', 'quote', 'quoteItem', 'order', 'orderItem', 'merge_templates', 'merged_documents']) assert.match(text, new RegExp(`CREATE TABLE \\[${t}\\]`), t);
  for (const c of ['list_price', 'quoted_price', 'line_total', 'subtotal', 'tax', 'total', 'quantity', 'tax_rate', 'forecast']) assert.match(text, new RegExp(`\\[${c}\\] bigint`), c);
  assert.match(text, /\[body\] nvarchar\(max\) NOT NULL/);
  assert.match(text, /\[html\] nvarchar\(max\) NOT NULL/);
});

const salesRights = (): EffectiveRights => ({ quote: { view: ['t-eu'], insert: ['t-eu'], edit: ['t-eu'], delete: ['t-eu'] }, quoteItem: { view: ['t-eu'], insert: ['t-eu'], edit: ['t-eu'], delete: ['t-eu'] } });

test('writeRecords: a quote and its lines in one transaction, masters locked first, OUTPUT rv for each insert', async () => {
  const { log, store } = fakePool((q) => (q.startsWith('insert') ? [{ seq: 70 }] : []));
  const quote = makeDoc('quote', { id: 'q1', companyId: 'c1' });
  const item = makeDoc('quoteItem', { id: 'i1', quoteId: 'q1' });
  const out = await store.writeRecords(
    [
      { entity: 'quote', rows: [{ assumedMasterState: null, newDocumentState: quote }] },
      { entity: 'quoteItem', rows: [{ assumedMasterState: null, newDocumentState: item }] },
    ],
    pushCtx('u', { rights: salesRights() }),
  );
  assert.equal(tables(log), ['begin', 'select [quote] with (updlock, holdlock)', 'select [server_settings]', 'insert [quote]', 'select [quoteItem] with (updlock, holdlock)', 'select [server_settings]', 'insert [quoteItem]', 'commit']);
  assert.equal(out.touched, ['quote', 'quoteItem']);
});

test('writeRecords: a refused line (no right in its territory) rolls the quote back too: nothing half-written', async () => {
  const { log, store } = fakePool((q) => (q.startsWith('insert') ? [{ seq: 71 }] : []));
  const quote = makeDoc('quote', { id: 'q2', companyId: 'c1' });
  const item = makeDoc('quoteItem', { id: 'i2', quoteId: 'q2', territoryId: 't-na' });
  let status = 0;
  try {
    await store.writeRecords(
      [
        { entity: 'quote', rows: [{ assumedMasterState: null, newDocumentState: quote }] },
        { entity: 'quoteItem', rows: [{ assumedMasterState: null, newDocumentState: item }] },
      ],
      pushCtx('u', { rights: salesRights(), lenient: true }),
    );
  } catch (err) {
    status = (err as { status?: number }).status ?? -1;
  }
  assert.is(status, 403, 'strict even when asked to be lenient');
  assert.equal(tables(log), ['begin', 'select [quote] with (updlock, holdlock)', 'select [server_settings]', 'insert [quote]', 'select [quoteItem] with (updlock, holdlock)', 'select [server_settings]', 'rollback']);
});

test('a custom field in a filter and a search reads the JSON column with JSON_VALUE (numbers cast, absent as empty)', async () => {
  applyCustomization({
    revision: 1,
    fields: [
      { entity: 'opportunity', key: 'c_region', kind: 'text', label: { en: 'Region', fr: 'Région' }, required: false, screens: { form: true, list: true, search: true }, hidden: false },
      { entity: 'opportunity', key: 'c_score', kind: 'number', label: { en: 'Score', fr: 'Score' }, required: false, screens: { form: true, list: false, search: false }, hidden: false },
    ],
  });
  try {
    const [count] = await run((s) => s.listRecords('opportunity', { equals: { c_region: 'north' }, text: 'acme' }, EU, { offset: 0, limit: 10 }));
    assert.match(count!.sql, /coalesce\(json_value\(\[opportunity\]\.\[custom_values\], '\$\.c_region'\), ''\) = @par\d+/);
    assert.match(count!.sql, /lower\(coalesce\(json_value\(\[opportunity\]\.\[custom_values\], '\$\.c_region'\), ''\)\)|coalesce\(json_value\(\[opportunity\]\.\[custom_values\], '\$\.c_region'\), ''\) like @par\d+/);
    assert.ok(count!.params.includes('north'));
    const [score] = await run((s) => s.listRecords('opportunity', { equals: { c_score: '3' } }, EU, { offset: 0, limit: 10 }));
    assert.match(score!.sql, /try_cast\(json_value\(\[opportunity\]\.\[custom_values\], '\$\.c_score'\) as float\) = @par\d+/);
  } finally {
    applyCustomization(EMPTY_CUSTOMIZATION);
  }
});

test.run();
