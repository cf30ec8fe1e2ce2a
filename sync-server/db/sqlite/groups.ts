// Groups on SQLite: the group rows, their static members, and member reads within a territory scope.
import type Database from 'better-sqlite3';
import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { planOf, fromRow } from '../columns.ts';
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
import * as schema from './schema.ts';

/** SQLite's lower() and LIKE fold ASCII only: this folds every script, so "év" finds "Événements". */
const FOLD = 'fc_fold';

/** Ids per statement: SQLite's default limit on parameters is 32766; stay far below. */
const IDS_PER_STATEMENT = 500;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function col(t: schema.EntityTable, key: string) {
  const c = t[key];
  if (!c) throw new Error(`no column ${key}`);
  return c;
}

/** Live records of the entity in the scope (a territory list that is empty covers nothing). */
function visible(t: schema.EntityTable, scope: PullScope): SQL | undefined {
  const live = eq(col(t, '_deleted'), false);
  if (scope.kind === 'everyone') return live;
  if (scope.kind === 'owner') return and(live, eq(col(t, 'ownerId'), scope.ownerId));
  return scope.territories.length ? and(live, inArray(col(t, 'territoryId'), [...scope.territories])) : sql`1 = 0`;
}

export class SqliteGroupStore implements GroupStore {
  constructor(
    private readonly db: BetterSQLite3Database,
    sqlite: Database.Database,
  ) {
    sqlite.function(FOLD, { deterministic: true }, (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v));
  }

  async list(q: GroupListQuery): Promise<{ total: number; groups: GroupRow[] }> {
    const g = schema.groups;
    if (q.entities.length === 0) return { total: 0, groups: [] };
    const where = and(inArray(g.entity, [...q.entities]), q.contains.trim() ? sql`${sql.identifier(FOLD)}(${g.name}) like ${containsPattern(q.contains)} escape '\\'` : undefined);
    // One read transaction: the page and the total come from the same snapshot.
    return this.db.transaction((tx) => {
      const total = tx.select({ n: count() }).from(g).where(where).get()?.n ?? 0;
      const rows = tx.select().from(g).where(where).orderBy(asc(sql`${sql.identifier(FOLD)}(${g.name})`), asc(g.id)).limit(q.limit).offset(q.offset).all();
      return { total, groups: rows.map(groupOf) };
    });
  }

  async get(id: string): Promise<GroupRow | null> {
    const row = this.db.select().from(schema.groups).where(eq(schema.groups.id, id)).get();
    return row ? groupOf(row) : null;
  }

  async create(group: GroupRow): Promise<void> {
    this.db
      .insert(schema.groups)
      .values({ ...group, criteria: encodeCriteria(group.criteria) })
      .run();
  }

  async update(id: string, changes: { name?: string; criteria?: GroupCriteria; updatedAt: string }): Promise<GroupRow | null> {
    const set: Partial<typeof schema.groups.$inferInsert> = { updatedAt: changes.updatedAt };
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.criteria !== undefined) set.criteria = encodeCriteria(changes.criteria);
    const row = this.db.update(schema.groups).set(set).where(eq(schema.groups.id, id)).returning().get();
    return row ? groupOf(row) : null;
  }

  async delete(id: string): Promise<boolean> {
    return this.db.transaction(
      (tx) => {
        tx.delete(schema.groupMembers).where(eq(schema.groupMembers.groupId, id)).run();
        return tx.delete(schema.groups).where(eq(schema.groups.id, id)).run().changes > 0;
      },
      { behavior: 'immediate' },
    );
  }

  async addMembers(groupId: string, recordIds: readonly string[], max: number): Promise<number | null> {
    const m = schema.groupMembers;
    const ids = [...new Set(recordIds)];
    // Immediate: the count and the inserts see no other writer in between, so two adds cannot both pass the limit.
    return this.db.transaction(
      (tx) => {
        const have = new Set<string>();
        for (const part of chunk(ids, IDS_PER_STATEMENT)) for (const r of tx.select({ id: m.recordId }).from(m).where(and(eq(m.groupId, groupId), inArray(m.recordId, part))).all()) have.add(r.id);
        const fresh = ids.filter((id) => !have.has(id));
        if (!fresh.length) return 0;
        const held = tx.select({ n: count() }).from(m).where(eq(m.groupId, groupId)).get()?.n ?? 0;
        if (held + fresh.length > max) return null;
        for (const part of chunk(fresh, IDS_PER_STATEMENT)) tx.insert(m).values(part.map((recordId) => ({ groupId, recordId }))).onConflictDoNothing().run();
        return fresh.length;
      },
      { behavior: 'immediate' },
    );
  }

  async removeMembers(groupId: string, recordIds: readonly string[]): Promise<number> {
    const m = schema.groupMembers;
    const ids = [...new Set(recordIds)];
    return this.db.transaction(
      (tx) => {
        let n = 0;
        for (const part of chunk(ids, IDS_PER_STATEMENT)) n += tx.delete(m).where(and(eq(m.groupId, groupId), inArray(m.recordId, part))).run().changes;
        return n;
      },
      { behavior: 'immediate' },
    );
  }

  async memberIds(groupId: string): Promise<string[]> {
    const m = schema.groupMembers;
    return this.db.select({ id: m.recordId }).from(m).where(eq(m.groupId, groupId)).orderBy(asc(m.recordId)).limit(GROUP_MEMBER_LIMIT).all().map((r) => r.id);
  }

  private memberCondition(groupId: string, entity: GroupEntity, scope: PullScope): SQL | undefined {
    const t = schema.entityTables[entity];
    const m = schema.groupMembers;
    return and(visible(t, scope), inArray(col(t, 'id'), this.db.select({ id: m.recordId }).from(m).where(eq(m.groupId, groupId))));
  }

  private page(entity: GroupEntity, where: SQL | undefined, page: Paging): RecordPage {
    const t = schema.entityTables[entity];
    const plan = planOf(entity);
    return this.db.transaction((tx) => {
      const total = tx.select({ n: count() }).from(t).where(where).get()?.n ?? 0;
      const rows = tx
        .select()
        .from(t)
        .where(where)
        .orderBy(...memberOrder(entity).map((k) => asc(col(t, k))))
        .limit(Math.min(page.limit, GROUP_MEMBER_LIMIT))
        .offset(page.offset)
        .all() as Record<string, unknown>[];
      return { total, records: rows.map((r) => fromRow(plan, r)) };
    });
  }

  async staticMembers(groupId: string, entity: GroupEntity, scope: PullScope, page: Paging): Promise<RecordPage> {
    return this.page(entity, this.memberCondition(groupId, entity, scope), page);
  }

  async countStaticMembers(groupId: string, entity: GroupEntity, scope: PullScope): Promise<number> {
    const t = schema.entityTables[entity];
    return this.db.select({ n: count() }).from(t).where(this.memberCondition(groupId, entity, scope)).get()?.n ?? 0;
  }

  async matching(entity: GroupEntity, criteria: GroupCriteria, scope: PullScope, page: Paging): Promise<RecordPage> {
    const t = schema.entityTables[entity];
    const where = and(
      visible(t, scope),
      criteria.text ? searchCondition(entity, criteria.text, (k) => col(t, k)) : undefined,
      ...Object.entries(criteria.filters).map(([k, v]) => eq(col(t, k), v)),
    );
    return this.page(entity, where, page);
  }
}
