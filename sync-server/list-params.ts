// The sort and filters a list route is asked for (`?sort=total,-issuedAt&filter[status]=sent`): one check for every list.
import type { Context } from 'hono';
import { ERROR_CODES } from '../shared/errors.ts';
import { filterEntries, parseFilters, parseSort, type FilterTerm, type ListShape, type SortKey } from '../shared/list-query.ts';
import { AppError } from './errors.ts';

/** The checked sort (empty: the list's own order); an unknown or unsortable field is a 400 FC-REC-003. */
export function sortOf(c: Context, def: ListShape): SortKey[] {
  const raw = c.req.queries('sort');
  if (raw && raw.length > 1) throw new AppError(400, ERROR_CODES.LIST_BAD_SORT, 'Give sort once, its fields separated by commas.');
  const parsed = parseSort(def, raw?.[0]);
  if (!parsed.ok) throw new AppError(400, ERROR_CODES.LIST_BAD_SORT, parsed.message);
  return parsed.value;
}

/** The checked `filter[...]` terms; an unknown field, a bad value or a key given twice is a 400 FC-REC-004. */
export function filtersOf(c: Context, def: ListShape): FilterTerm[] {
  const entries = filterEntries(new URL(c.req.url).searchParams.entries());
  const parsed = parseFilters(def, entries);
  if (!parsed.ok) throw new AppError(400, ERROR_CODES.LIST_BAD_FILTER, parsed.message);
  return parsed.value;
}
