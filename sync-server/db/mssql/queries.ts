// The sync-critical T-SQL, built with Drizzle's mssql dialect: the store runs these, and a unit test compiles them without a server.
import { and, asc, count, eq, getTableColumns, gt, gte, inArray, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import type { AnyMsSqlColumn } from 'drizzle-orm/mssql-core';
import type { NodeMsSqlDatabase } from 'drizzle-orm/node-mssql';
import { entityDef, type EntityName } from '../../../shared/entities/index.ts';
import { searchCondition } from '../search.ts';
import type { ChildQuery } from '../push-plan.ts';
import type { PullScope } from '../store.ts';
import { calendarFeeds, entityTables, scopeMoves, type EntityTable } from './schema.ts';

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

/**
 * The most territories a scoped pull takes: the moves query lists them twice (IN and NOT IN) next to four other
 * parameters, and SQL Server refuses more than 2100. A user seeing a thousand territories needs a table-valued
 * parameter instead; until then the store says so rather than failing in the driver.
 */
export const MAX_SCOPE_TERRITORIES = Math.floor((MAX_PARAMS - 8) / 2);

/**
 * `column IN (…)` that stays valid T-SQL for an empty list: `in ()` is a syntax error in SQL Server, and T-SQL has
 * no boolean literals, so an empty list is the predicate `1 = 0` (nothing) — or, negated, `1 = 1` (everything).
 * Drizzle rc.5 happens to do the same; written out here so the guard does not depend on a Drizzle version.
 */
export function inList(column: AnyMsSqlColumn, values: readonly string[]): SQL {
  return values.length === 0 ? sql`1 = 0` : inArray(column, [...values]);
}
export function notInList(column: AnyMsSqlColumn, values: readonly string[]): SQL {
  return values.length === 0 ? sql`1 = 1` : notInArray(column, [...values]);
}

/** Which rows of an entity a scope covers: their territory is in the list, or (per-user records) their owner is the user. */
export function scopeFilter(t: EntityTable, scope: PullScope): SQL {
  if (scope.kind === 'everyone') return sql`1 = 1`;
  return scope.kind === 'owner' ? eq(col(t, 'ownerId'), scope.ownerId) : inList(col(t, 'territoryId'), scope.territories);
}

/** One pull page: rows in the scope changed after `since` and below the cap, oldest first, at most `limit`, each with its `seq`. */
export function pageQuery(db: Db, entity: EntityName, since: number, cap: number, limit: number, scope: PullScope) {
  const t = entityTables[entity];
  const rv = col(t, 'rv');
  return db
    .select({ ...recordColumns(t), seq: seqOf(rv) })
    .top(limit)
    .from(t)
    .where(and(gt(rv, asRowversion(since)), lt(rv, asRowversion(cap)), scopeFilter(t, scope)))
    .orderBy(asc(rv));
}

/** How many changes in the scope wait after the page, under the same cap (and, in the store, the same snapshot). */
export function remainingQuery(db: Db, entity: EntityName, after: number, cap: number, scope: PullScope) {
  const t = entityTables[entity];
  const rv = col(t, 'rv');
  return db
    .select({ n: count() })
    .from(t)
    .where(and(gt(rv, asRowversion(after)), lt(rv, asRowversion(cap)), scopeFilter(t, scope)));
}

/**
 * Moves of `entity` records out of the territories: from one in the list to one not in it, after `after` and
 * below the cap. `seq` is a bigint holding the rv of the moving write, so it is compared as a number, not cast.
 */
function movedOut(entity: EntityName, after: number, cap: number, territories: readonly string[]): SQL | undefined {
  const m = scopeMoves;
  return and(eq(m.entity, entity), gt(m.seq, after), lt(m.seq, cap), inList(m.fromTerritory, territories), notInList(m.toTerritory, territories));
}

/** The records that left the scope after `since`, oldest first, at most `limit`: the store answers each with a tombstone. */
export function movesQuery(db: Db, entity: EntityName, since: number, cap: number, limit: number, territories: readonly string[]) {
  const m = scopeMoves;
  return db
    .select({ seq: m.seq, recordId: m.recordId, fromTerritory: m.fromTerritory })
    .top(limit)
    .from(m)
    .where(movedOut(entity, since, cap, territories))
    .orderBy(asc(m.seq));
}

/** How many moves out of the scope wait after the page. */
export function movesRemainingQuery(db: Db, entity: EntityName, after: number, cap: number, territories: readonly string[]) {
  return db.select({ n: count() }).from(scopeMoves).where(movedOut(entity, after, cap, territories));
}

/** Logs territory changes, each at the sequence (rv) of the write that made it. */
export function insertMovesQuery(db: Db, rows: readonly (typeof scopeMoves.$inferInsert)[]) {
  return db.insert(scopeMoves).values([...rows]);
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
  return db
    .select(hintedFields(t))
    .from(sql`${t} with (updlock, holdlock)`)
    .where(inArray(col(t, 'id'), [...ids]));
}

function hintedFields(t: EntityTable): Record<string, SQL> {
  const fields: Record<string, SQL> = {};
  for (const [key, c] of Object.entries(recordColumns(t))) fields[key] = sql`${c}`.mapWith(c);
  return fields;
}

/**
 * The live related records that follow a moving parent: those pointing at it from its old territory. Read WITH
 * (UPDLOCK) and held to commit, because the store rewrites each whole record with only its territory changed: a
 * concurrent push editing one of them in between would otherwise be overwritten with the values read here.
 */
export function childrenQuery(db: Db, q: ChildQuery) {
  const t = entityTables[q.entity];
  return db
    .select(hintedFields(t))
    .from(sql`${t} with (updlock)`)
    .where(and(eq(col(t, q.field), q.parentId), eq(col(t, 'territoryId'), q.territoryId), eq(col(t, '_deleted'), false)));
}

/** Plain read by ids (no locks): getByIds. */
/** Live records in the scope whose search fields contain the text, by title, at most `limit`. */
export function searchQuery(db: Db, entity: EntityName, text: string, scope: PullScope, limit: number) {
  const t = entityTables[entity];
  const sortKey = entityDef(entity).title[0] ?? 'id';
  return db
    .select({ ...recordColumns(t) })
    .top(limit)
    .from(t)
    .where(and(eq(col(t, '_deleted'), false), scopeFilter(t, scope), searchCondition(entity, text, (k) => col(t, k))))
    .orderBy(asc(col(t, sortKey)));
}

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

/**
 * The iCalendar feed's items: live communications on the owner's calendar, in the scope, whose starts_at text is in
 * [from, to), by starts_at, top n. The caller widens the range and filters exactly (starts_at may carry an offset).
 */
export function calendarItemsQuery(db: Db, ownerId: string, scope: PullScope, from: string, to: string, limit: number) {
  const t = entityTables.communication;
  const startsAt = col(t, 'startsAt');
  return db
    .select({ ...recordColumns(t) })
    .top(limit)
    .from(t)
    .where(and(eq(col(t, '_deleted'), false), eq(col(t, 'ownerId'), ownerId), scopeFilter(t, scope), gte(startsAt, from), lt(startsAt, to)))
    .orderBy(asc(startsAt));
}

/**
 * Replacing a user's calendar link, step 1: read their link WITH (UPDLOCK, HOLDLOCK), held to commit. The key-range
 * lock on user_id makes a second replacement for the same user wait here, so the delete and insert that follow never
 * race another one into the unique index.
 */
export function lockFeedOfUserQuery(db: Db, userId: string) {
  return db
    .select({ tokenHash: sql<string>`${calendarFeeds.tokenHash}`.mapWith(calendarFeeds.tokenHash) })
    .from(sql`${calendarFeeds} with (updlock, holdlock)`)
    .where(eq(calendarFeeds.userId, userId));
}

export function deleteFeedOfUserQuery(db: Db, userId: string) {
  return db.delete(calendarFeeds).where(eq(calendarFeeds.userId, userId));
}

export function insertFeedQuery(db: Db, row: typeof calendarFeeds.$inferInsert) {
  return db.insert(calendarFeeds).values(row);
}

export function findFeedQuery(db: Db, tokenHash: string) {
  return db.select({ userId: calendarFeeds.userId }).from(calendarFeeds).where(eq(calendarFeeds.tokenHash, tokenHash));
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
