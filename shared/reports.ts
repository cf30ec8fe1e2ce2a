// Reports (issue 22): a definition (entity, columns, filters, sort, grouping), checked the same way on both sides, and
// the pure engine that turns the records a caller may view into rows with subtotals and totals (docs/decisions/0035).
import { customEntities, customEntity, entityDef, isHiddenCustomField, type CustomEntityKey, type EntityDef, type EntityName, type Field } from './entities/index.ts';
import { minorDigits } from './money.ts';
import { isObject } from './objects.ts';

/** Built-in entities a report may be about: the records users work with, with quote and order lines and prices (not conflicts, notifications or settings). */
export const REPORT_ENTITIES = ['company', 'person', 'lead', 'communication', 'note', 'opportunity', 'quote', 'quoteItem', 'order', 'orderItem', 'product', 'productPrice'] as const satisfies readonly EntityName[];
/** A built-in report entity, or a custom entity's key (`x_project`, docs/decisions/0050): read with that entity's rights. */
export type ReportEntity = (typeof REPORT_ENTITIES)[number] | CustomEntityKey;
export const isReportEntity = (x: unknown): x is ReportEntity => typeof x === 'string' && ((REPORT_ENTITIES as readonly string[]).includes(x) || customEntity(x) !== undefined);
/** Every entity a report may be about now: the built-in ones, then the custom entities of the applied customisation. */
export function reportEntities(): ReportEntity[] {
  return [...REPORT_ENTITIES, ...customEntities().map((e) => e.key as CustomEntityKey)];
}
/** The declaration a report reads (a custom entity's own, with its custom fields; a built-in one's with theirs). */
const defOf = (entity: ReportEntity): EntityDef => entityDef(entity as EntityName);

export const FILTER_OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains', 'empty', 'notEmpty', 'in', 'thisMonth'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export interface ReportFilter {
  /** A field of the entity, or `territoryId`. */
  field: string;
  op: FilterOp;
  /** Text for text and select fields, a whole number in the field's units for numbers and amounts, `YYYY-MM-DD` for dates; a list for `in`. */
  value?: string | number | readonly string[];
}

export interface ReportDefinition {
  entity: ReportEntity;
  /** Fields shown, in order; `<date field>:month` is the field's month (`2026-12`). */
  columns: readonly string[];
  filters: readonly ReportFilter[];
  sort: readonly { field: string; direction: 'asc' | 'desc' }[];
  /** Up to two columns to group by, outermost first: each group ends with a subtotal row (one per currency for amounts). */
  groupBy: readonly string[];
  /** Record rows too, or only the subtotals and totals. */
  details: boolean;
  /** Draw the first grouping's subtotals as a bar chart beside the table. */
  chart: boolean;
}

/** A runnable report as GET /api/reports lists it. */
export interface ReportSummary {
  id: string;
  name: string;
  /** Shipped with the product, or saved by a user. */
  kind: 'shipped' | 'saved';
  /** `forecast`: forecast vs. actual, computed from #19's forecasts (not a definition: it cannot be edited). */
  entity: ReportEntity | 'forecast';
  /** Saved ones: who saved it, and whether others may run it. */
  ownerId?: string;
  shared?: boolean;
}

export interface SavedReport {
  id: string;
  name: string;
  ownerId: string;
  shared: boolean;
  definition: ReportDefinition;
  updatedAt: string;
}

export type ColumnKind = 'text' | 'choice' | 'number' | 'amount' | 'percent' | 'date' | 'datetime' | 'month' | 'boolean' | 'count';

export interface ReportColumn {
  key: string;
  /** i18n key of the caption. */
  label: string;
  kind: ColumnKind;
  /** Amounts: decimals of the value (a currency's come with each row's `currency`). */
  scale?: number;
  /** Amounts in a currency: the field that names it. */
  currencyField?: string;
}

