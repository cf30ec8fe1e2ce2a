// Groups on SQL Server: the statements (builders, so test/unit/mssql-groups-tsql.test.ts compiles them without a server) and the store.
import { and, asc, count, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyMsSqlColumn } from 'drizzle-orm/mssql-core';
import { fromRow, planOf } from '../columns.ts';
import {
  containsPattern,
  encodeCriteria,
  GROUP_MEMBER_LIMIT,
  groupOf,
  memberOrder,
  type GroupCriteria,
  type GroupEntity,
  type GroupListQuery,
  type GroupRow,
  type GroupStore,
  type Paging,
  type RecordPage,
} from '../groups.ts';
import { searchCondition } from '../search.ts';
import type { PullScope } from '../store.ts';
import { chunk, col, inList, MAX_PARAMS, rowsPerInsert, scopeFilter, type Db } from './queries.ts';
import { entityTables, groupMembers, groups, type EntityTable } from './schema.ts';

/** lower() on both sides: case-insensitive whatever the database's collation (a CS collation would not fold LIKE). */
const nameContains = (contains: string): SQL | undefined => (contains.trim() ? sql`lower(${groups.name}) like ${containsPattern(contains)} escape '\\'` : undefined);

function listWhere(q: Pick<GroupListQuery, 'contains' | 'entities'>): SQL | undefined {
  return and(inList(groups.entity, q.entities), nameContains(q.contains));
}

/** How many groups the list's filter matches. */
export function groupCountQuery(db: Db, q: Pick<GroupListQuery, 'contains' | 'entities'>) {
  return db.select({ n: count() }).from(groups).where(listWhere(q));
}

/** A page of the groups the filter matches, by name then id (ties never change places between pages). */
export function groupPageQuery(db: Db, q: GroupListQuery) {
  return db.select().from(groups).where(listWhere(q)).orderBy(asc(sql`lower(${groups.name})`), asc(groups.id)).offset(q.offset).fetch(q.limit);
}

export function groupByIdQuery(db: Db, id: string) {
  return db.select().from(groups).where(eq(groups.id, id));
}

/** The group's row WITH (UPDLOCK, HOLDLOCK), held to commit: two member additions to one group take turns, so both cannot pass the limit. */
export function lockGroupQuery(db: Db, id: string) {
  return db
    .select({ id: sql<string>`${groups.id}`.mapWith(groups.id) })
    .from(sql`${groups} with (updlock, holdlock)`)
    .where(eq(groups.id, id));
}

export function insertGroupQuery(db: Db, row: typeof groups.$inferInsert) {
  return db.insert(groups).values(row);
}

export function updateGroupQuery(db: Db, id: string, set: Partial<typeof groups.$inferInsert>) {
  return db.update(groups).set(set).where(eq(groups.id, id));
}

export function deleteMembersOfGroupQuery(db: Db, id: string) {
  return db.delete(groupMembers).where(eq(groupMembers.groupId, id));
}

export function deleteGroupQuery(db: Db, id: string) {
  return db.delete(groups).where(eq(groups.id, id));
}

/** Which of these records are already members. */
export function heldMembersQuery(db: Db, groupId: string, recordIds: readonly string[]) {
  return db
    .select({ id: groupMembers.recordId })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), inList(groupMembers.recordId, recordIds)));
}

export function memberCountQuery(db: Db, groupId: string) {
  return db.select({ n: count() }).from(groupMembers).where(eq(groupMembers.groupId, groupId));
}

export function insertMembersQuery(db: Db, rows: readonly (typeof groupMembers.$inferInsert)[]) {
  return db.insert(groupMembers).values([...rows]);
}

export function removeMembersQuery(db: Db, groupId: string, recordIds: readonly string[]) {
  return db.delete(groupMembers).where(and(eq(groupMembers.groupId, groupId), inList(groupMembers.recordId, recordIds)));
}

export function memberIdsQuery(db: Db, groupId: string) {
  return db.select({ id: groupMembers.recordId }).top(GROUP_MEMBER_LIMIT).from(groupMembers).where(eq(groupMembers.groupId, groupId)).orderBy(asc(groupMembers.recordId));
}

/** The record columns keyed by record key: everything but rv. */
function recordColumns(t: EntityTable): Record<string, AnyMsSqlColumn> {
  const { rv: _rv, ...cols } = getTableColumns(t) as Record<string, AnyMsSqlColumn>;
  return cols;
}

/** Live records of the entity in the scope. */
const visible = (t: EntityTable, scope: PullScope): SQL | undefined => and(eq(col(t, '_deleted'), false), scopeFilter(t, scope));

/** A static group's live members in the scope. */
export function staticCondition(db: Db, groupId: string, entity: GroupEntity, scope: PullScope): SQL | undefined {
  const t = entityTables[entity];
  return and(visible(t, scope), inArray(col(t, 'id'), db.select({ id: groupMembers.recordId }).from(groupMembers).where(eq(groupMembers.groupId, groupId))));
}

/** Live records in the scope that the criteria find: the text over the search fields, and each filter as an equality. */
export function criteriaCondition(entity: GroupEntity, criteria: GroupCriteria, scope: PullScope): SQL | undefined {
  const t = entityTables[entity];
  return and(
    visible(t, scope),
    criteria.text ? searchCondition(entity, criteria.text, (k) => col(t, k)) : undefined,
    ...Object.entries(criteria.filters).map(([k, v]) => eq(col(t, k), v)),
  );
}

