// SQLite tables, derived from the entity metadata; drizzle-kit reads this file to write the migrations in ./migrations.
import type { ColumnBuilderBase } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn, type SQLiteTableWithColumns } from 'drizzle-orm/sqlite-core';
import { entities, type EntityDef, type EntityName } from '../../../shared/entities/index.ts';
import { columnPlan, snake, type ColumnPlan } from '../columns.ts';

function column(c: ColumnPlan): ColumnBuilderBase {
  switch (c.kind) {
    case 'string':
    case 'text':
    case 'json':
      return text(c.column).notNull().default(c.kind === 'json' ? '[]' : '');
    case 'real':
      return real(c.column);
    case 'bool':
      return integer(c.column, { mode: 'boolean' }).notNull().default(false);
  }
}

/** A table whose columns are known by record key only at run time (they come from the metadata). */
export type EntityTable = SQLiteTableWithColumns<{ name: string; schema: undefined; columns: Record<string, AnySQLiteColumn>; dialect: 'sqlite'; isAlias: false }>;

/** One table per entity: the planned columns plus `seq`, the change sequence assigned inside the write transaction. */
function entityTable(name: EntityName, def: EntityDef): EntityTable {
  const cols: Record<string, ColumnBuilderBase> = {};
  for (const c of columnPlan(def)) cols[c.key] = c.key === 'id' ? text('id').primaryKey() : column(c);
  const indexed = Object.entries(def.fields).filter(([, f]) => f.indexed === true).map(([k]) => k);
  return sqliteTable(
    name,
    { ...cols, seq: integer('seq').notNull() },
    (t) => {
      const c = t as unknown as Record<string, AnySQLiteColumn>;
      const on = (k: string): AnySQLiteColumn => c[k] ?? failMissing(name, k);
      return [
        uniqueIndex(`${name}_seq_uq`).on(on('seq')),
        index(`${name}_territory_ix`).on(on('territoryId')),
        ...indexed.map((k) => index(`${name}_${snake(k)}_ix`).on(on(k))),
      ];
    },
  ) as unknown as EntityTable;
}

function failMissing(table: string, key: string): never {
  throw new Error(`${table}: no column for ${key}`);
}

export const company = entityTable('company', entities.company);
export const person = entityTable('person', entities.person);
export const lead = entityTable('lead', entities.lead);
export const communication = entityTable('communication', entities.communication);
export const note = entityTable('note', entities.note);
export const conflict = entityTable('conflict', entities.conflict);
export const entityTables: Record<EntityName, EntityTable> = { company, person, lead, communication, note, conflict };

/**
 * Every territory change of a record, at the sequence of the write that made it: a device that may view the old
 * territory but not the new one learns from it that the record left its scope (a plain filtered pull never would).
 */
export const scopeMoves = sqliteTable(
  'scope_moves',
  {
    seq: integer('seq').primaryKey(),
    entity: text('entity').notNull(),
    recordId: text('record_id').notNull(),
    fromTerritory: text('from_territory').notNull(),
    toTerritory: text('to_territory').notNull(),
  },
  (t) => [index('scope_moves_entity_seq_ix').on(t.entity, t.seq)],
);

export const profiles = sqliteTable('profiles', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
});

export const profileRights = sqliteTable(
  'profile_rights',
  {
    profileId: text('profile_id').notNull(),
    entity: text('entity').notNull(),
    territoryId: text('territory_id').notNull(),
    view: integer('can_view', { mode: 'boolean' }).notNull().default(false),
    insert: integer('can_insert', { mode: 'boolean' }).notNull().default(false),
    edit: integer('can_edit', { mode: 'boolean' }).notNull().default(false),
    delete: integer('can_delete', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('profile_rights_uq').on(t.profileId, t.entity, t.territoryId)],
);

/** The one row holding the last change sequence handed out. */
export const syncState = sqliteTable('sync_state', {
  id: integer('id').primaryKey(),
  seq: integer('seq').notNull(),
});

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  login: text('login').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  territoryId: text('territory_id').notNull(),
  profileId: text('profile_id').notNull().default(''),
  locale: text('locale').notNull().default('en'),
  timeZone: text('time_zone').notNull().default('UTC'),
});

export const sessions = sqliteTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id').notNull(),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at').notNull(),
});

export const territories = sqliteTable('territories', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  parentId: text('parent_id').notNull().default(''),
});

/**
 * Secret calendar links (iCalendar feeds): only the SHA-256 of the secret is kept. One live link per user (the
 * unique index says so); making a new one replaces it, which is how an old link is revoked.
 */
export const calendarFeeds = sqliteTable(
  'calendar_feeds',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('calendar_feeds_user_uq').on(t.userId)],
);
