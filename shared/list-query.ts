// A server list's sort and filters (`?sort=total,-issuedAt&filter[status]=sent&filter[issuedAt.from]=2026-01-01`):
// what may be sorted and filtered, read from the metadata, and the one parser the server runs and the PWA's lists obey.
import type { EntityDef, Field } from './entities/index.ts';

export const LIST_QUERY_LIMITS = {
  /** Sort keys in one request (the id is added after them). */
  sortKeys: 3,
  /** Filter terms in one request. */
  filters: 16,
  /** Longest filter value. */
  value: 100,
  /** Largest page of `GET /api/records/:entity/list`. */
  page: 500,
} as const;

export type Direction = 'asc' | 'desc';

/** What a list sorts and filters by: an entity's declaration, or the shape of another server list (documents, groups). */
export type ListShape = Pick<EntityDef, 'name' | 'fields'>;
export interface SortKey {
  field: string;
  direction: Direction;
}

/** One filter term: a field equal to a value, or a bound of a range (`gte`/`lte` inclusive, `lt` exclusive). */
export type FilterTerm = { field: string; op: 'eq'; value: string | boolean } | { field: string; op: 'gte' | 'lte' | 'lt'; value: string | number };

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** The kinds a database orders by their column: one value each, not a list kept as JSON nor a long text. */
const SORTABLE_KINDS: ReadonlySet<Field['kind']> = new Set(['text', 'select', 'date', 'datetime', 'number', 'amount', 'boolean']);

/** System fields a list may sort and filter on besides the entity's own. */
const UPDATED_AT = 'updatedAt';

/**
 * The fields a server list sorts by: single values (text, options, dates, numbers, amounts, yes/no) and the last
 * change. A reference is not: its column holds another record's id, whose order means nothing to a reader.
 */
export function sortableFields(def: ListShape): string[] {
  return [...Object.entries(def.fields).filter(([, f]) => SORTABLE_KINDS.has(f.kind)).map(([k]) => k), UPDATED_AT];
}

export function isSortable(def: ListShape, field: string): boolean {
  if (field === UPDATED_AT) return true;
  const f = Object.prototype.hasOwnProperty.call(def.fields, field) ? def.fields[field] : undefined;
  return f !== undefined && SORTABLE_KINDS.has(f.kind);
}

const clip = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** `name,-updatedAt`: fields in order, `-` for descending (a leading `+` is ascending too). Empty: the entity's order. */
export function parseSort(def: ListShape, raw: string | undefined): Parsed<SortKey[]> {
  if (raw === undefined || raw.trim() === '') return { ok: true, value: [] };
  const parts = raw.split(',').map((s) => s.trim());
  if (parts.length > LIST_QUERY_LIMITS.sortKeys) return { ok: false, message: `Sort by at most ${LIST_QUERY_LIMITS.sortKeys} fields.` };
  const keys: SortKey[] = [];
  for (const part of parts) {
    const direction: Direction = part.startsWith('-') ? 'desc' : 'asc';
    const field = part.replace(/^[-+]/, '');
    if (!field) return { ok: false, message: 'A sort key is empty: give field names separated by commas, "-" before a field for descending.' };
    if (!isSortable(def, field)) {
      const known = Object.prototype.hasOwnProperty.call(def.fields, field);
      return {
        ok: false,
        message: known
          ? `${def.name} cannot be sorted by "${clip(field)}"; sortable fields: ${sortableFields(def).join(', ')}.`
          : `${def.name} has no field "${clip(field)}"; sortable fields: ${sortableFields(def).join(', ')}.`,
      };
    }
    if (keys.some((k) => k.field === field)) return { ok: false, message: `"${clip(field)}" is given twice in the sort.` };
    keys.push({ field, direction });
  }
  return { ok: true, value: keys };
}

