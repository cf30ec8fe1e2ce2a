// Groups of companies, persons or leads (Marketing): the store interface both dialects implement, and the rules of a group's criteria.
import type { FilterTerm, ListShape, SortKey } from '../../shared/list-query.ts';
import { datetime, select, text } from '../../shared/entities/fields.ts';
import { checkConditions, type Condition } from '../../shared/advanced-search.ts';
import { entityDef, type EntityName, type SelectField } from '../../shared/entities/index.ts';
import type { WireDoc } from '../../shared/sync.ts';
import type { PullScope } from './store.ts';
import { isObject } from '../../shared/objects.ts';

export const GROUP_ENTITIES = ['company', 'person', 'lead'] as const;
export type GroupEntity = (typeof GROUP_ENTITIES)[number];
export const isGroupEntity = (e: unknown): e is GroupEntity => typeof e === 'string' && (GROUP_ENTITIES as readonly string[]).includes(e);

/** `static`: hand-picked members; `dynamic`: whatever its saved search finds, when it is read. */
export const GROUP_KINDS = ['static', 'dynamic'] as const;

/** What the group list sorts and filters by, with the record lists' rules (shared/list-query.ts). */
export const GROUP_LIST: ListShape = {
  name: 'groups',
  fields: { name: text(120), entity: select(GROUP_ENTITIES, 'company'), kind: select(GROUP_KINDS, 'static'), createdAt: datetime() },
};
export type GroupKind = (typeof GROUP_KINDS)[number];
export const isGroupKind = (k: unknown): k is GroupKind => typeof k === 'string' && (GROUP_KINDS as readonly string[]).includes(k);

export const GROUP_NAME_MAX = 120;
/** The most members a group has, and the most records one read of its members returns (a MailChimp send pages through). */
export const GROUP_MEMBER_LIMIT = 10_000;
/** The saved search's text, as long as the records search takes. */
export const CRITERIA_TEXT_MAX = 100;
/** The criteria column holds JSON text of at most this many characters (nvarchar(4000) on SQL Server). */
export const CRITERIA_JSON_MAX = 4000;

/** A dynamic group's saved search: the text (over the entity's search fields) and equality filters on select fields. */
export interface GroupCriteria {
  text: string;
  filters: Record<string, string>;
  /** An advanced search's conditions on any field (docs/decisions/0040), all of which must hold. */
  conditions?: Condition[];
}
export const NO_CRITERIA: GroupCriteria = { text: '', filters: {} };

export interface GroupRow {
  id: string;
  name: string;
  entity: GroupEntity;
  kind: GroupKind;
  criteria: GroupCriteria;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
}

export interface Paging {
  offset: number;
  limit: number;
}

export interface GroupListQuery extends Paging {
  /** Part of the name, compared case-insensitively; '' lists every group. */
  contains: string;
  /** Checked against GROUP_LIST; empty: by name. */
  sort?: readonly SortKey[];
  filters?: readonly FilterTerm[];
  /** Only groups of these entities (those the user may view somewhere). */
  entities: readonly GroupEntity[];
}

/** Live records in a scope: a page of them, by title, and how many there are in all. */
export interface RecordPage {
  total: number;
  records: WireDoc[];
}

export interface GroupStore {
  /** Groups whose name contains the text (any case), by name then id: a page and the number of all matches. */
  list(query: GroupListQuery): Promise<{ total: number; groups: GroupRow[] }>;
  get(id: string): Promise<GroupRow | null>;
  create(group: GroupRow): Promise<void>;
  /** Changes the name and/or criteria; null when there is no such group. */
  update(id: string, changes: { name?: string; criteria?: GroupCriteria; updatedAt: string }): Promise<GroupRow | null>;
  /** Deletes the group and its members in one transaction; false when there was no such group. */
  delete(id: string): Promise<boolean>;
  /**
   * Adds records to a static group (ids already in it are skipped): the number newly added, or null when the group
   * would then hold more than `max` members (nothing is added).
   */
  addMembers(groupId: string, recordIds: readonly string[], max: number): Promise<number | null>;
  /** Removes records from a group (ids not in it are skipped): the number removed. */
  removeMembers(groupId: string, recordIds: readonly string[]): Promise<number>;
  /** Every member id of a group, whatever the records' state (at most GROUP_MEMBER_LIMIT). */
  memberIds(groupId: string): Promise<string[]>;
  /** A static group's live members within the scope, by title. */
  staticMembers(groupId: string, entity: GroupEntity, scope: PullScope, page: Paging): Promise<RecordPage>;
  /** How many of a static group's members are live records within the scope. */
  countStaticMembers(groupId: string, entity: GroupEntity, scope: PullScope): Promise<number>;
  /** Live records within the scope that a dynamic group's criteria find, by title. */
  matching(entity: GroupEntity, criteria: GroupCriteria, scope: PullScope, page: Paging): Promise<RecordPage>;
  /**
   * The same for an advanced search on any searchable entity (not only group entities). `as`: a custom entity's key,
   * searched among its `customRecord` rows with its own declaration (docs/decisions/0050).
   */
  search(entity: EntityName, criteria: GroupCriteria, scope: PullScope, page: Paging, as?: string): Promise<RecordPage>;
}

