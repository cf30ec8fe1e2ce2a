// The administration API as the admin pages use it (online only).
import type { Territory } from '../../../shared/api.ts';
import type { ProfileRight } from '../../../shared/security.ts';
import type { ApiClient } from '../../net/api.ts';

export interface AdminUser {
  id: string;
  login: string;
  displayName: string;
  role: string;
  territoryId: string;
  profileId: string;
  locale: string;
  timeZone: string;
  email: string;
  disabled: boolean;
  mustChangePassword: boolean;
  reportsTo: string;
  /** Live sessions (signed-in devices). */
  sessions: number;
}
export interface AdminProfile {
  id: string;
  name: string;
  rights: ProfileRight[];
}
export interface AdminSession {
  id: string;
  userId: string;
  login: string;
  displayName: string;
  browser: string;
  kind: string;
  model: string;
  address: string;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}
export interface AdminToken {
  id: string;
  userId: string;
  name: string;
  createdAt: string;
  lastUsedAt: string;
  /** ISO, or '' for never. */
  expiresAt: string;
  access: 'full' | 'read';
}
export interface AuditEntry {
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
export interface AuditFilter {
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
}
export type UserEdit = Partial<Pick<AdminUser, 'displayName' | 'email' | 'locale' | 'timeZone' | 'profileId' | 'territoryId' | 'reportsTo'>>;

/** The audit query string for a filter (only the filters set), shared by the list and the CSV link. */
export function auditQuery(f: AuditFilter, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v) q.set(k, v);
  return q.toString();
}

const user = (id: string): string => `/api/admin/users/${encodeURIComponent(id)}`;

export const adminApi = (api: ApiClient) => ({
  users: () => api.get<AdminUser[]>('/api/admin/users'),
  profiles: () => api.get<AdminProfile[]>('/api/admin/profiles'),
  updateUser: (id: string, changes: UserEdit & { password?: string }) => api.request<{ ok: true }>('PATCH', user(id), changes),
  createUser: (u: { login: string; displayName: string; email: string; password: string; profileId: string; territoryId: string; locale: string; timeZone: string }) => api.post<AdminUser>('/api/admin/users', u),
  disable: (id: string) => api.post<{ ok: true; revoked: number }>(`${user(id)}/disable`, {}),
  enable: (id: string) => api.post<{ ok: true }>(`${user(id)}/enable`, {}),
  resetPassword: (id: string) => api.post<{ password: string }>(`${user(id)}/reset-password`, {}),
  revoke: (id: string) => api.post<{ revoked: number }>(`${user(id)}/revoke-sessions`, {}),
  sessions: (userId = '') => api.get<AdminSession[]>(`/api/admin/sessions${userId ? `?userId=${encodeURIComponent(userId)}` : ''}`),
  revokeSession: (id: string) => api.request<{ ok: true }>('DELETE', `/api/admin/sessions/${encodeURIComponent(id)}`),
  tokens: (userId = '') => api.get<AdminToken[]>(`/api/admin/tokens${userId ? `?userId=${encodeURIComponent(userId)}` : ''}`),
  revokeToken: (id: string) => api.request<{ ok: true }>('DELETE', `/api/admin/tokens/${encodeURIComponent(id)}`),
  audit: (f: AuditFilter, offset: number, limit: number) => api.get<{ total: number; rows: AuditEntry[] }>(`/api/admin/audit?${auditQuery(f, { offset: String(offset), limit: String(limit) })}`),
  territories: () => api.get<Territory[]>('/api/admin/territories'),
  createTerritory: (tr: { name: string; parentId: string }) => api.post<Territory>('/api/admin/territories', tr),
  updateTerritory: (id: string, changes: { name?: string; parentId?: string }) => api.request<Territory>('PATCH', `/api/admin/territories/${encodeURIComponent(id)}`, changes),
  deleteTerritory: (id: string) => api.request<{ ok: true }>('DELETE', `/api/admin/territories/${encodeURIComponent(id)}`),
  createProfile: (p: { name: string; copyFrom?: string }) => api.post<{ id: string; name: string }>('/api/admin/profiles', p),
  renameProfile: (id: string, name: string) => api.request<{ id: string; name: string }>('PATCH', `/api/admin/profiles/${encodeURIComponent(id)}`, { name }),
  deleteProfile: (id: string) => api.request<{ ok: true }>('DELETE', `/api/admin/profiles/${encodeURIComponent(id)}`),
  setRights: (profileId: string, rights: ProfileRight[]) => api.request<{ ok: true }>('PUT', `/api/admin/profiles/${encodeURIComponent(profileId)}/rights`, rights),
});
