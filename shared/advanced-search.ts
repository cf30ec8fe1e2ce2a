// Advanced search (docs/decisions/0040): conditions on any field of an entity, checked the same way by the search
// screen and the server, and kept in a dynamic group's criteria when a search is saved.
import { customEntities, customEntity, entityDef, isHiddenCustomField, ONLINE_ENTITIES, RECORD_ENTITIES, type EntityName, type Field, type FieldKind } from './entities/index.ts';

/** The built-in entities with an advanced search: the records users keep (notes aside) and the online ones. */
export const SEARCH_ENTITIES: readonly EntityName[] = [...RECORD_ENTITIES.filter((e) => e !== 'note'), ...ONLINE_ENTITIES];
/**
 * Every entity with an advanced search now: the built-in ones, then each custom entity by its key (`x_project`, a name
 * `entityDef` answers with the entity's own declaration, as quick search and the lists use it; docs/decisions/0050).
 */
export function searchEntities(): EntityName[] {
  return [...SEARCH_ENTITIES, ...customEntities().map((c) => c.key as EntityName)];
}
export const isSearchEntity = (e: unknown): e is EntityName => typeof e === 'string' && ((SEARCH_ENTITIES as readonly string[]).includes(e) || customEntity(e) !== undefined);

export const CONDITION_OPS = ['contains', 'equals', 'not-equals', 'starts-with', 'before', 'after', 'less-than', 'more-than', 'is-true', 'is-false', 'empty', 'not-empty'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export interface Condition {
  field: string;
  op: ConditionOp;
  /** Text; a number for numbers and amounts (amounts in their smallest unit); a date "YYYY-MM-DD" for dates and times; unused by is-true, is-false, empty, not-empty. */
  value: string;
  /**
   * Its OR group (0 when absent): a record matches when every condition of one group holds, as in (A and B) or (C).
   * Conditions saved before groups existed are all group 0: every one must hold, as before.
   */
  group?: number;
}

export const SEARCH_LIMITS = { conditions: 20, value: 100, pageMax: 200, groups: 5 } as const;

/** The conditions by OR group, in group order (empty groups left out): each group's conditions must all hold. */
export function orGroups(conditions: readonly Condition[]): Condition[][] {
  const by = new Map<number, Condition[]>();
  for (const c of conditions) {
    const g = c.group ?? 0;
    (by.get(g) ?? by.set(g, []).get(g)!).push(c);
  }
  return [...by.entries()].sort((a, b) => a[0] - b[0]).map(([, list]) => list);
}

/** The operators each kind of field offers. */
export const OPS_BY_KIND: Record<FieldKind, readonly ConditionOp[]> = {
  text: ['contains', 'equals', 'starts-with', 'empty', 'not-empty'],
  longtext: ['contains', 'empty', 'not-empty'],
  select: ['equals', 'not-equals'],
  ref: ['equals', 'empty', 'not-empty'],
  date: ['equals', 'before', 'after', 'empty', 'not-empty'],
  datetime: ['before', 'after', 'empty', 'not-empty'],
  number: ['equals', 'less-than', 'more-than', 'empty', 'not-empty'],
  amount: ['equals', 'less-than', 'more-than', 'empty', 'not-empty'],
  boolean: ['is-true', 'is-false'],
  emails: ['contains', 'empty', 'not-empty'],
  phones: ['contains', 'empty', 'not-empty'],
  addresses: ['contains', 'empty', 'not-empty'],
};

/** Operators that take no value. */
export const NO_VALUE: readonly ConditionOp[] = ['is-true', 'is-false', 'empty', 'not-empty'];

/** A field as the search screen offers it: its kind, operators and, for a select field, every one of its values (674-171544-QA). */
export interface SearchField {
  name: string;
  kind: FieldKind;
  ops: readonly ConditionOp[];
  options?: readonly string[];
}

/** Every field of the entity a condition may be put on (computed ones too: they are stored), but custom ones hidden. */
export function searchFields(entity: EntityName): SearchField[] {
  return Object.entries(entityDef(entity).fields).filter(([name]) => !isHiddenCustomField(entity, name)).map(([name, f]) => {
    const field = f as Field;
    return { name, kind: field.kind, ops: OPS_BY_KIND[field.kind], ...(field.kind === 'select' ? { options: [...field.options] } : {}) };
  });
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks conditions against the entity's metadata: the conditions, or what is wrong with the first bad one. */
export function checkConditions(entity: EntityName, raw: unknown): { ok: true; conditions: Condition[] } | { ok: false; message: string } {
  if (raw === undefined || raw === null) return { ok: true, conditions: [] };
  if (!Array.isArray(raw)) return { ok: false, message: 'conditions must be a list of { "field", "op", "value" }.' };
  if (raw.length > SEARCH_LIMITS.conditions) return { ok: false, message: `At most ${SEARCH_LIMITS.conditions} conditions.` };
  const fields = entityDef(entity).fields as Record<string, Field>;
  const out: Condition[] = [];
  for (const [i, c] of raw.entries()) {
    const where = `Condition ${i + 1}`;
    if (typeof c !== 'object' || c === null) return { ok: false, message: `${where} must be { "field", "op", "value" }.` };
    const { field, op, value = '', group = 0 } = c as Record<string, unknown>;
    if (typeof group !== 'number' || !Number.isInteger(group) || group < 0 || group >= SEARCH_LIMITS.groups) return { ok: false, message: `${where}: its group is a whole number from 0 to ${SEARCH_LIMITS.groups - 1}.` };
    const f = typeof field === 'string' && Object.prototype.hasOwnProperty.call(fields, field) ? fields[field] : undefined;
    if (!f) return { ok: false, message: `${where}: "${String(field).slice(0, 40)}" is not a field of ${entity}.` };
    if (typeof op !== 'string' || !OPS_BY_KIND[f.kind].includes(op as ConditionOp)) return { ok: false, message: `${where}: ${f.kind} fields take ${OPS_BY_KIND[f.kind].join(', ')}.` };
    if (typeof value !== 'string' || value.length > SEARCH_LIMITS.value) return { ok: false, message: `${where}: the value is text of at most ${SEARCH_LIMITS.value} characters.` };
    const o = op as ConditionOp;
    if (!NO_VALUE.includes(o)) {
      if (f.kind === 'select' && !f.options.includes(value)) return { ok: false, message: `${where}: "${value.slice(0, 40)}" is not a value of ${String(field)}.` };
      if ((f.kind === 'number' || f.kind === 'amount') && (value.trim() === '' || !Number.isFinite(Number(value)))) return { ok: false, message: `${where}: give a number.` };
      if ((f.kind === 'date' || f.kind === 'datetime') && !DATE.test(value)) return { ok: false, message: `${where}: give a date YYYY-MM-DD.` };
      if (f.kind !== 'select' && value.trim() === '') return { ok: false, message: `${where}: give a value.` };
    }
    out.push({ field: field as string, op: o, value: NO_VALUE.includes(o) ? '' : value.trim(), ...(group > 0 ? { group } : {}) });
  }
  return { ok: true, conditions: out };
}
