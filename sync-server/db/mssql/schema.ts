// SQL Server tables, derived from the entity metadata and tables.ts like the SQLite ones; drizzle-kit reads this file to write ./migrations.
import type { ColumnBuilderBase } from 'drizzle-orm';
import { bigint, bit, customType, float, index, mssqlTable, nvarchar, uniqueIndex, varbinary, type AnyMsSqlColumn } from 'drizzle-orm/mssql-core';
import { entities, type EntityName } from '../../../shared/entities/index.ts';
import type { ColumnPlan } from '../columns.ts';
import type { EntityTable } from '../dialect.ts';
import { buildTables, entityShape, specColumn, specIndexes, type ColumnSpec, type IndexSpec } from '../tables.ts';

/** Longest nvarchar(n) SQL Server allows; longer strings need nvarchar(max), which cannot be indexed. */
const NVARCHAR_MAX_N = 4000;

/**
 * SQL Server's change sequence: an 8-byte counter the engine bumps on every insert and update of the row.
 * mssql-core has no builder for it at rc.5. The store never writes it and never reads the raw bytes:
 * it selects `CAST(rv AS BIGINT)` and compares against `CAST(@n AS BINARY(8))` (see dialect.ts).
 */
export const rowversion = customType<{ data: Buffer; driverData: Buffer; notNull: true }>({
  dataType: () => 'rowversion',
});

const str = (name: string, length: number | 'max') => nvarchar(name, { length: length === 'max' || length > NVARCHAR_MAX_N ? 'max' : Math.max(1, length) });

function entityColumn(c: ColumnPlan): ColumnBuilderBase {
  if (c.kind === 'real') return float(c.column);
  if (c.kind === 'int') return bigint(c.column, { mode: 'number' });
  if (c.kind === 'bool') return bit(c.column).notNull().default(false);
  // Lists travel as JSON text; their size is bounded by validation, not by the column.
  if (c.kind === 'custom') return nvarchar(c.column, { length: 'max' }).notNull().default('{}');
  return (c.kind === 'json' ? nvarchar(c.column, { length: 'max' }).notNull().default('[]') : str(c.column, c.length).notNull().default(''));
}

function column(c: ColumnSpec): ColumnBuilderBase {
  return specColumn(c, c.kind === 'string' ? str(c.column, c.length) : c.kind === 'int' ? bigint(c.column, { mode: 'number' }) : c.kind === 'bool' ? bit(c.column) : varbinary(c.column, { length: 'max' }), true);
}

/** Indexes by record key; a filtered one written `[column] = 1`. */
const indexes = (t: unknown, list: readonly IndexSpec[], columnOf?: (key: string) => string) =>
  specIndexes(t, list, (unique, name, [first, ...rest]) => (unique ? uniqueIndex : index)(name).on(first as AnyMsSqlColumn, ...(rest as AnyMsSqlColumn[])), (c) => `[${c}]`, columnOf);

/** One table per entity: the planned columns plus `rv`, the rowversion the engine assigns on every write (unique in the database). */
function entityTable(name: EntityName): EntityTable {
  const shape = entityShape(name, 'rv', (c) => (c.key === 'id' ? str('id', c.length).primaryKey() : entityColumn(c)));
  return mssqlTable(name, { ...shape.columns, rv: rowversion('rv').notNull() }, (t) => indexes(t, shape.indexes)) as unknown as EntityTable;
}

export const entityTables = Object.fromEntries((Object.keys(entities) as EntityName[]).map((n) => [n, entityTable(n)])) as Record<EntityName, EntityTable>;
export const tables = buildTables((spec) => {
  const cols: Record<string, ColumnBuilderBase> = Object.fromEntries(Object.entries(spec.columns).map(([k, c]) => [k, column(c)]));
  // A sequenced table's rows get a rowversion as records do: the change feed reads them under the same cap.
  const list = spec.sequenced ? [...spec.indexes, { name: `${spec.name}_rv_uq`, on: ['rv'], unique: true }] : spec.indexes;
  if (spec.sequenced) cols.rv = rowversion('rv').notNull();
  return mssqlTable(spec.name, cols, (t) => indexes(t, list, (k) => spec.columns[k]?.column ?? k));
});

// drizzle-kit sees only tables that are named exports.
export const { company, person, lead, communication, note, conflict, notification, setting, product, productPrice, opportunity, quote, quoteItem, order, orderItem, customRecord } = entityTables;
export const { scopeMoves, profiles, profileRights, users, sessions, territories, calendarFeeds, emailClaims, profileFeatures, serverSettings, groups, groupMembers, documents, documentContents, filedMessages, mergeTemplates, mergedDocuments, serverEvents, auditLog, apiTokens, forecasts } = tables;
