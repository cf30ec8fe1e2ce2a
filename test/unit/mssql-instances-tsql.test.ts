// The SQL Server statements of the change feed and the start-up lock (docs/decisions/0025, 0026), compiled to T-SQL on a
// recording fake pool: no SQL Server runs here.
import { MsSqlDialect } from 'drizzle-orm/mssql-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entities } from '../../shared/entities/index.ts';
import { startupLockSql } from '../../sync-server/db/mssql/dialect.ts';
import { fakePool, statements, tables } from '../helpers/fake-mssql.ts';

test('the feed head is MIN_ACTIVE_ROWVERSION() - 1; nothing more is read when it has not moved', async () => {
  const { log, store } = fakePool((q) => (q.includes('MIN_ACTIVE_ROWVERSION()') ? [{ cap: '101' }] : []));
  assert.is(await store.feedHead(), 100);
  assert.equal(await store.changesSince(100), { head: 100, changes: [], events: [] });
  assert.is(statements(log).length, 2);
  assert.ok(statements(log).every((s) => s.sql === 'select cast(MIN_ACTIVE_ROWVERSION() as bigint) as [cap]'));
});

test('changes since a cursor: head first, then in one snapshot the newest row of each table and the events, all in (cursor, head]', async () => {
  const { log, store } = fakePool((q) =>
    q.includes('MIN_ACTIVE_ROWVERSION()') ? [{ cap: '51' }] : q.includes('from [company]') ? [['c1', '49']] : q.includes('from [server_events]') ? [['e1', 'revoke', 'u-sales', '', '', 'i-a', '2026-12-04T00:00:00.000Z'], ['e2', 'other', '', '', '', 'i-a', 'x']] : [],
  );
  const page = await store.changesSince(40);
  assert.equal(page, { head: 50, changes: [{ collection: 'company', seq: 49 }], events: [{ kind: 'revoke', userId: 'u-sales', keep: '', origin: 'i-a', createdAt: '2026-12-04T00:00:00.000Z' }] });
  const steps = tables(log);
  assert.is(steps[0], 'select ?');
  assert.is(steps[1], 'begin');
  assert.is(steps.at(-1), 'commit');
  const begin = log.find((l) => 'event' in l && l.event === 'begin') as { isolation?: unknown };
  assert.ok(begin.isolation !== undefined, 'read under an isolation level (snapshot)');
  const company = statements(log).find((s) => s.sql.includes('from [company]'))!;
  assert.is(company.sql, 'select top(@par0) [id], cast([rv] as bigint) from [company] where (([company].[rv] > cast(cast(@par1 as bigint) as binary(8))) and ([company].[rv] <= cast(cast(@par2 as bigint) as binary(8)))) order by [company].[rv] desc');
  assert.equal(company.params, [1, 40, 50]);
  assert.is(statements(log).filter((s) => / from \[\w+\] where/.test(s.sql)).length, Object.keys(entities).length + 1);
  const events = statements(log).find((s) => s.sql.includes('from [server_events]'))!;
  assert.match(events.sql, /^select top\(@par0\) \[id\], \[kind\], \[user_id\], \[keep\], \[collection\], \[origin\], \[created_at\] from \[server_events\] where .*\[server_events\]\.\[rv\] > cast\(cast\(@par1 as bigint\) as binary\(8\)\).* order by \[server_events\]\.\[rv\] asc$/);
});

test('an event is inserted without rv (the engine sets it), in a write transaction', async () => {
  const { log, store } = fakePool();
  await store.appendEvent({ kind: 'nudge', collection: 'company', origin: 'i-a', createdAt: '2026-12-04T00:00:00.000Z' });
  const ins = statements(log).find((s) => s.sql.startsWith('insert'))!;
  assert.match(ins.sql, /^insert into \[server_events\] \(\[id\], \[kind\], \[user_id\], \[keep\], \[collection\], \[origin\], \[created_at\]\) values \(/);
  assert.not.match(ins.sql, /\[rv\]/);
  assert.equal(tables(log), ['begin', 'insert [server_events]', 'commit']);
});

test('the start-up lock: sp_getapplock owned by a transaction held while the start-up runs, failing loudly when not granted', async () => {
  const q = new MsSqlDialect().sqlToQuery(startupLockSql(120_000));
  assert.is(
    q.sql,
    "declare @fc_lock int; exec @fc_lock = sp_getapplock @Resource = N'fieldcrm:startup', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = @par0; if @fc_lock < 0 throw 51000, N'fieldcrm: the start-up lock is held by another instance', 1;",
  );
  assert.equal(q.params, [120000]);
  const { log, store } = fakePool();
  const order: string[] = [];
  await store.withStartupLock(async () => {
    order.push(`body after ${tables(log).join(', ')}`);
  });
  assert.equal(order, ['body after begin, declare ?']);
  assert.equal(tables(log), ['begin', 'declare ?', 'commit']);
});

test.run();
