// SQLite tables, derived from the entity metadata; drizzle-kit reads this file to write the migrations in ./migrations.
import { sql, type ColumnBuilderBase } from 'drizzle-orm';
import { blob, index, integer, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn, type SQLiteTableWithColumns } from 'drizzle-orm/sqlite-core';
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
    case 'int':
      return integer(c.column);
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

/**
 * Every e-mail address of a company, person or lead, normalised (trimmed, lower case): what the duplicate rule and
 * the duplicates screen read. Kept in the same transaction as the record. A claim is `enforced` when it was taken
 * while duplicate detection was on and nobody else held the address; the partial unique index then lets no other
 * enforced claim take it, so two concurrent writers cannot both land (the database says no, not only the code).
 */
export const emailClaims = sqliteTable(
  'email_claims',
  {
    address: text('address').notNull(),
    entity: text('entity').notNull(),
    recordId: text('record_id').notNull(),
    enforced: integer('enforced', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    uniqueIndex('email_claims_uq').on(t.entity, t.recordId, t.address),
    index('email_claims_address_ix').on(t.address),
    uniqueIndex('email_claims_enforced_uq').on(t.address).where(sql`enforced = 1`),
  ],
);

/** Rights that belong to a profile as a whole rather than to an entity and territory (e.g. MailChimp campaigns). */
export const profileFeatures = sqliteTable(
  'profile_features',
  {
    profileId: text('profile_id').notNull(),
    feature: text('feature').notNull(),
  },
  (t) => [uniqueIndex('profile_features_uq').on(t.profileId, t.feature)],
);

/** Server-only settings (integrations: the MailChimp key, encrypted): never replicated, never sent to browsers. */
export const serverSettings = sqliteTable('server_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** Groups of companies, persons or leads: static (hand-picked members) or dynamic (a saved search, in `criteria`). */
export const groups = sqliteTable(
  'groups',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    entity: text('entity').notNull(),
    kind: text('kind').notNull(),
    criteria: text('criteria').notNull().default('{}'),
    ownerId: text('owner_id').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('groups_name_ix').on(t.name)],
);

export const groupMembers = sqliteTable(
  'group_members',
  {
    groupId: text('group_id').notNull(),
    recordId: text('record_id').notNull(),
  },
  (t) => [uniqueIndex('group_members_uq').on(t.groupId, t.recordId)],
);

/**
 * Documents filed with records (docs/decisions/0013): the metadata; the bytes are a file in the documents folder, or a
 * row of `document_contents` when the settings keep them in the database. `name_key` is the lower-cased name searched.
 */
export const documents = sqliteTable(
  'documents',
  {
    id: text('id').primaryKey(),
    entity: text('entity').notNull(),
    recordId: text('record_id').notNull(),
    viaEntity: text('via_entity').notNull().default(''),
    viaRecordId: text('via_record_id').notNull().default(''),
    name: text('name').notNull(),
    nameKey: text('name_key').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storage: text('storage').notNull(),
    policy: text('policy').notNull(),
    territoryId: text('territory_id').notNull(),
    ownerId: text('owner_id').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [index('documents_record_ix').on(t.entity, t.recordId), index('documents_via_ix').on(t.viaEntity, t.viaRecordId), index('documents_created_ix').on(t.createdAt, t.id)],
);

/** The bytes of documents kept in the database (the storage setting), one row per document. */
export const documentContents = sqliteTable('document_contents', {
  documentId: text('document_id').primaryKey(),
  content: blob('content', { mode: 'buffer' }).notNull(),
});

/** Mail-merge templates (documents and e-mails) for an entity: Liquid HTML, checked when saved (docs/decisions/0012). */
export const mergeTemplates = sqliteTable(
  'merge_templates',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    entity: text('entity').notNull(),
    subject: text('subject').notNull().default(''),
    body: text('body').notNull(),
    ownerId: text('owner_id').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('merge_templates_name_ix').on(t.name)],
);

/** Documents produced by a merge, filed with their record (a quote, an order…): the HTML as merged, never re-rendered. */
export const mergedDocuments = sqliteTable(
  'merged_documents',
  {
    id: text('id').primaryKey(),
    entity: text('entity').notNull(),
    recordId: text('record_id').notNull(),
    templateId: text('template_id').notNull(),
    title: text('title').notNull(),
    fileName: text('file_name').notNull(),
    locale: text('locale').notNull(),
    html: text('html').notNull(),
    size: integer('size').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('merged_documents_record_ix').on(t.entity, t.recordId)],
);
