// The SQL Server statements of administration: an audited change in one transaction, the audit page (offset/fetch,
// newest first), deleting a territory under a lock only when empty, a forecast upserted by its key.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fakePool, statements, tables } from '../helpers/fake-mssql.ts';
import { auditEntry } from '../../sync-server/admin/audit.ts';

const ADMIN = { id: 'u-admin', login: 'admin' };

test('a user change, the end of their sessions and its audit entry: one transaction', async () => {
  const { log, store } = fakePool(() => [], (q) => (q.startsWith('delete from [sessions]') ? 3 : 0));
  const ended = await store.updateUser('u1', { disabled: true }, { endSessions: true, audit: [auditEntry(ADMIN, 'user.disable', { type: 'user', id: 'u1' }, { disabled: false }, { disabled: true })] });
  assert.is(ended, 3);
  assert.equal(tables(log), ['begin', 'update [users]', 'delete [sessions]', 'insert [audit_log]', 'commit']);
});

test('the audit page: filters, newest first, offset/fetch; its total in the same read', async () => {
  const { log, store } = fakePool((q) => (q.startsWith('select count(*)') ? [[0]] : []));
  await store.audit.list({ action: 'user.update', from: '2026-12-01T00:00:00.000Z', offset: 50, limit: 25 });
  assert.equal(tables(log), ['begin', 'select [audit_log]', 'select [audit_log]', 'commit']);
  const [count, page] = statements(log);
  assert.is(count!.sql, 'select count(*) from [audit_log] where (([audit_log].[action] = @par0) and ([audit_log].[at] >= @par1))');
  assert.match(page!.sql, /order by \[audit_log\]\.\[at\] desc, \[audit_log\]\.\[id\] desc offset @par\d rows fetch next @par\d rows only$/);
});

test('deleting a territory locks it, counts what is in it, and deletes nothing when something is', async () => {
  const { log, store } = fakePool((q) => (q.startsWith('select count(*) from [users]') ? [[2]] : q.startsWith('select count(*)') ? [[0]] : []));
  const usage = await store.deleteTerritory('t-x', []);
  assert.equal(usage, { users: 2 });
  const all = tables(log);
  assert.is(all[0], 'begin');
  assert.match(statements(log)[0]!.sql, /from \[territories\] with \(updlock, holdlock\)/);
  assert.not.ok(all.some((x) => x.startsWith('delete')), 'nothing deleted');
});

test('a forecast is upserted on its user-and-period key under a lock', async () => {
  const { log, store } = fakePool();
  await store.forecasts.put({ id: 'u1:2026-Q4', userId: 'u1', period: '2026-Q4', periodStart: '2026-10-01', amount: 100, currency: 'EUR', updatedAt: 'now', updatedBy: 'u1' });
  assert.is(statements(log)[0]!.sql, 'select [forecasts].[id] from [forecasts] with (updlock, holdlock) where [forecasts].[id] = @par0');
});

test.run();
