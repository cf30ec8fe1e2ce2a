// The audit log, API tokens and forecasts on any dialect (interfaces in ../people.ts).
import { and, asc, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { ApiTokenRow, AuditQuery, AuditRow, ForecastRow } from '../accounts.ts';
import { chunk, type Dialect } from '../dialect.ts';
import type { AuditStore, ForecastStore, TokenStore } from '../people.ts';

export class SqlAuditStore implements AuditStore {
  constructor(private readonly d: Dialect) {}

  async insert(rows: readonly AuditRow[]): Promise<void> {
    if (rows.length) await this.d.run((q) => q.insert(this.d.tables.auditLog, rows));
  }

  async list(query: AuditQuery): Promise<{ total: number; rows: AuditRow[] }> {
    const a = this.d.tables.auditLog;
    const where = and(
      query.actorId ? eq(a.actorId, query.actorId) : undefined,
      query.action ? eq(a.action, query.action) : undefined,
      query.targetType ? eq(a.targetType, query.targetType) : undefined,
      query.targetId ? eq(a.targetId, query.targetId) : undefined,
      query.from ? gte(a.at, query.from) : undefined,
      query.to ? lt(a.at, query.to) : undefined,
    );
    // One read transaction: the page and the total agree.
    return this.d.transaction('read', function* (q) {
      const total = yield* q.count(a, where);
      const rows = yield* q.rows(a, { where, orderBy: [desc(a.at), desc(a.id)], offset: query.offset, limit: query.limit });
      return { total, rows };
    });
  }
}

export class SqlTokenStore implements TokenStore {
  constructor(private readonly d: Dialect) {}

  private get a() {
    return this.d.tables.apiTokens;
  }

  async create(row: ApiTokenRow, audit: readonly AuditRow[] = []): Promise<void> {
    const { a } = this;
    const log = this.d.tables.auditLog;
    await this.d.transaction('write', function* (q) {
      yield* q.insert(a, [row]);
      if (audit.length) yield* q.insert(log, audit);
    });
  }

  async find(tokenHash: string): Promise<ApiTokenRow | null> {
    const [row] = await this.d.run((q) => q.rows(this.a, { where: eq(this.a.tokenHash, tokenHash) }));
    return row ? tokenOf(row) : null;
  }

  async touch(id: string, at: string): Promise<void> {
    await this.d.run((q) => q.update(this.a, { lastUsedAt: at }, eq(this.a.id, id)));
  }

  async list(userId?: string): Promise<ApiTokenRow[]> {
    const { a } = this;
    return (await this.d.run((q) => q.rows(a, { where: userId === undefined ? undefined : eq(a.userId, userId), orderBy: [desc(a.createdAt), asc(a.id)], limit: 1000 }))).map(tokenOf);
  }

  async delete(id: string, userId?: string, audit: readonly AuditRow[] = []): Promise<boolean> {
    const { a } = this;
    const log = this.d.tables.auditLog;
    return this.d.transaction('write', function* (q) {
      const n = yield* q.delete(a, and(eq(a.id, id), userId === undefined ? undefined : eq(a.userId, userId)));
      if (n > 0 && audit.length) yield* q.insert(log, audit);
      return n > 0;
    });
  }
}

export class SqlForecastStore implements ForecastStore {
  constructor(private readonly d: Dialect) {}

  private get f() {
    return this.d.tables.forecasts;
  }

  async list(userIds: readonly string[], from: string, to: string): Promise<ForecastRow[]> {
    const { f } = this;
    const out: ForecastRow[] = [];
    for (const part of chunk([...new Set(userIds)], this.d.maxParams)) {
      const where = and(inArray(f.userId, part), from ? gte(f.periodStart, from) : undefined, to ? lt(f.periodStart, to) : undefined);
      out.push(...(await this.d.run((q) => q.rows(f, { where, orderBy: [asc(f.userId), asc(f.periodStart), asc(f.period)] }))));
    }
    return out;
  }

  async put(row: ForecastRow): Promise<void> {
    // The id is the user and the period: the upsert keeps one forecast per pair on every dialect.
    await this.d.transaction('write', (q) => q.upsert(this.f, row, 'id'));
  }

  async delete(userId: string, period: string): Promise<boolean> {
    const { f } = this;
    return (await this.d.run((q) => q.delete(f, and(eq(f.userId, userId), eq(f.period, period))))) > 0;
  }
}

/** A stored token row: an access other than `full` reads as `read` (the lesser right, should a value be damaged). */
const tokenOf = (row: Omit<ApiTokenRow, 'access'> & { access: string }): ApiTokenRow => ({ ...row, access: row.access === 'full' ? 'full' : 'read' });
