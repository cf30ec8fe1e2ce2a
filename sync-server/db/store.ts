// The store interface: what the sync server needs from a database. SQLite (sqlite/) and SQL Server (mssql/) implement it.
import { entityDef, type EntityName } from '../../shared/entities/index.ts';
import type { ProfileRight } from '../../shared/security.ts';
import type { FilterTerm, SortKey } from '../../shared/list-query.ts';
import type { WireDoc } from '../../shared/sync.ts';
import type { AuditRow, NewSessionRow, NewUserRow, ProfileRow, SessionRow, TerritoryRow, UserChanges, UserRow } from './accounts.ts';
import type { DocumentStore } from './documents.ts';
import type { AuditStore, ForecastStore, TokenStore } from './people.ts';
import type { GroupStore } from './groups.ts';
import type { MailMergeStore } from './mail-merge.ts';
import type { ClaimRow } from './email-claims.ts';
import type { PoolStats } from './dialect.ts';
import type { PlanRow, PushContext, Refusal } from './push-plan.ts';
import type { RuleHealth, TableRule } from '../../shared/rules.ts';

/** Which records a pull returns: those in the given territories, those owned by a user (per-user entities), or all (settings). */
export type PullScope =
  | { kind: 'territory'; territories: readonly string[] }
  | { kind: 'owner'; ownerId: string }
  | { kind: 'everyone' }
  /** Custom records kept on devices (docs/decisions/0057): per custom entity, the territories where the user may view it. */
  | { kind: 'keyed'; byKey: readonly KeyedTerritories[] };
export interface KeyedTerritories {
  key: string;
  territories: readonly string[];
}

export interface PullPage {
  /** In sequence order; records that left the scope come as tombstones. */
  documents: WireDoc[];
  /** The sequence of each document, in the same order. */
  seqs: number[];
  /** The sequence of the last document, or `since` when there is none. */
  lastSeq: number;
  remaining: number;
}

export interface PushOutcome {
  /** What the device must hold for every row that did not apply exactly as sent (RxDB's conflict answer). */
  conflicts: WireDoc[];
  /** Sequence of the last change written, or null when the push changed nothing (a retry, a no-op). */
  lastSeq: number | null;
  /** Rows refused (no right, invalid): kept as rejected changes for their author in lenient pushes. */
  refusals: Refusal[];
  /** Entities written by this push (cascades and kept conflicts included), for the live stream. */
  touched: EntityName[];
  /** Table rules that acted and that failed on this write (docs/decisions/0049), for the metrics. */
  rules?: { fired: number; failed: number };
}

/** One entity's rows of a multi-entity write (a quote and its lines). */
export interface RecordBatch {
  entity: EntityName;
  rows: readonly PlanRow[];
}

/**
 * Which live records a list asks for, and in which order: text over the search fields, equality on fields (a quote's
 * lines: `quoteId`), the filter row's terms and a sort, both already checked against the metadata (shared/list-query.ts).
 */
export interface RecordQuery {
  text?: string;
  equals?: Record<string, string>;
  filters?: readonly FilterTerm[];
  /** Empty or absent: the entity's own order. */
  sort?: readonly SortKey[];
  /** A custom entity's key (`customRecord` rows): its search fields and custom fields are the ones searched (0050). */
  as?: string;
}

export interface RecordPage {
  total: number;
  records: WireDoc[];
}

/**
 * A list's order: the keys asked for, or else the entity's sort field (or its title's first) in its direction; then
 * the id, so rows that tie keep one order and pages never repeat or skip one.
 */
export function listOrder(entity: EntityName, sort: readonly SortKey[] = []): { key: string; direction: 'asc' | 'desc' }[] {
  const def = entityDef(entity);
  const asked = sort.length ? sort.map((k) => ({ field: k.field, direction: k.direction })) : [def.sort ?? { field: def.title[0] ?? 'id', direction: 'asc' as const }];
  const keys = asked.map((k) => ({ key: k.field, direction: k.direction }));
  return keys.some((k) => k.key === 'id') ? keys.slice(0, keys.findIndex((k) => k.key === 'id') + 1) : [...keys, { key: 'id', direction: 'asc' }];
}

/** What an instance tells the others beyond record writes (docs/decisions/0025); `origin` is the instance that acted. */
export type ServerEvent =
  | { kind: 'revoke'; userId: string; keep: string; origin: string; createdAt: string }
  | { kind: 'revoke-one'; userId: string; tokenHash: string; origin: string; createdAt: string }
  | { kind: 'nudge'; collection: EntityName; origin: string; createdAt: string };

/** What committed after a feed cursor: the collections written (each at its latest sequence) and the server events, in order. */
export interface FeedPage {
  /** The new cursor: everything at or below it has been read. */
  head: number;
  changes: { collection: EntityName; seq: number }[];
  events: ServerEvent[];
}