/** A cell: text, a number in the column's units (minor units for money), an ISO date or instant, or null when empty. */
export type Cell = string | number | boolean | null;

export interface ReportRow {
  kind: 'record' | 'subtotal' | 'total';
  /** Grouping depth of a subtotal (0: outermost); record rows sit below the last. */
  level: number;
  /** The group's values, outermost first (subtotals and records). */
  group: string[];
  /** Money in this row is in this currency (subtotals and totals come one per currency; never summed across them). */
  currency?: string;
  count: number;
  cells: Record<string, Cell>;
  /** Record rows: the record's id. */
  id?: string;
}

/** The first grouping's subtotals: what the chart draws (one series per currency). */
export interface ReportGroup {
  key: string;
  label: string;
  count: number;
  /** Per currency ('' for no currency), the sums of each number or amount column. */
  sums: Record<string, Record<string, number>>;
}

export interface ReportResult {
  id: string | null;
  name: string;
  entity: ReportEntity | 'forecast';
  columns: ReportColumn[];
  /** The page of rows asked for. */
  rows: ReportRow[];
  totalRows: number;
  offset: number;
  limit: number;
  groups: ReportGroup[];
  /** Records that matched. */
  count: number;
  chart: boolean;
  /** The grouping columns, outermost first (their kinds say how to show a group's key). */
  groupBy: ReportColumn[];
  /** The first numeric column the chart draws (or the count). */
  measure: string;
  /** A second numeric column drawn beside the measure (forecast vs. actual). */
  compare?: string;
}

export const MAX_COLUMNS = 20;
export const MAX_FILTERS = 10;
export const MAX_GROUPS = 2;
export const NAME_MAX = 80;

const SKIP_KINDS: readonly Field['kind'][] = ['longtext', 'emails', 'phones', 'addresses'];

/**
 * The fields a report on `entity` offers (columns, filters, sort), with `territoryId` and `updatedAt`: custom ones too,
 * not those hidden (a saved report that names one still runs: `columnOf` knows every field the entity has).
 */
export function reportFields(entity: ReportEntity): string[] {
  const def = defOf(entity);
  return [...Object.entries(def.fields).filter(([k, f]) => !SKIP_KINDS.includes(f.kind) && !isHiddenCustomField(entity, k)).map(([k]) => k), 'territoryId', 'updatedAt'];
}

function baseField(entity: ReportEntity, key: string): Field | { kind: 'territory' | 'stamp' } | null {
  if (key === 'territoryId') return { kind: 'territory' };
  if (key === 'updatedAt') return { kind: 'stamp' };
  const fields = defOf(entity).fields;
  const f = Object.prototype.hasOwnProperty.call(fields, key) ? fields[key] : undefined;
  return f && !SKIP_KINDS.includes(f.kind) ? f : null;
}

/** What a column key shows, or null when the entity has no such field. */
export function columnOf(entity: ReportEntity, key: string): ReportColumn | null {
  const [name = '', part] = key.split(':');
  const f = baseField(entity, name);
  if (!f) return null;
  const label = name === 'territoryId' ? 'field.territoryId' : name === 'updatedAt' ? 'field.updatedAt' : `field.${entity}.${name}`;
  if (part !== undefined) {
    if (part !== 'month' || !(f.kind === 'date' || f.kind === 'datetime' || f.kind === 'stamp')) return null;
    return { key, label, kind: 'month' };
  }
  switch (f.kind) {
    case 'number':
      return { key, label, kind: 'number', scale: 0 };
    case 'amount':
      if (f.scale === 'currency') return { key, label, kind: 'amount', currencyField: 'currency' };
      return { key, label, kind: f.percent ? 'percent' : 'number', scale: f.scale };
    case 'date':
      return { key, label, kind: 'date' };
    case 'datetime':
    case 'stamp':
      return { key, label, kind: 'datetime' };
    case 'boolean':
      return { key, label, kind: 'boolean' };
    case 'select':
      return { key, label, kind: 'choice' };
    default:
      return { key, label, kind: 'text' };
  }
}

