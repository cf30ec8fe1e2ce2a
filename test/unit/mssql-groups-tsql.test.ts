// Compiles the SQL Server group statements to T-SQL without a server and checks the text, and the store's order of statements.
import mssql from 'mssql';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GROUP_MEMBER_LIMIT } from '../../sync-server/db/groups.ts';
import type { PullScope } from '../../sync-server/db/store.ts';
import { EU } from '../helpers/docs.ts';
import { fakePool, statements, tables } from '../helpers/fake-mssql.ts';

const NOWHERE: PullScope = { kind: 'territory', territories: [] };
const GROUP_COLUMNS = '[id], [name], [entity], [kind], [criteria], [owner_id], [created_at], [updated_at]';
/** The statements a call on the groups store runs, the count answering `n`. */
async function run(call: (store: ReturnType<typeof fakePool>['store']) => Promise<unknown>, n = 0) {
  const { log, store } = fakePool((q) => (q.startsWith('select count(*)') ? [[n]] : []), () => 1);
  await call(store);
  return statements(log);
}

test('group list (389-171752-QA): entity in the viewable list, lower(name) LIKE the lower-cased escaped pattern; count and page share the filter', async () => {
  const [count] = await run((s) => s.groups.list({ contains: 'Spring', entities: ['company', 'lead'], offset: 0, limit: 10 }));
  assert.is(count!.sql, "select count(*) from [groups] where (([groups].[entity] in (@par0, @par1)) and (lower([groups].[name]) like @par2 escape '\\'))");
  assert.equal(count!.params, ['company', 'lead', '%spring%']);
  const [, page] = await run((s) => s.groups.list({ contains: ' 50%_[x] ', entities: ['company'], offset: 20, limit: 10 }));
  assert.is(
    page!.sql,
    `select ${GROUP_COLUMNS} from [groups] where (([groups].[entity] in (@par0)) and (lower([groups].[name]) like @par1 escape '\\')) ` +
      'order by lower([groups].[name]) asc, [groups].[id] asc offset @par2 rows fetch next @par3 rows only',
  );
  assert.equal(page!.params, ['company', '%50\\%\\_\\[x]%', 20, 10], 'LIKE wildcards (and T-SQL\'s [) escaped, case folded, trimmed');
});

test('group list with no filter text: no LIKE at all; with no viewable entity: nothing asked', async () => {
  const [, all] = await run((s) => s.groups.list({ contains: '  ', entities: ['person'], offset: 0, limit: 50 }));
  assert.is(all!.sql, `select ${GROUP_COLUMNS} from [groups] where [groups].[entity] in (@par0) order by lower([groups].[name]) asc, [groups].[id] asc offset @par1 rows fetch next @par2 rows only`);
  assert.equal(await run((s) => s.groups.list({ contains: '', entities: [], offset: 0, limit: 50 })), []);
});

test('adding members locks the group row WITH (UPDLOCK, HOLDLOCK), then reads which ids are held and the count', async () => {
  const [lock, held, count, ins] = await run((s) => s.groups.addMembers('g1', ['a', 'b'], 10));
  assert.is(lock!.sql, 'select [groups].[id] from [groups] with (updlock, holdlock) where [groups].[id] = @par0');
  assert.is(held!.sql, 'select [record_id] from [group_members] where (([group_members].[group_id] = @par0) and ([group_members].[record_id] in (@par1, @par2)))');
  assert.equal(held!.params, ['g1', 'a', 'b']);
  assert.is(count!.sql, 'select count(*) from [group_members] where [group_members].[group_id] = @par0');
  assert.is(ins!.sql, 'insert into [group_members] ([group_id], [record_id]) values (@par0, @par1), (@par2, @par3)');
});

test('removing members, deleting a group, renaming: by group id', async () => {
  const [remove] = await run((s) => s.groups.removeMembers('g1', ['a']));
  assert.is(remove!.sql, 'delete from [group_members] where (([group_members].[group_id] = @par0) and ([group_members].[record_id] in (@par1)))');
  const [members, group] = await run((s) => s.groups.delete('g1'));
  assert.is(members!.sql, 'delete from [group_members] where [group_members].[group_id] = @par0');
  assert.is(group!.sql, 'delete from [groups] where [groups].[id] = @par0');
  const [upd] = await run((s) => s.groups.update('g1', { name: 'New', criteria: { text: 'x', filters: {} }, updatedAt: 'now' }));
  assert.is(upd!.sql, 'update [groups] set [name] = @par0, [criteria] = @par1, [updated_at] = @par2 where [groups].[id] = @par3');
  const [ids] = await run((s) => s.groups.memberIds('g1'));
  assert.is(ids!.sql, 'select top(@par0) [record_id] from [group_members] where [group_members].[group_id] = @par1 order by [group_members].[record_id] asc');
  assert.equal(ids!.params, [GROUP_MEMBER_LIMIT, 'g1']);
});

