// The sync-critical T-SQL, built with Drizzle's mssql dialect: the store runs these, and a unit test compiles them without a server.
import { and, asc, count, eq, getTableColumns, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { AnyMsSqlColumn } from 'drizzle-orm/mssql-core';
import type { NodeMsSqlDatabase } from 'drizzle-orm/node-mssql';
import type { EntityName } from '../../../shared/entities/index.ts';
import { entityTables, type EntityTable } from './schema.ts';

/** A database or a transaction: node-mssql transactions are databases bound to one connection. */
export type Db = NodeMsSqlDatabase;

/** SQL Server refuses a statement with more than 2100 parameters; keep a margin for the few extra ones. */
export const MAX_PARAMS = 2000;
/** ...and an INSERT … VALUES list of more than 1000 rows. */
export const MAX_VALUES_ROWS = 1000;

export function col(t: EntityTable, key: string): AnyMsSqlColumn {
  const c = t[key];
  if (!c) throw new Error(`no column ${key}`);
  return c;
}

/**
 * A change sequence (a JS number) as the binary(8) rowversion it stands for. The parameter is cast, never the
 * column: comparing rv with a bigint would convert every rv (bigint outranks binary) and lose the rv index.
 * The inner cast to bigint matters too: the driver sends small numbers as int, and int → binary(8) pads only 4 bytes.
 */
export const asRowversion = (n: number): SQL => sql`cast(cast(${n} as bigint) as binary(8))`;

/** A rowversion as a JS number (exact below 2^53 changes); the driver hands bigint back as a string. */
export const seqOf = (rv: AnyMsSqlColumn): SQL<number> => sql<number>`cast(${rv} as bigint)`.mapWith(Number);

/** The record columns keyed by record key: everything but rv, whose raw bytes nobody needs. */
function recordColumns(t: EntityTable): Record<string, AnyMsSqlColumn> {
  const { rv: _rv, ...cols } = getTableColumns(t) as Record<string, AnyMsSqlColumn>;
  return cols;
}

/**
 * The pull cap: every rowversion below MIN_ACTIVE_ROWVERSION() belongs to a committed (or rolled back)
 * transaction; from it up, a transaction may still be open and commit later with a smaller rv than rows already
 * visible (the commit-order trap, DESIGN §4). Read in its own statement *before* the page's snapshot transaction
 * starts: a cap read after the snapshot could count a transaction that committed in between, whose rows the
 * snapshot cannot see but the checkpoint would pass.
 */
export const CAP_SQL = sql`select cast(MIN_ACTIVE_ROWVERSION() as bigint) as [cap]`;

export async function readCap(db: Db): Promise<number> {
  const [row] = await db.execute<{ cap: string | number }>(CAP_SQL, 'objects');
  if (!row) throw new Error('MIN_ACTIVE_ROWVERSION() returned no row');
  return Number(row.cap);
}

/** One pull page: rows changed after `since` and below the cap, oldest first, at most `limit`, each with its `seq`. */
export function pageQuery(db: Db, entity: EntityName, since: number, cap: number, limit: number) {
  const t = entityTables[entity];
  const rv = col(t, 'rv');
  return db
    .select({ ...recordColumns(t), seq: seqOf(rv) })
    .top(limit)
    .from(t)
    .where(and(gt(rv, asRowversion(since)), lt(rv, asRowversion(cap))))
    .orderBy(asc(rv));
}

/** How many changes wait after the page, under the same cap (and, in the store, the same snapshot). */
export function remainingQuery(db: Db, entity: EntityName, after: number, cap: number) {
  const t = entityTables[entity];
  const rv = col(t, 'rv');
  return db
    .select({ n: count() })
    .from(t)
    .where(and(gt(rv, asRowversion(after)), lt(rv, asRowversion(cap))));
}

/**
 * The push's read of the current masters. UPDLOCK holds the rows it found until commit, so a concurrent push of
 * the same ids waits here instead of both merging against the same master; HOLDLOCK (serializable for this read)
 * adds key-range locks, so an id not there yet cannot be inserted by another push meanwhile. Under
 * READ_COMMITTED_SNAPSHOT too, UPDLOCK makes this a locking read of the latest committed row.
 * Drizzle has no table hints: the table goes in as SQL, so the fields are SQL too (decoded by their column).
 */
export function lockMastersQuery(db: Db, entity: EntityName, ids: readonly string[]) {
  const t = entityTables[entity];
  const fields: Record<string, SQL> = {};
  for (const [key, c] of Object.entries(recordColumns(t))) fields[key] = sql`${c}`.mapWith(c);
  return db
    .select(fields)
    .from(sql`${t} with (updlock, holdlock)`)
    .where(inArray(col(t, 'id'), [...ids]));
}

/** Plain read by ids (no locks): getByIds. */
export function byIdsQuery(db: Db, entity: EntityName, ids: readonly string[]) {
  const t = entityTables[entity];
  return db
    .select(recordColumns(t))
    .from(t)
    .where(inArray(col(t, 'id'), [...ids]));
}

/**
 * Inserts records (values keyed by record key, from toRow); the engine stamps rv and OUTPUT hands the new ones back.
 * The column list leaves rv out: SQL Server refuses any explicit value for a rowversion column.
 */
export function insertQuery(db: Db, entity: EntityName, rows: readonly Record<string, unknown>[]) {
  const t = entityTables[entity];
  const columns = Object.keys(recordColumns(t));
  return db
    // The keys are only known at run time; Drizzle's typing of a column list wants literal keys, hence the cast.
    .insert(t, ...(columns as never[]))
    .output({ seq: seqOf(col(t, 'rv')) })
    .values([...rows]);
}

/** Rewrites one record in place; rv changes by itself, and OUTPUT reads the new one back in the same statement. */
export function updateQuery(db: Db, entity: EntityName, values: Record<string, unknown>) {
  const t = entityTables[entity];
  const { id, ...set } = values;
  if (typeof id !== 'string') throw new Error('update without an id');
  return db
    .update(t)
    .set(set)
    .output({ inserted: { seq: seqOf(col(t, 'rv')) } })
    .where(eq(col(t, 'id'), id));
}

/** Live (not deleted) records of an entity. */
export function countQuery(db: Db, entity: EntityName) {
  const t = entityTables[entity];
  return db
    .select({ n: count() })
    .from(t)
    .where(eq(col(t, '_deleted'), false));
}

/** Rows per INSERT so that `columns` parameters a row stay under both limits. */
export const rowsPerInsert = (columns: number): number => Math.max(1, Math.min(MAX_VALUES_ROWS, Math.floor(MAX_PARAMS / Math.max(1, columns))));

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
