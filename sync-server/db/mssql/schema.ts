// SQL Server tables, derived from the entity metadata like the SQLite ones; drizzle-kit reads this file to write ./migrations.
import { sql, type ColumnBuilderBase } from 'drizzle-orm';
import {
  bigint,
  bit,
  customType,
  float,
  index,
  mssqlTable,
  nvarchar,
  uniqueIndex,
  varbinary,
  type AnyMsSqlColumn,
  type MsSqlTableWithColumns,
} from 'drizzle-orm/mssql-core';
import { entities, ID_MAX, TERRITORY_MAX, type EntityDef, type EntityName } from '../../../shared/entities/index.ts';
import { columnPlan, snake, type ColumnPlan } from '../columns.ts';

/** Longest nvarchar(n) SQL Server allows; longer strings need nvarchar(max), which cannot be indexed. */
const NVARCHAR_MAX_N = 4000;

/**
 * SQL Server's change sequence: an 8-byte counter the engine bumps on every insert and update of the row.
 * mssql-core has no builder for it at rc.5. The store never writes it and never reads the raw bytes:
 * it selects `CAST(rv AS BIGINT)` and compares against `CAST(@n AS BINARY(8))` (see queries.ts).
 */
export const rowversion = customType<{ data: Buffer; driverData: Buffer; notNull: true }>({
  dataType: () => 'rowversion',
});

const str = (name: string, length: number) => nvarchar(name, { length: length > NVARCHAR_MAX_N ? 'max' : Math.max(1, length) });

function column(c: ColumnPlan): ColumnBuilderBase {
  switch (c.kind) {
    case 'string':
    case 'text':
      return str(c.column, c.length).notNull().default('');
    case 'json':
      // Lists travel as JSON text; their size is bounded by validation, not by the column.
      return nvarchar(c.column, { length: 'max' }).notNull().default('[]');
    case 'real':
      return float(c.column);
    case 'int':
      return bigint(c.column, { mode: 'number' });
    case 'bool':
      return bit(c.column).notNull().default(false);
  }
}

/** A table whose columns are known by record key only at run time (they come from the metadata). */
export type EntityTable = MsSqlTableWithColumns<{ name: string; schema: undefined; columns: Record<string, AnyMsSqlColumn>; dialect: 'mssql'; isAlias: false }>;

/** One table per entity: the planned columns plus `rv`, the rowversion the engine assigns on every write. */
function entityTable(name: EntityName, def: EntityDef): EntityTable {
  const cols: Record<string, ColumnBuilderBase> = {};
  for (const c of columnPlan(def)) cols[c.key] = c.key === 'id' ? str('id', c.length).primaryKey() : column(c);
  const indexed = Object.entries(def.fields).filter(([, f]) => f.indexed === true).map(([k]) => k);
  return mssqlTable(name, { ...cols, rv: rowversion('rv').notNull() }, (t) => {
    const c = t as unknown as Record<string, AnyMsSqlColumn>;
    const on = (k: string): AnyMsSqlColumn => c[k] ?? failMissing(name, k);
    return [
      // Every pull is a range scan on rv; rowversion values are unique in the database, so the index can say so.
      uniqueIndex(`${name}_rv_uq`).on(on('rv')),
      index(`${name}_territory_ix`).on(on('territoryId')),
      ...indexed.map((k) => index(`${name}_${snake(k)}_ix`).on(on(k))),
    ];
  }) as unknown as EntityTable;
}

function failMissing(table: string, key: string): never {
  throw new Error(`${table}: no column for ${key}`);
}

