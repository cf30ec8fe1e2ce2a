// The SQL Server store: node-mssql through Drizzle. The change sequence is a rowversion; pulls are capped so commit order cannot lose rows.
import { asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-mssql';
import { migrate } from 'drizzle-orm/node-mssql/migrator';
import mssql from 'mssql';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityName } from '../../../shared/entities/index.ts';
import type { ProfileRight } from '../../../shared/security.ts';
import type { WireDoc } from '../../../shared/sync.ts';
import type { ProfileRow, Role, SessionRow, TerritoryRow, UserRow } from '../accounts.ts';
import { fromRow, planOf, toRow } from '../columns.ts';
import { isEmailEntity } from '../../../shared/email.ts';
import { settingOn } from '../../../shared/settings.ts';
import { claimChanges, idsByEntity, mentionedKeys, ownersByAddress, type ClaimRow } from '../email-claims.ts';
import {
  claimsByAddressQuery,
  claimsOfRecordQuery,
  dropClaimsQuery,
  duplicatePageQuery,
  duplicateTotalQuery,
  enforceFirstQuery,
  featuresQuery,
  insertClaimsQuery,
  lockServerSettingQuery,
  takenQuery,
  unclaimedIdsSql,
  unenforceAllQuery,
} from './marketing-queries.ts';
import { childQueries, moveChild, planPush, referencedIds, tombstone, type PlanRow, type PushContext } from '../push-plan.ts';
import { refusedBatch } from '../refusals.ts';
import type { PullPage, PullScope, PushOutcome, RecordBatch, RecordPage, RecordQuery, SyncStore } from '../store.ts';
import { recordListCondition, recordListCountQuery, recordListPageQuery } from './record-queries.ts';
import {
  byIdsQuery,
  calendarItemsQuery,
  deleteFeedOfUserQuery,
  findFeedQuery,
  insertFeedQuery,
  lockFeedOfUserQuery,
  searchQuery,
  childrenQuery,
  chunk,
  countQuery,
  insertMovesQuery,
  insertQuery,
  lockMastersQuery,
  MAX_PARAMS,
  MAX_SCOPE_TERRITORIES,
  movesQuery,
  movesRemainingQuery,
  pageQuery,
  readCap,
  remainingQuery,
  rowsPerInsert,
  updateQuery,
  type Db,
} from './queries.ts';
import { MssqlDocumentStore } from './documents.ts';
import { MssqlGroupStore } from './groups.ts';
import { MssqlMailMergeStore } from './mail-merge.ts';
import * as schema from './schema.ts';
import { mssqlConfig } from './url.ts';

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

const USER_COLUMNS = Object.keys(getTableColumns(schema.users)).length;

/** The highest sequence among rows OUTPUT by a write, or `prev`. */
const maxSeq = (prev: number | null, seqs: readonly number[]): number | null => seqs.reduce<number | null>((m, s) => (m === null || s > m ? s : m), prev);

export class MssqlStore implements SyncStore {
  readonly dialect = 'mssql';
  private readonly pool: mssql.ConnectionPool;
  private readonly db: Db;
  readonly groups: MssqlGroupStore;
  readonly mailMerge: MssqlMailMergeStore;
  readonly documents: MssqlDocumentStore;
  private connecting: Promise<mssql.ConnectionPool> | undefined;

  /** `url` is `mssql://user:pass@host:port/db` or `sqlserver://…` (see url.ts for the query parameters); a pool is for tests. */
  constructor(url: string | mssql.ConnectionPool) {
    this.pool = typeof url === 'string' ? new mssql.ConnectionPool(mssqlConfig(url)) : url;
    // Without a listener, a dropped idle connection would be an unhandled 'error' event and end the process.
    this.pool.on('error', (err: unknown) => console.error('mssql pool error:', err instanceof Error ? err.message : err));
    this.db = drizzle({ client: this.pool });
    this.groups = new MssqlGroupStore(() => this.ready());
    this.mailMerge = new MssqlMailMergeStore(() => this.ready());
    this.documents = new MssqlDocumentStore(() => this.ready());
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
    await this.backfillClaims(db);
  }

