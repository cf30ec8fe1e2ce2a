// The tables beside the entities' (accounts, moves, claims, groups, documents, templates), declared once: each dialect's
// schema.ts builds its Drizzle tables from this, and the store reads them through the neutral type below.
import { sql, type Column, type ColumnBuilderBase, type SQL, type Table } from 'drizzle-orm';
import { entities, ID_MAX, TERRITORY_MAX, type EntityDef, type EntityName } from '../../shared/entities/index.ts';
import { columnPlan, snake, type ColumnPlan } from './columns.ts';

/** A column's kind, which each dialect turns into its own type; `T` is the value the store reads and writes. */
export interface ColumnSpec<T = unknown> {
  column: string;
  kind: 'string' | 'int' | 'bool' | 'blob';
  /** For `string`: the longest value, or 'max'. */
  length: number | 'max';
  primaryKey?: boolean;
  /** A unique constraint on this column alone, by name (SQLite's migrations name it themselves). */
  unique?: string;
  default?: string | boolean;
  /** Never set: only carries `T`. */
  readonly value?: T;
}
export type Columns = Record<string, ColumnSpec>;
export interface IndexSpec {
  name: string;
  on: readonly string[];
  unique?: boolean;
  /** A partial (filtered) index: rows where this boolean column is true. */
  whereTrue?: string;
}
export interface TableSpec<C extends Columns = Columns> {
  name: string;
  columns: C;
  indexes: readonly IndexSpec[];
  /** Its rows carry the dialect's change sequence, like the entities' (SQLite `seq` from sync_state, SQL Server `rv`). */
  sequenced?: true;
}

const str = (column: string, length: number | 'max', more: Partial<ColumnSpec<string>> = {}): ColumnSpec<string> => ({ column, kind: 'string', length, ...more });
const key = (column: string, length: number): ColumnSpec<string> => str(column, length, { primaryKey: true });
const int = (column: string, more: Partial<ColumnSpec<number>> = {}): ColumnSpec<number> => ({ column, kind: 'int', length: 0, ...more });
const bool = (column: string): ColumnSpec<boolean> => ({ column, kind: 'bool', length: 0, default: false });
const blob = (column: string): ColumnSpec<Buffer> => ({ column, kind: 'blob', length: 'max' });
const table = <C extends Columns>(name: string, columns: C, ...indexes: IndexSpec[]): TableSpec<C> => ({ name, columns, indexes });
const sequenced = <C extends Columns>(name: string, columns: C, ...indexes: IndexSpec[]): TableSpec<C> => ({ name, columns, indexes, sequenced: true });
const ix = (name: string, ...on: string[]): IndexSpec => ({ name, on });
const uq = (name: string, ...on: string[]): IndexSpec => ({ name, on, unique: true });
const stamp = (column: string) => str(column, 40);

