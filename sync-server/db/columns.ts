// How an entity's fields map to SQL columns, the same for every dialect: names, kinds and the row <-> record conversion.
import { currentCustomization, isEntityName, emptyValue, entities, entityDef, ID_MAX, isCustomizable, LIST_LIMITS, onCustomization, TERRITORY_MAX, type AnyRecord, type EntityDef, type EntityName, type Field } from '../../shared/entities/index.ts';
import type { WireDoc } from '../../shared/sync.ts';

/** The SQL shape of a column, which each dialect turns into its own type. */
export type ColumnKind = 'string' | 'text' | 'real' | 'int' | 'bool' | 'json' | 'custom';
export interface ColumnPlan {
  /** The record key. */
  key: string;
  /** The SQL column name. */
  column: string;
  kind: ColumnKind;
  /** For `string`: the longest value. */
  length: number;
  nullable: boolean;
  /** For `custom`: the entity whose custom fields it holds. */
  entity?: string;
}

export const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function planField(key: string, f: Field): ColumnPlan {
  const column = snake(key);
  switch (f.kind) {
    case 'text':
      return { key, column, kind: 'string', length: f.maxLength, nullable: false };
    case 'longtext':
      return { key, column, kind: 'text', length: f.maxLength, nullable: false };
    case 'select':
      return { key, column, kind: 'string', length: Math.max(1, ...f.options.map((o) => o.length)), nullable: false };
    case 'ref':
      return { key, column, kind: 'string', length: ID_MAX, nullable: false };
    case 'date':
      return { key, column, kind: 'string', length: 10, nullable: false };
    case 'datetime':
      return { key, column, kind: 'string', length: 40, nullable: false };
    case 'number':
      return { key, column, kind: 'real', length: 0, nullable: true };
    case 'amount':
      // Exact: a whole number of minor units (SQLite integer, SQL Server bigint), never a float.
      return { key, column, kind: 'int', length: 0, nullable: true };
    case 'boolean':
      return { key, column, kind: 'bool', length: 0, nullable: false };
    case 'emails':
    case 'phones':
    case 'addresses':
      return { key, column, kind: 'json', length: LIST_LIMITS.entries, nullable: false };
  }
}

/** The column holding a record's custom field values as one JSON object (docs/decisions/0044). */
export const CUSTOM_COLUMN: ColumnPlan = { key: 'custom', column: 'custom_values', kind: 'custom', length: 0, nullable: false };

/**
 * System columns first, then the entity's declared fields in declaration order, then (entities that take custom
 * fields) the JSON column of their custom values. Always the built-in declaration: custom fields never get a column
 * of their own, so an administrator's change needs no DDL. `seq` is the dialect's change sequence, added by each dialect.
 */
export function columnPlan(declared: EntityDef): ColumnPlan[] {
  return [
    { key: 'id', column: 'id', kind: 'string', length: ID_MAX, nullable: false },
    { key: 'territoryId', column: 'territory_id', kind: 'string', length: TERRITORY_MAX, nullable: false },
    { key: 'updatedAt', column: 'updated_at', kind: 'string', length: 40, nullable: false },
    { key: 'updatedBy', column: 'updated_by', kind: 'string', length: ID_MAX, nullable: false },
    { key: '_deleted', column: 'deleted', kind: 'bool', length: 0, nullable: false },
    ...Object.entries(declared.fields).map(([k, f]) => planField(k, f)),
    ...(isCustomizable(declared.name) ? [{ ...CUSTOM_COLUMN, entity: declared.name }] : []),
  ];
}

const customCache = new Map<string, [string, Field][]>();
onCustomization(() => customCache.clear());
/** The custom fields an entity has now (their keys and declarations), from the registry; computed once per customisation. */
function customFieldsOf(entity: string): [string, Field][] {
  let list = customCache.get(entity);
  if (!list) {
    if (!isEntityName(entity)) return [];
    const fields = entityDef(entity).fields;
    list = currentCustomization()
      .fields.filter((s) => s.entity === entity)
      .flatMap((s) => (fields[s.key] ? [[s.key, fields[s.key]] as [string, Field]] : []));
    customCache.set(entity, list);
  }
  return list;
}

/** Record -> values keyed by record key, ready for a Drizzle insert (lists as JSON text, booleans as 0/1 handled by the column). */
export function toRow(plan: readonly ColumnPlan[], doc: WireDoc): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const c of plan) {
    if (c.kind === 'custom') {
      row[c.key] = JSON.stringify(Object.fromEntries(customFieldsOf(c.entity ?? '').map(([k, f]) => [k, (doc as Record<string, unknown>)[k] ?? emptyValue(f)])));
      continue;
    }
    const v = (doc as Record<string, unknown>)[c.key];
    row[c.key] = c.kind === 'json' ? JSON.stringify(v ?? []) : c.kind === 'bool' ? v === true : v ?? (c.nullable ? null : '');
  }
  return row;
}

/** A Drizzle row (keyed by record key) -> the record on the wire. */
export function fromRow(plan: readonly ColumnPlan[], row: Record<string, unknown>): WireDoc {
  const doc: Record<string, unknown> = {};
  for (const c of plan) {
    const v = row[c.key];
    if (c.kind === 'custom') {
      // Values of fields purged since are not read; a field added since reads as empty.
      const stored = parseObject(v);
      for (const [k, f] of customFieldsOf(c.entity ?? '')) doc[k] = Object.prototype.hasOwnProperty.call(stored, k) ? stored[k] : emptyValue(f);
      continue;
    }
    doc[c.key] = c.kind === 'json' ? (typeof v === 'string' ? JSON.parse(v) : []) : c.kind === 'bool' ? v === true || v === 1 : c.kind === 'real' || c.kind === 'int' ? (v === null || v === undefined ? null : Number(v)) : v ?? '';
  }
  return doc as AnyRecord as WireDoc;
}

function parseObject(v: unknown): Record<string, unknown> {
  if (typeof v !== 'string') return {};
  try {
    const o = JSON.parse(v) as unknown;
    return typeof o === 'object' && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const plans = new Map<EntityName, ColumnPlan[]>();
/** The column plan of an entity, computed once: both stores map rows with it on every read and write. */
export function planOf(entity: EntityName): ColumnPlan[] {
  let p = plans.get(entity);
  if (!p) plans.set(entity, (p = columnPlan(entities[entity] as unknown as EntityDef)));
  return p;
}
