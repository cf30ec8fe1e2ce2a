// Compiles the SQL Server store's sync-critical statements to T-SQL without a server and checks the text; also the tables and migration.
import { getTableColumns } from 'drizzle-orm';
import { MsSqlDialect } from 'drizzle-orm/mssql-core';
import { drizzle } from 'drizzle-orm/node-mssql';
import mssql from 'mssql';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entityDef, REPLICATED } from '../../shared/entities/index.ts';
import { columnPlan, fromRow, toRow } from '../../sync-server/db/columns.ts';
import {
  CAP_SQL,
  insertQuery,
  lockMastersQuery,
  pageQuery,
  remainingQuery,
  rowsPerInsert,
  updateQuery,
} from '../../sync-server/db/mssql/queries.ts';
import { entityTables } from '../../sync-server/db/mssql/schema.ts';
import { MssqlStore } from '../../sync-server/db/mssql/store.ts';
import { mssqlConfig } from '../../sync-server/db/mssql/url.ts';
import { makeDoc } from '../helpers/docs.ts';

// A database with no connection: builders work, nothing runs.
const db = drizzle.mock();
const rvAsBinary = (n: number) => `cast(cast(@par${n} as bigint) as binary(8))`;

test('the pull cap is MIN_ACTIVE_ROWVERSION(), read as a number', () => {
  const q = new MsSqlDialect().sqlToQuery(CAP_SQL);
  assert.is(q.sql, 'select cast(MIN_ACTIVE_ROWVERSION() as bigint) as [cap]');
  assert.equal(q.params, []);
});

test('pull page: rv above the checkpoint and below the cap, oldest first, top(limit) (exact text for note)', () => {
  const q = pageQuery(db, 'note', 41, 97, 500).toSQL();
  assert.is(
    q.sql,
    'select top(@par0) [id], [territory_id], [updated_at], [updated_by], [deleted], [parent_type], [parent_id], [text], cast([rv] as bigint) ' +
      'from [note] ' +
      'where (([note].[rv] > cast(cast(@par1 as bigint) as binary(8))) and ([note].[rv] < cast(cast(@par2 as bigint) as binary(8)))) ' +
      'order by [note].[rv] asc',
  );
  assert.equal(q.params, [500, 41, 97]);
});