export function recordCountQuery(db: Db, entity: GroupEntity, where: SQL | undefined) {
  return db.select({ n: count() }).from(entityTables[entity]).where(where);
}

/** A page of records by the entity's order, then id. */
export function recordPageQuery(db: Db, entity: GroupEntity, where: SQL | undefined, page: Paging) {
  const t = entityTables[entity];
  return db
    .select(recordColumns(t))
    .from(t)
    .where(where)
    .orderBy(...memberOrder(entity).map((k) => asc(col(t, k))))
    .offset(page.offset)
    .fetch(Math.min(page.limit, GROUP_MEMBER_LIMIT));
}

const affected = (res: { rowsAffected?: number[] }): number => (res.rowsAffected ?? []).reduce((a, b) => a + b, 0);

export class MssqlGroupStore implements GroupStore {
  /** `ready` connects on first use (the store's pool), so the store can be built before the database answers. */
  constructor(private readonly ready: () => Promise<Db>) {}

  async list(q: GroupListQuery): Promise<{ total: number; groups: GroupRow[] }> {
    if (q.entities.length === 0 || q.limit < 1) return { total: 0, groups: [] };
    const db = await this.ready();
    return db.transaction(
      async (tx) => {
        const [t] = await groupCountQuery(tx, q);
        const rows = await groupPageQuery(tx, q);
        return { total: t?.n ?? 0, groups: rows.map(groupOf) };
      },
      { isolationLevel: 'snapshot' },
    );
  }

  async get(id: string): Promise<GroupRow | null> {
    const [row] = await groupByIdQuery(await this.ready(), id);
    return row ? groupOf(row) : null;
  }

  async create(group: GroupRow): Promise<void> {
    await insertGroupQuery(await this.ready(), { ...group, criteria: encodeCriteria(group.criteria) });
  }

  async update(id: string, changes: { name?: string; criteria?: GroupCriteria; updatedAt: string }): Promise<GroupRow | null> {
    const set: Partial<typeof groups.$inferInsert> = { updatedAt: changes.updatedAt };
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.criteria !== undefined) set.criteria = encodeCriteria(changes.criteria);
    const db = await this.ready();
    if (affected(await updateGroupQuery(db, id, set)) === 0) return null;
    return this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    const db = await this.ready();
    return db.transaction(
      async (tx) => {
        await deleteMembersOfGroupQuery(tx, id);
        return affected(await deleteGroupQuery(tx, id)) > 0;
      },
      { isolationLevel: 'read committed' },
    );
  }

  async addMembers(groupId: string, recordIds: readonly string[], max: number): Promise<number | null> {
    const ids = [...new Set(recordIds)];
    const db = await this.ready();
    return db.transaction(
      async (tx) => {
        await lockGroupQuery(tx, groupId);
        const have = new Set<string>();
        for (const part of chunk(ids, MAX_PARAMS)) for (const r of await heldMembersQuery(tx, groupId, part)) have.add(r.id);
        const fresh = ids.filter((id) => !have.has(id));
        if (!fresh.length) return 0;
        const [held] = await memberCountQuery(tx, groupId);
        if ((held?.n ?? 0) + fresh.length > max) return null;
        for (const part of chunk(fresh, rowsPerInsert(2))) await insertMembersQuery(tx, part.map((recordId) => ({ groupId, recordId })));
        return fresh.length;
      },
      { isolationLevel: 'read committed' },
    );
  }

  async removeMembers(groupId: string, recordIds: readonly string[]): Promise<number> {
    const ids = [...new Set(recordIds)];
    const db = await this.ready();
    return db.transaction(
      async (tx) => {
        let n = 0;
        for (const part of chunk(ids, MAX_PARAMS)) n += affected(await removeMembersQuery(tx, groupId, part));
        return n;
      },
      { isolationLevel: 'read committed' },
    );
  }

  async memberIds(groupId: string): Promise<string[]> {
    return (await memberIdsQuery(await this.ready(), groupId)).map((r) => r.id);
  }

  private async page(entity: GroupEntity, where: (db: Db) => SQL | undefined, page: Paging): Promise<RecordPage> {
    const db = await this.ready();
    const plan = planOf(entity);
    // Snapshot: the page and its total agree even while records change.
    return db.transaction(
      async (tx) => {
        const [t] = await recordCountQuery(tx, entity, where(tx));
        // FETCH NEXT 0 ROWS does not parse: a zero limit asks for the total only.
        const rows = page.limit >= 1 ? ((await recordPageQuery(tx, entity, where(tx), page)) as Record<string, unknown>[]) : [];
        return { total: t?.n ?? 0, records: rows.map((r) => fromRow(plan, r)) };
      },
      { isolationLevel: 'snapshot' },
    );
  }

  async staticMembers(groupId: string, entity: GroupEntity, scope: PullScope, page: Paging): Promise<RecordPage> {
    return this.page(entity, (db) => staticCondition(db, groupId, entity, scope), page);
  }

  async countStaticMembers(groupId: string, entity: GroupEntity, scope: PullScope): Promise<number> {
    const db = await this.ready();
    const [row] = await recordCountQuery(db, entity, staticCondition(db, groupId, entity, scope));
    return row?.n ?? 0;
  }

  async matching(entity: GroupEntity, criteria: GroupCriteria, scope: PullScope, page: Paging): Promise<RecordPage> {
    return this.page(entity, () => criteriaCondition(entity, criteria, scope), page);
  }
}
