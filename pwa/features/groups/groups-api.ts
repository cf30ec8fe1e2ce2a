// The groups API as the Marketing pages use it (online only), and the few rules the pages share: paging text, filter fields.
import { entityDef, type AnyRecord, type SelectField } from '../../../shared/entities/index.ts';
import type { ApiClient } from '../../net/api.ts';

/** The entities a group can hold, as the server's GROUP_ENTITIES (sync-server/db/groups.ts). */
export const GROUP_ENTITIES = ['company', 'person', 'lead'] as const;
export type GroupEntity = (typeof GROUP_ENTITIES)[number];
export type GroupKind = 'static' | 'dynamic';
/** The member filters the notification links use (`#/page/group/<id>?only=duplicate`). */
export const ONLY = ['missing', 'invalid', 'duplicate'] as const;
export type Only = (typeof ONLY)[number];
export const isOnly = (v: unknown): v is Only => typeof v === 'string' && (ONLY as readonly string[]).includes(v);

export interface GroupCriteria {
  text: string;
  filters: Record<string, string>;
}

/** A group as GET /api/groups/:id answers it. */
export interface Group {
  id: string;
  name: string;
  entity: GroupEntity;
  kind: GroupKind;
  criteria: GroupCriteria;
  ownerId: string;
  ownerName: string;
  mayEdit: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface GroupPage {
  total: number;
  offset: number;
  limit: number;
  groups: Group[];
}

export interface MemberPage {
  total: number;
  /** Static members in territories the user may not view. */
  hidden: number;
  offset: number;
  limit: number;
  records: AnyRecord[];
}

export interface GroupDraft {
  name: string;
  entity: GroupEntity;
  kind: GroupKind;
  criteria?: GroupCriteria;
}

const enc = encodeURIComponent;

export const groupsApi = (api: ApiClient) => ({
  /** `sort` as the server takes it (`-name`), `filters` as `filter[...]` terms (entity, kind). */
  list: (q: string, offset: number, limit: number, signal?: AbortSignal, sort = '', filters: Record<string, string> = {}) => {
    const params = new URLSearchParams({ q, offset: String(offset), limit: String(limit) });
    if (sort) params.set('sort', sort);
    for (const [k, v] of Object.entries(filters)) if (v) params.set(`filter[${k}]`, v);
    return api.get<GroupPage>(`/api/groups?${params.toString()}`, signal);
  },
  get: (id: string) => api.get<Group>(`/api/groups/${enc(id)}`),
  create: (draft: GroupDraft) => api.post<Group>('/api/groups', draft),
  update: (id: string, changes: { name?: string; criteria?: GroupCriteria }) => api.request<Group>('PATCH', `/api/groups/${enc(id)}`, changes),
  remove: (id: string) => api.request<{ deleted: string }>('DELETE', `/api/groups/${enc(id)}`),
  members: (id: string, offset: number, limit: number, only?: Only) =>
    api.get<MemberPage>(`/api/groups/${enc(id)}/members?${new URLSearchParams({ offset: String(offset), limit: String(limit), ...(only ? { only } : {}) }).toString()}`),
  addMembers: (id: string, ids: string[]) => api.post<{ added: number; total: number }>(`/api/groups/${enc(id)}/members`, { ids }),
  removeMembers: (id: string, ids: string[]) => api.request<{ removed: number; total: number }>('DELETE', `/api/groups/${enc(id)}/members`, { ids }),
  /** Records the user may view, found on the server (the device may not hold them all). */
  search: (entity: GroupEntity, q: string, signal?: AbortSignal) => api.get<AnyRecord[]>(`/api/records/${entity}/search?${new URLSearchParams({ q, limit: '20' }).toString()}`, signal),
});

/** The select fields a dynamic group may filter on, with their options (the server checks the same metadata). */
export function filterFields(entity: GroupEntity): { field: string; options: readonly string[] }[] {
  return Object.entries(entityDef(entity).fields)
    .filter(([, f]) => f.kind === 'select')
    .map(([field, f]) => ({ field, options: (f as SelectField).options }));
}

/** "21–40" of a page, or null when the page is empty. */
export function pageRange(offset: number, shown: number, total: number): { from: number; to: number; total: number } | null {
  return shown === 0 ? null : { from: offset + 1, to: offset + shown, total };
}