export const TABLES = {
  /**
   * Every territory change of a record, at the sequence of the write that made it: a device that may view the old
   * territory but not the new one learns from it that the record left its scope (a plain filtered pull never would).
   * On SQL Server `seq` is CAST(rv AS BIGINT) of that write, so the pull cap covers a move exactly as it covers the row.
   */
  scopeMoves: table('scope_moves', { seq: int('seq', { primaryKey: true }), entity: str('entity', 30), recordId: str('record_id', ID_MAX), fromTerritory: str('from_territory', TERRITORY_MAX), toTerritory: str('to_territory', TERRITORY_MAX) }, ix('scope_moves_entity_seq_ix', 'entity', 'seq')),
  profiles: table('profiles', { id: key('id', 40), name: str('name', 200) }),
  profileRights: table(
    'profile_rights',
    { profileId: str('profile_id', 40), entity: str('entity', 30), territoryId: str('territory_id', 40), view: bool('can_view'), insert: bool('can_insert'), edit: bool('can_edit'), delete: bool('can_delete') },
    uq('profile_rights_uq', 'profileId', 'entity', 'territoryId'),
  ),
  users: table('users', {
    id: key('id', 40), login: str('login', 254, { unique: 'users_login_uq' }), displayName: str('display_name', 200), passwordHash: str('password_hash', 400), role: str('role', 20), territoryId: str('territory_id', 40),
    profileId: str('profile_id', 40, { default: '' }), locale: str('locale', 35, { default: 'en' }), timeZone: str('time_zone', 64, { default: 'UTC' }),
    email: str('email', 254, { default: '' }), disabled: bool('disabled'), mustChangePassword: bool('must_change_password'), reportsTo: str('reports_to', 40, { default: '' }),
  }),
  sessions: table(
    'sessions',
    {
      tokenHash: key('token_hash', 128), userId: str('user_id', 40), createdAt: stamp('created_at'), expiresAt: stamp('expires_at'),
      lastSeenAt: str('last_seen_at', 40, { default: '' }), userAgent: str('user_agent', 400, { default: '' }), address: str('address', 64, { default: '' }),
    },
    ix('sessions_user_ix', 'userId'),
  ),
  /** Every administrative change (docs/decisions/0021): written in the transaction of the change itself. */
  auditLog: table(
    'audit_log',
    { id: key('id', 40), at: stamp('at'), actorId: str('actor_id', 40), actorLogin: str('actor_login', 254), action: str('action', 60), targetType: str('target_type', 30), targetId: str('target_id', 80), before: str('before_json', 'max'), after: str('after_json', 'max') },
    ix('audit_log_at_ix', 'at', 'id'),
  ),
  territories: table('territories', { id: key('id', 40), name: str('name', 200), parentId: str('parent_id', 40, { default: '' }) }),
  /** Personal API tokens (docs/decisions/0022): only the SHA-256 of the token is kept; shown once, revoked by deleting the row. */
  apiTokens: table(
    'api_tokens',
    { id: key('id', 40), userId: str('user_id', 40), name: str('name', 100), tokenHash: str('token_hash', 128, { unique: 'api_tokens_hash_uq' }), createdAt: stamp('created_at'), lastUsedAt: str('last_used_at', 40, { default: '' }), expiresAt: str('expires_at', 40, { default: '' }), access: str('access', 10, { default: 'full' }) },
    ix('api_tokens_user_ix', 'userId'),
  ),
  /**
   * Sales forecasts (docs/decisions/0023): one amount per user and period (a month `2026-12` or a quarter `2026-Q4`),
   * in minor units of its currency; `period_start` (yyyy-mm-dd) orders and ranges them for reports (issue 22).
   */
  forecasts: table(
    'forecasts',
    {
      id: key('id', 60), userId: str('user_id', 40), period: str('period', 7), periodStart: str('period_start', 10), amount: int('amount'), currency: str('currency', 3),
      updatedAt: stamp('updated_at'), updatedBy: str('updated_by', 40),
    },
    uq('forecasts_user_period_uq', 'userId', 'period'),
    ix('forecasts_period_ix', 'periodStart'),
  ),
  /** Secret calendar links (iCalendar feeds): only the SHA-256 of the secret is kept; one live link per user. */
  calendarFeeds: table('calendar_feeds', { tokenHash: key('token_hash', 128), userId: str('user_id', 40), createdAt: stamp('created_at') }, uq('calendar_feeds_user_uq', 'userId')),
  /**
   * Every e-mail address of a company, person or lead, normalised: what the duplicate rule and the duplicates screen
   * read, kept in the same transaction as the record. A claim is `enforced` when taken while duplicate detection was
   * on and nobody else held the address; the partial unique index then refuses a second enforced holder, so two
   * concurrent writers cannot both land (the database says no, not only the code).
   */
  emailClaims: table(
    'email_claims',
    { address: str('address', 254), entity: str('entity', 30), recordId: str('record_id', ID_MAX), enforced: bool('enforced') },
    uq('email_claims_uq', 'entity', 'recordId', 'address'),
    ix('email_claims_address_ix', 'address'),
    { name: 'email_claims_enforced_uq', on: ['address'], unique: true, whereTrue: 'enforced' },
  ),
  /** Rights of a profile as a whole rather than of an entity and territory (e.g. MailChimp campaigns). */
  profileFeatures: table('profile_features', { profileId: str('profile_id', 40), feature: str('feature', 40) }, uq('profile_features_uq', 'profileId', 'feature')),
  /** Server-only settings (the MailChimp key, encrypted): never replicated, never sent to browsers. */
  serverSettings: table('server_settings', { key: key('key', 80), value: str('value', 'max'), updatedAt: stamp('updated_at'), updatedBy: stamp('updated_by') }),
  /** Groups of companies, persons or leads: static (hand-picked members) or dynamic (a saved search, in `criteria`). */
  groups: table(
    'groups',
    { id: key('id', ID_MAX), name: str('name', 120), entity: str('entity', 30), kind: str('kind', 10), criteria: str('criteria', 4000, { default: '{}' }), ownerId: str('owner_id', 40), createdAt: stamp('created_at'), updatedAt: stamp('updated_at') },
    ix('groups_name_ix', 'name'),
  ),
  groupMembers: table('group_members', { groupId: str('group_id', ID_MAX), recordId: str('record_id', ID_MAX) }, uq('group_members_uq', 'groupId', 'recordId')),
  /** Documents filed with records (docs/decisions/0013); the bytes are a file, or a `document_contents` row. `name_key` is the lower-cased name searched. */
  documents: table(
    'documents',
    {
      id: key('id', ID_MAX), entity: str('entity', 30), recordId: str('record_id', ID_MAX), viaEntity: str('via_entity', 30, { default: '' }), viaRecordId: str('via_record_id', ID_MAX, { default: '' }), name: str('name', 255), nameKey: str('name_key', 255),
      contentType: str('content_type', 100), size: int('size'), sha256: str('sha256', 64), storage: str('storage', 10), policy: str('policy', 10), territoryId: str('territory_id', TERRITORY_MAX), ownerId: str('owner_id', 40),
      createdAt: stamp('created_at'), updatedAt: stamp('updated_at'), updatedBy: stamp('updated_by'),
    },
    ix('documents_record_ix', 'entity', 'recordId'),
    ix('documents_via_ix', 'viaEntity', 'viaRecordId'),
    ix('documents_created_ix', 'createdAt', 'id'),
  ),
  documentContents: table('document_contents', { documentId: key('document_id', ID_MAX), content: blob('content') }),
  /**
   * E-mails filed (a dropped .eml/.msg, the Outlook add-in) by their Message-ID: `message_key` is the SHA-256 of the
   * normalised id. The primary key files a message once, whoever races (docs/decisions/0053).
   */
  filedMessages: table('filed_messages', { messageKey: key('message_key', 64), communicationId: str('communication_id', ID_MAX), filedBy: str('filed_by', 40), filedAt: stamp('filed_at') }),
  /** Mail-merge templates (documents and e-mails) for an entity: Liquid HTML, checked when saved (docs/decisions/0012). */
  mergeTemplates: table(
    'merge_templates',
    { id: key('id', ID_MAX), name: str('name', 120), kind: str('kind', 20), entity: str('entity', 30), subject: str('subject', 400, { default: '' }), body: str('body', 'max'), ownerId: str('owner_id', 40), createdAt: stamp('created_at'), updatedAt: stamp('updated_at') },
    ix('merge_templates_name_ix', 'name'),
  ),
  /** Documents produced by a merge, filed with their record: the HTML as merged, never re-rendered. */
  mergedDocuments: table(
    'merged_documents',
    {
      id: key('id', ID_MAX), entity: str('entity', 30), recordId: str('record_id', ID_MAX), templateId: str('template_id', ID_MAX), title: str('title', 200), fileName: str('file_name', 200), locale: str('locale', 35),
      html: str('html', 'max'), size: int('size'), createdBy: stamp('created_by'), createdAt: stamp('created_at'),
    },
    ix('merged_documents_record_ix', 'entity', 'recordId'),
  ),
  /**
   * What the instances sharing a database tell each other beyond record writes (docs/decisions/0025): a user's
   * sessions revoked (`revoke`, sparing the stream of session `keep`), or devices to pull a collection now (`nudge`,
   * after a change of rights). At the change sequence, so the change feed reads them with the records' commit-order
   * rules; `origin` is the instance that wrote it (it has acted already). Kept a day.
   */
  serverEvents: sequenced(
    'server_events',
    { id: key('id', 40), kind: str('kind', 10), userId: str('user_id', 40, { default: '' }), keep: str('keep', 128, { default: '' }), collection: str('collection', 30, { default: '' }), origin: str('origin', 40), createdAt: stamp('created_at') },
    ix('server_events_created_ix', 'createdAt'),
  ),
};
export type TableName = keyof typeof TABLES;

