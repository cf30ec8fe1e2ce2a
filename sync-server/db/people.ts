// Stores beside the accounts: the audit log (0021), personal API tokens (0022) and sales forecasts (0023). Each is an
// interface both dialects implement once in common/; the rows are in accounts.ts.
import type { ApiTokenRow, AuditQuery, AuditRow, ForecastRow } from './accounts.ts';

export interface AuditStore {
  /** Writes entries on their own (a change whose write is not the store's, such as an installer setting). */
  insert(rows: readonly AuditRow[]): Promise<void>;
  /** Entries matching the query, newest first, a page with their number. */
  list(query: AuditQuery): Promise<{ total: number; rows: AuditRow[] }>;
}

export interface TokenStore {
  /** A new token, with its audit entries in the same transaction. */
  create(row: ApiTokenRow, audit?: readonly AuditRow[]): Promise<void>;
  find(tokenHash: string): Promise<ApiTokenRow | null>;
  touch(id: string, at: string): Promise<void>;
  /** Tokens of one user or of everyone, newest first. */
  list(userId?: string): Promise<ApiTokenRow[]>;
  /** True when there was such a token (of that user, when `userId` is given); the audit entries land with it. */
  delete(id: string, userId?: string, audit?: readonly AuditRow[]): Promise<boolean>;
}

export interface ForecastStore {
  /** Forecasts of these users whose period starts in [from, to) (yyyy-mm-dd; either may be ''), by user and period. */
  list(userIds: readonly string[], from: string, to: string): Promise<ForecastRow[]>;
  /** Writes the user's forecast for the period (one per user and period: a second write replaces it). */
  put(row: ForecastRow): Promise<void>;
  delete(userId: string, period: string): Promise<boolean>;
}
