// The embedded store: SQLite through better-sqlite3 and Drizzle. One writer at a time, so sequences commit in order.
import Database from 'better-sqlite3';
import { and, asc, count, desc, eq, gt, gte, inArray, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { entityDef, type EntityName } from '../../../shared/entities/index.ts';
import type { WireDoc } from '../../../shared/sync.ts';
import type { ProfileRight } from '../../../shared/security.ts';
import type { ProfileRow, SessionRow, TerritoryRow, UserRow } from '../accounts.ts';
import { fromRow, planOf, toRow } from '../columns.ts';
import { isEmailEntity } from '../../../shared/email.ts';
import { settingOn } from '../../../shared/settings.ts';
import { claimChanges, idsByEntity, mentionedKeys, ownersByAddress, type ClaimRow } from '../email-claims.ts';
import { childQueries, moveChild, planPush, referencedIds, tombstone, type PlanRow, type PushContext } from '../push-plan.ts';
import { refusedBatch } from '../refusals.ts';
import { searchCondition } from '../search.ts';
import { listOrder, type PullPage, type PullScope, type PushOutcome, type RecordBatch, type RecordPage, type RecordQuery, type SyncStore } from '../store.ts';
import { SqliteDocumentStore } from './documents.ts';
import { SqliteGroupStore } from './groups.ts';
import { SqliteMailMergeStore } from './mail-merge.ts';
import * as schema from './schema.ts';

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

type Tx = Parameters<Parameters<BetterSQLite3Database['transaction']>[0]>[0];

/** Which rows of an entity a scope covers (territories, an owner's records, or all of a read-only set). */
function scopeFilter(t: schema.EntityTable, scope: PullScope): SQL {
  if (scope.kind === 'everyone') return sql`1 = 1`;
  return scope.kind === 'owner' ? eq(col(t, 'ownerId'), scope.ownerId) : inArray(col(t, 'territoryId'), [...scope.territories]);
}

function col(table: schema.EntityTable, key: string) {
  const c = table[key];
  if (!c) throw new Error(`no column ${key}`);
  return c;
}

/**
 * Drizzle prepares every query it runs afresh; a pull or push runs the same few statements each time, so preparing
 * them was a tenth of the server's CPU under load (docs/decisions/0009). This hands Drizzle one compiled statement
 * per SQL text instead. Drizzle switches a statement to array rows with `raw()` just before running it and uses object
 * rows otherwise, always in the same synchronous call as the prepare, so each hand-out starts in object mode.
 */
export function cachedStatements(sqlite: Database.Database, max = 500): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  const cached = (source: string): Database.Statement => {
    let stmt = cache.get(source);
    if (!stmt) {
      stmt = prepare(source);
      // Statements built from user input (a search's LIKE list) vary: keep the cache bounded, oldest out first.
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(source, stmt);
    }
    return stmt.reader ? stmt.raw(false) : stmt;
  };
  // better-sqlite3's native methods must be called on the database itself, not on the proxy.
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(sqlite, {
    get: (target, key) => {
      if (key === 'prepare') return cached;
      const v: unknown = Reflect.get(target, key, target);
      if (typeof v !== 'function') return v;
      if (!bound.has(key)) bound.set(key, (v as (...a: unknown[]) => unknown).bind(target));
      return bound.get(key);
    },
  });
}

export class SqliteStore implements SyncStore {
  readonly dialect = 'sqlite';
  readonly sqlite: Database.Database;
  private readonly db: BetterSQLite3Database;
  readonly groups: SqliteGroupStore;
  readonly mailMerge: SqliteMailMergeStore;
  readonly documents: SqliteDocumentStore;