// Exported one by one: drizzle-kit only sees tables that are named exports.
export const company = entityTable('company', entities.company);
export const person = entityTable('person', entities.person);
export const lead = entityTable('lead', entities.lead);
export const communication = entityTable('communication', entities.communication);
export const note = entityTable('note', entities.note);
export const conflict = entityTable('conflict', entities.conflict);
export const notification = entityTable('notification', entities.notification);
export const setting = entityTable('setting', entities.setting);
// Online-only entities (quotes, orders, products, opportunities: docs/decisions/0012): the same derived tables.
export const product = entityTable('product', entities.product);
export const productPrice = entityTable('productPrice', entities.productPrice);
export const opportunity = entityTable('opportunity', entities.opportunity);
export const quote = entityTable('quote', entities.quote);
export const quoteItem = entityTable('quoteItem', entities.quoteItem);
export const order = entityTable('order', entities.order);
export const orderItem = entityTable('orderItem', entities.orderItem);
export const entityTables: Record<EntityName, EntityTable> = {
  company,
  person,
  lead,
  communication,
  note,
  conflict,
  notification,
  setting,
  product,
  productPrice,
  opportunity,
  quote,
  quoteItem,
  order,
  orderItem,
};

/**
 * Every territory change of a record, at the sequence of the write that made it: a device that may view the old
 * territory but not the new one learns from it that the record left its scope (a plain filtered pull never would).
 * `seq` is CAST(rv AS BIGINT) of that write, read back with OUTPUT and written in the same transaction, so the pull
 * cap (MIN_ACTIVE_ROWVERSION) covers a move exactly as it covers the record's row. A rowversion is unique in the
 * database and one write moves one record, so `seq` is a key.
 */
export const scopeMoves = mssqlTable(
  'scope_moves',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    entity: nvarchar('entity', { length: 30 }).notNull(),
    recordId: nvarchar('record_id', { length: ID_MAX }).notNull(),
    fromTerritory: nvarchar('from_territory', { length: TERRITORY_MAX }).notNull(),
    toTerritory: nvarchar('to_territory', { length: TERRITORY_MAX }).notNull(),
  },
  (t) => [index('scope_moves_entity_seq_ix').on(t.entity, t.seq)],
);

export const profiles = mssqlTable('profiles', {
  id: nvarchar('id', { length: 40 }).primaryKey(),
  name: nvarchar('name', { length: 200 }).notNull(),
});

export const profileRights = mssqlTable(
  'profile_rights',
  {
    profileId: nvarchar('profile_id', { length: 40 }).notNull(),
    entity: nvarchar('entity', { length: 30 }).notNull(),
    territoryId: nvarchar('territory_id', { length: 40 }).notNull(),
    view: bit('can_view').notNull().default(false),
    insert: bit('can_insert').notNull().default(false),
    edit: bit('can_edit').notNull().default(false),
    delete: bit('can_delete').notNull().default(false),
  },
  (t) => [uniqueIndex('profile_rights_uq').on(t.profileId, t.entity, t.territoryId)],
);

export const users = mssqlTable('users', {
  id: nvarchar('id', { length: 40 }).primaryKey(),
  login: nvarchar('login', { length: 254 }).notNull().unique('users_login_uq'),
  displayName: nvarchar('display_name', { length: 200 }).notNull(),
  passwordHash: nvarchar('password_hash', { length: 400 }).notNull(),
  role: nvarchar('role', { length: 20 }).notNull(),
  territoryId: nvarchar('territory_id', { length: 40 }).notNull(),
  profileId: nvarchar('profile_id', { length: 40 }).notNull().default(''),
  locale: nvarchar('locale', { length: 35 }).notNull().default('en'),
  timeZone: nvarchar('time_zone', { length: 64 }).notNull().default('UTC'),
});

export const sessions = mssqlTable('sessions', {
  tokenHash: nvarchar('token_hash', { length: 128 }).primaryKey(),
  userId: nvarchar('user_id', { length: 40 }).notNull(),
  createdAt: nvarchar('created_at', { length: 40 }).notNull(),
  expiresAt: nvarchar('expires_at', { length: 40 }).notNull(),
});

