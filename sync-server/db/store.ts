// The store interface: what the sync server needs from a database. SQLite (sqlite/) and SQL Server (mssql/) implement it.
import type { EntityName } from '../../shared/entities/index.ts';
import type { PullResponse, PushRow, WireDoc } from '../../shared/sync.ts';
import type { SessionRow, TerritoryRow, UserRow } from './accounts.ts';

export interface Actor {
  userId: string;
}

export interface PushOutcome {
  /** Current master of every row that did not apply exactly as sent (RxDB's conflict answer). */
  conflicts: WireDoc[];
  /** Sequence of the last change written, or null when the push changed nothing (a retry, a no-op). */
  lastSeq: number | null;
}

export interface SyncStore {
  readonly dialect: 'sqlite' | 'mssql';
  /** Applies the dialect's drizzle-kit migrations in order; safe to run at every start. */
  migrate(): Promise<void>;

  /** Changes after `since`, oldest first: exactly `limit` documents while more exist. */
  pull(entity: EntityName, since: number, limit: number): Promise<PullResponse>;
  /** Applies a batch atomically: a retried or duplicated batch never applies twice. Rows must be validated already. */
  push(entity: EntityName, rows: readonly PushRow[], actor: Actor): Promise<PushOutcome>;
  /** Exactly the records asked for that exist, in no particular order (deleted ones included, flagged). */
  getByIds(entity: EntityName, ids: readonly string[]): Promise<WireDoc[]>;
  /** Loads records without conflict checks (demo data, imports); each gets a fresh sequence. */
  insertMany(entity: EntityName, docs: readonly WireDoc[]): Promise<void>;
  count(entity: EntityName): Promise<number>;

  findUserByLogin(login: string): Promise<UserRow | null>;
  getUser(id: string): Promise<UserRow | null>;
  insertUsers(users: readonly UserRow[]): Promise<void>;
  createSession(session: SessionRow): Promise<void>;
  findSession(tokenHash: string): Promise<SessionRow | null>;
  deleteSession(tokenHash: string): Promise<void>;
  listTerritories(): Promise<TerritoryRow[]>;
  insertTerritories(rows: readonly TerritoryRow[]): Promise<void>;

  close(): Promise<void>;
}