test('static members: live records in the scope whose id is in the group, by last name then id, offset/fetch (exact text for person)', async () => {
  const [count, page] = await run((s) => s.groups.staticMembers('g1', 'person', EU, { offset: 100, limit: 50 }), 1);
  assert.is(
    page!.sql,
    'select [id], [territory_id], [updated_at], [updated_by], [deleted], [salutation], [first_name], [last_name], [company_id], [title], [emails], [phones], [addresses], [custom_values] from [person] ' +
      'where (((([person].[deleted] = @par0) and ([person].[territory_id] in (@par1)))) and ([person].[id] in (select [record_id] from [group_members] where [group_members].[group_id] = @par2))) ' +
      'order by [person].[last_name] asc, [person].[id] asc offset @par3 rows fetch next @par4 rows only',
  );
  assert.equal(page!.params, [false, 't-eu', 'g1', 100, 50]);
  assert.ok(count!.sql.startsWith('select count(*) from [person] where '));
  assert.ok(count!.sql.endsWith('where [group_members].[group_id] = @par2)))'));
  // The page never asks for more than the member limit.
  const [, big] = await run((s) => s.groups.staticMembers('g1', 'person', EU, { offset: 0, limit: 10 * GROUP_MEMBER_LIMIT }), 1);
  assert.equal(big!.params.at(-1), GROUP_MEMBER_LIMIT);
});

test('dynamic members: the search fields LIKE the escaped text, select filters as equalities, in the scope (company)', async () => {
  const [, q] = await run((s) => s.groups.matching('company', { text: '100%', filters: { type: 'customer', status: 'active' } }, EU, { offset: 0, limit: 20 }), 1);
  assert.match(q!.sql, /\[company\]\.\[deleted\] = @par0/);
  assert.match(q!.sql, /\[company\]\.\[territory_id\] in \(@par1\)/);
  for (const c of ['name', 'addresses', 'emails']) assert.match(q!.sql, new RegExp(`\\[company\\]\\.\\[${c}\\] like @par\\d+ escape '\\\\'`));
  assert.match(q!.sql, /\[company\]\.\[type\] = @par5\) and \(\[company\]\.\[status\] = @par6\)/);
  assert.match(q!.sql, /order by \[company\]\.\[name\] asc, \[company\]\.\[id\] asc offset @par7 rows fetch next @par8 rows only$/);
  assert.equal(q!.params, [false, 't-eu', '%100\\%%', '%100\\%%', '%100\\%%', 'customer', 'active', 0, 20]);
  // No text and no filters: every live record in the scope; no territory: nothing, still valid T-SQL.
  const [every] = await run((s) => s.groups.matching('lead', { text: '', filters: {} }, EU, { offset: 0, limit: 20 }));
  assert.is(every!.sql, 'select count(*) from [lead] where (([lead].[deleted] = @par0) and ([lead].[territory_id] in (@par1)))');
  const [none] = await run((s) => s.groups.matching('lead', { text: '', filters: {} }, NOWHERE, { offset: 0, limit: 20 }));
  assert.is(none!.sql, 'select count(*) from [lead] where (([lead].[deleted] = @par0) and (1 = 0))');
});

test('store.groups.addMembers: one transaction — lock the group, read held ids, count, insert only the new ones', async () => {
  const { log, store } = fakePool((q) => (q.startsWith('select [record_id]') ? [['a']] : q.startsWith('select count(*)') ? [[3]] : []));
  assert.is(await store.groups.addMembers('g1', ['a', 'b', 'b', 'c'], 10), 2);
  assert.equal(tables(log), ['begin', 'select [groups] with (updlock, holdlock)', 'select [group_members]', 'select [group_members]', 'insert [group_members]', 'commit']);
  const insert = log[4] as { params: unknown[] };
  assert.equal(insert.params, ['g1', 'b', 'g1', 'c']);
});

test('store.groups.addMembers over the limit: nothing inserted; all ids held: no count, no insert', async () => {
  const full = fakePool((q) => (q.startsWith('select count(*)') ? [[9]] : []));
  assert.is(await full.store.groups.addMembers('g1', ['x', 'y'], 10), null);
  assert.not.ok(tables(full.log).some((s) => s.startsWith('insert')));
  const held = fakePool((q) => (q.startsWith('select [record_id]') ? [['x']] : []));
  assert.is(await held.store.groups.addMembers('g1', ['x'], 10), 0);
  assert.equal(tables(held.log), ['begin', 'select [groups] with (updlock, holdlock)', 'select [group_members]', 'commit']);
});

test('store.groups.delete: members and group in one transaction; true when the group row went', async () => {
  const { log, store } = fakePool(() => [], (q) => (q.startsWith('delete from [groups]') ? 1 : 4));
  assert.ok(await store.groups.delete('g1'));
  assert.equal(tables(log), ['begin', 'delete [group_members]', 'delete [groups]', 'commit']);
});

test('store.groups.staticMembers: count and page in one snapshot transaction', async () => {
  const { log, store } = fakePool((q) => (q.startsWith('select count(*)') ? [[0]] : []));
  const page = await store.groups.staticMembers('g1', 'company', EU, { offset: 0, limit: 50 });
  assert.equal(page, { total: 0, records: [] });
  assert.equal(tables(log), ['begin', 'select [company]', 'select [company]', 'commit']);
  assert.is(String((log[0] as { isolation?: unknown }).isolation), String(mssql.ISOLATION_LEVEL.SNAPSHOT));
});

test.run();