export interface SyncStore {
  readonly dialect: 'sqlite' | 'mssql';
  /** Marketing groups (groups.ts), on the same database. */
  readonly groups: GroupStore;
  /** Mail-merge templates and merged documents (mail-merge.ts), on the same database. */
  readonly mailMerge: MailMergeStore;
  /** Documents filed with records (documents.ts), on the same database. */
  readonly documents: DocumentStore;
  /** The audit log of administrative changes, API tokens and sales forecasts (people.ts), on the same database. */
  readonly audit: AuditStore;
  readonly tokens: TokenStore;
  readonly forecasts: ForecastStore;
  /** Applies the dialect's drizzle-kit migrations in order; safe to run at every start. */
  migrate(): Promise<void>;

  /** Changes after `since` within `scope`, oldest first: exactly `limit` documents while more exist. */
  pull(entity: EntityName, since: number, limit: number, scope: PullScope): Promise<PullPage>;
  /**
   * Applies a batch atomically under the pusher's rights (push-plan.ts decides): a retried or duplicated batch
   * never applies twice. A strict push with a refused row throws and writes nothing.
   */
  push(entity: EntityName, rows: readonly PlanRow[], ctx: PushContext): Promise<PushOutcome>;
  /**
   * Writes records of several entities in one transaction, all or nothing (online records written through their
   * rules: a quote with its lines). Each batch is planned like a strict push under the writer's rights; a refused
   * row throws (403/422) and nothing is written.
   */
  writeRecords(batches: readonly RecordBatch[], ctx: PushContext): Promise<PushOutcome>;
  /** Live records of an entity within the scope that the query finds: a page in the list's order, with their number. */
  listRecords(entity: EntityName, query: RecordQuery, scope: PullScope, page: { offset: number; limit: number }): Promise<RecordPage>;
  /** Up to `limit` live records in the scope whose search fields contain `text` (case as the database compares). */
  search(entity: EntityName, text: string, scope: PullScope, limit: number): Promise<WireDoc[]>;
  /** Exactly the records asked for that exist, in no particular order (deleted ones included, flagged). */
  getByIds(entity: EntityName, ids: readonly string[]): Promise<WireDoc[]>;
  /** Loads records without conflict checks (demo data, imports); each gets a fresh sequence. */
  insertMany(entity: EntityName, docs: readonly WireDoc[]): Promise<void>;
  count(entity: EntityName): Promise<number>;

  findUserByLogin(login: string): Promise<UserRow | null>;
  getUser(id: string): Promise<UserRow | null>;
  listUsers(): Promise<UserRow[]>;
  /** Inserts users; with `audit`, their audit entries in the same transaction. */
  insertUsers(users: readonly NewUserRow[], audit?: readonly AuditRow[]): Promise<void>;
  /**
   * Changes a user; in the same transaction, `endSessions` deletes every session of theirs (answered: how many) and
   * `audit` is written: the change, its sessions' end and its audit entry land together or not at all.
   */
  updateUser(id: string, changes: UserChanges, opts?: { endSessions?: boolean; audit?: readonly AuditRow[] }): Promise<number>;
  createSession(session: NewSessionRow): Promise<void>;
  findSession(tokenHash: string): Promise<SessionRow | null>;
  /** Notes that the session was used at `at` (the idle timeout counts from the last use). */
  touchSession(tokenHash: string, at: string): Promise<void>;
  /** Live sessions (not past `expiresAt`), of one user or of everyone, the most recently used first. */
  listSessions(userId?: string): Promise<SessionRow[]>;
  deleteSession(tokenHash: string, audit?: readonly AuditRow[]): Promise<void>;
  /** Revokes every session of a user (an administrator's "sign this user out everywhere"). */
  deleteSessionsOfUser(userId: string, audit?: readonly AuditRow[]): Promise<number>;
  listTerritories(): Promise<TerritoryRow[]>;
  insertTerritories(rows: readonly TerritoryRow[], audit?: readonly AuditRow[]): Promise<void>;
  updateTerritory(id: string, changes: Partial<Pick<TerritoryRow, 'name' | 'parentId'>>, audit?: readonly AuditRow[]): Promise<void>;
  /**
   * Deletes an empty territory (and the rights naming it) with its audit entry, in one transaction; when anything is
   * still in it (child territories, live records of any entity, documents, users' home territory), deletes nothing
   * and answers what is there, by kind.
   */
  deleteTerritory(id: string, audit?: readonly AuditRow[]): Promise<Record<string, number> | null>;
  listProfiles(): Promise<ProfileRow[]>;
  /** New profiles; with `copyFrom`, each gets that profile's rights and features, in the same transaction. */
  insertProfiles(rows: readonly ProfileRow[], opts?: { copyFrom?: string; audit?: readonly AuditRow[] }): Promise<void>;
  renameProfile(id: string, name: string, audit?: readonly AuditRow[]): Promise<void>;
  /** Deletes a profile no user has (with its rights and features); answers how many users have it, deleting nothing then. */
  deleteProfile(id: string, audit?: readonly AuditRow[]): Promise<number>;
  profileRights(profileId: string): Promise<ProfileRight[]>;
  /** Replaces a profile's rights (with `audit`, written in the same transaction). */
  setProfileRights(profileId: string, rights: readonly ProfileRight[], audit?: readonly AuditRow[]): Promise<void>;

