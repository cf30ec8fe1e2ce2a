// The SQL Server store: node-mssql through Drizzle. The change sequence is a rowversion; pulls are capped so commit order cannot lose rows.
import { asc, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-mssql';
import { migrate } from 'drizzle-orm/node-mssql/migrator';
import mssql from 'mssql';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { entityDef, REPLICATED, type EntityName } from '../../../shared/entities/index.ts';
import type { PullResponse, PushRow, WireDoc } from '../../../shared/sync.ts';
import type { Role, SessionRow, TerritoryRow, UserRow } from '../accounts.ts';
import { columnPlan, fromRow, toRow, type ColumnPlan } from '../columns.ts';
import { planPush } from '../push-plan.ts';
import type { Actor, PushOutcome, SyncStore } from '../store.ts';
import {
  byIdsQuery,
  chunk,
  countQuery,
  insertQuery,
  lockMastersQuery,
  MAX_PARAMS,
  pageQuery,
  readCap,
  remainingQuery,
  rowsPerInsert,
  updateQuery,
  type Db,
} from './queries.ts';
import * as schema from './schema.ts';
import { mssqlConfig } from './url.ts';

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const plans = new Map<EntityName, ColumnPlan[]>();
const planOf = (e: EntityName): ColumnPlan[] => {
  let p = plans.get(e);
  if (!p) plans.set(e, (p = columnPlan(entityDef(e))));
  return p;
};

/** The highest sequence among rows OUTPUT by a write, or `prev`. */
const maxSeq = (prev: number | null, seqs: readonly number[]): number | null => seqs.reduce<number | null>((m, s) => (m === null || s > m ? s : m), prev);

export class MssqlStore implements SyncStore {
  readonly dialect = 'mssql';
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

  /**
   * Why not just `rv > since`: rv is taken when a row is written, not when its transaction commits, so a slow
   * transaction can commit rv 10 after rv 11 is visible; a puller already at 11 would never see 10 (DESIGN §4).
   * So: (1) read the cap, MIN_ACTIVE_ROWVERSION(), below which every rv is committed, *before* the snapshot starts;
   * (2) in one SNAPSHOT transaction read the page `rv > since and rv < cap` ordered by rv, and the count after it.
   * A row at or above the cap is only delayed to a later pull, never skipped. No gap timeouts: they lose data.
   */
  async pull(entity: EntityName, since: number, limit: number): Promise<PullResponse> {
    const db = await this.ready();
    const cap = await readCap(db);
    const plan = planOf(entity);
    // A negative or fractional checkpoint would cast to a huge binary(8) and hide everything: treat it as 0.
    const from = Number.isFinite(since) && since > 0 ? Math.floor(since) : 0;
    return db.transaction(
      async (tx) => {
        // TOP(0) is legal but pointless; a zero limit still answers with the count.
        const rows = limit >= 1 ? ((await pageQuery(tx, entity, from, cap, Math.floor(limit))) as Record<string, unknown>[]) : [];
        const last = rows.length ? Number(rows[rows.length - 1]!.seq) : from;
        const [rest] = await remainingQuery(tx, entity, last, cap);
        return { documents: rows.map((r) => fromRow(plan, r)), checkpoint: { seq: last }, remaining: rest?.n ?? 0 };
      },
      { isolationLevel: 'snapshot' },
    );
  }

  /**
   * One transaction: lock and read the masters (UPDLOCK, HOLDLOCK: a concurrent push of the same ids waits for
   * this one to commit), plan with the shared planPush, then update rows that exist and insert the new ones.
   * The engine gives every written row a new rv; OUTPUT hands them back for lastSeq.
   * Two pushes locking overlapping ids in different orders can deadlock: SQL Server then fails one, RxDB
   * retries it, and the retry is idempotent (planPush sees its rows already applied).
   */
  async push(entity: EntityName, rows: readonly PushRow[], actor: Actor): Promise<PushOutcome> {
    const db = await this.ready();
    const plan = planOf(entity);
    const ids = [...new Set(rows.map((r) => r.newDocumentState.id))];
    return db.transaction(
      async (tx) => {
        const masters = new Map<string, WireDoc>();
        for (const part of chunk(ids, MAX_PARAMS)) {
          for (const r of (await lockMastersQuery(tx, entity, part)) as Record<string, unknown>[]) {
            const doc = fromRow(plan, r);
            masters.set(doc.id, doc);
          }
        }
        const existing = new Set(masters.keys());
        const { writes, conflictIds } = planPush(entity, rows, masters, actor, new Date().toISOString());

        let lastSeq: number | null = null;
        const inserts: Record<string, unknown>[] = [];
        for (const doc of writes) {
          const values = toRow(plan, doc);
          if (existing.has(doc.id)) {
            const out = await updateQuery(tx, entity, values);
            if (out.length !== 1) throw new Error(`${entity} ${doc.id}: locked row vanished during push`);
            lastSeq = maxSeq(lastSeq, out.map((o) => o.inserted.seq));
          } else inserts.push(values);
          masters.set(doc.id, doc);
        }
        for (const part of chunk(inserts, rowsPerInsert(plan.length))) {
          const out = await insertQuery(tx, entity, part);
          lastSeq = maxSeq(lastSeq, out.map((o) => o.seq));
        }
        const conflicts = conflictIds.map((id) => masters.get(id)).filter((d): d is WireDoc => d !== undefined);
        return { conflicts, lastSeq };
      },
      { isolationLevel: 'read committed' },
    );
  }

  async getByIds(entity: EntityName, ids: readonly string[]): Promise<WireDoc[]> {
    if (ids.length === 0) return [];
    const db = await this.ready();
    const plan = planOf(entity);
    const out: WireDoc[] = [];
    for (const part of chunk([...new Set(ids)], MAX_PARAMS)) {
      for (const r of (await byIdsQuery(db, entity, part)) as Record<string, unknown>[]) out.push(fromRow(plan, r));
    }
    return out;
  }

  async insertMany(entity: EntityName, docs: readonly WireDoc[]): Promise<void> {
    if (docs.length === 0) return;
    const db = await this.ready();
    const plan = planOf(entity);
    const rows = docs.map((d) => toRow(plan, d));
    await db.transaction(
      async (tx) => {
        for (const part of chunk(rows, rowsPerInsert(plan.length))) await insertQuery(tx, entity, part);
      },
      { isolationLevel: 'read committed' },
    );
  }

  async count(entity: EntityName): Promise<number> {
    const [row] = await countQuery(await this.ready(), entity);
    return row?.n ?? 0;
  }

  async findUserByLogin(login: string): Promise<UserRow | null> {
    const [row] = await (await this.ready()).select().from(schema.users).where(eq(schema.users.login, login));
    return row ? { ...row, role: row.role as Role } : null;
  }

  async getUser(id: string): Promise<UserRow | null> {
    const [row] = await (await this.ready()).select().from(schema.users).where(eq(schema.users.id, id));
    return row ? { ...row, role: row.role as Role } : null;
  }

  async insertUsers(users: readonly UserRow[]): Promise<void> {
    const db = await this.ready();
    for (const part of chunk(users, rowsPerInsert(8))) await db.insert(schema.users).values(part.map((u) => ({ ...u })));
  }

  async createSession(session: SessionRow): Promise<void> {
    await (await this.ready()).insert(schema.sessions).values({ ...session });
  }

  async findSession(tokenHash: string): Promise<SessionRow | null> {
    const [row] = await (await this.ready()).select().from(schema.sessions).where(eq(schema.sessions.tokenHash, tokenHash));
    return row ?? null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await (await this.ready()).delete(schema.sessions).where(eq(schema.sessions.tokenHash, tokenHash));
  }

  async listTerritories(): Promise<TerritoryRow[]> {
    return (await this.ready()).select().from(schema.territories).orderBy(asc(schema.territories.name));
  }

  async insertTerritories(rows: readonly TerritoryRow[]): Promise<void> {
    const db = await this.ready();
    for (const part of chunk(rows, rowsPerInsert(3))) await db.insert(schema.territories).values(part.map((r) => ({ ...r })));
  }

  /** Empties every table (records, users, sessions, territories); for tests, which share one database. */
  async deleteAll(): Promise<void> {
    const db = await this.ready();
    for (const e of REPLICATED) await db.delete(schema.entityTables[e]);
    for (const t of [schema.sessions, schema.users, schema.territories]) await db.delete(t);
  }

  async close(): Promise<void> {
    // Wait for a connection attempt in flight, or close() could race it and leave a socket open.
    await this.connecting?.catch(() => undefined);
    await this.pool.close();
  }
}
