// Groups on any dialect: the group rows, their static members, and member reads within a territory scope.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { WireDoc } from '../../../shared/sync.ts';
import { fromRow, planOf } from '../columns.ts';
import { chunk, col, fieldRef, type Dialect, type Ops, type Step } from '../dialect.ts';
import { containsPattern, encodeCriteria, GROUP_MEMBER_LIMIT, groupOf, memberOrder, type GroupCriteria, type GroupEntity, type GroupListQuery, type GroupRow, type GroupStore, type Paging, type RecordPage } from '../groups.ts';
import { searchCondition } from '../search.ts';
import { conditionsSql } from '../conditions.ts';
import { customEntityDef, entityDef, type EntityName } from '../../../shared/entities/index.ts';
import type { PullScope } from '../store.ts';
import { inList, scopeFilter } from './scope.ts';
import { listFilter, listOrder, type ListColumns } from './plain-list.ts';

export class SqlGroupStore implements GroupStore {
  constructor(private readonly d: Dialect) {}

  private get g() {
    return this.d.tables.groups;
  }

  private get m() {
    return this.d.tables.groupMembers;
  }

  async list(query: GroupListQuery): Promise<{ total: number; groups: GroupRow[] }> {
    const g = this.g;
    if (query.entities.length === 0) return { total: 0, groups: [] };
    // Any case, in every script, whatever the database's collation.
    const named = query.contains.trim() ? sql`${this.d.lower(g.name)} like ${containsPattern(query.contains)} escape '\\'` : undefined;
    const columns: ListColumns = { name: this.d.lower(g.name), entity: g.entity, kind: g.kind, createdAt: g.createdAt, updatedAt: g.updatedAt };
    const where = and(inList(g.entity, query.entities), named, listFilter(columns, query.filters ?? []));
    // One read transaction: the page and the total agree.
    return this.d.transaction('read', function* (this: SqlGroupStore, q: Ops) {
      const total = yield* q.count(g, where);
      const rows = yield* q.rows(g, { where, orderBy: listOrder(columns, query.sort ?? [], [asc(this.d.lower(g.name))], g.id), offset: query.offset, limit: query.limit });
      return { total, groups: rows.map(groupOf) };
    }.bind(this));
  }

  async get(id: string): Promise<GroupRow | null> {
    const [row] = await this.d.run((q) => q.rows(this.g, { where: eq(this.g.id, id) }));
    return row ? groupOf(row) : null;
  }

  async create(group: GroupRow): Promise<void> {
    await this.d.run((q) => q.insert(this.g, [{ ...group, criteria: encodeCriteria(group.criteria) }]));
  }