export const territories = mssqlTable('territories', {
  id: nvarchar('id', { length: 40 }).primaryKey(),
  name: nvarchar('name', { length: 200 }).notNull(),
  parentId: nvarchar('parent_id', { length: 40 }).notNull().default(''),
});

/**
 * Secret calendar links (iCalendar feeds): only the SHA-256 (hex) of the secret is kept. One live link per user (the
 * unique index says so); making a new one replaces it, which is how an old link is revoked.
 */
export const calendarFeeds = mssqlTable(
  'calendar_feeds',
  {
    tokenHash: nvarchar('token_hash', { length: 128 }).primaryKey(),
    userId: nvarchar('user_id', { length: 40 }).notNull(),
    createdAt: nvarchar('created_at', { length: 40 }).notNull(),
  },
  (t) => [uniqueIndex('calendar_feeds_user_uq').on(t.userId)],
);

/**
 * Every e-mail address of a company, person or lead, normalised (trimmed, lower case): what the duplicate rule and
 * the duplicates screen read. Kept in the same transaction as the record. A claim is `enforced` when it was taken
 * while duplicate detection was on and nobody else held the address; the filtered unique index then lets no other
 * enforced claim take it, so two concurrent writers cannot both land (the database says no, not only the code).
 */
export const emailClaims = mssqlTable(
  'email_claims',
  {
    address: nvarchar('address', { length: 254 }).notNull(),
    entity: nvarchar('entity', { length: 30 }).notNull(),
    recordId: nvarchar('record_id', { length: ID_MAX }).notNull(),
    enforced: bit('enforced').notNull().default(false),
  },
  (t) => [
    uniqueIndex('email_claims_uq').on(t.entity, t.recordId, t.address),
    index('email_claims_address_ix').on(t.address),
    uniqueIndex('email_claims_enforced_uq').on(t.address).where(sql`[enforced] = 1`),
  ],
);

/** Rights that belong to a profile as a whole rather than to an entity and territory (e.g. MailChimp campaigns). */
export const profileFeatures = mssqlTable(
  'profile_features',
  {
    profileId: nvarchar('profile_id', { length: 40 }).notNull(),
    feature: nvarchar('feature', { length: 40 }).notNull(),
  },
  (t) => [uniqueIndex('profile_features_uq').on(t.profileId, t.feature)],
);

/** Server-only settings (integrations: the MailChimp key, encrypted): never replicated, never sent to browsers. */
export const serverSettings = mssqlTable('server_settings', {
  key: nvarchar('key', { length: 80 }).primaryKey(),
  value: nvarchar('value', { length: 'max' }).notNull(),
  updatedAt: nvarchar('updated_at', { length: 40 }).notNull(),
  updatedBy: nvarchar('updated_by', { length: 40 }).notNull(),
});

/** Groups of companies, persons or leads: static (hand-picked members) or dynamic (a saved search, in `criteria`). */
export const groups = mssqlTable(
  'groups',
  {
    id: nvarchar('id', { length: ID_MAX }).primaryKey(),
    name: nvarchar('name', { length: 120 }).notNull(),
    entity: nvarchar('entity', { length: 30 }).notNull(),
    kind: nvarchar('kind', { length: 10 }).notNull(),
    criteria: nvarchar('criteria', { length: 4000 }).notNull().default('{}'),
    ownerId: nvarchar('owner_id', { length: 40 }).notNull(),
    createdAt: nvarchar('created_at', { length: 40 }).notNull(),
    updatedAt: nvarchar('updated_at', { length: 40 }).notNull(),
  },
  (t) => [index('groups_name_ix').on(t.name)],
);

export const groupMembers = mssqlTable(
  'group_members',
  {
    groupId: nvarchar('group_id', { length: ID_MAX }).notNull(),
    recordId: nvarchar('record_id', { length: ID_MAX }).notNull(),
  },
  (t) => [uniqueIndex('group_members_uq').on(t.groupId, t.recordId)],
);

