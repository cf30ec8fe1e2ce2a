// The SQL Server statements behind duplicate e-mail detection (742-171455-ENH) and the marketing settings, compiled
// to T-SQL without a server: the filtered unique index the rule rests on, the claim statements, the one-claim-per-
// address marking, the duplicates report's paging, and the push retry on the index's refusal.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MsSqlDialect } from 'drizzle-orm/mssql-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../../sync-server/config.ts';
import { enforceFirstSql } from '../../sync-server/db/common/store.ts';
import { isEmailIndexViolation } from '../../sync-server/db/mssql/dialect.ts';
import { makeDoc } from '../helpers/docs.ts';
import { fakePool, statements } from '../helpers/fake-mssql.ts';

test('742-171455-ENH: the migration makes a filtered unique index on the enforced claims (the database, not only code, refuses a second holder)', () => {
  const dir = join(ROOT, 'sync-server', 'db', 'mssql', 'migrations');
  const text = readdirSync(dir).map((d) => { try { return readFileSync(join(dir, d, 'migration.sql'), 'utf8'); } catch { return ''; } }).join('\n');
  assert.ok(text.includes('CREATE UNIQUE INDEX [email_claims_enforced_uq] ON [email_claims] ([address]) WHERE [enforced] = 1;'));
  assert.ok(text.includes('CREATE UNIQUE INDEX [email_claims_uq] ON [email_claims] ([entity],[record_id],[address]);'));
  assert.ok(text.includes('[address] nvarchar(254) NOT NULL'));
});

test('claims of a record: read, drop the ones it lost, insert the new ones (enforced is a bit parameter)', async () => {
  // p1 holds b@x.example; its new state has a@x.example: read its claims, drop b, see whether a is taken, insert a.
  const { log, store } = fakePool((q) => (q.includes("'duplicateEmailDetection'") || q.includes('from [setting]') ? [] : q.startsWith('select [address] from [email_claims] where (([email_claims].[entity]') ? [['b@x.example']] : []));
  await store.insertMany('person', [makeDoc('person', { id: 'p1', emails: [{ type: 'business', address: 'a@x.example' }] })]);
  const all = statements(log);
  const mine = all.find((q) => q.sql.startsWith('select [address] from [email_claims] where (('))!;
  assert.is(mine.sql, 'select [address] from [email_claims] where (([email_claims].[entity] = @par0) and ([email_claims].[record_id] = @par1))');
  const drop = all.find((q) => q.sql.startsWith('delete from [email_claims]'))!;
  assert.is(drop.sql, 'delete from [email_claims] where (([email_claims].[entity] = @par0) and ([email_claims].[record_id] = @par1) and ([email_claims].[address] in (@par2)))');
  assert.equal(drop.params, ['person', 'p1', 'b@x.example']);
  const ins = all.find((q) => q.sql.startsWith('insert into [email_claims]'))!;
  assert.is(ins.sql, 'insert into [email_claims] ([address], [entity], [record_id], [enforced]) values (@par0, @par1, @par2, @par3)');
  assert.equal(ins.params, ['a@x.example', 'person', 'p1', false]);
  // Detection on: whether someone holds the new address is read first, and the claim is enforced.
  const on = fakePool((q) => (q.includes('from [setting]') ? [['duplicateEmailDetection', 't-world', 'x', 'u', false, 'Duplicate e-mail detection', 'true']] : []));
  await on.store.insertMany('person', [makeDoc('person', { id: 'p2', emails: [{ type: 'business', address: 'a@x.example' }, { type: 'private', address: 'b@x.example' }] })]);
  const taken = statements(on.log).find((q) => q.sql.startsWith('select [address] from [email_claims] where [email_claims].[address]'))!;
  assert.is(taken.sql, 'select [address] from [email_claims] where [email_claims].[address] in (@par0, @par1)');
  assert.equal(statements(on.log).find((q) => q.sql.startsWith('insert into [email_claims]'))!.params, ['a@x.example', 'person', 'p2', true, 'b@x.example', 'person', 'p2', true]);
});

test('switching detection on: every claim unmarked, then exactly the first per address (by entity, record id) marked', async () => {
  const { log, store } = fakePool();
  await store.saveSetting(makeDoc('setting', { id: 'duplicateEmailDetection', value: 'true' }));
  const all = statements(log);
  assert.ok(all.some((q) => q.sql === 'update [email_claims] set [enforced] = @par0'));
  const first = new MsSqlDialect().sqlToQuery(enforceFirstSql).sql;
  assert.is(
    first,
    'update [email_claims] set [enforced] = 1 where not exists (select 1 from [email_claims] [o] where [o].[address] = [email_claims].[address] and ([o].[entity] < [email_claims].[entity] or ([o].[entity] = [email_claims].[entity] and [o].[record_id] < [email_claims].[record_id])))',
  );
  assert.is(all.at(-1)!.sql, first);
});

test('E-mail duplicates: addresses held more than once, counted and paged with OFFSET/FETCH in address order', async () => {
  const { log, store } = fakePool((q) => (q.startsWith('select count(*)') ? [[1]] : q.startsWith('select [address] from [email_claims] group by') ? [['a']] : []));
  await store.duplicateEmails(50, 25);
  const [total, page, claims] = statements(log);
  assert.is(total!.sql, 'select count(*) from (select [address] from [email_claims] group by [email_claims].[address] having count(*) > 1) [d]');
  assert.is(page!.sql, 'select [address] from [email_claims] group by [email_claims].[address] having count(*) > 1 order by [email_claims].[address] asc offset @par0 rows fetch next @par1 rows only');
  assert.equal(page!.params, [50, 25]);
  assert.is(
    claims!.sql,
    'select [address], [entity], [record_id] from [email_claims] where [email_claims].[address] in (@par0) order by [email_claims].[address] asc, [email_claims].[entity] asc, [email_claims].[record_id] asc',
  );
});

test('server settings upsert reads the key WITH (UPDLOCK, HOLDLOCK); profile features by profile', async () => {
  const { log, store } = fakePool();
  await store.putServerSetting('mailchimp', 'v', 'u', 'now');
  await store.profileFeatures('p-admin');
  const all = statements(log);
  assert.is(all[0]!.sql, 'select [server_settings].[key] from [server_settings] with (updlock, holdlock) where [server_settings].[key] = @par0');
  assert.is(all.at(-1)!.sql, 'select [feature] from [profile_features] where [profile_features].[profile_id] = @par0 order by [profile_features].[feature] asc');
});

test('a push that loses the race in the filtered index (2601/2627 on email_claims_enforced_uq) is planned again; other errors are not', () => {
  const dup = Object.assign(new Error("Cannot insert duplicate key row in object 'dbo.email_claims' with unique index 'email_claims_enforced_uq'."), { number: 2601 });
  assert.ok(isEmailIndexViolation(dup));
  assert.ok(isEmailIndexViolation(Object.assign(new Error('Failed query'), { cause: dup })), 'wrapped by Drizzle');
  assert.not.ok(isEmailIndexViolation(Object.assign(new Error("duplicate key in 'users_login_uq'"), { number: 2627 })));
  assert.not.ok(isEmailIndexViolation(Object.assign(new Error('deadlock'), { number: 1205 })));
});

test.run();