  async update(id: string, changes: { name?: string; criteria?: GroupCriteria; updatedAt: string }): Promise<GroupRow | null> {
    const set: { name?: string; criteria?: string; updatedAt: string } = { updatedAt: changes.updatedAt };
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.criteria !== undefined) set.criteria = encodeCriteria(changes.criteria);
    return (await this.d.run((q) => q.update(this.g, set, eq(this.g.id, id)))) ? this.get(id) : null;
  }

  async delete(id: string): Promise<boolean> {
    const { g, m } = this;
    return this.d.transaction('write', function* (q) {
      yield* q.delete(m, eq(m.groupId, id));
      return (yield* q.delete(g, eq(g.id, id))) > 0;
    });
  }

  async addMembers(groupId: string, recordIds: readonly string[], max: number): Promise<number | null> {
    const { g, m, d } = this;
    const ids = [...new Set(recordIds)];
    // The group's row locked first: two additions to one group take turns, so both cannot pass the limit.
    return d.transaction('write', function* (q) {
      yield* q.lock(g, eq(g.id, groupId));
      const have = new Set<string>();
      for (const part of chunk(ids, d.maxParams)) for (const r of yield* q.rows(m, { fields: ['recordId'], where: and(eq(m.groupId, groupId), inList(m.recordId, part)) })) have.add(r.recordId);
      const fresh = ids.filter((id) => !have.has(id));
      if (!fresh.length) return 0;
      if ((yield* q.count(m, eq(m.groupId, groupId))) + fresh.length > max) return null;
      yield* q.insert(m, fresh.map((recordId) => ({ groupId, recordId })));
      return fresh.length;
    });
  }

  async removeMembers(groupId: string, recordIds: readonly string[]): Promise<number> {
    const { m, d } = this;
    const ids = [...new Set(recordIds)];
    return d.transaction('write', function* (q) {
      let n = 0;
      for (const part of chunk(ids, d.maxParams)) n += yield* q.delete(m, and(eq(m.groupId, groupId), inList(m.recordId, part)));
      return n;
    });
  }

  async memberIds(groupId: string): Promise<string[]> {
    const m = this.m;
    return (await this.d.run((q) => q.rows(m, { fields: ['recordId'], where: eq(m.groupId, groupId), orderBy: [asc(m.recordId)], limit: GROUP_MEMBER_LIMIT }))).map((r) => r.recordId);
  }

  /** Live records of the entity in the scope. */
  private visible(entity: EntityName, scope: PullScope): SQL | undefined {
    const t = this.d.entityTable(entity);
    return and(eq(col(t, '_deleted'), false), scopeFilter(t, scope));
  }

  private staticCondition(q: Ops, groupId: string, entity: GroupEntity, scope: PullScope): SQL | undefined {
    const inGroup = q.subquery(this.m, { fields: ['recordId'], where: eq(this.m.groupId, groupId) });
    return and(this.visible(entity, scope), inArray(col(this.d.entityTable(entity), 'id'), inGroup));
  }

  /** Count and page in one read transaction, so they agree even while records change. */
  private page(entity: EntityName, where: (q: Ops) => SQL | undefined, page: Paging): Promise<RecordPage> {
    const t = this.d.entityTable(entity);
    return this.d.transaction('read', function* (q): Step<RecordPage> {
      const total = yield* q.count(t, where(q));
      const rows = yield* q.rows(t, { where: where(q), orderBy: memberOrder(entity).map((k) => asc(col(t, k))), offset: page.offset, limit: Math.min(page.limit, GROUP_MEMBER_LIMIT) });
      return { total, records: rows.map((r): WireDoc => fromRow(planOf(entity), r)) };
    });
  }

  async staticMembers(groupId: string, entity: GroupEntity, scope: PullScope, page: Paging): Promise<RecordPage> {
    return this.page(entity, (q) => this.staticCondition(q, groupId, entity, scope), page);
  }

  async countStaticMembers(groupId: string, entity: GroupEntity, scope: PullScope): Promise<number> {
    return this.d.run((q) => q.count(this.d.entityTable(entity), this.staticCondition(q, groupId, entity, scope)));
  }

  async matching(entity: GroupEntity, criteria: GroupCriteria, scope: PullScope, page: Paging): Promise<RecordPage> {
    return this.search(entity, criteria, scope, page);
  }

  async search(entity: EntityName, criteria: GroupCriteria, scope: PullScope, page: Paging, as?: string): Promise<RecordPage> {
    const t = this.d.entityTable(entity);
    // A custom entity's search: its customRecord rows, with its own declaration (search fields, custom fields).
    const def = (as !== undefined ? customEntityDef(as) : undefined) ?? entityDef(entity);
    const ref = (k: string) => fieldRef(this.d, t, entity, k, def);
    const where = and(
      this.visible(entity, scope),
      as !== undefined ? eq(col(t, 'entityKey'), as) : undefined,
      criteria.text ? searchCondition(entity, criteria.text, ref, def.searchFields) : undefined,
      ...Object.entries(criteria.filters).map(([k, v]) => eq(ref(k), v)),
      conditionsSql(def, criteria.conditions ?? [], ref, (c) => this.d.lower(c)),
    );
    return this.page(entity, () => where, page);
  }
}
