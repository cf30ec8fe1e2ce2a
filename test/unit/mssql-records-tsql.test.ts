// Compiles the SQL Server statements of online records (quotes, orders…) and mail merge to T-SQL without a server, and checks
// that a quote with its lines is one transaction that rolls back whole when a line is refused. No SQL Server runs here.
import { drizzle } from 'drizzle-orm/node-mssql';
import mssql from 'mssql';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../../sync-server/config.ts';
import { documentByIdQuery, documentsOfQuery, insertTemplateQuery, templateListQuery, updateTemplateQuery } from '../../sync-server/db/mssql/mail-merge.ts';
import { recordListCondition, recordListCountQuery, recordListPageQuery } from '../../sync-server/db/mssql/record-queries.ts';
import { MssqlStore } from '../../sync-server/db/mssql/store.ts';
import type { PullScope } from '../../sync-server/db/store.ts';
import type { EffectiveRights } from '../../shared/security.ts';
import { EU, makeDoc, pushCtx } from '../helpers/docs.ts';

const db = drizzle.mock();
const NOWHERE: PullScope = { kind: 'territory', territories: [] };

test('record list: live rows in the scope, equality on a field, newest first then id, OFFSET … FETCH NEXT', () => {
  const where = recordListCondition('quoteItem', { equals: { quoteId: 'q1' } }, EU);
  const count = recordListCountQuery(db, 'quoteItem', where).toSQL();
  assert.is(count.sql, 'select count(*) from [quoteItem] where (([quoteItem].[deleted] = @par0) and ([quoteItem].[territory_id] in (@par1)) and ([quoteItem].[quote_id] = @par2))');
  assert.equal(count.params, [false, 't-eu', 'q1']);
  const page = recordListPageQuery(db, 'quote', recordListCondition('quote', { text: 'refit' }, EU), { offset: 50, limit: 25 }).toSQL();
  assert.match(page.sql, /^select \[id\], \[territory_id\], .*\[total\], \[notes\] from \[quote\] where /);
  assert.not.match(page.sql, /\[rv\]/);
  assert.match(page.sql, /order by \[quote\]\.\[issued_at\] desc, \[quote\]\.\[id\] asc offset @par\d+ rows fetch next @par\d+ rows only$/);
  assert.equal(page.params.slice(-2), [50, 25]);
  // [order] is a reserved word: always bracketed.
  assert.match(recordListPageQuery(db, 'order', recordListCondition('order', {}, EU), { offset: 0, limit: 5 }).toSQL().sql, / from \[order\] where .* order by \[order\]\.\[ordered_at\] desc/);
  assert.match(recordListCountQuery(db, 'quote', recordListCondition('quote', {}, NOWHERE)).toSQL().sql, /1 = 0/);
});

test('templates and merged documents: lists with TOP, a record\'s documents without their HTML', () => {
  const list = templateListQuery(db, { entity: 'quote', kind: 'document' }).toSQL();
  assert.is(list.sql, 'select top(@par0) [id], [name], [kind], [entity], [subject], [body], [owner_id], [created_at], [updated_at] from [merge_templates] where (([merge_templates].[entity] = @par1) and ([merge_templates].[kind] = @par2)) order by [merge_templates].[name] asc, [merge_templates].[id] asc');
  assert.equal(list.params, [500, 'quote', 'document']);
  const docs = documentsOfQuery(db, 'quote', 'q1').toSQL();
  assert.not.match(docs.sql, /\[html\]/);
  assert.match(docs.sql, /from \[merged_documents\] where \(\(\[merged_documents\]\.\[entity\] = @par1\) and \(\[merged_documents\]\.\[record_id\] = @par2\)\) order by \[merged_documents\]\.\[created_at\] desc/);
  assert.match(documentByIdQuery(db, 'd1').toSQL().sql, /\[html\]/);
  assert.match(updateTemplateQuery(db, 't1', { name: 'n', subject: '', body: 'b', updatedAt: 'x' }).toSQL().sql, /^update \[merge_templates\] set /);
  const row = { id: 't', name: 'n', kind: 'document' as const, entity: 'quote' as const, subject: '', body: 'b', ownerId: 'u', createdAt: 'x', updatedAt: 'x' };
  assert.match(insertTemplateQuery(db, row).toSQL().sql, /^insert into \[merge_templates\]/);
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

type Logged = { sql: string; params: unknown[] } | { event: 'begin' | 'commit' | 'rollback' };
function fakePool(respond: (sql: string) => unknown[]) {
  const log: Logged[] = [];
  const request = () => {
    const params: unknown[] = [];
    const r = {
      arrayRowMode: false,
      input(_name: string, value: unknown) {
        params.push(value);
        return r;
      },
      async query(text: string) {
        log.push({ sql: text, params: [...params] });
        return { recordset: respond(text), rowsAffected: [1] };
      },
    };
    return r;
  };
  const pool = {
    on: () => pool,
    connect: async () => pool,
    close: async () => undefined,
    request,
    transaction: () => ({
      begin: async () => void log.push({ event: 'begin' }),
      commit: async () => void log.push({ event: 'commit' }),
      rollback: async () => void log.push({ event: 'rollback' }),
      request,
    }),
  };
  return { log, store: new MssqlStore(pool as unknown as mssql.ConnectionPool) };
}
const tables = (log: Logged[]) => log.map((l) => ('event' in l ? l.event : `${l.sql.split(' ')[0]} ${/(?:from|into|update) (\[\w+\](?: with \([a-z, ]+\))?)/.exec(l.sql)?.[1] ?? '?'}`));

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
  assert.equal(tables(log), ['begin', 'select [quote] with (updlock, holdlock)', 'insert [quote]', 'select [quoteItem] with (updlock, holdlock)', 'insert [quoteItem]', 'commit']);
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
  assert.equal(tables(log), ['begin', 'select [quote] with (updlock, holdlock)', 'insert [quote]', 'select [quoteItem] with (updlock, holdlock)', 'rollback']);
});

test.run();
