// What truly differs between databases, as one small interface: the store (common/) is written once over it, and each
// dialect (sqlite/, mssql/) is one implementation of it over Drizzle. docs/decisions/0017 says how to add one.
import type { Column, SQL, SQLWrapper, Table } from 'drizzle-orm';
import { CUSTOM_KEY_RE, entityDef, type EntityName } from '../../shared/entities/index.ts';
import type { WireDoc } from '../../shared/sync.ts';
import type { Columns, RowOf, SqlTable, Tables } from './tables.ts';

/**
 * Store code is written once as generator functions that yield their database calls: SQLite (better-sqlite3) runs
 * each call at once inside its synchronous transaction, SQL Server awaits it. `yield*` reads like `await`.
 */
export type Step<T> = Generator<() => unknown, T, unknown>;

export function* call<T>(run: () => T | PromiseLike<T>): Step<T> {
  return (yield run) as T;
}

/** Runs a step whose calls answer at once (the dialect's own transactions are synchronous). */
export function runSync<T>(step: Step<T>): T {
  let next = step.next();
  while (!next.done) {
    let value: unknown;
    try {
      value = next.value();
    } catch (err) {
      next = step.throw(err);
      continue;
    }
    next = step.next(value);
  }
  return next.value;
}

/** Runs a step whose calls answer later. */
export async function runAsync<T>(step: Step<T>): Promise<T> {
  let next = step.next();
  while (!next.done) {
    let value: unknown;
    try {
      value = await next.value();
    } catch (err) {
      next = step.throw(err);
      continue;
    }
    next = step.next(value);
  }
  return next.value;
}

/** An entity's table: its columns are known by record key only at run time (they come from the metadata). */
export type EntityTable = SqlTable<Record<string, { column: string; kind: 'string'; length: number }>>;

/** The path of a custom field in the JSON column: only a checked key is ever written into SQL text. */
export function customPath(key: string): string {
  if (!CUSTOM_KEY_RE.test(key)) throw new Error(`not a custom field key: ${key}`);
  return `'$.${key}'`;
}

/**
 * A field of an entity's table for a search or filter: its column, or (a custom field) its value in the JSON column.
 * An unknown key stays an error, as `col` has it.
 */
export function fieldRef(d: Pick<Dialect, 'customValue'>, t: Table, entity: EntityName, key: string): Column {
  const own = (t as unknown as Record<string, Column | undefined>)[key];
  if (own) return own;
  const f = entityDef(entity).fields[key];
  if (!f || !CUSTOM_KEY_RE.test(key)) return col(t, key);
  // An SQL expression where a column goes: Drizzle's operators take either (typed as a column for their overloads).
  return d.customValue(col(t, 'custom'), key, f.kind === 'number' || f.kind === 'amount' ? 'number' : f.kind === 'boolean' ? 'bool' : 'text') as unknown as Column;
}

export function col(t: Table, key: string): Column {
  const c = (t as unknown as Record<string, Column | undefined>)[key];
  if (!c) throw new Error(`no column ${key}`);
  return c;
}

/** A read: its columns (by key; all but the change sequence when none are given), filter, order and page. */
export interface Read<K extends string = string> {
  fields?: readonly K[];
  where?: SQL | undefined;
  orderBy?: readonly SQL[];
  groupBy?: readonly K[];
  having?: SQL;
  /** At most this many rows; under 1, none (and no statement). */
  limit?: number;
  /** With `offset`, a page (SQL Server: OFFSET … FETCH); without, the first rows (SQL Server: TOP). */
  offset?: number;
  /**
   * Inside a write: `hold` keeps the rows read (and the gaps where absent keys would go) from other writers until
   * commit; `update` keeps only the rows read. SQLite's write transaction already holds the whole database.
   */
  lock?: 'hold' | 'update';
  /** Also the change sequence of each row, as `seq` (a number). */
  withSeq?: boolean;
}

type Picked<C extends Columns, K extends string> = Pick<RowOf<C>, K & keyof C>;

