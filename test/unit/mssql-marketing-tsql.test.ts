// The SQL Server statements behind duplicate e-mail detection (742-171455-ENH) and the marketing settings, compiled
// to T-SQL without a server: the filtered unique index the rule rests on, the claim statements, the one-claim-per-
// address marking, the duplicates report's paging, and the push retry on the index's refusal.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-mssql';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../../sync-server/config.ts';
import * as q from '../../sync-server/db/mssql/marketing-queries.ts';
import { isEmailIndexViolation } from '../../sync-server/db/mssql/store.ts';

const db = drizzle.mock();
const sqlOf = (x: { toSQL(): { sql: string; params: unknown[] } }) => x.toSQL();

test('742-171455-ENH: the migration makes a filtered unique index on the enforced claims (the database, not only code, refuses a second holder)', () => {
  const dir = join(ROOT, 'sync-server', 'db', 'mssql', 'migrations');
  const text = readdirSync(dir).map((d) => { try { return readFileSync(join(dir, d, 'migration.sql'), 'utf8'); } catch { return ''; } }).join('\n');
  assert.ok(text.includes('CREATE UNIQUE INDEX [email_claims_enforced_uq] ON [email_claims] ([address]) WHERE [enforced] = 1;'));
  assert.ok(text.includes('CREATE UNIQUE INDEX [email_claims_uq] ON [email_claims] ([entity],[record_id],[address]);'));
  assert.ok(text.includes('[address] nvarchar(254) NOT NULL'));
});

test('claims of a record: read, drop the ones it lost, insert the new ones (enforced is a bit parameter)', () => {
  assert.is(sqlOf(q.claimsOfRecordQuery(db, 'person', 'p1')).sql, 'select [address] from [email_claims] where (([email_claims].[entity] = @par0) and ([email_claims].[record_id] = @par1))');
  const drop = sqlOf(q.dropClaimsQuery(db, 'person', 'p1', ['a@x.example']));
  assert.is(drop.sql, 'delete from [email_claims] where (([email_claims].[entity] = @par0) and ([email_claims].[record_id] = @par1) and ([email_claims].[address] in (@par2)))');
  assert.equal(drop.params, ['person', 'p1', 'a@x.example']);
  const ins = sqlOf(q.insertClaimsQuery(db, [{ address: 'a@x.example', entity: 'person', recordId: 'p1', enforced: true }]));
  assert.is(ins.sql, 'insert into [email_claims] ([address], [entity], [record_id], [enforced]) values (@par0, @par1, @par2, @par3)');
  assert.equal(ins.params, ['a@x.example', 'person', 'p1', true]);
  assert.is(sqlOf(q.takenQuery(db, ['a', 'b'])).sql, 'select [address] from [email_claims] where [email_claims].[address] in (@par0, @par1)');
});

test('switching detection on: every claim unmarked, then exactly the first per address (by entity, record id) marked', () => {
  assert.is(sqlOf(q.unenforceAllQuery(db)).sql, 'update [email_claims] set [enforced] = @par0');
  const first = (db as unknown as { dialect: { sqlToQuery(s: unknown): { sql: string } } }).dialect.sqlToQuery(q.enforceFirstSql).sql;
  assert.is(
    first,
    'update [email_claims] set [enforced] = 1 where not exists (select 1 from [email_claims] [o] where [o].[address] = [email_claims].[address] and ([o].[entity] < [email_claims].[entity] or ([o].[entity] = [email_claims].[entity] and [o].[record_id] < [email_claims].[record_id])))',
  );
});

test('E-mail duplicates: addresses held more than once, counted and paged with OFFSET/FETCH in address order', () => {
  assert.is(sqlOf(q.duplicateTotalQuery(db)).sql, 'select count(*) from (select [address] from [email_claims] group by [email_claims].[address] having count(*) > 1) [d]');
  const page = sqlOf(q.duplicatePageQuery(db, 50, 25));
  assert.is(page.sql, 'select [address] from [email_claims] group by [email_claims].[address] having count(*) > 1 order by [email_claims].[address] asc offset @par0 rows fetch next @par1 rows only');
  assert.equal(page.params, [50, 25]);
  assert.is(
    sqlOf(q.claimsByAddressQuery(db, ['a'])).sql,
    'select [address], [entity], [record_id] from [email_claims] where [email_claims].[address] in (@par0) order by [email_claims].[address] asc, [email_claims].[entity] asc, [email_claims].[record_id] asc',
  );
});

test('server settings upsert reads the key WITH (UPDLOCK, HOLDLOCK); profile features by profile', () => {
  assert.is(sqlOf(q.lockServerSettingQuery(db, 'mailchimp')).sql, 'select [server_settings].[key] from [server_settings] with (updlock, holdlock) where [server_settings].[key] = @par0');
  assert.is(sqlOf(q.featuresQuery(db, 'p-admin')).sql, 'select [feature] from [profile_features] where [profile_features].[profile_id] = @par0 order by [profile_features].[feature] asc');
});

test('a push that loses the race in the filtered index (2601/2627 on email_claims_enforced_uq) is planned again; other errors are not', () => {
  const dup = Object.assign(new Error("Cannot insert duplicate key row in object 'dbo.email_claims' with unique index 'email_claims_enforced_uq'."), { number: 2601 });
  assert.ok(isEmailIndexViolation(dup));
  assert.ok(isEmailIndexViolation(Object.assign(new Error('Failed query'), { cause: dup })), 'wrapped by Drizzle');
  assert.not.ok(isEmailIndexViolation(Object.assign(new Error("duplicate key in 'users_login_uq'"), { number: 2627 })));
  assert.not.ok(isEmailIndexViolation(Object.assign(new Error('deadlock'), { number: 1205 })));
});

test.run();
