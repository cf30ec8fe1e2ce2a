// The embedded store: SQLite through better-sqlite3 and Drizzle. One writer at a time, so sequences commit in order.
import Database from 'better-sqlite3';
import { and, asc, count, eq, gt, inArray, sql } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { entityDef, type EntityName } from '../../../shared/entities/index.ts';
import type { PullResponse, PushRow, WireDoc } from '../../../shared/sync.ts';
import type { SessionRow, TerritoryRow, UserRow } from '../accounts.ts';
import { columnPlan, fromRow, toRow, type ColumnPlan } from '../columns.ts';
import { planPush } from '../push-plan.ts';
import type { Actor, PushOutcome, SyncStore } from '../store.ts';
import * as schema from './schema.ts';

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const plans = new Map<EntityName, ColumnPlan[]>();
const planOf = (e: EntityName): ColumnPlan[] => {
  let p = plans.get(e);
  if (!p) plans.set(e, (p = columnPlan(entityDef(e))));
  return p;
};

function col(table: schema.EntityTable, key: string) {
  const c = table[key];
  if (!c) throw new Error(`no column ${key}`);
  return c;
}

export class SqliteStore implements SyncStore {
  readonly dialect = 'sqlite';
  readonly sqlite: Database.Database;
  private readonly db: BetterSQLite3Database;

  /** `file` is a path, or `:memory:`. */
  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.sqlite = new Database(file);
    // WAL lets pullers read a consistent snapshot while a writer holds its transaction.
    this.sqlite.pragma('journal_mode = WAL');
    this.sqlite.pragma('synchronous = NORMAL');
    this.sqlite.pragma('busy_timeout = 5000');
    this.db = drizzle({ client: this.sqlite });
  }

  async migrate(): Promise<void> {
    migrate(this.db, { migrationsFolder: MIGRATIONS });
    this.db.insert(schema.syncState).values({ id: 1, seq: 0 }).onConflictDoNothing().run();
  }

  /** Hands out the next change sequence; only ever called inside a write transaction, so sequence order is commit order. */
  private nextSeq(tx: Pick<BetterSQLite3Database, 'update'>): number {
    const row = tx
      .update(schema.syncState)
      .set({ seq: sql`${schema.syncState.seq} + 1` })
      .where(eq(schema.syncState.id, 1))
      .returning({ seq: schema.syncState.seq })
      .get();
    if (!row) throw new Error('sync_state row missing: migrate() first');
    return row.seq;
  }

  async pull(entity: EntityName, since: number, limit: number): Promise<PullResponse> {
    const t = schema.entityTables[entity];
    const seq = col(t, 'seq');
    // One read transaction: the page and the count come from the same snapshot.
    return this.db.transaction((tx) => {
      const rows = tx.select().from(t).where(gt(seq, since)).orderBy(asc(seq)).limit(limit).all() as Record<string, unknown>[];
      const last = rows.length ? Number(rows[rows.length - 1]!.seq) : since;
      const rest = tx.select({ n: count() }).from(t).where(gt(seq, last)).get();
      return { documents: rows.map((r) => fromRow(planOf(entity), r)), checkpoint: { seq: last }, remaining: rest?.n ?? 0 };
    });
  }

  async push(entity: EntityName, rows: readonly PushRow[], actor: Actor): Promise<PushOutcome> {
    const t = schema.entityTables[entity];
    const plan = planOf(entity);
    const ids = [...new Set(rows.map((r) => r.newDocumentState.id))];
    return this.db.transaction(
      (tx) => {
        const masters = new Map<string, WireDoc>();
        for (const r of tx.select().from(t).where(inArray(col(t, 'id'), ids)).all() as Record<string, unknown>[]) {
          const doc = fromRow(plan, r);
          masters.set(doc.id, doc);
        }
        const { writes, conflictIds } = planPush(entity, rows, masters, actor, new Date().toISOString());
        let lastSeq: number | null = null;
        for (const doc of writes) {
          lastSeq = this.nextSeq(tx);
          const values = { ...toRow(plan, doc), seq: lastSeq };
          tx.insert(t).values(values).onConflictDoUpdate({ target: col(t, 'id'), set: values }).run();
          masters.set(doc.id, doc);
        }
        const conflicts = conflictIds.map((id) => masters.get(id)).filter((d): d is WireDoc => d !== undefined);
        return { conflicts, lastSeq };
      },
      { behavior: 'immediate' },
    );
  }

  async getByIds(entity: EntityName, ids: readonly string[]): Promise<WireDoc[]> {
    if (ids.length === 0) return [];
    const t = schema.entityTables[entity];
    const rows = this.db.select().from(t).where(inArray(col(t, 'id'), [...ids])).all() as Record<string, unknown>[];
    return rows.map((r) => fromRow(planOf(entity), r));
  }

  async insertMany(entity: EntityName, docs: readonly WireDoc[]): Promise<void> {
    const t = schema.entityTables[entity];
    const plan = planOf(entity);
    this.db.transaction(
      (tx) => {
        for (const doc of docs) tx.insert(t).values({ ...toRow(plan, doc), seq: this.nextSeq(tx) }).run();
      },
      { behavior: 'immediate' },
    );
  }

  async count(entity: EntityName): Promise<number> {
    const t = schema.entityTables[entity];
    return this.db.select({ n: count() }).from(t).where(eq(col(t, '_deleted'), false)).get()?.n ?? 0;
  }

  async findUserByLogin(login: string): Promise<UserRow | null> {
    return (this.db.select().from(schema.users).where(eq(schema.users.login, login)).get() as UserRow | undefined) ?? null;
  }

  async getUser(id: string): Promise<UserRow | null> {
    return (this.db.select().from(schema.users).where(eq(schema.users.id, id)).get() as UserRow | undefined) ?? null;
  }

  async insertUsers(users: readonly UserRow[]): Promise<void> {
    if (users.length) this.db.insert(schema.users).values([...users]).run();
  }

  async createSession(session: SessionRow): Promise<void> {
    this.db.insert(schema.sessions).values(session).run();
  }

  async findSession(tokenHash: string): Promise<SessionRow | null> {
    return this.db.select().from(schema.sessions).where(and(eq(schema.sessions.tokenHash, tokenHash))).get() ?? null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.db.delete(schema.sessions).where(eq(schema.sessions.tokenHash, tokenHash)).run();
  }

  async listTerritories(): Promise<TerritoryRow[]> {
    return this.db.select().from(schema.territories).orderBy(asc(schema.territories.name)).all();
  }

  async insertTerritories(rows: readonly TerritoryRow[]): Promise<void> {
    if (rows.length) this.db.insert(schema.territories).values([...rows]).run();
  }

  async close(): Promise<void> {
    this.sqlite.close();
  }
}