export const isNumeric = (c: ReportColumn): boolean => c.kind === 'number' || c.kind === 'amount' || c.kind === 'percent';

/** A problem with a definition: which part, and a sentence (the server answers it in a problem body). */
export interface DefinitionIssue {
  path: string;
  message: string;
}

/** Checks a definition from a client; returns it normalised, or the issues. */
export function checkDefinition(input: unknown): { definition: ReportDefinition; issues: [] } | { definition: null; issues: DefinitionIssue[] } {
  const issues: DefinitionIssue[] = [];
  if (!isObject(input)) return { definition: null, issues: [{ path: '', message: 'Send the report definition as a JSON object.' }] };
  const entity = input.entity;
  if (!isReportEntity(entity)) return { definition: null, issues: [{ path: 'entity', message: `Reports are on ${reportEntities().join(', ')}.` }] };
  const strings = (v: unknown, path: string, max: number): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.length > max || !v.every((x) => typeof x === 'string')) {
      issues.push({ path, message: `${path} is a list of at most ${max} field names.` });
      return [];
    }
    return v as string[];
  };
  const columns = strings(input.columns, 'columns', MAX_COLUMNS);
  if (!columns.length) issues.push({ path: 'columns', message: 'Choose at least one column.' });
  columns.forEach((c, i) => {
    if (!columnOf(entity, c)) issues.push({ path: `columns.${i}`, message: `${entity} has no column "${c.slice(0, 40)}".` });
  });
  const groupBy = strings(input.groupBy, 'groupBy', MAX_GROUPS);
  groupBy.forEach((g, i) => {
    const col = columnOf(entity, g);
    if (!col || isNumeric(col)) issues.push({ path: `groupBy.${i}`, message: `Group by a text, choice, reference or month column, not "${g.slice(0, 40)}".` });
  });
  const filters: ReportFilter[] = [];
  if (input.filters !== undefined && (!Array.isArray(input.filters) || input.filters.length > MAX_FILTERS)) issues.push({ path: 'filters', message: `filters is a list of at most ${MAX_FILTERS}.` });
  else
    (input.filters as unknown[] | undefined)?.forEach((f, i) => {
      if (!isObject(f) || typeof f.field !== 'string' || !baseField(entity, f.field) || !(FILTER_OPS as readonly string[]).includes(String(f.op))) {
        issues.push({ path: `filters.${i}`, message: 'A filter names a field of the entity and one of the operators.' });
        return;
      }
      const v = f.value;
      const op = f.op as FilterOp;
      const okValue =
        op === 'empty' || op === 'notEmpty' || op === 'thisMonth'
          ? v === undefined
          : op === 'in'
            ? Array.isArray(v) && v.length <= 50 && v.every((x) => typeof x === 'string' && x.length <= 200)
            : (typeof v === 'string' && v.length <= 200) || (typeof v === 'number' && Number.isSafeInteger(v));
      if (!okValue) issues.push({ path: `filters.${i}.value`, message: `The value does not fit the operator "${op}".` });
      else filters.push({ field: f.field, op, ...(v === undefined ? {} : { value: v as ReportFilter['value'] }) });
    });
  const sort: { field: string; direction: 'asc' | 'desc' }[] = [];
  if (input.sort !== undefined && (!Array.isArray(input.sort) || input.sort.length > 3)) issues.push({ path: 'sort', message: 'sort is a list of at most 3.' });
  else
    (input.sort as unknown[] | undefined)?.forEach((s, i) => {
      if (!isObject(s) || typeof s.field !== 'string' || !columnOf(entity, s.field) || (s.direction !== 'asc' && s.direction !== 'desc')) issues.push({ path: `sort.${i}`, message: 'Sort by a column, asc or desc.' });
      else sort.push({ field: s.field, direction: s.direction });
    });
  if (issues.length) return { definition: null, issues };
  return { definition: { entity, columns, filters, sort, groupBy, details: input.details !== false, chart: input.chart === true }, issues: [] };
}

