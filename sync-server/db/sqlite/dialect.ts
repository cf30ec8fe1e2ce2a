// The embedded dialect: SQLite through better-sqlite3 and Drizzle. One writer at a time, so sequences commit in order.
import Database from 'better-sqlite3';
import { count, eq, getTableColumns, is, sql, Table, type Column, type SQL } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { AnySQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityName } from '../../../shared/entities/index.ts';
import { planOf, toRow } from '../columns.ts';
import { call, chunk, col, customPath, runSync, type Dialect, type EntityTable, type Ops, type PoolStats, type Read, type Step, type Written } from '../dialect.ts';
import { entityTables, syncState, tables } from './schema.ts';

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** SQLite's lower() and LIKE fold ASCII only: this folds every script, so "év" finds "Événements". */
const FOLD = 'fc_fold';

/**
 * Drizzle prepares every query it runs afresh; a pull or push runs the same few statements each time, so preparing
 * them was a tenth of the server's CPU under load (docs/decisions/0009). This hands Drizzle one compiled statement
 * per SQL text instead. Drizzle switches a statement to array rows with `raw()` just before running it and uses object
 * rows otherwise, always in the same synchronous call as the prepare, so each hand-out starts in object mode.
 */
export function cachedStatements(sqlite: Database.Database, max = 500): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  const cached = (source: string): Database.Statement => {
    let stmt = cache.get(source);
    if (!stmt) {
      stmt = prepare(source);
      // Statements built from user input (a search's LIKE list) vary: keep the cache bounded, oldest out first.
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(source, stmt);
    }
    return stmt.reader ? stmt.raw(false) : stmt;
  };
  // better-sqlite3's native methods must be called on the database itself, not on the proxy.
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(sqlite, {
    get: (target, key) => {
      if (key === 'prepare') return cached;
      const v: unknown = Reflect.get(target, key, target);
      if (typeof v !== 'function') return v;
      if (!bound.has(key)) bound.set(key, (v as (...a: unknown[]) => unknown).bind(target));
      return bound.get(key);
    },
  });
}

/** How long a start-up lock holder may go silent before another instance takes the lock over. */
// Long enough for a migration that holds the event loop (better-sqlite3 migrates synchronously, so the lease is not
// renewed meanwhile); a holder that died keeps the others waiting this long at most.
const LEASE_MS = 60_000;

/** The database or a transaction: Drizzle's SQLite builders are the same on both. */
type Db = BetterSQLite3Database;
type Fields = Record<string, AnySQLiteColumn | SQL>;
const native = (t: Table): SQLiteTable => t as unknown as SQLiteTable;

/** Settles a synchronous call as a promise (a throw becomes a rejection), as the store's interface is async. */
const settle = <T>(run: () => T): Promise<T> => new Promise<T>((resolve) => resolve(run()));

export class SqliteDialect implements Dialect {
  readonly name = 'sqlite';
  readonly tables = tables;
  /** SQLite takes 32766 parameters a statement. */
  readonly maxParams = 32_000;
  readonly sqlite: Database.Database;
  private readonly db: Db;
  private readonly direct: Ops;