/**
 * Documents filed with records (docs/decisions/0013): the metadata; the bytes are a file in the documents folder, or a
 * row of `document_contents` when the settings keep them in the database. `name_key` is the lower-cased name searched.
 */
export const documents = mssqlTable(
  'documents',
  {
    id: nvarchar('id', { length: ID_MAX }).primaryKey(),
    entity: nvarchar('entity', { length: 30 }).notNull(),
    recordId: nvarchar('record_id', { length: ID_MAX }).notNull(),
    viaEntity: nvarchar('via_entity', { length: 30 }).notNull().default(''),
    viaRecordId: nvarchar('via_record_id', { length: ID_MAX }).notNull().default(''),
    name: nvarchar('name', { length: 255 }).notNull(),
    nameKey: nvarchar('name_key', { length: 255 }).notNull(),
    contentType: nvarchar('content_type', { length: 100 }).notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: nvarchar('sha256', { length: 64 }).notNull(),
    storage: nvarchar('storage', { length: 10 }).notNull(),
    policy: nvarchar('policy', { length: 10 }).notNull(),
    territoryId: nvarchar('territory_id', { length: TERRITORY_MAX }).notNull(),
    ownerId: nvarchar('owner_id', { length: 40 }).notNull(),
    createdAt: nvarchar('created_at', { length: 40 }).notNull(),
    updatedAt: nvarchar('updated_at', { length: 40 }).notNull(),
    updatedBy: nvarchar('updated_by', { length: 40 }).notNull(),
  },
  (t) => [index('documents_record_ix').on(t.entity, t.recordId), index('documents_via_ix').on(t.viaEntity, t.viaRecordId), index('documents_created_ix').on(t.createdAt, t.id)],
);

/** The bytes of documents kept in the database (the storage setting), one row per document. */
export const documentContents = mssqlTable('document_contents', {
  documentId: nvarchar('document_id', { length: ID_MAX }).primaryKey(),
  content: varbinary('content', { length: 'max' }).notNull(),
});

/** Mail-merge templates (documents and e-mails) for an entity: Liquid HTML, checked when saved (docs/decisions/0012). */
export const mergeTemplates = mssqlTable(
  'merge_templates',
  {
    id: nvarchar('id', { length: ID_MAX }).primaryKey(),
    name: nvarchar('name', { length: 120 }).notNull(),
    kind: nvarchar('kind', { length: 20 }).notNull(),
    entity: nvarchar('entity', { length: 30 }).notNull(),
    subject: nvarchar('subject', { length: 400 }).notNull().default(''),
    body: nvarchar('body', { length: 'max' }).notNull(),
    ownerId: nvarchar('owner_id', { length: 40 }).notNull(),
    createdAt: nvarchar('created_at', { length: 40 }).notNull(),
    updatedAt: nvarchar('updated_at', { length: 40 }).notNull(),
  },
  (t) => [index('merge_templates_name_ix').on(t.name)],
);

/** Documents produced by a merge, filed with their record (a quote, an order…): the HTML as merged, never re-rendered. */
export const mergedDocuments = mssqlTable(
  'merged_documents',
  {
    id: nvarchar('id', { length: ID_MAX }).primaryKey(),
    entity: nvarchar('entity', { length: 30 }).notNull(),
    recordId: nvarchar('record_id', { length: ID_MAX }).notNull(),
    templateId: nvarchar('template_id', { length: ID_MAX }).notNull(),
    title: nvarchar('title', { length: 200 }).notNull(),
    fileName: nvarchar('file_name', { length: 200 }).notNull(),
    locale: nvarchar('locale', { length: 35 }).notNull(),
    html: nvarchar('html', { length: 'max' }).notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    createdBy: nvarchar('created_by', { length: 40 }).notNull(),
    createdAt: nvarchar('created_at', { length: 40 }).notNull(),
  },
  (t) => [index('merged_documents_record_ix').on(t.entity, t.recordId)],
);