/** What the engine needs beyond the records: the time (for "this month") and the display text of a reference. */
export interface RunContext {
  now: string;
  /**
   * The month ("YYYY-MM") an instant falls in for the person running the report (their time zone): "this month" is
   * theirs, not UTC's. A date without a time is its own month. Absent: UTC.
   */
  month?(iso: string): string | null;
  /** The title of the record, user or territory a reference names ('' when unknown). */
  label(field: string, value: string): string;
}

const monthOf = (v: unknown): string | null => (typeof v === 'string' && /^\d{4}-\d{2}/.test(v) ? v.slice(0, 7) : null);

function matches(doc: Record<string, unknown>, f: ReportFilter, now: string, month: (v: unknown) => string | null = monthOf): boolean {
  const v = doc[f.field];
  const empty = v === null || v === undefined || v === '';
  switch (f.op) {
    case 'empty':
      return empty;
    case 'notEmpty':
      return !empty;
    case 'thisMonth': {
      const m = month(v);
      return m !== null && m === month(now);
    }
    case 'in':
      return Array.isArray(f.value) && f.value.includes(String(v ?? ''));
    case 'contains':
      return typeof v === 'string' && v.toLowerCase().includes(String(f.value ?? '').toLowerCase());
    default: {
      if (empty) return f.op === 'ne';
      const c = compare(v, f.value);
      return f.op === 'eq' ? c === 0 : f.op === 'ne' ? c !== 0 : f.op === 'lt' ? c < 0 : f.op === 'lte' ? c <= 0 : f.op === 'gt' ? c > 0 : c >= 0;
    }
  }
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a === null || a === undefined || a === '') return b === null || b === undefined || b === '' ? 0 : -1;
  if (b === null || b === undefined || b === '') return 1;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** One record's value for a column: references by their title, months cut from the date. */
function cellOf(doc: Record<string, unknown>, col: ReportColumn, ctx: RunContext, entity: ReportEntity): Cell {
  const [name = ''] = col.key.split(':');
  const v = doc[name];
  if (col.kind === 'month') return monthOf(v);
  if (v === undefined || v === null || v === '') return null;
  if (isNumeric(col)) return typeof v === 'number' ? v : null;
  if (col.kind === 'boolean') return v === true;
  const f = baseField(entity, name);
  if (f && (f.kind === 'ref' || f.kind === 'territory')) return ctx.label(name, String(v)) || String(v);
  return typeof v === 'string' ? v : String(v);
}

/** The grouping value's sort key and label (a month sorts as text). */
const groupKey = (c: Cell): string => (c === null ? '' : String(c));

/**
 * Runs a checked definition over the records the caller may view (already narrowed by their rights): filters, sorts,
 * groups; every group ends with a subtotal per currency, and the report with totals per currency.
 */
