// Advanced search on the device's side: the calls (online only) and the plain rules the page uses, tested in Node.
import { NO_VALUE, type Condition, type ConditionOp, type SearchField } from '../../../shared/advanced-search.ts';
import type { EntityName } from '../../../shared/entities/index.ts';
import type { WireDoc } from '../../../shared/sync.ts';
import type { ApiClient } from '../../net/api.ts';

const enc = encodeURIComponent;

export interface SearchPage {
  total: number;
  offset: number;
  limit: number;
  records: WireDoc[];
}

export const advancedSearchApi = (api: ApiClient) => ({
  fields: (entity: EntityName, signal?: AbortSignal) => api.get<{ fields: SearchField[] }>(`/api/search/${enc(entity)}/fields`, signal),
  search: (entity: EntityName, query: { text: string; conditions: Condition[]; offset: number; limit: number }) => api.post<SearchPage>(`/api/search/${enc(entity)}`, query),
  saveGroup: (entity: EntityName, name: string, criteria: { text: string; conditions: Condition[] }) => api.post<{ id: string }>('/api/groups', { name, entity, kind: 'dynamic', criteria }),
});

/** A new row for a field: its first operator, and a select field's first value (a select always has one). */
export function newCondition(field: SearchField): Condition {
  return { field: field.name, op: field.ops[0]!, value: field.options?.[0] ?? '' };
}

/** The row after its field changed: the operator kept when the new field offers it, the value reset. */
export function withField(field: SearchField): Condition {
  return newCondition(field);
}

export const takesValue = (op: ConditionOp): boolean => !NO_VALUE.includes(op);

/** The input a value is typed in, by the field's kind. */
export function inputKind(field: SearchField): 'select' | 'date' | 'number' | 'text' | 'none' {
  if (field.kind === 'select') return 'select';
  if (field.kind === 'date' || field.kind === 'datetime') return 'date';
  if (field.kind === 'number' || field.kind === 'amount') return 'number';
  if (field.kind === 'boolean') return 'none';
  return 'text';
}

/** The conditions worth sending: rows whose operator needs a value and has none are left out. */
export const ready = (rows: readonly Condition[]): Condition[] => rows.filter((r) => !takesValue(r.op) || r.value.trim() !== '');
