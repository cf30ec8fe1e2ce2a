// Advanced-search conditions (shared/advanced-search.ts) as SQL, the same for both dialects: text compared lower-cased
// (a collation may not fold case), lists searched in their JSON text, dates as ISO text, numbers as numbers.
import { and, eq, gt, isNotNull, isNull, lt, ne, or, sql, type Column, type SQL } from 'drizzle-orm';
import { orGroups, type Condition } from '../../shared/advanced-search.ts';
import type { EntityDef, Field } from '../../shared/entities/index.ts';
import { likePattern } from './search.ts';

const startsPattern = (text: string): string => `${text.replace(/[\\%_[]/g, (c) => `\\${c}`)}%`;

/** One condition; `col(key)` is the dialect's column, `lower` its lower-casing. */
export function conditionSql(def: EntityDef, c: Condition, col: (key: string) => Column, lower: (column: Column) => SQL): SQL | undefined {
  const f = Object.prototype.hasOwnProperty.call(def.fields, c.field) ? (def.fields as Record<string, Field>)[c.field] : undefined;
  if (!f) return sql`1 = 0`;
  const column = col(c.field);
  const list = f.kind === 'emails' || f.kind === 'phones' || f.kind === 'addresses';
  const numeric = f.kind === 'number' || f.kind === 'amount';
  const v = c.value.toLowerCase();
  switch (c.op) {
    case 'contains':
      return sql`${lower(column)} like ${likePattern(v)} escape '\\'`;
    case 'starts-with':
      return sql`${lower(column)} like ${startsPattern(v)} escape '\\'`;
    case 'equals':
      if (numeric) return eq(column, Number(c.value));
      if (f.kind === 'text') return sql`${lower(column)} = ${v}`;
      return eq(column, c.value);
    case 'not-equals':
      return ne(column, c.value);
    // ISO text orders as time does; a date on its own is its whole day.
    case 'before':
      return and(ne(column, ''), lt(column, c.value));
    case 'after':
      return f.kind === 'datetime' ? and(ne(column, ''), gt(column, `${c.value}T23:59:59.999Z`)) : and(ne(column, ''), gt(column, c.value));
    case 'less-than':
      return lt(column, Number(c.value));
    case 'more-than':
      return gt(column, Number(c.value));
    case 'is-true':
      return eq(column, true);
    case 'is-false':
      return eq(column, false);
    case 'empty':
      return numeric ? isNull(column) : eq(column, list ? '[]' : '');
    case 'not-empty':
      return numeric ? isNotNull(column) : ne(column, list ? '[]' : '');
  }
}

/**
 * Every condition of one OR group, or of another: `(A and B) or (C)`; with one group (every search saved before
 * groups), all of them. `def`: the declaration they were checked against (a custom entity's own, for its customRecord rows).
 */
export function conditionsSql(def: EntityDef, conditions: readonly Condition[], col: (key: string) => Column, lower: (column: Column) => SQL): SQL | undefined {
  const groups = orGroups(conditions).map((g) => and(...g.map((c) => conditionSql(def, c, col, lower))));
  return groups.length > 1 ? or(...groups) : groups[0];
}