/** The select fields of an entity, which a dynamic group may filter on, with their options. */
export function filterFields(entity: GroupEntity): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const [key, f] of Object.entries(entityDef(entity).fields)) if (f.kind === 'select') out[key] = (f as SelectField).options;
  return out;
}

/**
 * Checks criteria sent by a client against the entity's metadata: `{ text?, filters? }`, filters naming select fields
 * with one of their options. An empty filter value means "any" and is dropped. Returns the criteria or what is wrong.
 */
export function checkCriteria(entity: GroupEntity, raw: unknown): { ok: true; criteria: GroupCriteria } | { ok: false; message: string } {
  if (raw === undefined || raw === null) return { ok: true, criteria: { text: '', filters: {} } };
  if (!isObject(raw)) return { ok: false, message: 'criteria must be an object: { "text": "…", "filters": { "field": "value" } }.' };
  const unknown = Object.keys(raw).filter((k) => k !== 'text' && k !== 'filters' && k !== 'conditions');
  if (unknown.length) return { ok: false, message: `criteria has unknown keys: ${unknown.slice(0, 5).join(', ')}.` };
  const text = raw.text ?? '';
  if (typeof text !== 'string') return { ok: false, message: 'criteria.text must be text.' };
  if (text.trim().length > CRITERIA_TEXT_MAX) return { ok: false, message: `criteria.text is at most ${CRITERIA_TEXT_MAX} characters.` };
  const given = raw.filters ?? {};
  if (!isObject(given)) return { ok: false, message: 'criteria.filters must be an object of field: value.' };
  const fields = filterFields(entity);
  const filters: Record<string, string> = {};
  for (const [field, value] of Object.entries(given)) {
    const options = Object.prototype.hasOwnProperty.call(fields, field) ? fields[field] : undefined;
    if (!options) return { ok: false, message: `"${field.slice(0, 40)}" is not a field a ${entity} group can filter on (${Object.keys(fields).join(', ')}).` };
    if (typeof value !== 'string') return { ok: false, message: `The filter on ${field} must be text.` };
    if (value === '') continue;
    if (!options.includes(value)) return { ok: false, message: `"${value.slice(0, 40)}" is not a value of ${field} (${options.filter(Boolean).join(', ')}).` };
    filters[field] = value;
  }
  const conditions = checkConditions(entity, raw.conditions);
  if (!conditions.ok) return conditions;
  return { ok: true, criteria: { text: text.trim(), filters, ...(conditions.conditions.length ? { conditions: conditions.conditions } : {}) } };
}

/** Criteria as stored (JSON text); text that does not parse reads as no criteria rather than failing the page. */
export function encodeCriteria(c: GroupCriteria): string {
  return JSON.stringify({ text: c.text, filters: c.filters, ...(c.conditions?.length ? { conditions: c.conditions } : {}) });
}
export function decodeCriteria(entity: GroupEntity, text: string): GroupCriteria {
  try {
    const r = checkCriteria(entity, JSON.parse(text));
    return r.ok ? r.criteria : { text: '', filters: {} };
  } catch {
    return { text: '', filters: {} };
  }
}

/** A database row (criteria as text) as the group the rest of the server sees. */
export function groupOf(row: { id: string; name: string; entity: string; kind: string; criteria: string; ownerId: string; createdAt: string; updatedAt: string }): GroupRow {
  const entity = isGroupEntity(row.entity) ? row.entity : 'company';
  return { ...row, entity, kind: isGroupKind(row.kind) ? row.kind : 'static', criteria: decodeCriteria(entity, row.criteria) };
}

/** The fields a member page is ordered by: the list's sort field (else the title's first), then the id (so pages never overlap). */
export function memberOrder(entity: EntityName): string[] {
  const def = entityDef(entity);
  const first = def.sort?.field ?? def.title[0];
  return first && first !== 'id' ? [first, 'id'] : ['id'];
}

/** `%text%` for a case-insensitive contains on the lower-cased column (the caller lower-cases the column the same way). */
export function containsPattern(text: string): string {
  return `%${text.trim().toLowerCase().replace(/[\\%_[]/g, (c) => `\\${c}`)}%`;
}
