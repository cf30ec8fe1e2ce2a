// Which rows a scope covers, as SQL every dialect takes.
import { and, eq, inArray, notInArray, or, sql, type Column, type SQL } from 'drizzle-orm';
import { col, type EntityTable } from '../dialect.ts';
import type { PullScope } from '../store.ts';

/**
 * `column IN (…)` that stays valid for an empty list: `in ()` is a syntax error in SQL Server, and T-SQL has no
 * boolean literals, so an empty list is the predicate `1 = 0` (nothing) — or, negated, `1 = 1` (everything).
 */
export function inList(column: Column, values: readonly string[]): SQL {
  return values.length === 0 ? sql`1 = 0` : inArray(column, [...values]);
}
export function notInList(column: Column, values: readonly string[]): SQL {
  return values.length === 0 ? sql`1 = 1` : notInArray(column, [...values]);
}

/** Which rows of an entity a scope covers: their territory is in the list, or (per-user records) their owner is the user. */
export function scopeFilter(t: EntityTable, scope: PullScope): SQL {
  if (scope.kind === 'everyone') return sql`1 = 1`;
  if (scope.kind === 'keyed') return anyOf(scope.byKey.map((k) => and(eq(col(t, 'entityKey'), k.key), inList(col(t, 'territoryId'), k.territories))!));
  return scope.kind === 'owner' ? eq(col(t, 'ownerId'), scope.ownerId) : inList(col(t, 'territoryId'), scope.territories);
}

/** `a OR b OR …`, and nothing for no terms (`1 = 0`, valid in every dialect). */
export function anyOf(terms: readonly SQL[]): SQL {
  return terms.length === 0 ? sql`1 = 0` : terms.length === 1 ? terms[0]! : or(...terms)!;
}
