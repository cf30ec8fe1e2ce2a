// The search condition shared by both dialects: any of the entity's search fields contains the text (LIKE, escaped).
import { or, sql, type SQL } from 'drizzle-orm';
import { entityDef, type EntityName } from '../../shared/entities/index.ts';

export const SEARCH_MAX = 100;

/** `%text%` with LIKE's wildcards escaped, so a user's `%` or `_` matches itself. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_[]/g, (c) => `\\${c}`)}%`;
}

/** `col(key)` gives the dialect's column; lists (e-mails, addresses) are JSON text, so their contents match too. */
export function searchCondition(entity: EntityName, text: string, col: (key: string) => unknown, fields: readonly string[] = entityDef(entity).searchFields): SQL | undefined {
  const pattern = likePattern(text.trim());
  return or(...fields.map((k) => sql`${col(k)} like ${pattern} escape '\\'`));
}