/** The values of a row as the store reads and writes them. */
export type RowOf<C extends Columns> = { [K in keyof C]: C[K] extends ColumnSpec<infer T> ? T : never };
/** A dialect's table as the store sees it: its columns by key, and the row type it carries. */
export type SqlTable<C extends Columns = Columns> = Table & { [K in keyof C]: Column } & { readonly $row?: RowOf<C> };
export type Row<K extends TableName> = RowOf<(typeof TABLES)[K]['columns']>;
export type Tables = { [K in TableName]: SqlTable<(typeof TABLES)[K]['columns']> };

/** Builds every table with a dialect's builder; the cast is the one place the dialect's typed tables become neutral. */
export function buildTables(build: (spec: TableSpec) => Table): Tables {
  return Object.fromEntries(Object.entries(TABLES).map(([k, spec]) => [k, build(spec)])) as unknown as Tables;
}

/**
 * An entity's table: its planned columns on the dialect's builders, and its indexes — the dialect's change sequence
 * `seq` (unique: every pull is a range scan on it), the territory with the sequence, and the fields the metadata marks indexed.
 */
export function entityShape<B>(name: EntityName, seq: string, build: (c: ColumnPlan) => B): { columns: Record<string, B>; indexes: IndexSpec[] } {
  // The built-in declaration: custom fields live in the JSON column (columns.ts), never in DDL.
  const declared = entities[name] as unknown as EntityDef;
  const columns = Object.fromEntries(columnPlan(declared).map((c) => [c.key, build(c)]));
  const indexed = Object.entries(declared.fields).filter(([, f]) => f.indexed === true).map(([k]) => ix(`${name}_${snake(k)}_ix`, k));
  // Territory then sequence: a rep's pull reads their territory's rows already in sequence order and stops at the
  // page, whatever the table holds (without it every page read and sorted the whole share; decision 0009).
  return { columns, indexes: [uq(`${name}_${seq}_uq`, seq), ix(`${name}_territory_seq_ix`, 'territoryId', seq), ...indexed] };
}