  /** `file` is a path, or `:memory:`. */
  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    // Several server processes may share the file (one host, docs/decisions/0026): a writer waits its turn for up to
    // busy_timeout, set first, so switching to WAL while another process does the same waits rather than fails.
    this.sqlite = new Database(file, { timeout: 10_000 });
    this.sqlite.pragma('busy_timeout = 10000');
    // WAL lets pullers (and other processes) read a consistent snapshot while a writer holds its transaction.
    this.sqlite.pragma('journal_mode = WAL');
    this.sqlite.pragma('synchronous = NORMAL');
    this.sqlite.function(FOLD, { deterministic: true }, (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v));
    this.db = drizzle({ client: cachedStatements(this.sqlite) });
    this.direct = this.ops(this.db);
  }

  async migrate(): Promise<void> {
    migrate(this.db, { migrationsFolder: MIGRATIONS });
    this.db.insert(syncState).values({ id: 1, seq: 0 }).onConflictDoNothing().run();
  }

  run<T>(body: (q: Ops) => Step<T>): Promise<T> {
    return settle(() => runSync(body(this.direct)));
  }

  /** A write begins IMMEDIATE: it holds the one write lock from its first statement, so its sequences commit in order. */
  transaction<T>(kind: 'read' | 'write', body: (q: Ops) => Step<T>): Promise<T> {
    // Typed for one result: Drizzle's overload refuses a generic one, in case it were a promise (never, with runSync).
    const transaction = this.db.transaction.bind(this.db) as <R>(fn: (tx: Db) => R, config?: { behavior: 'immediate' }) => R;
    return settle(() => transaction((tx) => runSync(body(this.ops(tx))), kind === 'write' ? { behavior: 'immediate' } : undefined));
  }

  readonly entityTable = (entity: EntityName): EntityTable => entityTables[entity];
  readonly seqColumn = (t: Table): Column => col(t, 'seq');
  readonly seqValue = (n: number): number => n;
  readonly lostRace = (): boolean => false;
  readonly lower = (column: Column | SQL): SQL => sql`${sql.identifier(FOLD)}(${column})`;
  /** json_extract gives JSON's own types back (true as 1); a field added after the record was written reads as ''. */
  readonly customValue = (column: Column, key: string, as: 'text' | 'number' | 'bool'): SQL => {
    const value = sql`json_extract(${column}, ${sql.raw(customPath(key))})`;
    return as === 'text' ? sql`coalesce(${value}, '')` : as === 'bool' ? sql`coalesce(${value}, 0)` : value;
  };

  /**
   * A lease row in `fieldcrm_lock` (made here, outside the migrations it guards): taken in an IMMEDIATE transaction
   * when free or expired, renewed while the body runs, deleted after. A holder that dies frees it when the lease ends.
   */
  async startupLock<T>(body: () => Promise<T>, waitMs = 120_000): Promise<T> {
    const me = randomUUID();
    this.sqlite.exec('create table if not exists fieldcrm_lock (name text primary key, holder text not null, expires_at integer not null)');
    const take = this.sqlite.transaction((now: number): boolean => {
      const row = this.sqlite.prepare("select holder, expires_at as expiresAt from fieldcrm_lock where name = 'startup'").get() as { holder: string; expiresAt: number } | undefined;
      if (row && row.holder !== me && row.expiresAt > now) return false;
      this.sqlite.prepare("insert into fieldcrm_lock (name, holder, expires_at) values ('startup', ?, ?) on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at").run(me, now + LEASE_MS);
      return true;
    });
    const until = Date.now() + waitMs;
    while (!take.immediate(Date.now())) {
      if (Date.now() > until) throw new Error(`the start-up lock of ${this.sqlite.name} is still held by another instance after ${waitMs} ms`);
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
    const renew = setInterval(() => this.sqlite.prepare("update fieldcrm_lock set expires_at = ? where name = 'startup' and holder = ?").run(Date.now() + LEASE_MS, me), LEASE_MS / 3);
    try {
      return await body();
    } finally {
      clearInterval(renew);
      this.sqlite.prepare("delete from fieldcrm_lock where name = 'startup' and holder = ?").run(me);
    }
  }

  /** One connection, always in use by this process. */
  poolStats(): PoolStats {
    return { size: 1, available: 0, borrowed: 1, pending: 0 };
  }

  async close(): Promise<void> {
    this.sqlite.close();
  }

  private ops(db: Db): Ops {
    const fields = (t: Table, read: Read): Fields => {
      const all = read.fields ? Object.fromEntries(read.fields.map((k) => [k, col(t, k)])) : getTableColumns(native(t));
      return (read.withSeq ? { ...all, seq: col(t, 'seq') } : all) as Fields;
    };
    const select = (t: Table, read: Read) => {
      const q = db.select(fields(t, read)).from(native(t)).where(read.where).$dynamic();
      if (read.groupBy) q.groupBy(...read.groupBy.map((k) => col(t, k)));
      if (read.having) q.having(read.having);
      if (read.orderBy) q.orderBy(...read.orderBy);
      if (read.limit !== undefined) q.limit(read.limit);
      if (read.offset !== undefined) q.offset(read.offset);
      return q;
    };
    /** Hands out the next change sequence; only ever called inside a write transaction, so sequence order is commit order. */
    const nextSeq = (): number => {
      const row = db.update(syncState).set({ seq: sql`${syncState.seq} + 1` }).where(eq(syncState.id, 1)).returning({ seq: syncState.seq }).get();
      if (!row) throw new Error('sync_state row missing: migrate() first');
      return row.seq;
    };
    const perInsert = (t: Table) => Math.max(1, Math.floor(this.maxParams / Object.keys(getTableColumns(native(t))).length));
    const ops: Ops = {
      rows: (t, read = {}) => call(() => (read.limit !== undefined && read.limit < 1 ? [] : select(t, read).all())) as Step<never[]>,
      subquery: (t, read) => select(t, read),
      count: (from, where) => call(() => db.select({ n: count() }).from(is(from, Table) ? native(from as Table) : (from as ReturnType<typeof select>).as('d')).where(where).get()?.n ?? 0),
      *insert(t, rows) {
        for (const part of chunk(rows, perInsert(t))) yield* call(() => db.insert(native(t)).values(part as never[]).run());
      },
      update: (t, set, where) => call(() => db.update(native(t)).set(set as never).where(where).run().changes),
      delete: (t, where) => call(() => db.delete(native(t)).where(where).run().changes),
      upsert: (t, row, key) =>
        call(() => {
          db.insert(native(t)).values(row as never).onConflictDoUpdate({ target: col(t, key) as AnySQLiteColumn, set: row as never }).run();
        }),
      // The immediate write transaction already keeps every other writer out.
      *lock() {},
      execute: (statement) =>
        call(() => {
          db.run(statement);
        }),
      *pullCap() {
        return null;
      },
      feedHead: () => call(() => db.select({ seq: syncState.seq }).from(syncState).where(eq(syncState.id, 1)).get()?.seq ?? 0),
      *insertSequenced(t, rows) {
        for (const row of rows) {
          const seq = yield* call(nextSeq);
          yield* call(() => db.insert(native(t)).values({ ...row, seq } as never).run());
        }
      },
      *writeRecords(entity, docs, exists): Step<Written> {
        const t = native(entityTables[entity]);
        const written: Written = { last: null, seqs: new Map() };
        for (const doc of docs) {
          const seq = yield* call(nextSeq);
          const values = { ...toRow(planOf(entity), doc), seq };
          yield* call(() => (exists(doc.id) ? db.insert(t).values(values as never).onConflictDoUpdate({ target: col(entityTables[entity], 'id') as AnySQLiteColumn, set: values as never }) : db.insert(t).values(values as never)).run());
          written.seqs.set(doc.id, seq);
          written.last = seq;
        }
        return written;
      },
    };
    return ops;
  }
}
