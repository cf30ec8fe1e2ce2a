// The SQLite store's statement cache: one compiled statement per SQL text, handed out in object-row mode every time.
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cachedStatements } from '../../sync-server/db/sqlite/dialect.ts';

test('the same SQL text is compiled once', () => {
  const db = cachedStatements(new Database(':memory:'));
  assert.is(db.prepare('select 1 as x'), db.prepare('select 1 as x'));
  assert.is.not(db.prepare('select 1 as x'), db.prepare('select 2 as x'));
});

test('a statement switched to array rows comes back in object mode', () => {
  const db = cachedStatements(new Database(':memory:'));
  assert.equal(db.prepare('select 1 as x').raw().get(), [1]);
  assert.equal(db.prepare('select 1 as x').get(), { x: 1 });
});

test('drizzle runs array and object queries of the same text through the cache', () => {
  const client = new Database(':memory:');
  const db = drizzle({ client: cachedStatements(client) });
  db.run(sql`create table t (id text primary key, n integer)`);
  db.run(sql`insert into t values ('a', 1), ('b', 2)`);
  for (let i = 0; i < 3; i++) {
    assert.equal(db.values(sql`select id, n from t order by id`), [['a', 1], ['b', 2]]);
    assert.equal(db.all(sql`select id, n from t order by id`), [{ id: 'a', n: 1 }, { id: 'b', n: 2 }]);
  }
  // Transactions still reach the real database (native methods are called on it, not on the proxy).
  db.transaction((tx) => tx.run(sql`insert into t values ('c', 3)`));
  assert.is(client.prepare('select count(*) as c from t').get() instanceof Object, true);
});

test('the cache is bounded', () => {
  const db = cachedStatements(new Database(':memory:'), 2);
  const first = db.prepare('select 1');
  db.prepare('select 2');
  db.prepare('select 3');
  assert.is.not(db.prepare('select 1'), first);
});

test.run();
