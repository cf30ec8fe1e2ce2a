// Users, sessions and territories as the stores keep them (not replicated records: only the server reads them).

export const ROLES = ['admin', 'manager', 'sales', 'marketing'] as const;
export type Role = (typeof ROLES)[number];

export interface UserRow {
  id: string;
  login: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  territoryId: string;
  /** The security profile giving the user's rights (see shared/security.ts). */
  profileId: string;
  locale: string;
  timeZone: string;
  /** '' when none was given. */
  email: string;
  /** A disabled user cannot sign in; their sessions and tokens were ended when they were disabled. */
  disabled: boolean;
  /** Set by an administrator's reset (and for a new user): every request but changing it is refused until changed. */
  mustChangePassword: boolean;
  /** The user this one reports to ('' for none): the one colleague who may edit their forecasts (781-171899-QA). */
  reportsTo: string;
}

export interface SessionRow {
  tokenHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  /** The last request made with it (written at most once a minute): the idle timeout counts from here. */
  lastSeenAt: string;
  /** The User-Agent and client address at sign-in, shown in Administration → Sessions. */
  userAgent: string;
  address: string;
}

/** One administrative change, kept for the Audit page: who, what, when, and the target before and after (JSON). */
export interface AuditRow {
  id: string;
  at: string;
  actorId: string;
  actorLogin: string;
  action: string;
  targetType: string;
  targetId: string;
  before: string;
  after: string;
}

export interface TerritoryRow {
  id: string;
  name: string;
  parentId: string;
}

export interface ProfileRow {
  id: string;
  name: string;
}

/** What a new user's row must have; the rest take their defaults (no e-mail, enabled, no forced change, reports to nobody). */
export type NewUserRow = Omit<UserRow, 'email' | 'disabled' | 'mustChangePassword' | 'reportsTo'> & Partial<Pick<UserRow, 'email' | 'disabled' | 'mustChangePassword' | 'reportsTo'>>;
export type NewSessionRow = Omit<SessionRow, 'lastSeenAt' | 'userAgent' | 'address'> & Partial<Pick<SessionRow, 'lastSeenAt' | 'userAgent' | 'address'>>;
export type UserChanges = Partial<Omit<UserRow, 'id' | 'login' | 'role'>>;

/** Which audit entries a list asks for; every filter optional, `text` searched in the target and the before/after. */
export interface AuditQuery {
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** ISO instants: from inclusive, to exclusive. */
  from?: string;
  to?: string;
  offset: number;
  limit: number;
}

/** A personal API token: its hash, never the token (shown once when made). */
export interface ApiTokenRow {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  createdAt: string;
  lastUsedAt: string;
  /** When it stops working (ISO); '' for never (tokens made before expiry dates existed, or chosen so). */
  expiresAt: string;
  /** `full`: what its user may do; `read`: reads only (tokens made before this existed are `full`). */
  access: TokenAccess;
}

export const TOKEN_ACCESS = ['full', 'read'] as const;
export type TokenAccess = (typeof TOKEN_ACCESS)[number];

/** A user's sales forecast for a month (`2026-12`) or quarter (`2026-Q4`), in minor units of its currency. */
export interface ForecastRow {
  id: string;
  userId: string;
  period: string;
  /** The period's first day, yyyy-mm-dd. */
  periodStart: string;
  amount: number;
  currency: string;
  updatedAt: string;
  updatedBy: string;
}
