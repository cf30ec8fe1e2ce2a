// The SQL Server dialect: node-mssql through Drizzle. The change sequence is a rowversion; pulls are capped so commit order cannot lose rows.
import { count, eq, getTableColumns, is, sql, Table, type Column, type SQL } from 'drizzle-orm';
import type { AnyMsSqlColumn, MsSqlTable } from 'drizzle-orm/mssql-core';
import { drizzle, type NodeMsSqlDatabase } from 'drizzle-orm/node-mssql';
import { migrate } from 'drizzle-orm/node-mssql/migrator';
import mssql from 'mssql';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityName } from '../../../shared/entities/index.ts';
import { planOf, toRow } from '../columns.ts';
import { call, chunk, col, customPath, runAsync, type Dialect, type EntityTable, type Ops, type PoolStats, type Read, type Step, type Written } from '../dialect.ts';
import type { SqlTable } from '../tables.ts';
import { entityTables, tables } from './schema.ts';
import { mssqlConfig } from './url.ts';

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** A database or a transaction: node-mssql transactions are databases bound to one connection. */
type Db = NodeMsSqlDatabase;
type Fields = Record<string, AnyMsSqlColumn | SQL>;
const native = (t: Table): MsSqlTable => t as unknown as MsSqlTable;

/** SQL Server refuses a statement with more than 2100 parameters; keep a margin for the few extra ones. */
export const MAX_PARAMS = 2000;
/** ...and an INSERT … VALUES list of more than 1000 rows. */
export const MAX_VALUES_ROWS = 1000;
/** Rows per INSERT so that `columns` parameters a row stay under both limits. */
export const rowsPerInsert = (columns: number): number => Math.max(1, Math.min(MAX_VALUES_ROWS, Math.floor(MAX_PARAMS / Math.max(1, columns))));

/**
 * A change sequence (a JS number) as the binary(8) rowversion it stands for. The parameter is cast, never the
 * column: comparing rv with a bigint would convert every rv (bigint outranks binary) and lose the rv index.
 * The inner cast to bigint matters too: the driver sends small numbers as int, and int → binary(8) pads only 4 bytes.
 */
export const asRowversion = (n: number): SQL => sql`cast(cast(${n} as bigint) as binary(8))`;

/** A rowversion as a JS number (exact below 2^53 changes); the driver hands bigint back as a string. */
const seqOf = (rv: Column): SQL<number> => sql<number>`cast(${rv} as bigint)`.mapWith(Number);

/**
 * The pull cap: every rowversion below MIN_ACTIVE_ROWVERSION() belongs to a committed (or rolled back)
 * transaction; from it up, a transaction may still be open and commit later with a smaller rv than rows already
 * visible (the commit-order trap, DESIGN §4). Read in its own statement *before* the page's snapshot transaction
 * starts: a cap read after the snapshot could count a transaction that committed in between, whose rows the
 * snapshot cannot see but the checkpoint would pass.
 */
export const CAP_SQL = sql`select cast(MIN_ACTIVE_ROWVERSION() as bigint) as [cap]`;

/**
 * Takes the start-up lock for the enclosing transaction, waiting up to `waitMs`; a negative answer (timeout, deadlock,
 * cancel) stops the statement with an error rather than carrying on unlocked.
 */
export const startupLockSql = (waitMs: number): SQL =>
  sql`declare @fc_lock int; exec @fc_lock = sp_getapplock @Resource = N'fieldcrm:startup', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = ${Math.floor(waitMs)}; if @fc_lock < 0 throw 51000, N'fieldcrm: the start-up lock is held by another instance', 1;`;

/** Every column but rv, whose raw bytes nobody needs (a table without rv: every column). */
function plainColumns(t: Table): Record<string, AnyMsSqlColumn> {
  const { rv: _rv, ...cols } = getTableColumns(native(t)) as Record<string, AnyMsSqlColumn>;
  return cols;
}

/**
 * Locking hints: `hold` is WITH (UPDLOCK, HOLDLOCK): the rows read stay locked to commit, and the key ranges too, so
 * an absent key cannot be inserted meanwhile (a push's masters, a retried conflict, an upsert's read). `update` is
 * WITH (UPDLOCK): only the rows read (related records rewritten whole as they follow a move). Under
 * READ_COMMITTED_SNAPSHOT too, UPDLOCK makes these locking reads of the latest committed rows. Drizzle has no table
 * hints: the table goes in as SQL, so the fields go in as SQL too (decoded by their column).
 */
const HINTS = { hold: sql`with (updlock, holdlock)`, update: sql`with (updlock)` };

/** SQL Server's duplicate-key errors (2601 index, 2627 constraint) on the enforced e-mail claims index. */
export function isEmailIndexViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const n = (e as { number?: unknown }).number;
    if ((n === 2601 || n === 2627) && String((e as { message?: unknown }).message).includes('email_claims_enforced_uq')) return true;
  }
  return false;
}

const affected = (res: { rowsAffected?: number[] }): number => (res.rowsAffected ?? []).reduce((a, b) => a + b, 0);