  /** `file` is a path, or `:memory:`. */
  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.sqlite = new Database(file);
    // WAL lets pullers read a consistent snapshot while a writer holds its transaction.
    this.sqlite.pragma('journal_mode = WAL');
    this.sqlite.pragma('synchronous = NORMAL');
    this.sqlite.pragma('busy_timeout = 5000');
    this.db = drizzle({ client: cachedStatements(this.sqlite) });
    this.groups = new SqliteGroupStore(this.db, this.sqlite);
    this.mailMerge = new SqliteMailMergeStore(this.db);
    this.documents = new SqliteDocumentStore(this.db);
  }

  async migrate(): Promise<void> {
    migrate(this.db, { migrationsFolder: MIGRATIONS });
    this.db.insert(schema.syncState).values({ id: 1, seq: 0 }).onConflictDoNothing().run();
    this.backfillClaims();
  }

  /** Records written before e-mail claims existed (or by hand) get theirs: cheap when every record has them. */
  private backfillClaims(): void {
    this.db.transaction(
      (tx) => {
        const enforce = this.detecting(tx);
        for (const entity of ['company', 'person', 'lead'] as const) {
          const t = schema.entityTables[entity];
          const c = schema.emailClaims;
          const claimed = tx.select({ id: c.recordId }).from(c).where(eq(c.entity, entity));
          const rows = tx.select().from(t).where(and(eq(col(t, '_deleted'), false), sql`${col(t, 'emails')} <> '[]'`, notInArray(col(t, 'id'), claimed))).all() as Record<string, unknown>[];
          for (const r of rows) this.claim(tx, entity, fromRow(planOf(entity), r), enforce);
        }
      },
      { behavior: 'immediate' },
    );
  }

  /** Hands out the next change sequence; only ever called inside a write transaction, so sequence order is commit order. */
  private nextSeq(tx: Tx): number {
    const row = tx
      .update(schema.syncState)
      .set({ seq: sql`${schema.syncState.seq} + 1` })
      .where(eq(schema.syncState.id, 1))
      .returning({ seq: schema.syncState.seq })
      .get();
    if (!row) throw new Error('sync_state row missing: migrate() first');
    return row.seq;
  }

  async pull(entity: EntityName, since: number, limit: number, scope: PullScope): Promise<PullPage> {
    const t = schema.entityTables[entity];
    const seq = col(t, 'seq');
    const plan = planOf(entity);
    // One read transaction: the page, the moves and the count come from the same snapshot.
    return this.db.transaction((tx) => {
      const inScope = scopeFilter(t, scope);
      const rows = tx.select().from(t).where(and(gt(seq, since), inScope)).orderBy(asc(seq)).limit(limit).all() as Record<string, unknown>[];
      const page: { seq: number; doc: WireDoc }[] = rows.map((r) => ({ seq: Number(r.seq), doc: fromRow(plan, r) }));
      let movedOut = 0;
      if (scope.kind === 'territory') {
        const m = schema.scopeMoves;
        const left = and(eq(m.entity, entity), inArray(m.fromTerritory, [...scope.territories]), notInArray(m.toTerritory, [...scope.territories]));
        const moves = tx.select().from(m).where(and(gt(m.seq, since), left)).orderBy(asc(m.seq)).limit(limit).all();
        for (const mv of moves) page.push({ seq: mv.seq, doc: tombstone(entity, mv.recordId, mv.fromTerritory) });
        page.sort((a, b) => a.seq - b.seq);
        page.length = Math.min(page.length, limit);
        const last = page.length ? page[page.length - 1]!.seq : since;
        movedOut = tx.select({ n: count() }).from(m).where(and(gt(m.seq, last), left)).get()?.n ?? 0;
      }
      const lastSeq = page.length ? page[page.length - 1]!.seq : since;
      const rest = tx.select({ n: count() }).from(t).where(and(gt(seq, lastSeq), inScope)).get()?.n ?? 0;
      return { documents: page.map((p) => p.doc), seqs: page.map((p) => p.seq), lastSeq, remaining: rest + movedOut };
    });
  }

  private loadByIds(tx: Tx, entity: EntityName, ids: readonly string[]): WireDoc[] {
    if (ids.length === 0) return [];
    const t = schema.entityTables[entity];
    return (tx.select().from(t).where(inArray(col(t, 'id'), [...ids])).all() as Record<string, unknown>[]).map((r) => fromRow(planOf(entity), r));
  }

  /** Writes a record with a new sequence, and logs its territory move when it has one. */
  private write(tx: Tx, entity: EntityName, doc: WireDoc, previous: WireDoc | undefined): number {
    const t = schema.entityTables[entity];
    const seq = this.nextSeq(tx);
    const values = { ...toRow(planOf(entity), doc), seq };
    tx.insert(t).values(values).onConflictDoUpdate({ target: col(t, 'id'), set: values }).run();
    if (previous && previous.territoryId !== doc.territoryId) {
      tx.insert(schema.scopeMoves).values({ seq, entity, recordId: doc.id, fromTerritory: previous.territoryId, toTerritory: doc.territoryId }).run();
    }
    return seq;
  }

  private detecting(tx: Tx): boolean {
    return settingOn('duplicateEmailDetection', this.loadByIds(tx, 'setting', ['duplicateEmailDetection'])[0]);
  }

  /**
   * Keeps the record's claims equal to its addresses. A new claim is enforced when detection is on (`enforce`, read
   * once per transaction) and nobody else holds the address: the partial unique index makes that the database's
   * promise, not only this code's. Called for the records a push writes, not for territory moves (same addresses).
   */
  private claim(tx: Tx, entity: EntityName, doc: WireDoc, enforce: boolean): void {
    const c = schema.emailClaims;
    const mine = and(eq(c.entity, entity), eq(c.recordId, doc.id));
    const have = tx.select({ address: c.address }).from(c).where(mine).all().map((r) => r.address);
    const { drop, add } = claimChanges(doc, have);
    if (drop.length) tx.delete(c).where(and(mine, inArray(c.address, drop))).run();
    if (!add.length) return;
    const taken = new Set(enforce ? tx.select({ address: c.address }).from(c).where(inArray(c.address, add)).all().map((r) => r.address) : []);
    tx.insert(c).values(add.map((address) => ({ address, entity, recordId: doc.id, enforced: enforce && !taken.has(address) }))).run();
  }

  /** Who holds the addresses a push mentions, named where the pusher may view them (the duplicate rule's input). */
  private owners(tx: Tx, docs: readonly WireDoc[], ctx: PushContext): PushContext['emails'] {
    const keys = mentionedKeys(docs);
    const claims: ClaimRow[] = keys.length ? tx.select({ address: schema.emailClaims.address, entity: schema.emailClaims.entity, recordId: schema.emailClaims.recordId }).from(schema.emailClaims).where(inArray(schema.emailClaims.address, keys)).all() : [];
    const records = new Map<string, WireDoc>();
    for (const [e, ids] of idsByEntity(claims)) for (const d of this.loadByIds(tx, e, ids)) records.set(`${e}:${d.id}`, d);
    return { owners: ownersByAddress(claims, records, ctx.rights) };
  }

  async push(entity: EntityName, rows: readonly PlanRow[], ctx: PushContext): Promise<PushOutcome> {
    return this.db.transaction((tx) => this.pushIn(tx, entity, rows, ctx), { behavior: 'immediate' });
  }

  async writeRecords(batches: readonly RecordBatch[], ctx: PushContext): Promise<PushOutcome> {
    const strict = { ...ctx, lenient: false };
    return this.db.transaction(
      (tx) => {
        const out: PushOutcome = { conflicts: [], lastSeq: null, refusals: [], touched: [] };
        for (const b of batches) {
          if (!b.rows.length) continue;
          const one = this.pushIn(tx, b.entity, b.rows, strict);
          out.conflicts.push(...one.conflicts);
          out.refusals.push(...one.refusals);
          if (one.lastSeq !== null) out.lastSeq = one.lastSeq;
          for (const e of one.touched) if (!out.touched.includes(e)) out.touched.push(e);
        }
        return out;
      },
      { behavior: 'immediate' },
    );
  }

  /** One entity's rows inside the caller's write transaction: plan, write, move related records, keep conflicts. */
  private pushIn(tx: Tx, entity: EntityName, rows: readonly PlanRow[], ctx: PushContext): PushOutcome {
    const ids = [...new Set(rows.map((r) => r.newDocumentState.id))];
    const masters = new Map(this.loadByIds(tx, entity, ids).map((d) => [d.id, d]));
    const rule = isEmailEntity(entity) && this.detecting(tx);
    const refs = new Map<string, WireDoc>();
    for (const [e, refIds] of referencedIds(entity, rows)) for (const d of this.loadByIds(tx, e, refIds)) refs.set(`${e}:${d.id}`, d);
    const plan = planPush(entity, rows, masters, { ...ctx, refs, ...(rule ? { emails: this.owners(tx, rows.map((r) => r.newDocumentState), ctx) } : {}) });
    if (plan.refusals.length && !ctx.lenient) throw refusedBatch(plan.refusals);
    let lastSeq: number | null = null;
    const touched = new Set<EntityName>();
    const moves: { entity: EntityName; id: string; from: string; to: string }[] = [];
    for (const doc of plan.writes) {
      const before = masters.get(doc.id);
      lastSeq = this.write(tx, entity, doc, before);
      if (isEmailEntity(entity)) this.claim(tx, entity, doc, rule);
      touched.add(entity);
      if (before && before.territoryId !== doc.territoryId) moves.push({ entity, id: doc.id, from: before.territoryId, to: doc.territoryId });
      masters.set(doc.id, doc);
    }
    // Related records of the old territory follow a record that moves (and theirs follow them).
    const moved = new Set(moves.map((m) => `${m.entity}:${m.id}`));
    for (let mv = moves.shift(); mv; mv = moves.shift()) {
      for (const q of childQueries(mv.entity, mv.id, mv.from)) {
        const t = schema.entityTables[q.entity];
        const kids = (tx.select().from(t).where(and(eq(col(t, q.field), q.parentId), eq(col(t, 'territoryId'), q.territoryId), eq(col(t, '_deleted'), false))).all() as Record<string, unknown>[]).map((r) => fromRow(planOf(q.entity), r));
        for (const kid of kids) {
          if (moved.has(`${q.entity}:${kid.id}`)) continue;
          const next = moveChild(q.entity, kid, mv.to, ctx);
          if (!next) continue;
          moved.add(`${q.entity}:${kid.id}`);
          lastSeq = this.write(tx, q.entity, next, kid);
          touched.add(q.entity);
          moves.push({ entity: q.entity, id: kid.id, from: kid.territoryId, to: mv.to });
        }
      }
    }
    // Conflicts and refusals kept for their authors: the same content twice (a retry) is kept once.
    const known = new Set(this.loadByIds(tx, 'conflict', plan.notices.map((n) => n.id)).map((d) => d.id));
    for (const n of plan.notices) {
      if (known.has(n.id)) continue;
      lastSeq = this.write(tx, 'conflict', n, undefined);
      touched.add('conflict');
    }
    const conflicts = plan.conflictIds.map((id) => plan.answers.get(id) ?? masters.get(id)).filter((d): d is WireDoc => d !== undefined);
    return { conflicts, lastSeq, refusals: plan.refusals, touched: [...touched] };
  }

  async listRecords(entity: EntityName, query: RecordQuery, scope: PullScope, page: { offset: number; limit: number }): Promise<RecordPage> {
    const t = schema.entityTables[entity];
    const plan = planOf(entity);
    const where = and(
      eq(col(t, '_deleted'), false),
      scope.kind === 'territory' && scope.territories.length === 0 ? sql`1 = 0` : scopeFilter(t, scope),
      query.text ? searchCondition(entity, query.text, (k) => col(t, k)) : undefined,
      ...Object.entries(query.equals ?? {}).map(([k, v]) => eq(col(t, k), v)),
    );
    // One read transaction: the page and its total agree.
    return this.db.transaction((tx) => {
      const total = tx.select({ n: count() }).from(t).where(where).get()?.n ?? 0;
      const rows = tx
        .select()
        .from(t)
        .where(where)
        .orderBy(...listOrder(entity).map(({ key, direction }) => (direction === 'desc' ? desc(col(t, key)) : asc(col(t, key)))))
        .limit(page.limit)
        .offset(page.offset)
        .all() as Record<string, unknown>[];
      return { total, records: rows.map((r) => fromRow(plan, r)) };
    });
  }

  async search(entity: EntityName, text: string, scope: PullScope, limit: number): Promise<WireDoc[]> {
    const t = schema.entityTables[entity];
    const inScope = scopeFilter(t, scope);
    const sortKey = entityDef(entity).title[0] ?? 'id';
    const rows = this.db
      .select()
      .from(t)
      .where(and(eq(col(t, '_deleted'), false), inScope, searchCondition(entity, text, (k) => col(t, k))))
      .orderBy(asc(col(t, sortKey)))
      .limit(limit)
      .all() as Record<string, unknown>[];
    return rows.map((r) => fromRow(planOf(entity), r));
  }

  async getByIds(entity: EntityName, ids: readonly string[]): Promise<WireDoc[]> {
    if (ids.length === 0) return [];
    return this.loadByIds(this.db as unknown as Tx, entity, ids);
  }

  async insertMany(entity: EntityName, docs: readonly WireDoc[]): Promise<void> {
    const t = schema.entityTables[entity];
    const plan = planOf(entity);
    this.db.transaction(
      (tx) => {
        const claims = isEmailEntity(entity);
        const enforce = claims && this.detecting(tx);
        for (const doc of docs) {
          tx.insert(t).values({ ...toRow(plan, doc), seq: this.nextSeq(tx) }).run();
          if (claims) this.claim(tx, entity, doc, enforce);
        }
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

  async listUsers(): Promise<UserRow[]> {
    return this.db.select().from(schema.users).orderBy(asc(schema.users.login)).all() as UserRow[];
  }

  async updateUser(id: string, changes: Partial<Pick<UserRow, 'profileId' | 'territoryId' | 'displayName' | 'locale' | 'timeZone' | 'passwordHash'>>): Promise<void> {
    if (Object.keys(changes).length) this.db.update(schema.users).set(changes).where(eq(schema.users.id, id)).run();
  }

  async deleteSessionsOfUser(userId: string): Promise<number> {
    return this.db.delete(schema.sessions).where(eq(schema.sessions.userId, userId)).run().changes;
  }

  async listProfiles(): Promise<ProfileRow[]> {
    return this.db.select().from(schema.profiles).orderBy(asc(schema.profiles.name)).all();
  }

  async insertProfiles(rows: readonly ProfileRow[]): Promise<void> {
    if (rows.length) this.db.insert(schema.profiles).values([...rows]).run();
  }

  async profileRights(profileId: string): Promise<ProfileRight[]> {
    const rows = this.db.select().from(schema.profileRights).where(eq(schema.profileRights.profileId, profileId)).all();
    return rows.map(({ entity, territoryId, view, insert, edit, delete: del }) => ({ entity, territoryId, view, insert, edit, delete: del }));
  }

  async setProfileRights(profileId: string, rights: readonly ProfileRight[]): Promise<void> {
    this.db.transaction((tx) => {
      tx.delete(schema.profileRights).where(eq(schema.profileRights.profileId, profileId)).run();
      if (rights.length) tx.insert(schema.profileRights).values(rights.map((r) => ({ ...r, profileId }))).run();
    });
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

  async calendarItems(ownerId: string, scope: PullScope, from: string, to: string, limit: number): Promise<WireDoc[]> {
    const t = schema.entityTables.communication;
    const inScope = scopeFilter(t, scope);
    const startsAt = col(t, 'startsAt');
    const rows = this.db
      .select()
      .from(t)
      .where(and(eq(col(t, '_deleted'), false), eq(col(t, 'ownerId'), ownerId), inScope, gte(startsAt, from), lt(startsAt, to)))
      .orderBy(asc(startsAt))
      .limit(limit)
      .all() as Record<string, unknown>[];
    return rows.map((r) => fromRow(planOf('communication'), r));
  }

  async createCalendarFeed(userId: string, tokenHash: string, createdAt: string): Promise<void> {
    // One transaction: the old link stops working in the same commit that makes the new one.
    this.db.transaction(
      (tx) => {
        tx.delete(schema.calendarFeeds).where(eq(schema.calendarFeeds.userId, userId)).run();
        tx.insert(schema.calendarFeeds).values({ tokenHash, userId, createdAt }).run();
      },
      { behavior: 'immediate' },
    );
  }

  async findCalendarFeed(tokenHash: string): Promise<{ userId: string } | null> {
    return this.db.select({ userId: schema.calendarFeeds.userId }).from(schema.calendarFeeds).where(eq(schema.calendarFeeds.tokenHash, tokenHash)).get() ?? null;
  }

  async deleteCalendarFeed(userId: string): Promise<boolean> {
    return this.db.delete(schema.calendarFeeds).where(eq(schema.calendarFeeds.userId, userId)).run().changes > 0;
  }

  async listTerritories(): Promise<TerritoryRow[]> {
    return this.db.select().from(schema.territories).orderBy(asc(schema.territories.name)).all();
  }

  async insertTerritories(rows: readonly TerritoryRow[]): Promise<void> {
    if (rows.length) this.db.insert(schema.territories).values([...rows]).run();
  }

  async saveSetting(doc: WireDoc): Promise<number> {
    return this.db.transaction(
      (tx) => {
        const before = this.loadByIds(tx, 'setting', [doc.id])[0];
        const seq = this.write(tx, 'setting', doc, before);
        if (doc.id === 'duplicateEmailDetection') {
          const c = schema.emailClaims;
          tx.update(c).set({ enforced: false }).run();
          // One claim per address is enforced: the first by entity and record id (the same choice in both dialects).
          if (settingOn('duplicateEmailDetection', doc))
            tx.run(sql`update email_claims set enforced = 1 where not exists (select 1 from email_claims o where o.address = email_claims.address and (o.entity < email_claims.entity or (o.entity = email_claims.entity and o.record_id < email_claims.record_id)))`);
        }
        return seq;
      },
      { behavior: 'immediate' },
    );
  }

  async emailClaims(addresses: readonly string[]): Promise<ClaimRow[]> {
    if (!addresses.length) return [];
    const c = schema.emailClaims;
    return this.db.select({ address: c.address, entity: c.entity, recordId: c.recordId }).from(c).where(inArray(c.address, [...addresses])).orderBy(asc(c.address), asc(c.entity), asc(c.recordId)).all();
  }

  async duplicateEmails(offset: number, limit: number): Promise<{ total: number; claims: ClaimRow[] }> {
    const c = schema.emailClaims;
    return this.db.transaction((tx) => {
      const dup = tx.select({ address: c.address }).from(c).groupBy(c.address).having(sql`count(*) > 1`);
      const total = tx.select({ n: count() }).from(dup.as('d')).get()?.n ?? 0;
      const page = tx.select({ address: c.address }).from(c).groupBy(c.address).having(sql`count(*) > 1`).orderBy(asc(c.address)).limit(limit).offset(offset).all().map((r) => r.address);
      const claims = page.length ? tx.select({ address: c.address, entity: c.entity, recordId: c.recordId }).from(c).where(inArray(c.address, page)).orderBy(asc(c.address), asc(c.entity), asc(c.recordId)).all() : [];
      return { total, claims };
    });
  }

  async profileFeatures(profileId: string): Promise<string[]> {
    const f = schema.profileFeatures;
    return this.db.select({ feature: f.feature }).from(f).where(eq(f.profileId, profileId)).orderBy(asc(f.feature)).all().map((r) => r.feature);
  }

  async setProfileFeatures(profileId: string, features: readonly string[]): Promise<void> {
    const f = schema.profileFeatures;
    this.db.transaction((tx) => {
      tx.delete(f).where(eq(f.profileId, profileId)).run();
      if (features.length) tx.insert(f).values([...new Set(features)].map((feature) => ({ profileId, feature }))).run();
    });
  }

  async getServerSetting(key: string): Promise<string | null> {
    return this.db.select({ value: schema.serverSettings.value }).from(schema.serverSettings).where(eq(schema.serverSettings.key, key)).get()?.value ?? null;
  }

  async putServerSetting(key: string, value: string, by: string, at: string): Promise<void> {
    const row = { key, value, updatedBy: by, updatedAt: at };
    this.db.insert(schema.serverSettings).values(row).onConflictDoUpdate({ target: schema.serverSettings.key, set: row }).run();
  }

  async close(): Promise<void> {
    this.sqlite.close();
  }
}