  /** Records written before e-mail claims existed get theirs: cheap when every record has them. */
  private async backfillClaims(db: Db): Promise<void> {
    for (const entity of ['company', 'person', 'lead'] as const) {
      const ids = (await db.execute<{ id: string }>(unclaimedIdsSql(entity, entity), 'objects')).map((r) => r.id);
      for (const part of chunk(ids, 500)) {
        await db.transaction(async (tx) => {
          const enforce = await this.detecting(tx);
          for (const doc of (await this.lockByIds(tx, entity, part)).values()) await this.claim(tx, entity, doc, enforce);
        });
      }
    }
  }

  private async detecting(tx: Db): Promise<boolean> {
    const [doc] = await this.readByIds(tx, 'setting', ['duplicateEmailDetection']);
    return settingOn('duplicateEmailDetection', doc);
  }

  /**
   * Keeps the record's claims equal to its addresses. A new claim is enforced when detection is on and nobody else
   * holds the address. Two pushes racing for one new address both read it free, both insert an enforced claim, and
   * the filtered unique index fails the second: push() then plans it again, and it is refused as a duplicate.
   */
  private async claim(tx: Db, entity: EntityName, doc: WireDoc, enforce: boolean): Promise<void> {
    const have = (await claimsOfRecordQuery(tx, entity, doc.id)).map((r) => r.address);
    const { drop, add } = claimChanges(doc, have);
    if (drop.length) await dropClaimsQuery(tx, entity, doc.id, drop);
    if (!add.length) return;
    const taken = new Set(enforce ? (await takenQuery(tx, add)).map((r) => r.address) : []);
    await insertClaimsQuery(tx, add.map((address) => ({ address, entity, recordId: doc.id, enforced: enforce && !taken.has(address) })));
  }

  private async owners(tx: Db, docs: readonly WireDoc[], ctx: PushContext): Promise<PushContext['emails']> {
    const keys = mentionedKeys(docs);
    const claims: ClaimRow[] = [];
    for (const part of chunk(keys, MAX_PARAMS)) claims.push(...(await claimsByAddressQuery(tx, part)));
    const records = new Map<string, WireDoc>();
    for (const [e, ids] of idsByEntity(claims)) for (const d of await this.readByIds(tx, e, ids)) records.set(`${e}:${d.id}`, d);
    return { owners: ownersByAddress(claims, records, ctx.rights) };
  }

