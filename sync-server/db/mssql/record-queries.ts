// Lists of online records (quotes, orders, products…) on SQL Server, as builders so test/unit/mssql-records-tsql.test.ts compiles them without a server.
import { and, asc, count, desc, eq, getTableColumns, type SQL } from 'drizzle-orm';
import type { AnyMsSqlColumn } from 'drizzle-orm/mssql-core';
import type { EntityName } from '../../../shared/entities/index.ts';
import { searchCondition } from '../search.ts';
import { listOrder, type PullScope, type RecordQuery } from '../store.ts';
import { col, scopeFilter, type Db } from './queries.ts';
import { entityTables } from './schema.ts';

/** Live records in the scope that the query finds (an empty territory list covers nothing, written `1 = 0`). */
export function recordListCondition(entity: EntityName, query: RecordQuery, scope: PullScope): SQL | undefined {
  const t = entityTables[entity];
  return and(
    eq(col(t, '_deleted'), false),
    scopeFilter(t, scope),
    query.text ? searchCondition(entity, query.text, (k) => col(t, k)) : undefined,
    ...Object.entries(query.equals ?? {}).map(([k, v]) => eq(col(t, k), v)),
  );
}

export function recordListCountQuery(db: Db, entity: EntityName, where: SQL | undefined) {
  return db.select({ n: count() }).from(entityTables[entity]).where(where);
}

/** A page in the list's order (then id, so pages never overlap): OFFSET … FETCH NEXT, which needs the ORDER BY. */
export function recordListPageQuery(db: Db, entity: EntityName, where: SQL | undefined, page: { offset: number; limit: number }) {
  const t = entityTables[entity];
  const { rv: _rv, ...cols } = getTableColumns(t) as Record<string, AnyMsSqlColumn>;
  return db
    .select(cols)
    .from(t)
    .where(where)
    .orderBy(...listOrder(entity).map(({ key, direction }) => (direction === 'desc' ? desc(col(t, key)) : asc(col(t, key)))))
    .offset(page.offset)
    .fetch(page.limit);
}