/** The kind a filter key's field has (`updatedAt` is an instant); undefined when the entity has no such field. */
function kindOf(def: ListShape, field: string): Field['kind'] | 'territory' | undefined {
  if (field === UPDATED_AT) return 'datetime';
  if (field === 'territoryId') return 'territory';
  return Object.prototype.hasOwnProperty.call(def.fields, field) ? def.fields[field]?.kind : undefined;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** An instant as the server stores them: ISO 8601 in UTC (`2026-03-01T00:00:00.000Z`; seconds and fraction optional). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;
const validDay = (s: string): boolean => DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** An instant normalised to the stored form (milliseconds, `Z`) so text comparison orders it right. */
function normalInstant(s: string): string | null {
  if (!INSTANT.test(s)) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * The filter row's values as terms. Keys: `<field>` for an exact value (an option, a reference such as `ownerId`,
 * `territoryId`, yes/no as true/false, a text); `<field>.from` / `<field>.to` for a range on a date (calendar days,
 * both ends kept), a date-time or `updatedAt` (instants in UTC, `from` kept, `to` excluded: the PWA sends the user's
 * days as their midnights), a number or an amount (both ends kept; amounts in minor units). Empty values are ignored.
 */
export function parseFilters(def: ListShape, entries: readonly (readonly [string, string])[]): Parsed<FilterTerm[]> {
  const set = entries.filter(([, v]) => v !== '');
  if (set.length > LIST_QUERY_LIMITS.filters) return { ok: false, message: `Give at most ${LIST_QUERY_LIMITS.filters} filters.` };
  const seen = new Set<string>();
  const terms: FilterTerm[] = [];
  for (const [key, value] of set) {
    if (seen.has(key)) return { ok: false, message: `The filter "${clip(key)}" is given twice.` };
    seen.add(key);
    if (value.length > LIST_QUERY_LIMITS.value) return { ok: false, message: `The filter "${clip(key)}" is longer than ${LIST_QUERY_LIMITS.value} characters.` };
    const [field = '', end, extra] = key.split('.');
    const kind = kindOf(def, field);
    if (!kind || extra !== undefined || (end !== undefined && end !== 'from' && end !== 'to')) return { ok: false, message: `${def.name} has no filter "${clip(key)}".` };
    const f = def.fields[field];
    if (end === undefined) {
      switch (kind) {
        case 'select':
          if (f?.kind === 'select' && !f.options.includes(value)) return { ok: false, message: `"${clip(value)}" is not an option of ${field} (${f.options.filter(Boolean).join(', ')}).` };
          terms.push({ field, op: 'eq', value });
          continue;
        case 'boolean':
          if (value !== 'true' && value !== 'false') return { ok: false, message: `${field} is filtered by true or false.` };
          terms.push({ field, op: 'eq', value: value === 'true' });
          continue;
        case 'ref':
        case 'territory':
        case 'text':
          terms.push({ field, op: 'eq', value });
          continue;
        default:
          return { ok: false, message: `${field} is filtered by a range: ${field}.from and/or ${field}.to.` };
      }
    }
    switch (kind) {
      case 'date':
        if (!validDay(value)) return { ok: false, message: `${key} must be a date (YYYY-MM-DD).` };
        terms.push({ field, op: end === 'from' ? 'gte' : 'lte', value });
        continue;
      case 'datetime': {
        const at = normalInstant(value);
        if (!at) return { ok: false, message: `${key} must be an instant in UTC (YYYY-MM-DDTHH:mm:ss.sssZ).` };
        terms.push({ field, op: end === 'from' ? 'gte' : 'lt', value: at });
        continue;
      }
      case 'number':
      case 'amount': {
        const n = Number(value);
        if (value.trim() === '' || !Number.isFinite(n) || (kind === 'amount' && !Number.isSafeInteger(n))) return { ok: false, message: `${key} must be a ${kind === 'amount' ? 'whole number (in minor units)' : 'number'}.` };
        terms.push({ field, op: end === 'from' ? 'gte' : 'lte', value: n });
        continue;
      }
      default:
        return { ok: false, message: `${field} is filtered by one value (${field}=…), not a range.` };
    }
  }
  return { ok: true, value: terms };
}

/** The query-string form of a list's sort (`total,-issuedAt`), for the PWA. */
export function sortParam(keys: readonly SortKey[]): string {
  return keys.map((k) => (k.direction === 'desc' ? `-${k.field}` : k.field)).join(',');
}

/** The `filter[key]` entries of a query string, in order. */
export function filterEntries(params: Iterable<[string, string]>): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of params) {
    const m = /^filter\[([^\]]*)\]$/.exec(k);
    if (m) out.push([m[1] ?? '', v]);
  }
  return out;
}