export class MssqlDialect implements Dialect {
  readonly name = 'mssql';
  readonly tables = tables;
  readonly maxParams = MAX_PARAMS;
  private readonly pool: mssql.ConnectionPool;
  private readonly db: Db;
  private connecting: Promise<mssql.ConnectionPool> | undefined;

  /** `url` is `mssql://user:pass@host:port/db` or `sqlserver://…` (see url.ts for the query parameters); a pool is for tests. */
  constructor(url: string | mssql.ConnectionPool) {
    this.pool = typeof url === 'string' ? new mssql.ConnectionPool(mssqlConfig(url)) : url;
    // Without a listener, a dropped idle connection would be an unhandled 'error' event and end the process.
    this.pool.on('error', (err: unknown) => console.error('mssql pool error:', err instanceof Error ? err.message : err));
    this.db = drizzle({ client: this.pool });
  }

  /** Connects on first use (constructors cannot await); a failed attempt is retried by the next call. */
  private async ready(): Promise<Db> {
    this.connecting ??= this.pool.connect().catch((err: unknown) => {
      this.connecting = undefined;
      throw err;
    });
    await this.connecting;
    return this.db;
  }

  async migrate(): Promise<void> {
    const db = await this.ready();
    await this.allowSnapshotIsolation(db);
    await migrate(db, { migrationsFolder: MIGRATIONS });
  }

  /**
   * Pulls read under SNAPSHOT isolation, which the database must allow. Done here rather than in a migration:
   * drizzle's migrator runs migrations inside a transaction, and ALTER DATABASE is refused there. Checked first,
   * so a login without ALTER rights works once a DBA has switched it on.
   */
  private async allowSnapshotIsolation(db: Db): Promise<void> {
    const [row] = await db.execute<{ state: number }>(sql`select snapshot_isolation_state as [state] from sys.databases where database_id = db_id()`, 'objects');
    if (row?.state === 1 || row?.state === 3) return; // on, or switching on
    try {
      await db.execute(sql`alter database current set allow_snapshot_isolation on`);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(`SQL Server: snapshot isolation is off and could not be switched on (${why}). Run ALTER DATABASE <db> SET ALLOW_SNAPSHOT_ISOLATION ON as a DBA.`);
    }
  }

  async run<T>(body: (q: Ops) => Step<T>): Promise<T> {
    return runAsync(body(this.ops(await this.ready())));
  }

  /** `read` is SNAPSHOT (a page and its count agree while others write); `write` is READ COMMITTED with the locks its reads ask for. */
  async transaction<T>(kind: 'read' | 'write', body: (q: Ops) => Step<T>): Promise<T> {
    const db = await this.ready();
    return db.transaction(async (tx) => runAsync(body(this.ops(tx))), { isolationLevel: kind === 'read' ? 'snapshot' : 'read committed' });
  }

  readonly entityTable = (entity: EntityName): EntityTable => entityTables[entity];
  readonly seqColumn = (t: Table): Column => col(t, 'rv');
  readonly seqValue = asRowversion;
  readonly lostRace = isEmailIndexViolation;
  /** lower() on both sides: case-insensitive whatever the database's collation (a CS collation would not fold LIKE). */
  readonly lower = (column: Column | SQL): SQL => sql`lower(${column})`;
  /** JSON_VALUE gives text: numbers are cast (TRY_CAST: a stray text is NULL, never an error), booleans made bits. */
  readonly customValue = (column: Column, key: string, as: 'text' | 'number' | 'bool'): SQL => {
    const value = sql`json_value(${column}, ${sql.raw(customPath(key))})`;
    if (as === 'number') return sql`try_cast(${value} as float)`;
    if (as === 'bool') return sql`(case when ${value} = 'true' then cast(1 as bit) else cast(0 as bit) end)`;
    return sql`coalesce(${value}, '')`;
  };

  /**
   * sp_getapplock in a transaction of its own, held on its connection while the body runs on others; the commit (or
   * the rollback of a failed body, or the connection dropping with a dead process) releases it.
   */
  async startupLock<T>(body: () => Promise<T>, waitMs = 120_000): Promise<T> {
    const db = await this.ready();
    return db.transaction(async (tx) => {
      await tx.execute(startupLockSql(waitMs));
      return body();
    });
  }

  poolStats(): PoolStats {
    return { size: this.pool.size, available: this.pool.available, borrowed: this.pool.borrowed, pending: this.pool.pending };
  }

  async close(): Promise<void> {
    // Wait for a connection attempt in flight, or close() could race it and leave a socket open.
    await this.connecting?.catch(() => undefined);
    await this.pool.close();
  }