  /** Plain reads by id (no locks), in a transaction or not, chunked under the parameter limit. */
  private async readByIds(db: Db, entity: EntityName, ids: readonly string[]): Promise<WireDoc[]> {
    const out: WireDoc[] = [];
    for (const part of chunk([...new Set(ids)], MAX_PARAMS)) for (const r of (await byIdsQuery(db, entity, part)) as Record<string, unknown>[]) out.push(fromRow(planOf(entity), r));
    return out;
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
   * (2) in one SNAPSHOT transaction read the page `rv > since and rv < cap` in the scope ordered by rv, the moves
   * out of the scope under the same bounds (answered as tombstones), and the counts after the merged page.
   * A row at or above the cap is only delayed to a later pull, never skipped. No gap timeouts: they lose data.
   * Page semantics are the SQLite store's: up to `limit` of each, merged in sequence order, cut to `limit`.
   */
  async pull(entity: EntityName, since: number, limit: number, scope: PullScope): Promise<PullPage> {
    // A negative or fractional checkpoint would cast to a huge binary(8) and hide everything: treat it as 0.
    const from = Number.isFinite(since) && since > 0 ? Math.floor(since) : 0;
    // Nobody to see nothing: answered without a round trip (and `in ()` would not even parse).
    if (scope.kind === 'territory' && scope.territories.length === 0) return { documents: [], seqs: [], lastSeq: from, remaining: 0 };
    const territories = scope.kind === 'territory' ? [...new Set(scope.territories)] : [];
    if (territories.length > MAX_SCOPE_TERRITORIES) throw new Error(`SQL Server store: a pull scope of ${territories.length} territories is over the ${MAX_SCOPE_TERRITORIES} one statement can take`);
    const scoped: PullScope = scope.kind === 'territory' ? { kind: 'territory', territories } : scope;
    const db = await this.ready();
    const cap = await readCap(db);
    const plan = planOf(entity);
    // TOP(0) is legal but pointless; a zero limit still answers with the count.
    const n = Number.isFinite(limit) && limit >= 1 ? Math.floor(limit) : 0;
    return db.transaction(
      async (tx) => {
        const rows = n ? ((await pageQuery(tx, entity, from, cap, n, scoped)) as Record<string, unknown>[]) : [];
        const page: { seq: number; doc: WireDoc }[] = rows.map((r) => ({ seq: Number(r.seq), doc: fromRow(plan, r) }));
        let movedOut = 0;
        if (scoped.kind === 'territory') {
          const moves = n ? await movesQuery(tx, entity, from, cap, n, territories) : [];
          for (const mv of moves) page.push({ seq: mv.seq, doc: tombstone(entity, mv.recordId, mv.fromTerritory) });
          page.sort((a, b) => a.seq - b.seq);
          page.length = Math.min(page.length, n);
          const last = page.length ? page[page.length - 1]!.seq : from;
          const [m] = await movesRemainingQuery(tx, entity, last, cap, territories);
          movedOut = m?.n ?? 0;
        }
        const lastSeq = page.length ? page[page.length - 1]!.seq : from;
        const [rest] = await remainingQuery(tx, entity, lastSeq, cap, scoped);
        return { documents: page.map((p) => p.doc), seqs: page.map((p) => p.seq), lastSeq, remaining: (rest?.n ?? 0) + movedOut };
      },
      { isolationLevel: 'snapshot' },
    );
  }

  /** Reads records by id WITH (UPDLOCK, HOLDLOCK), held to commit (see lockMastersQuery). */
  private async lockByIds(tx: Db, entity: EntityName, ids: readonly string[]): Promise<Map<string, WireDoc>> {
    const plan = planOf(entity);
    const out = new Map<string, WireDoc>();
    for (const part of chunk(ids, MAX_PARAMS)) {
      for (const r of (await lockMastersQuery(tx, entity, part)) as Record<string, unknown>[]) {
        const doc = fromRow(plan, r);
        out.set(doc.id, doc);
      }
    }
    return out;
  }

  /** Rewrites a record that exists; the engine gives it a new rv, which OUTPUT hands back. */
  private async update(tx: Db, entity: EntityName, doc: WireDoc): Promise<number> {
    const out = await updateQuery(tx, entity, toRow(planOf(entity), doc));
    const seq = out[0]?.inserted.seq;
    if (out.length !== 1 || seq === undefined) throw new Error(`${entity} ${doc.id}: locked row vanished during push`);
    return seq;
  }

  /** Inserts new records in as few statements as the parameter limits allow; returns their new rvs. */
  private async insert(tx: Db, entity: EntityName, docs: readonly WireDoc[]): Promise<number[]> {
    const plan = planOf(entity);
    const seqs: number[] = [];
    for (const part of chunk(docs.map((d) => toRow(plan, d)), rowsPerInsert(plan.length))) {
      for (const o of await insertQuery(tx, entity, part)) seqs.push(o.seq);
    }
    return seqs;
  }

  /**
   * One transaction, in this order, so nothing is written before everything that decides it is read and locked:
   * (1) lock and read the masters (UPDLOCK, HOLDLOCK: a concurrent push of the same ids waits for this one to
   * commit); (2) plan with the shared planPush — a strict push with a refused row throws here and the rollback
   * leaves the database untouched; (3) update the rows that exist (OUTPUT gives each new rv), insert the new ones;
   * (4) related records of the old territory follow a record that moves, read WITH (UPDLOCK) and rewritten the
   * same way, transitively; (5) every territory change goes to scope_moves at the rv of its write; (6) conflict
   * records for their authors, skipping ids already there (a retry), read WITH (UPDLOCK, HOLDLOCK) so two
   * retries racing cannot both insert. Pushes locking overlapping rows in different orders can deadlock: SQL
   * Server then fails one, RxDB retries it, and the retry is idempotent (planPush sees its rows already applied).
   */
  async push(entity: EntityName, rows: readonly PlanRow[], ctx: PushContext): Promise<PushOutcome> {
    // A race for one new address ends in the unique index (see claim()): plan again, now seeing the winner's claim.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.pushOnce(entity, rows, ctx);
      } catch (err) {
        if (attempt >= 3 || !isEmailIndexViolation(err)) throw err;
      }
    }
  }

  private async pushOnce(entity: EntityName, rows: readonly PlanRow[], ctx: PushContext): Promise<PushOutcome> {
    const db = await this.ready();
    return db.transaction((tx) => this.pushIn(tx, entity, rows, ctx), { isolationLevel: 'read committed' });
  }

  /** A quote with its lines (online records): every batch in one transaction, strict, all or nothing. */
  async writeRecords(batches: readonly RecordBatch[], ctx: PushContext): Promise<PushOutcome> {
    const strict = { ...ctx, lenient: false };
    const db = await this.ready();
    return db.transaction(
      async (tx) => {
        const out: PushOutcome = { conflicts: [], lastSeq: null, refusals: [], touched: [] };
        for (const b of batches) {
          if (!b.rows.length) continue;
          const one = await this.pushIn(tx, b.entity, b.rows, strict);
          out.conflicts.push(...one.conflicts);
          out.refusals.push(...one.refusals);
          out.lastSeq = maxSeq(out.lastSeq, one.lastSeq === null ? [] : [one.lastSeq]);
          for (const e of one.touched) if (!out.touched.includes(e)) out.touched.push(e);
        }
        return out;
      },
      { isolationLevel: 'read committed' },
    );
  }

  /** One entity's rows inside the caller's transaction, in push()'s order (see above). */
  private async pushIn(tx: Db, entity: EntityName, rows: readonly PlanRow[], ctx: PushContext): Promise<PushOutcome> {
    const ids = [...new Set(rows.map((r) => r.newDocumentState.id))];
    const masters = await this.lockByIds(tx, entity, ids);
    const rule = isEmailEntity(entity) && (await this.detecting(tx));
    const refs = new Map<string, WireDoc>();
    for (const [e, refIds] of referencedIds(entity, rows)) for (const d of await this.readByIds(tx, e, refIds)) refs.set(`${e}:${d.id}`, d);
    const plan = planPush(entity, rows, masters, { ...ctx, refs, ...(rule ? { emails: await this.owners(tx, rows.map((r) => r.newDocumentState), ctx) } : {}) });
    if (plan.refusals.length && !ctx.lenient) throw refusedBatch(plan.refusals);

    let lastSeq: number | null = null;
    const touched = new Set<EntityName>();
    const log: (typeof schema.scopeMoves.$inferInsert)[] = [];
    const moves: { entity: EntityName; id: string; from: string; to: string }[] = [];
    const inserts: WireDoc[] = [];
    for (const doc of plan.writes) {
      const before = masters.get(doc.id);
      if (before) {
        const seq = await this.update(tx, entity, doc);
        lastSeq = maxSeq(lastSeq, [seq]);
        if (before.territoryId !== doc.territoryId) {
          log.push({ seq, entity, recordId: doc.id, fromTerritory: before.territoryId, toTerritory: doc.territoryId });
          moves.push({ entity, id: doc.id, from: before.territoryId, to: doc.territoryId });
        }
      } else inserts.push(doc);
      touched.add(entity);
      masters.set(doc.id, doc);
    }
    // A record with no master has no territory to leave: new records never log a move.
    if (inserts.length) lastSeq = maxSeq(lastSeq, await this.insert(tx, entity, inserts));
    if (isEmailEntity(entity)) for (const doc of plan.writes) await this.claim(tx, entity, doc, rule);

    // Related records of the old territory follow a record that moves (and theirs follow them).
    const moved = new Set(moves.map((m) => `${m.entity}:${m.id}`));
    for (let mv = moves.shift(); mv; mv = moves.shift()) {
      for (const q of childQueries(mv.entity, mv.id, mv.from)) {
        const kids = ((await childrenQuery(tx, q)) as Record<string, unknown>[]).map((r) => fromRow(planOf(q.entity), r));
        for (const kid of kids) {
          if (moved.has(`${q.entity}:${kid.id}`)) continue;
          const next = moveChild(q.entity, kid, mv.to, ctx);
          if (!next) continue;
          moved.add(`${q.entity}:${kid.id}`);
          const seq = await this.update(tx, q.entity, next);
          lastSeq = maxSeq(lastSeq, [seq]);
          touched.add(q.entity);
          log.push({ seq, entity: q.entity, recordId: kid.id, fromTerritory: kid.territoryId, toTerritory: mv.to });
          moves.push({ entity: q.entity, id: kid.id, from: kid.territoryId, to: mv.to });
        }
      }
    }
    for (const part of chunk(log, rowsPerInsert(5))) await insertMovesQuery(tx, part);

    // Conflicts and refusals kept for their authors: the same content twice (a retry) is kept once.
    if (plan.notices.length) {
      const known = await this.lockByIds(tx, 'conflict', plan.notices.map((n) => n.id));
      const fresh = plan.notices.filter((n) => !known.has(n.id));
      if (fresh.length) {
        lastSeq = maxSeq(lastSeq, await this.insert(tx, 'conflict', fresh));
        touched.add('conflict');
      }
    }
    const conflicts = plan.conflictIds.map((id) => plan.answers.get(id) ?? masters.get(id)).filter((d): d is WireDoc => d !== undefined);
    return { conflicts, lastSeq, refusals: plan.refusals, touched: [...touched] };
  }

  async listRecords(entity: EntityName, query: RecordQuery, scope: PullScope, page: { offset: number; limit: number }): Promise<RecordPage> {
    if (scope.kind === 'territory' && scope.territories.length === 0) return { total: 0, records: [] };
    const db = await this.ready();
    const where = recordListCondition(entity, query, scope);
    // Snapshot: the page and its total agree even while records change.
    return db.transaction(
      async (tx) => {
        const [t] = await recordListCountQuery(tx, entity, where);
        // FETCH NEXT 0 ROWS does not parse: a zero limit asks for the total only.
        const rows = page.limit >= 1 ? ((await recordListPageQuery(tx, entity, where, page)) as Record<string, unknown>[]) : [];
        return { total: t?.n ?? 0, records: rows.map((r) => fromRow(planOf(entity), r)) };
      },
      { isolationLevel: 'snapshot' },
    );
  }

  async search(entity: EntityName, text: string, scope: PullScope, limit: number): Promise<WireDoc[]> {
    if (scope.kind === 'territory' && scope.territories.length === 0) return [];
    const db = await this.ready();
    return ((await searchQuery(db, entity, text, scope, limit)) as Record<string, unknown>[]).map((r) => fromRow(planOf(entity), r));
  }

  async getByIds(entity: EntityName, ids: readonly string[]): Promise<WireDoc[]> {
    if (ids.length === 0) return [];
    return this.readByIds(await this.ready(), entity, ids);
  }

  async insertMany(entity: EntityName, docs: readonly WireDoc[]): Promise<void> {
    if (docs.length === 0) return;
    const db = await this.ready();
    const plan = planOf(entity);
    const rows = docs.map((d) => toRow(plan, d));
    await db.transaction(
      async (tx) => {
        for (const part of chunk(rows, rowsPerInsert(plan.length))) await insertQuery(tx, entity, part);
        if (isEmailEntity(entity)) {
          const enforce = await this.detecting(tx);
          for (const doc of docs) await this.claim(tx, entity, doc, enforce);
        }
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

  async listUsers(): Promise<UserRow[]> {
    const rows = await (await this.ready()).select().from(schema.users).orderBy(asc(schema.users.login));
    return rows.map((row) => ({ ...row, role: row.role as Role }));
  }

  async insertUsers(users: readonly UserRow[]): Promise<void> {
    const db = await this.ready();
    for (const part of chunk(users, rowsPerInsert(USER_COLUMNS))) await db.insert(schema.users).values(part.map((u) => ({ ...u })));
  }

  async updateUser(id: string, changes: Partial<Pick<UserRow, 'profileId' | 'territoryId' | 'displayName' | 'locale' | 'timeZone' | 'passwordHash'>>): Promise<void> {
    // Only the keys given, and never one set to undefined (an UPDATE with an empty SET does not parse).
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length) await (await this.ready()).update(schema.users).set(set).where(eq(schema.users.id, id));
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

  async deleteSessionsOfUser(userId: string): Promise<number> {
    const res = await (await this.ready()).delete(schema.sessions).where(eq(schema.sessions.userId, userId));
    return (res.rowsAffected ?? []).reduce((a, b) => a + b, 0);
  }

  async listTerritories(): Promise<TerritoryRow[]> {
    return (await this.ready()).select().from(schema.territories).orderBy(asc(schema.territories.name));
  }

  async insertTerritories(rows: readonly TerritoryRow[]): Promise<void> {
    const db = await this.ready();
    for (const part of chunk(rows, rowsPerInsert(3))) await db.insert(schema.territories).values(part.map((r) => ({ ...r })));
  }

  async listProfiles(): Promise<ProfileRow[]> {
    return (await this.ready()).select().from(schema.profiles).orderBy(asc(schema.profiles.name));
  }

  async insertProfiles(rows: readonly ProfileRow[]): Promise<void> {
    const db = await this.ready();
    for (const part of chunk(rows, rowsPerInsert(2))) await db.insert(schema.profiles).values(part.map((r) => ({ ...r })));
  }

  async profileRights(profileId: string): Promise<ProfileRight[]> {
    const rows = await (await this.ready()).select().from(schema.profileRights).where(eq(schema.profileRights.profileId, profileId));
    return rows.map(({ entity, territoryId, view, insert, edit, delete: del }) => ({ entity, territoryId, view, insert, edit, delete: del }));
  }

  /** Replaces a profile's rights in one transaction: a reader never sees the profile with none. */
  async setProfileRights(profileId: string, rights: readonly ProfileRight[]): Promise<void> {
    const db = await this.ready();
    const rows = rights.map(({ entity, territoryId, view, insert, edit, delete: del }) => ({ profileId, entity, territoryId, view, insert, edit, delete: del }));
    await db.transaction(
      async (tx) => {
        await tx.delete(schema.profileRights).where(eq(schema.profileRights.profileId, profileId));
        for (const part of chunk(rows, rowsPerInsert(7))) await tx.insert(schema.profileRights).values(part);
      },
      { isolationLevel: 'read committed' },
    );
  }

  async calendarItems(ownerId: string, scope: PullScope, from: string, to: string, limit: number): Promise<WireDoc[]> {
    if (scope.kind === 'territory' && scope.territories.length === 0) return [];
    const db = await this.ready();
    const rows = (await calendarItemsQuery(db, ownerId, scope, from, to, Math.max(1, Math.floor(limit)))) as Record<string, unknown>[];
    return rows.map((r) => fromRow(planOf('communication'), r));
  }

  /** Lock the user's link (UPDLOCK, HOLDLOCK: see lockFeedOfUserQuery), delete it, insert the new one: one commit. */
  async createCalendarFeed(userId: string, tokenHash: string, createdAt: string): Promise<void> {
    const db = await this.ready();
    await db.transaction(
      async (tx) => {
        await lockFeedOfUserQuery(tx, userId);
        await deleteFeedOfUserQuery(tx, userId);
        await insertFeedQuery(tx, { tokenHash, userId, createdAt });
      },
      { isolationLevel: 'read committed' },
    );
  }

  async findCalendarFeed(tokenHash: string): Promise<{ userId: string } | null> {
    const [row] = await findFeedQuery(await this.ready(), tokenHash);
    return row ?? null;
  }

  async deleteCalendarFeed(userId: string): Promise<boolean> {
    const res = await deleteFeedOfUserQuery(await this.ready(), userId);
    return (res.rowsAffected ?? []).reduce((a, b) => a + b, 0) > 0;
  }

  async saveSetting(doc: WireDoc): Promise<number> {
    const db = await this.ready();
    return db.transaction(
      async (tx) => {
        const before = (await this.lockByIds(tx, 'setting', [doc.id])).get(doc.id);
        const seq = before ? await this.update(tx, 'setting', doc) : (await this.insert(tx, 'setting', [doc]))[0]!;
        if (doc.id === 'duplicateEmailDetection') {
          await unenforceAllQuery(tx);
          if (settingOn('duplicateEmailDetection', doc)) await enforceFirstQuery(tx);
        }
        return seq;
      },
      { isolationLevel: 'read committed' },
    );
  }

  async emailClaims(addresses: readonly string[]): Promise<ClaimRow[]> {
    const db = await this.ready();
    const out: ClaimRow[] = [];
    for (const part of chunk([...new Set(addresses)], MAX_PARAMS)) out.push(...(await claimsByAddressQuery(db, part)));
    return out;
  }

  async duplicateEmails(offset: number, limit: number): Promise<{ total: number; claims: ClaimRow[] }> {
    const db = await this.ready();
    return db.transaction(
      async (tx) => {
        const [t] = await duplicateTotalQuery(tx);
        const page = (await duplicatePageQuery(tx, offset, limit)).map((r) => r.address);
        const claims: ClaimRow[] = [];
        for (const part of chunk(page, MAX_PARAMS)) claims.push(...(await claimsByAddressQuery(tx, part)));
        return { total: t?.n ?? 0, claims };
      },
      { isolationLevel: 'snapshot' },
    );
  }

  async profileFeatures(profileId: string): Promise<string[]> {
    return (await featuresQuery(await this.ready(), profileId)).map((r) => r.feature);
  }

  async setProfileFeatures(profileId: string, features: readonly string[]): Promise<void> {
    const db = await this.ready();
    await db.transaction(
      async (tx) => {
        await tx.delete(schema.profileFeatures).where(eq(schema.profileFeatures.profileId, profileId));
        if (features.length) await tx.insert(schema.profileFeatures).values([...new Set(features)].map((feature) => ({ profileId, feature })));
      },
      { isolationLevel: 'read committed' },
    );
  }

  async getServerSetting(key: string): Promise<string | null> {
    const [row] = await (await this.ready()).select({ value: schema.serverSettings.value }).from(schema.serverSettings).where(eq(schema.serverSettings.key, key));
    return row?.value ?? null;
  }

  async putServerSetting(key: string, value: string, by: string, at: string): Promise<void> {
    const db = await this.ready();
    await db.transaction(
      async (tx) => {
        const [found] = await lockServerSettingQuery(tx, key);
        if (found) await tx.update(schema.serverSettings).set({ value, updatedBy: by, updatedAt: at }).where(eq(schema.serverSettings.key, key));
        else await tx.insert(schema.serverSettings).values({ key, value, updatedBy: by, updatedAt: at });
      },
      { isolationLevel: 'read committed' },
    );
  }

  /** Empties every table (records, moves, accounts, profiles); for tests, which share one database. */
  async deleteAll(): Promise<void> {
    const db = await this.ready();
    for (const t of Object.values(schema.entityTables)) await db.delete(t);
    for (const t of [schema.documentContents, schema.documents]) await db.delete(t);
    for (const t of [schema.mergedDocuments, schema.mergeTemplates, schema.groupMembers, schema.groups, schema.emailClaims, schema.profileFeatures, schema.serverSettings, schema.scopeMoves, schema.calendarFeeds, schema.sessions, schema.users, schema.territories, schema.profileRights, schema.profiles]) await db.delete(t);
  }

  async close(): Promise<void> {
    // Wait for a connection attempt in flight, or close() could race it and leave a socket open.
    await this.connecting?.catch(() => undefined);
    await this.pool.close();
  }
}

/** SQL Server's duplicate-key errors (2601 index, 2627 constraint) on the enforced e-mail claims index. */
export function isEmailIndexViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const n = (e as { number?: unknown }).number;
    if ((n === 2601 || n === 2627) && String((e as { message?: unknown }).message).includes('email_claims_enforced_uq')) return true;
  }
  return false;
}