  /**
   * Live communications on `ownerId`'s calendar within `scope` whose `startsAt` text lies in [from, to), by
   * `startsAt`, at most `limit` (the iCalendar feed). The range compares text: callers widen it and filter exactly.
   */
  calendarItems(ownerId: string, scope: PullScope, from: string, to: string, limit: number): Promise<WireDoc[]>;
  /** Stores a user's secret calendar link (its hash), replacing any link they had: one live link per user. */
  createCalendarFeed(userId: string, tokenHash: string, createdAt: string): Promise<void>;
  findCalendarFeed(tokenHash: string): Promise<{ userId: string } | null>;
  /** Revokes the user's calendar link; true when there was one. */
  deleteCalendarFeed(userId: string): Promise<boolean>;

  /**
   * Writes a system setting (`setting` record) with a new sequence, so devices pull it. Switching duplicate
   * e-mail detection on marks, in the same transaction, one claim per address as enforced (the unique index then
   * refuses any other record taking it); switching it off unmarks them all. Returns the sequence.
   */
  saveSetting(doc: WireDoc): Promise<number>;
  /** Who holds these normalised addresses (companies, persons and leads). */
  emailClaims(addresses: readonly string[]): Promise<ClaimRow[]>;
  /** Addresses held by more than one record, in address order (a page of them), with every claim on them. */
  duplicateEmails(offset: number, limit: number): Promise<{ total: number; claims: ClaimRow[] }>;
  /** Rights a profile has as a whole (see FEATURES in shared/screens.ts). */
  profileFeatures(profileId: string): Promise<string[]>;
  setProfileFeatures(profileId: string, features: readonly string[]): Promise<void>;
  /** Table rules with what is known of their failures (docs/decisions/0049), by name. */
  listRules(): Promise<{ rule: TableRule; health: RuleHealth | null }[]>;
  /** Saves (adds or replaces) a rule with its audit entry, in one transaction; a changed rule starts with a clean health. */
  saveRule(rule: TableRule, audit: readonly AuditRow[]): Promise<void>;
  /** Deletes a rule (and its health) with its audit entry; false when there was none. */
  deleteRule(id: string, audit: readonly AuditRow[]): Promise<boolean>;
  /** Server-only settings (integration keys, encrypted by the caller): never replicated. */
  getServerSetting(key: string): Promise<string | null>;
  putServerSetting(key: string, value: string, by: string, at: string): Promise<void>;
  /** Every server setting whose key starts with `prefix` (saved reports: `report.`), in key order. */
  serverSettingsWithPrefix(prefix: string): Promise<{ key: string; value: string }[]>;
  deleteServerSetting(key: string): Promise<void>;
  /** Erases a purged custom field's values from every record of the entity (docs/decisions/0044); how many records held one. */
  purgeCustomValues(entity: EntityName, key: string): Promise<number>;
  /**
   * Deletes every live record of a removed custom entity: each becomes a tombstone at a new sequence (devices drop it,
   * as any deletion), 500 a transaction. Written by the server, past rights and declarations (the entity is gone).
   * Returns how many, and the last sequence written.
   */
  removeCustomRecords(key: string, by: string, at: string): Promise<{ removed: number; lastSeq: number | null }>;

  /** The change feed's cursor now: every sequence at or below it is committed (Ops.feedHead). */
  feedHead(): Promise<number>;
  /** What committed after `after` up to the head: cheap (one statement) when nothing did. */
  changesSince(after: number): Promise<FeedPage>;
  /** Records a server event at the next change sequence, for the other instances' feeds. */
  appendEvent(event: ServerEvent): Promise<void>;
  /** Deletes server events created before `before` (ISO time); how many. */
  pruneEvents(before: string): Promise<number>;
  /** The database connections held (Dialect.poolStats), for the metrics. */
  poolStats(): PoolStats;
  /** Runs `body` under the database-wide start-up lock (Dialect.startupLock). */
  withStartupLock<T>(body: () => Promise<T>, waitMs?: number): Promise<T>;

  close(): Promise<void>;
}
