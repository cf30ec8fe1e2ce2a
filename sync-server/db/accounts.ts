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
}

export interface SessionRow {
  tokenHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
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