/** The statements the store runs, on the database or inside a transaction. */
export interface Ops {
  rows<C extends Columns, K extends string & keyof C = string & keyof C>(t: SqlTable<C>, read?: Read<K>): Step<Picked<C, K>[]>;
  /** A read as a subquery (`inArray(column, …)`, counted with `count`), not run. */
  subquery<C extends Columns>(t: SqlTable<C>, read: Read<string & keyof C>): SQLWrapper;
  count(from: Table | SQLWrapper, where?: SQL | undefined): Step<number>;
  /** Inserts in as many statements as the dialect's parameter limits need. */
  insert<C extends Columns>(t: SqlTable<C>, rows: readonly Partial<RowOf<C>>[]): Step<void>;
  /** The number of rows changed. */
  update<C extends Columns>(t: SqlTable<C>, set: Partial<RowOf<C>>, where: SQL | undefined): Step<number>;
  delete(t: Table, where: SQL | undefined): Step<number>;
  /** Inserts the row, or rewrites the one with the same key. */
  upsert<C extends Columns>(t: SqlTable<C>, row: RowOf<C>, key: string & keyof C): Step<void>;
  /** Keeps rows from other writers until commit (as `Read.lock`), reading nothing the caller needs. */
  lock(t: Table, where: SQL): Step<void>;
  execute(statement: SQL): Step<void>;

  // The change sequence and commit order (DESIGN §4).
  /** Read before a pull's snapshot: no sequence at or above it may still commit; null when commit order is sequence order. */
  pullCap(): Step<number | null>;
  /** Writes whole records, each at a new sequence; `exists` says which have a row already. */
  writeRecords(entity: EntityName, docs: readonly WireDoc[], exists: (id: string) => boolean): Step<Written>;
  /**
   * The change feed's head (docs/decisions/0025): every sequence at or below it belongs to a finished transaction, so
   * no row at or below it can appear later. SQLite: the last sequence handed out; SQL Server: MIN_ACTIVE_ROWVERSION() - 1.
   */
  feedHead(): Step<number>;
  /** Inserts rows of a sequenced table (TableSpec.sequenced), each at a new change sequence. */
  insertSequenced<C extends Columns>(t: SqlTable<C>, rows: readonly RowOf<C>[]): Step<void>;
}

/** Connections open, idle, lent out, and requests waiting for one. */
export interface PoolStats {
  size: number;
  available: number;
  borrowed: number;
  pending: number;
}

export interface Written {
  /** The largest sequence written, or null when nothing was. */
  last: number | null;
  /** The sequence of each rewritten record by id (and of new ones where the dialect knows it). */
  seqs: Map<string, number>;
}

export interface Dialect {
  readonly name: 'sqlite' | 'mssql';
  readonly tables: Tables;
  entityTable(entity: EntityName): EntityTable;
  /** How many values one statement may carry in an IN list. */
  readonly maxParams: number;
  /** Creates or upgrades the tables (the dialect's drizzle-kit migrations and whatever they cannot do). */
  migrate(): Promise<void>;
  /** Runs statements outside a transaction. */
  run<T>(body: (q: Ops) => Step<T>): Promise<T>;
  /** `read`: one consistent snapshot; `write`: writers take turns where they lock. */
  transaction<T>(kind: 'read' | 'write', body: (q: Ops) => Step<T>): Promise<T>;

  /** The column a pull orders by (of an entity's or a sequenced table), and the value it is compared with for a sequence number. */
  seqColumn(t: Table): Column;
  seqValue(n: number): SQL | number;
  /** A push that lost a race the database refused (SQL Server: two new holders of one e-mail address), to plan again. */
  lostRace(err: unknown): boolean;

  /**
   * Runs `body` while holding the database-wide start-up lock, so instances starting together migrate and seed one
   * after another (SQL Server: sp_getapplock; SQLite: a lease row). Waits for another holder; throws after `waitMs`.
   */
  startupLock<T>(body: () => Promise<T>, waitMs?: number): Promise<T>;

  /** The connections the dialect holds, for the metrics. */
  poolStats(): PoolStats;

  /** Text search: the column lower-cased in every script (a collation may not fold LIKE). */
  lower(column: Column | SQL): SQL;
  /**
   * A custom field's value read out of the record's JSON column (docs/decisions/0044), as text ('' when absent), a
   * number or a boolean, for searches and filters. `key` matches CUSTOM_KEY_RE (checked here: it is part of a path).
   */
  customValue(column: Column, key: string, as: 'text' | 'number' | 'bool'): SQL;
  close(): Promise<void>;
}

/** Splits a list for statements that take at most `size` of them. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
