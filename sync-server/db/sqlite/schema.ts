// SQLite tables, derived from the entity metadata and tables.ts; drizzle-kit reads this file to write the migrations in ./migrations.
import type { ColumnBuilderBase } from 'drizzle-orm';
import { blob, index, integer, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { entities, type EntityName } from '../../../shared/entities/index.ts';
import type { ColumnPlan } from '../columns.ts';
import type { EntityTable } from '../dialect.ts';
import { buildTables, entityShape, specColumn, specIndexes, type ColumnSpec, type IndexSpec } from '../tables.ts';

function entityColumn(c: ColumnPlan): ColumnBuilderBase {
  if (c.kind === 'real') return real(c.column);
  if (c.kind === 'int') return integer(c.column);
  if (c.kind === 'bool') return integer(c.column, { mode: 'boolean' }).notNull().default(false);
  return text(c.column).notNull().default(c.kind === 'json' ? '[]' : c.kind === 'custom' ? '{}' : '');
}

function column(c: ColumnSpec): ColumnBuilderBase {
  return specColumn(c, c.kind === 'string' ? text(c.column) : c.kind === 'int' ? integer(c.column) : c.kind === 'bool' ? integer(c.column, { mode: 'boolean' }) : blob(c.column, { mode: 'buffer' }), false);
}

/** Indexes by record key; a partial one written as SQLite has always had it (`enforced = 1`). */
const indexes = (t: unknown, list: readonly IndexSpec[], columnOf?: (key: string) => string) =>
  specIndexes(t, list, (unique, name, [first, ...rest]) => (unique ? uniqueIndex : index)(name).on(first as AnySQLiteColumn, ...(rest as AnySQLiteColumn[])), (c) => c, columnOf);

/** One table per entity: the planned columns plus `seq`, the change sequence assigned inside the write transaction. */
function entityTable(name: EntityName): EntityTable {
  const shape = entityShape(name, 'seq', (c) => (c.key === 'id' ? text('id').primaryKey() : entityColumn(c)));
  return sqliteTable(name, { ...shape.columns, seq: integer('seq').notNull() }, (t) => indexes(t, shape.indexes)) as unknown as EntityTable;
}

export const entityTables = Object.fromEntries((Object.keys(entities) as EntityName[]).map((n) => [n, entityTable(n)])) as Record<EntityName, EntityTable>;
export const tables = buildTables((spec) => {
  const cols: Record<string, ColumnBuilderBase> = Object.fromEntries(Object.entries(spec.columns).map(([k, c]) => [k, column(c)]));
  // A sequenced table's rows take their `seq` from sync_state inside the write transaction, as records do.
  const list = spec.sequenced ? [...spec.indexes, { name: `${spec.name}_seq_uq`, on: ['seq'], unique: true }] : spec.indexes;
  if (spec.sequenced) cols.seq = integer('seq').notNull();
  return sqliteTable(spec.name, cols, (t) => indexes(t, list, (k) => spec.columns[k]?.column ?? k));
});
/** The one row holding the last change sequence handed out. */
export const syncState = sqliteTable('sync_state', { id: integer('id').primaryKey(), seq: integer('seq').notNull() });

// drizzle-kit sees only tables that are named exports.
export const { company, person, lead, communication, note, conflict, notification, setting, product, productPrice, opportunity, quote, quoteItem, order, orderItem, customRecord } = entityTables;
export const { scopeMoves, profiles, profileRights, users, sessions, territories, calendarFeeds, emailClaims, profileFeatures, serverSettings, groups, groupMembers, documents, documentContents, filedMessages, mergeTemplates, mergedDocuments, serverEvents, auditLog, apiTokens, forecasts } = tables;
