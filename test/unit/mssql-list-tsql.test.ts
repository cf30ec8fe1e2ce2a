// The record list's sort and filters compiled to T-SQL without a server (#23): the keys asked for, then the id, after
// the caller's territories; ranges as parameters; offset/fetch for the page; the page and its total in one read.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fakePool, statements } from '../helpers/fake-mssql.ts';

const WHERE =
  "where (([quote].[deleted] = @par0) and ([quote].[territory_id] in (@par1, @par2)) and ((([quote].[reference] like @par3 escape '\\') or ([quote].[description] like @par4 escape '\\'))) " +
  'and ([quote].[status] = @par5) and ([quote].[issued_at] >= @par6) and ((([quote].[issued_at] <= @par7) and ([quote].[issued_at] <> @par8))) and ([quote].[total] >= @par9))';

test('a sorted, filtered page of quotes: exact T-SQL of its count and its page, in one transaction', async () => {
  const { log, store } = fakePool((q) => (q.startsWith('select count(*)') ? [[3]] : []));
  await store.listRecords(
    'quote',
    {
      text: 'chair',
      filters: [
        { field: 'status', op: 'eq', value: 'sent' },
        { field: 'issuedAt', op: 'gte', value: '2026-01-01' },
        { field: 'issuedAt', op: 'lte', value: '2026-01-31' },
        { field: 'total', op: 'gte', value: 500 },
      ],
      sort: [
        { field: 'total', direction: 'desc' },
        { field: 'status', direction: 'asc' },
      ],
    },
    { kind: 'territory', territories: ['t-eu', 't-na'] },
    { offset: 50, limit: 25 },
  );
  assert.equal(log.filter((l) => 'event' in l).map((l) => ('event' in l ? l.event : '')), ['begin', 'commit']);
  const [count, page] = statements(log);
  assert.is(count!.sql, `select count(*) from [quote] ${WHERE}`);
  assert.equal(count!.params, [false, 't-eu', 't-na', '%chair%', '%chair%', 'sent', '2026-01-01', '2026-01-31', '', 500]);
  assert.ok(page!.sql.startsWith('select [id], [territory_id], '));
  assert.ok(page!.sql.endsWith(`from [quote] ${WHERE} order by [quote].[total] desc, [quote].[status] asc, [quote].[id] asc offset @par10 rows fetch next @par11 rows only`), page!.sql);
  assert.equal(page!.params.slice(-2), [50, 25]);
});

test('no sort asked: the entity’s own order, then the id; an instant range excludes its end and never keeps an empty value', async () => {
  const { log, store } = fakePool((q) => (q.startsWith('select count(*)') ? [[0]] : []));
  await store.listRecords('quote', { filters: [{ field: 'updatedAt', op: 'gte', value: '2026-04-01T22:00:00.000Z' }, { field: 'updatedAt', op: 'lt', value: '2026-04-02T22:00:00.000Z' }] }, { kind: 'territory', territories: ['t-eu'] }, { offset: 0, limit: 50 });
  const [count, page] = statements(log);
  assert.is(count!.sql, 'select count(*) from [quote] where (([quote].[deleted] = @par0) and ([quote].[territory_id] in (@par1)) and ([quote].[updated_at] >= @par2) and ((([quote].[updated_at] < @par3) and ([quote].[updated_at] <> @par4))))');
  assert.ok(page!.sql.endsWith('order by [quote].[issued_at] desc, [quote].[id] asc offset @par5 rows fetch next @par6 rows only'), page!.sql);
});

test('a caller with no territory reads nothing: no statement at all', async () => {
  const { log, store } = fakePool();
  const page = await store.listRecords('quote', { sort: [{ field: 'total', direction: 'asc' }] }, { kind: 'territory', territories: [] }, { offset: 0, limit: 50 });
  assert.equal([page.total, page.records.length, log.length], [0, 0, 0]);
});

test.run();