  private ops(db: Db): Ops {
    const fields = (t: Table, read: Read): Fields => {
      const picked: Fields = read.fields ? Object.fromEntries(read.fields.map((k) => [k, col(t, k) as AnyMsSqlColumn])) : plainColumns(t);
      if (read.lock) for (const [k, c] of Object.entries(picked)) picked[k] = sql`${c}`.mapWith(c as AnyMsSqlColumn);
      return read.withSeq ? { ...picked, seq: seqOf(col(t, 'rv')) } : picked;
    };
    const select = (t: Table, read: Read) => {
      const head = db.select(fields(t, read));
      // A limit without an offset is TOP(n); a page is OFFSET … FETCH NEXT, which needs the ORDER BY.
      const top = read.limit !== undefined && read.offset === undefined ? head.top(read.limit) : head;
      const q = top.from(read.lock ? sql`${native(t)} ${HINTS[read.lock]}` : native(t)).where(read.where).$dynamic();
      if (read.groupBy) q.groupBy(...read.groupBy.map((k) => col(t, k) as AnyMsSqlColumn));
      if (read.having) q.having(read.having);
      if (read.orderBy) q.orderBy(...read.orderBy);
      if (read.offset !== undefined) q.offset(read.offset).fetch(read.limit ?? Number.MAX_SAFE_INTEGER);
      return q;
    };
    const perInsert = (t: Table) => rowsPerInsert(Object.keys(getTableColumns(native(t))).length);
    const maxSeq = (a: number | null, b: number): number => (a === null || b > a ? b : a);
    const ops: Ops = {
      // FETCH NEXT 0 ROWS does not parse, and TOP(0) says nothing: no rows asked, no statement.
      rows: (t, read = {}) => call(() => (read.limit !== undefined && read.limit < 1 ? [] : select(t, read))) as Step<never[]>,
      subquery: (t, read) => select(t, read),
      count: (from, where) =>
        call(async () => {
          const [row] = await db.select({ n: count() }).from(is(from, Table) ? native(from as Table) : (from as ReturnType<typeof select>).as('d')).where(where);
          return row?.n ?? 0;
        }),
      *insert(t, rows) {
        for (const part of chunk(rows, perInsert(t))) yield* call(() => db.insert(native(t)).values(part as never[]));
      },
      update: (t, set, where) => call(async () => affected(await db.update(native(t)).set(set as never).where(where))),
      delete: (t, where) => call(async () => affected(await db.delete(native(t)).where(where))),
      /** Read the key WITH (UPDLOCK, HOLDLOCK), then update or insert: two writers of one key never both insert. */
      *upsert(t, row, key) {
        const [found] = yield* ops.rows(t, { fields: [key], where: eq(col(t, key), row[key]), lock: 'hold' });
        const { [key]: _key, ...rest } = row;
        if (found) yield* ops.update(t, rest as never, eq(col(t, key), row[key]));
        else yield* ops.insert(t, [row]);
      },
      *lock(t, where) {
        const keys = Object.entries(getTableColumns(native(t))).filter(([, c]) => c.primary).map(([k]) => k);
        yield* ops.rows(t as unknown as SqlTable, { fields: keys, where, lock: 'hold' });
      },
      execute: (statement) =>
        call(async () => {
          await db.execute(statement);
        }),
      *pullCap() {
        const [row] = yield* call(() => db.execute<{ cap: string | number }>(CAP_SQL, 'objects'));
        if (!row) throw new Error('MIN_ACTIVE_ROWVERSION() returned no row');
        return Number(row.cap);
      },
      *feedHead() {
        const [row] = yield* call(() => db.execute<{ cap: string | number }>(CAP_SQL, 'objects'));
        if (!row) throw new Error('MIN_ACTIVE_ROWVERSION() returned no row');
        return Number(row.cap) - 1;
      },
      // The column list leaves rv out (the engine sets it); one row a statement, as events come one or a few at a time.
      *insertSequenced(t, rows) {
        const columns = Object.keys(plainColumns(t));
        for (const row of rows) yield* call(() => db.insert(native(t), ...(columns as never[])).values(row as never));
      },
      /** Existing records are rewritten one by one (rv changes by itself; OUTPUT reads it back); new ones inserted in as few statements as the limits allow. */
      *writeRecords(entity, docs, exists): Step<Written> {
        const t = entityTables[entity];
        const plan = planOf(entity);
        const rv = seqOf(col(t, 'rv'));
        const written: Written = { last: null, seqs: new Map() };
        const fresh: Record<string, unknown>[] = [];
        for (const doc of docs) {
          const { id, ...set } = toRow(plan, doc);
          if (!exists(doc.id)) {
            fresh.push({ id, ...set });
            continue;
          }
          const out = yield* call(() => db.update(native(t)).set(set).output({ inserted: { seq: rv } }).where(eq(col(t, 'id'), doc.id)));
          const seq = out[0]?.inserted.seq;
          if (out.length !== 1 || seq === undefined) throw new Error(`${entity} ${doc.id}: locked row vanished during push`);
          written.seqs.set(doc.id, seq);
          written.last = maxSeq(written.last, seq);
        }
        // The column list leaves rv out: SQL Server refuses any explicit value for a rowversion column.
        const columns = Object.keys(plainColumns(t));
        for (const part of chunk(fresh, rowsPerInsert(plan.length))) {
          // The keys are only known at run time; Drizzle's typing of a column list wants literal keys, hence the cast.
          const out = yield* call(() => db.insert(native(t), ...(columns as never[])).output({ seq: rv }).values(part as never[]));
          for (const o of out) written.last = maxSeq(written.last, o.seq);
        }
        return written;
      },
    };
    return ops;
  }
}