/** The modifiers every Drizzle column builder has (their types differ by column type and dialect). */
interface Chain {
  primaryKey(): Chain;
  notNull(): Chain;
  unique(name?: string): Chain;
  default(v: unknown): Chain;
}

/** A column from its spec, on the dialect's builder for its kind; `namedUnique`: the dialect names unique constraints. */
export function specColumn(c: ColumnSpec, builder: unknown, namedUnique: boolean): ColumnBuilderBase {
  const base = builder as Chain;
  if (c.primaryKey) return base.primaryKey() as unknown as ColumnBuilderBase;
  let b = base.notNull();
  if (c.unique) b = namedUnique ? b.unique(c.unique) : b.unique();
  if (c.default !== undefined) b = b.default(c.default);
  return b as unknown as ColumnBuilderBase;
}

/**
 * A table's indexes by record key, on the dialect's index builders (`make`); a partial one is written with the
 * dialect's quoting of its column (`quote`), as each dialect's migrations have always had it.
 */
export function specIndexes<I>(t: unknown, list: readonly IndexSpec[], make: (unique: boolean, name: string, on: [Column, ...Column[]]) => I & { where(s: SQL): I }, quote: (column: string) => string, columnOf: (key: string) => string = (k) => k): I[] {
  const c = t as Record<string, Column>;
  return list.map((i) => {
    const [first, ...rest] = i.on.map((k) => c[k] ?? failMissing(i.name, k));
    const built = make(i.unique === true, i.name, [first!, ...rest]);
    return i.whereTrue ? built.where(sql.raw(`${quote(columnOf(i.whereTrue))} = 1`)) : built;
  });
}

function failMissing(table: string, key: string): never {
  throw new Error(`${table}: no column for ${key}`);
}