test('pull page: the same shape for every replicated entity', () => {
  for (const e of REPLICATED) {
    const q = pageQuery(db, e, 0, 10, 3).toSQL();
    assert.ok(q.sql.startsWith('select top(@par0) '), e);
    assert.ok(q.sql.includes(`[${e}].[rv] > ${rvAsBinary(1)}`), e);
    assert.ok(q.sql.includes(`[${e}].[rv] < ${rvAsBinary(2)}`), e);
    assert.ok(q.sql.endsWith(`order by [${e}].[rv] asc`), e);
    // The column is never cast in the filter (that would cost the rv index): only the parameters are.
    assert.not.match(q.sql, /where[^]*cast\(\[/);
    assert.equal(q.params, [3, 0, 10], e);
  }
});

test('remaining count: after the new checkpoint, under the same cap', () => {
  const q = remainingQuery(db, 'company', 7, 9).toSQL();
  assert.is(q.sql, `select count(*) from [company] where (([company].[rv] > ${rvAsBinary(0)}) and ([company].[rv] < ${rvAsBinary(1)}))`);
  assert.equal(q.params, [7, 9]);
});

test('push reads its masters WITH (UPDLOCK, HOLDLOCK)', () => {
  const q = lockMastersQuery(db, 'company', ['a', 'b']).toSQL();
  assert.match(q.sql, /^select \[company\]\.\[id\], /);
  assert.ok(q.sql.includes(' from [company] with (updlock, holdlock) where [company].[id] in (@par0, @par1)'), q.sql);
  assert.not.ok(q.sql.includes('[rv]'), 'the lock read does not need rv');
  assert.equal(q.params, ['a', 'b']);
});

test('insert leaves rv to the engine and reads the new one back with OUTPUT', () => {
  const plan = columnPlan(entityDef('note'));
  const row = toRow(plan, makeDoc('note', { id: 'n1' }));
  const q = insertQuery(db, 'note', [row, { ...row, id: 'n2' }]).toSQL();
  assert.is(
    q.sql,
    'insert into [note] ([id], [territory_id], [updated_at], [updated_by], [deleted], [parent_type], [parent_id], [text]) ' +
      'output cast(INSERTED.[rv] as bigint) ' +
      'values (@par0, @par1, @par2, @par3, @par4, @par5, @par6, @par7), (@par8, @par9, @par10, @par11, @par12, @par13, @par14, @par15)',
  );
  assert.is(q.params.length, 2 * plan.length);
});

test('update rewrites the record by id, never rv or id, and OUTPUTs the new rv', () => {
  const plan = columnPlan(entityDef('company'));
  const row = toRow(plan, makeDoc('company', { id: 'c1', name: 'Panoply' }));
  const q = updateQuery(db, 'company', row).toSQL();
  assert.match(q.sql, /^update \[company\] set \[territory_id\] = @par0, /);
  assert.ok(q.sql.includes(' output cast(INSERTED.[rv] as bigint) where [company].[id] = @par'), q.sql);
  assert.not.ok(/\[rv\] =|\[id\] = @par\d+,/.test(q.sql), q.sql);
  assert.is(q.params.length, plan.length); // every column but id in SET, plus id in WHERE
  assert.is(q.params[q.params.length - 1], 'c1');
});

test('a chunked insert stays under 2100 parameters and 1000 rows', () => {
  for (const e of REPLICATED) {
    const plan = columnPlan(entityDef(e));
    const n = rowsPerInsert(plan.length);
    assert.ok(n >= 1 && n <= 1000, e);
    const row = toRow(plan, makeDoc(e, { id: 'x' }));
    const q = insertQuery(db, e, Array.from({ length: n }, () => row)).toSQL();
    assert.ok(q.params.length <= 2100, `${e}: ${q.params.length} parameters`);
  }
});

test('each entity table has exactly the planned columns plus rv, a rowversion', () => {
  for (const e of REPLICATED) {
    const cols = getTableColumns(entityTables[e]);
    const plan = columnPlan(entityDef(e));
    assert.equal(Object.keys(cols), [...plan.map((c) => c.key), 'rv'], e);
    assert.equal(Object.values(cols).map((c) => c.name), [...plan.map((c) => c.column), 'rv'], e);
    assert.is(cols.rv?.getSQLType(), 'rowversion', e);
    for (const c of plan) if (c.kind === 'json') assert.is(cols[c.key]?.getSQLType(), 'nvarchar(max)', `${e}.${c.key}`);
  }
});

test('the generated migration creates every table, each entity with a rowversion rv and its index', () => {
  const dir = join('sync-server', 'db', 'mssql', 'migrations');
  const text = readdirSync(dir)
    .sort()
    .map((m) => readFileSync(join(dir, m, 'migration.sql'), 'utf8'))
    .join('\n');
  for (const t of ['users', 'sessions', 'territories']) assert.ok(text.includes(`CREATE TABLE [${t}] (`), t);
  for (const e of REPLICATED) {
    const block = new RegExp(`CREATE TABLE \\[${e}\\] \\(([^;]*?)\\n\\);`).exec(text)?.[1];
    assert.ok(block, `no CREATE TABLE [${e}]`);
    assert.ok(block.includes('[rv] rowversion NOT NULL'), e);
    for (const c of columnPlan(entityDef(e))) assert.ok(block.includes(`[${c.column}] `), `${e}.${c.column}`);
    assert.ok(text.includes(`CREATE UNIQUE INDEX [${e}_rv_uq] ON [${e}] ([rv]);`), e);
    assert.ok(text.includes(`CREATE INDEX [${e}_territory_ix] ON [${e}] ([territory_id]);`), e);
  }
});

test('connection URLs: mssql:// and sqlserver:// become an mssql config', () => {
  const a = mssqlConfig('mssql://crm:p%40ss@db.example:1544/fieldcrm?trustServerCertificate=true');
  assert.equal(
    { server: a.server, port: a.port, user: a.user, password: a.password, database: a.database, encrypt: a.options?.encrypt, trust: a.options?.trustServerCertificate },
    { server: 'db.example', port: 1544, user: 'crm', password: 'p@ss', database: 'fieldcrm', encrypt: true, trust: true },
  );
  const b = mssqlConfig('sqlserver://sa:x@localhost/crm');
  assert.is(b.port, 1433);
  assert.is(b.options?.trustServerCertificate, false);
  const named = mssqlConfig('sqlserver://sa:x@host/crm?instanceName=SQLEXPRESS');
  assert.is(named.port, undefined);
  assert.is(named.options?.instanceName, 'SQLEXPRESS');
  assert.throws(() => mssqlConfig('mssql://sa:x@host/crm?encrypt=maybe'), /true or false/);
  assert.throws(() => mssqlConfig('mssql://sa:x@host/crm?trustservercertificate=true'), /unknown parameter/);
  assert.throws(() => mssqlConfig('mssql://sa:x@host'), /one database/);
  assert.throws(() => mssqlConfig('postgres://sa:x@host/crm'), /unsupported scheme/);
});

/**
 * A stand-in for mssql's ConnectionPool that records every statement (and whether it ran in the transaction)
 * and answers from `respond`: enough to check the store's order of statements without a server.
 */
type Logged = { on: 'pool' | 'tx'; sql: string; params: unknown[] } | { on: 'tx'; event: 'begin' | 'commit' | 'rollback'; isolation?: unknown };
function fakePool(respond: (sql: string, params: unknown[]) => unknown[]) {
  const log: Logged[] = [];
  const request = (on: 'pool' | 'tx') => {
    const params: unknown[] = [];
    const r = {
      arrayRowMode: false,
      input(_name: string, value: unknown) {
        params.push(value);
        return r;
      },
      async query(text: string) {
        log.push({ on, sql: text, params: [...params] });
        return { recordset: respond(text, params), rowsAffected: [0] };
      },
    };
    return r;
  };
  const pool = {
    on: () => pool,
    connect: async () => pool,
    close: async () => undefined,
    request: () => request('pool'),
    transaction: () => ({
      begin: async (isolation?: unknown) => void log.push({ on: 'tx', event: 'begin', isolation }),
      commit: async () => void log.push({ on: 'tx', event: 'commit' }),
      rollback: async () => void log.push({ on: 'tx', event: 'rollback' }),
      request: () => request('tx'),
    }),
  };
  return { log, store: new MssqlStore(pool as unknown as mssql.ConnectionPool) };
}
const steps = (log: Logged[]) => log.map((l) => ('event' in l ? `${l.event}${l.isolation === undefined ? '' : ` ${String(l.isolation)}`}` : `${l.on}: ${l.sql.split(' ').slice(0, 2).join(' ')}`));

test('store.pull: reads the cap on its own, before the snapshot transaction, then page and count inside it', async () => {
  const plan = columnPlan(entityDef('note'));
  const doc = makeDoc('note', { id: 'n1', text: 'hello' });
  const row = toRow(plan, doc);
  const cells = [...plan.map((c) => row[c.key]), '42']; // one row as tedious gives it in array mode, bigint as text
  const { log, store } = fakePool((q) => (q.includes('MIN_ACTIVE_ROWVERSION()') ? [{ cap: '100' }] : q.startsWith('select top') ? [cells] : [[0]]));
  const page = await store.pull('note', 7, 10);
  assert.equal(steps(log), ['pool: select cast(MIN_ACTIVE_ROWVERSION()', `begin ${mssql.ISOLATION_LEVEL.SNAPSHOT}`, 'tx: select top(@par0)', 'tx: select count(*)', 'commit']);
  assert.equal(log[2] && 'params' in log[2] ? log[2].params : null, [10, 7, 100]); // limit, since, cap
  assert.equal(log[3] && 'params' in log[3] ? log[3].params : null, [42, 100]); // after the new checkpoint, same cap
  assert.equal(page.checkpoint, { seq: 42 });
  assert.equal(page.documents, [doc]);
  assert.is(page.remaining, 0);
});

test('store.push: locks masters, updates the existing one, inserts the new one, lastSeq = largest OUTPUT rv', async () => {
  const plan = columnPlan(entityDef('note'));
  const row = toRow(plan, makeDoc('note', { id: 'n1', text: 'old' }));
  const master = fromRow(plan, row);
  const { log, store } = fakePool((q) =>
    q.includes('with (updlock, holdlock)') ? [plan.map((c) => row[c.key])] : q.startsWith('update') ? [['50']] : q.startsWith('insert') ? [['51']] : [],
  );
  const out = await store.push(
    'note',
    [
      { assumedMasterState: master, newDocumentState: { ...master, text: 'new' } },
      { assumedMasterState: null, newDocumentState: makeDoc('note', { id: 'n2' }) },
    ],
    { userId: 'u1' },
  );
  assert.equal(steps(log), [`begin ${mssql.ISOLATION_LEVEL.READ_COMMITTED}`, 'tx: select [note].[id],', 'tx: update [note]', 'tx: insert into', 'commit']);
  assert.equal(out, { conflicts: [], lastSeq: 51 });
});

test.run();
