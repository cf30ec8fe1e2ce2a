// Sort and filter terms (shared/list-query.ts, already checked against the list's shape) as SQL over plain columns:
// the server lists that are not entity tables (documents, groups) sort and filter with the record lists' rules.
import { and, asc, desc, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { FilterTerm, SortKey } from '../../../shared/list-query.ts';

/** What each field of the list's shape is in SQL (a column, or an expression such as a lower-cased name). */
export type ListColumns = Record<string, AnyColumn | SQL>;

/** The ORDER BY: the asked keys (else the list's own order), then the id, so pages never repeat or skip a row. */
export function listOrder(columns: ListColumns, sort: readonly SortKey[], fallback: SQL[], id: AnyColumn): SQL[] {
  const keys = sort.filter((k) => columns[k.field] !== undefined).map((k) => (k.direction === 'desc' ? desc(columns[k.field]!) : asc(columns[k.field]!)));
  return [...(keys.length ? keys : fallback), asc(id)];
}

/** The WHERE terms (undefined when none). */
export function listFilter(columns: ListColumns, filters: readonly FilterTerm[]): SQL | undefined {
  const terms = filters.flatMap((f) => {
    const c = columns[f.field];
    if (!c) return [];
    switch (f.op) {
      // Bound as parameters, the operator from the term's own closed set.
      case 'eq':
        return [sql`${c} = ${f.value}`];
      case 'gte':
        return [sql`${c} >= ${f.value}`];
      case 'lte':
        return [sql`${c} <= ${f.value}`];
      case 'lt':
        return [sql`${c} < ${f.value}`];
    }
  });
  return terms.length ? and(...terms) : undefined;
}