export function runReport(def: ReportDefinition, docs: readonly Record<string, unknown>[], ctx: RunContext): { columns: ReportColumn[]; rows: ReportRow[]; groups: ReportGroup[]; count: number; measure: string } {
  const columns = def.columns.map((k) => columnOf(def.entity, k)!).filter(Boolean);
  const groupCols = def.groupBy.map((k) => columnOf(def.entity, k)!);
  const numeric = columns.filter(isNumeric);
  const currencyOf = (doc: Record<string, unknown>): string => (numeric.some((c) => c.kind === 'amount') && typeof doc.currency === 'string' ? doc.currency : '');
  const inZone = ctx.month;
  const month = inZone ? (v: unknown): string | null => (typeof v !== 'string' ? null : /T\d/.test(v) ? inZone(v) : monthOf(v)) : monthOf;
  const kept = docs.filter((d) => def.filters.every((f) => matches(d, f, ctx.now, month)));
  const rows = kept.map((d) => {
    const cells: Record<string, Cell> = {};
    for (const c of columns) cells[c.key] = cellOf(d, c, ctx, def.entity);
    const group = groupCols.map((g) => groupKey(cellOf(d, g, ctx, def.entity)));
    return { id: String(d.id), cells, group, currency: currencyOf(d), sortCells: Object.fromEntries(def.sort.map((s) => [s.field, cellOf(d, columnOf(def.entity, s.field)!, ctx, def.entity)])) };
  });
  rows.sort((a, b) => {
    for (let i = 0; i < a.group.length; i++) {
      const c = compare(a.group[i], b.group[i]);
      if (c) return c;
    }
    for (const s of def.sort) {
      const c = compare(a.sortCells[s.field], b.sortCells[s.field]);
      if (c) return s.direction === 'asc' ? c : -c;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });

  const out: ReportRow[] = [];
  /** Sums per currency of the numeric columns over `part`. */
  const subtotals = (part: typeof rows, kind: 'subtotal' | 'total', level: number, group: string[]): ReportRow[] => {
    const byCurrency = new Map<string, { count: number; sums: Record<string, number | null> }>();
    for (const r of part) {
      const t = byCurrency.get(r.currency) ?? { count: 0, sums: Object.fromEntries(numeric.map((c) => [c.key, null])) };
      t.count++;
      for (const c of numeric) {
        const v = r.cells[c.key];
        if (typeof v === 'number') t.sums[c.key] = (t.sums[c.key] ?? 0) + v;
      }
      byCurrency.set(r.currency, t);
    }
    if (!byCurrency.size) byCurrency.set('', { count: 0, sums: {} });
    return [...byCurrency.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, t]) => {
        const cells: Record<string, Cell> = {};
        for (const c of columns) cells[c.key] = isNumeric(c) ? (t.sums[c.key] ?? null) : null;
        group.forEach((g, i) => {
          const col = groupCols[i];
          if (col && col.key in cells) cells[col.key] = g || null;
        });
        if (currency && 'currency' in cells) cells.currency = currency;
        return { kind, level, group, count: t.count, cells, ...(currency ? { currency } : {}) };
      });
  };
  const emit = (part: typeof rows, level: number, prefix: string[]): void => {
    if (level >= groupCols.length) {
      if (def.details) for (const r of part) out.push({ kind: 'record', level, group: r.group, count: 1, cells: r.cells, id: r.id, ...(r.currency ? { currency: r.currency } : {}) });
      return;
    }
    let i = 0;
    while (i < part.length) {
      const key = part[i]!.group[level]!;
      let j = i;
      while (j < part.length && part[j]!.group[level] === key) j++;
      const slice = part.slice(i, j);
      emit(slice, level + 1, [...prefix, key]);
      out.push(...subtotals(slice, 'subtotal', level, [...prefix, key]));
      i = j;
    }
  };
  emit(rows, 0, []);
  out.push(...subtotals(rows, 'total', 0, []));

  const groups: ReportGroup[] = [];
  if (groupCols.length) {
    for (const r of rows) {
      const key = r.group[0]!;
      let g = groups.find((x) => x.key === key);
      if (!g) groups.push((g = { key, label: key, count: 0, sums: {} }));
      g.count++;
      const s = (g.sums[r.currency] ??= {});
      for (const c of numeric) {
        const v = r.cells[c.key];
        if (typeof v === 'number') s[c.key] = (s[c.key] ?? 0) + v;
      }
    }
  }
  return { columns, rows: out, groups, count: rows.length, measure: numeric[0]?.key ?? 'count' };
}

/** A number cell in display units: minor units of a currency, or the field's scale. */
export function displayNumber(col: ReportColumn, value: number, currency: string | undefined): number {
  const digits = col.kind === 'amount' ? minorDigits(currency ?? '') : (col.scale ?? 0);
  return digits ? value / 10 ** digits : value;
}
