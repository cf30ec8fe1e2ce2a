// The administration API as the admin page uses it (online only).
import type { ProfileRight } from '../../../shared/security.ts';
import type { ApiClient } from '../../net/api.ts';

export interface AdminUser {
  id: string;
  login: string;
  displayName: string;
  role: string;
  territoryId: string;
  profileId: string;
}
export interface AdminProfile {
  id: string;
  name: string;
  rights: ProfileRight[];
}

export const adminApi = (api: ApiClient) => ({
  users: () => api.get<AdminUser[]>('/api/admin/users'),
  profiles: () => api.get<AdminProfile[]>('/api/admin/profiles'),
  updateUser: (id: string, changes: { profileId?: string; territoryId?: string; displayName?: string; password?: string }) => api.request<{ ok: true }>('PATCH', `/api/admin/users/${encodeURIComponent(id)}`, changes),
  createUser: (u: { login: string; displayName: string; password: string; profileId: string; territoryId: string; locale: string; timeZone: string }) => api.post<AdminUser>('/api/admin/users', u),
  revoke: (id: string) => api.post<{ revoked: number }>(`/api/admin/users/${encodeURIComponent(id)}/revoke-sessions`, {}),
  setRights: (profileId: string, rights: ProfileRight[]) => api.request<{ ok: true }>('PUT', `/api/admin/profiles/${encodeURIComponent(profileId)}/rights`, rights),
});
