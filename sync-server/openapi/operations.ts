// What each route the server registers does, for the OpenAPI document: one entry per `METHOD path` of app.routes.
// Paths, path parameters, entity names, record schemas, limits and error codes are not written here: document.ts
// takes them from the registered routes and the metadata. A test fails when a route has no entry or an entry no route.
import { CONDITION_OPS, SEARCH_LIMITS } from '../../shared/advanced-search.ts';
import { DOCUMENT_LIMITS, DOCUMENT_LIST, DOCUMENT_TARGETS, UPLOAD_HEADER } from '../../shared/documents.ts';
import { MAIL_ENTITIES, MAIL_LIMITS, SMTP_SECURITY } from '../../shared/outgoing-mail.ts';
import { TEMPLATE_ENTITIES, TEMPLATE_KINDS } from '../../shared/mail-merge.ts';
import { LIST_QUERY_LIMITS } from '../../shared/list-query.ts';
import { SYNC_LIMITS } from '../../shared/sync.ts';
import { CUSTOM_ENTITY_KEY_RE, CUSTOM_KINDS, CUSTOM_LIMITS, CUSTOM_REF_TARGETS, CUSTOMIZABLE } from '../../shared/entities/index.ts';
import { FILTER_OPS, MAX_COLUMNS, MAX_FILTERS, MAX_GROUPS, NAME_MAX, REPORT_ENTITIES } from '../../shared/reports.ts';
import { GADGET_KINDS, MAX_GADGETS } from '../../shared/dashboard.ts';
import { GROUP_ENTITIES, GROUP_KINDS, GROUP_LIST, GROUP_NAME_MAX, CRITERIA_TEXT_MAX } from '../db/groups.ts';
import { BODY_LIMITS } from '../security/limits.ts';
import type { Schema } from './schemas.ts';
import { sortableFields, type ListShape } from '../../shared/list-query.ts';
import { RULE_EVENTS, RULE_LIMITS } from '../../shared/rules.ts';

/** Who may call it: anyone, a signed-in user (cookie or bearer token), an administrator, or the metrics token. */
export type Access = 'public' | 'session' | 'admin' | 'metrics';

export interface Param {
  name: string;
  description: string;
  schema?: Schema;
  required?: boolean;
  /** `deepObject`: an object spread over `name[key]=value` parameters (a list's filters). */
  style?: 'deepObject';
}

export interface Operation {
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  query?: Param[];
  headers?: Param[];
  /** A JSON body's schema; `raw` for a file streamed as the body. */
  body?: Schema | 'raw';
  /** The success status and what it answers (a schema for JSON, or another content type). */
  ok?: { status?: number; schema?: Schema; type?: string; description?: string };
}

const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, ...(required.length ? { required } : {}) });
const str = (description?: string, extra: Schema = {}): Schema => ({ type: 'string', ...(description ? { description } : {}), ...extra });
const arr = (items: Schema, extra: Schema = {}): Schema => ({ type: 'array', items, ...extra });
const int = (minimum: number, maximum: number): Schema => ({ type: 'integer', minimum, maximum });
const any: Schema = { type: 'object', additionalProperties: true };
/** A table rule as sent (shared/rules.ts). */
const ruleBody: Schema = obj(
  {
    name: str(undefined, { maxLength: RULE_LIMITS.name }),
    entity: str(),
    events: arr(str(undefined, { enum: [...RULE_EVENTS] })),
    condition: str('WHERE-style: status = \'closed\' AND amount > 10000, territory IN (…), email IS NULL, LIKE, BETWEEN, NOT, OLD./NEW., CHANGED(field).', { maxLength: RULE_LIMITS.condition }),
    actions: arr(any, { maxItems: RULE_LIMITS.actions }),
    enabled: { type: 'boolean' },
  },
  ['name', 'entity', 'events', 'actions'],
);
/** Replaced by document.ts with a reference to the record schema of the route's entity (or any entity). */
export const RECORD: Schema = { 'x-fieldcrm-record': true };

const paging = (max: number): Param[] => [
  { name: 'offset', description: 'Records to skip.', schema: { type: 'integer', minimum: 0, default: 0 } },
  { name: 'limit', description: `Records in the page (at most ${max}).`, schema: { type: 'integer', minimum: 1, maximum: max } },
];
/** `sort` and `filter[...]` of a server list that is not an entity's (documents, groups), from its list shape. */
const plainListQuery = (shape: ListShape, fallback: string): Param[] => [
  { name: 'sort', description: `One or more of ${sortableFields(shape).join(', ')}, comma-separated, \`-\` before a field for descending (${fallback} when absent); the id breaks ties. A bad field is 400 FC-REC-003.`, schema: str() },
  {
    name: 'filter',
    description: `\`filter[<field>]=value\` for ${Object.entries(shape.fields).filter(([, f]) => f.kind === 'select' || f.kind === 'text').map(([k]) => k).join(', ')}; \`filter[<field>.from]\` / \`filter[<field>.to]\` for ranges on ${Object.entries(shape.fields).filter(([, f]) => f.kind === 'datetime' || f.kind === 'number').map(([k]) => k).concat('updatedAt').join(', ')} (instants in UTC, \`to\` excluded; numbers both ends kept). A bad term is 400 FC-REC-004.`,
    schema: { type: 'object', additionalProperties: { type: 'string' } },
  },
];
const page = (key: string, item: Schema): Schema => obj({ total: { type: 'integer' }, offset: { type: 'integer' }, limit: { type: 'integer' }, [key]: arr(item) }, ['total', key]);

/** A built-in entity of `list`, or a custom entity's key (`x_<code>`, docs/decisions/0050): reports and templates take both. */
const orCustomEntity = (list: readonly string[]): Schema => ({ type: 'string', description: 'A built-in entity, or a custom entity’s key (x_<code>).', anyOf: [{ enum: [...list] }, { pattern: CUSTOM_ENTITY_KEY_RE.source }] });
const template = obj({ id: str(), name: str(), kind: { type: 'string', enum: [...TEMPLATE_KINDS] }, entity: orCustomEntity(TEMPLATE_ENTITIES), subject: str(), body: str(), ownerId: str(), mayEdit: { type: 'boolean' }, createdAt: str(), updatedAt: str() });
const templateInput = obj({ name: str(undefined, { maxLength: 120 }), kind: { type: 'string', enum: [...TEMPLATE_KINDS] }, entity: orCustomEntity(TEMPLATE_ENTITIES), subject: str(), body: str() }, ['name', 'kind', 'entity', 'body']);
const group = obj({ id: str(), name: str(), entity: { type: 'string', enum: [...GROUP_ENTITIES] }, kind: { type: 'string', enum: [...GROUP_KINDS] }, criteria: obj({ text: str(), filters: { type: 'object', additionalProperties: { type: 'string' } } }), ownerId: str(), ownerName: str(), mayEdit: { type: 'boolean' } });
const condition = obj(
  {
    field: str('A field of the entity.'),
    op: { type: 'string', enum: [...CONDITION_OPS] },
    value: str(undefined, { maxLength: SEARCH_LIMITS.value }),
    group: { type: 'integer', minimum: 0, maximum: SEARCH_LIMITS.groups - 1, description: 'Its OR group (0 when absent): a record matches when every condition of one group holds, as in (A and B) or C.' },
  },
  ['field', 'op'],
);
const criteria = obj({ conditions: arr(condition, { maxItems: SEARCH_LIMITS.conditions }), text: str(`Searched in the entity’s search fields (at most ${CRITERIA_TEXT_MAX} characters).`), filters: { type: 'object', description: 'Select field → value, all of which must match.', additionalProperties: { type: 'string' } } });
const ids = obj({ ids: arr(str(), { minItems: 1 }) }, ['ids']);
const documentInfo = obj({ id: str(), entity: { type: 'string', enum: [...DOCUMENT_TARGETS] }, recordId: str(), name: str(), contentType: str(), size: { type: 'integer' }, policy: str(), territoryId: str(), ownerId: str(), createdAt: str() });
const smtpView = obj({ configured: { type: 'boolean' }, host: str(), port: int(1, 65535), security: { type: 'string', enum: [...SMTP_SECURITY] }, user: str(), passwordSet: { type: 'boolean' }, fromAddress: str(), fromName: str() });
const user = obj({ id: str(), login: str(), displayName: str(), role: str(), territoryId: str(), profileId: str(), locale: str(), timeZone: str() });
const pushRow = obj({ assumedMasterState: { oneOf: [RECORD, { type: 'null' }] }, newDocumentState: RECORD }, ['assumedMasterState', 'newDocumentState']);

const bilingual = obj({ en: str(undefined, { maxLength: CUSTOM_LIMITS.label }), fr: str(undefined, { maxLength: CUSTOM_LIMITS.label }) }, ['en', 'fr']);
const customOption = obj({ value: str('Letters, digits, _ or - (at most 40).'), en: str(), fr: str() }, ['value', 'en', 'fr']);
const screens = obj({ form: { type: 'boolean' }, list: { type: 'boolean' }, search: { type: 'boolean' } });
const customField = obj({ entity: { type: 'string', enum: [...CUSTOMIZABLE] }, key: str('c_ and the code.'), kind: { type: 'string', enum: [...CUSTOM_KINDS] }, label: bilingual, required: { type: 'boolean' }, options: arr(customOption), to: { type: 'string', enum: [...CUSTOM_REF_TARGETS] }, screens, hidden: { type: 'boolean' } });
const customFieldInput = obj(
  { entity: { type: 'string', enum: [...CUSTOMIZABLE] }, code: str('A lower-case letter, then lower-case letters, digits or _ (at most 30); the field is kept as c_<code>.'), kind: { type: 'string', enum: [...CUSTOM_KINDS] }, label: bilingual, required: { type: 'boolean' }, options: arr(customOption, { maxItems: CUSTOM_LIMITS.options }), to: { type: 'string', enum: [...CUSTOM_REF_TARGETS] }, screens },
  ['entity', 'code', 'kind', 'label'],
);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const reportDefinition = obj(
  {
    entity: orCustomEntity(REPORT_ENTITIES),
    columns: arr(str('A field, territoryId, updatedAt, or <date field>:month.'), { minItems: 1, maxItems: MAX_COLUMNS }),
    filters: arr(obj({ field: str(), op: { type: 'string', enum: [...FILTER_OPS] }, value: { description: 'Text, a whole number in the field’s units, or a list for `in`.' } }, ['field', 'op']), { maxItems: MAX_FILTERS }),
    sort: arr(obj({ field: str(), direction: { type: 'string', enum: ['asc', 'desc'] } }, ['field', 'direction']), { maxItems: 3 }),
    groupBy: arr(str(), { maxItems: MAX_GROUPS }),
    details: { type: 'boolean' },
    chart: { type: 'boolean' },
  },
  ['entity', 'columns'],
);
const reportInput = obj({ name: str(undefined, { maxLength: NAME_MAX }), shared: { type: 'boolean' }, definition: reportDefinition }, ['name', 'definition']);
const savedReport = obj({ id: str(), name: str(), ownerId: str(), shared: { type: 'boolean' }, definition: reportDefinition, updatedAt: str() });
const reportSummary = obj({ id: str(), name: str(), kind: { type: 'string', enum: ['shipped', 'saved'] }, entity: str(), ownerId: str(), shared: { type: 'boolean' } }, ['id', 'name', 'kind']);
const reportResult = obj({ id: { type: ['string', 'null'] }, name: str(), entity: str(), columns: arr(any), rows: arr(any), totalRows: { type: 'integer' }, offset: { type: 'integer' }, limit: { type: 'integer' }, groups: arr(any), count: { type: 'integer' } });
const layout = obj({ gadgets: arr(obj({ id: str(), kind: { type: 'string', enum: [...GADGET_KINDS] }, reportId: str() }, ['id', 'kind']), { maxItems: MAX_GADGETS }) }, ['gadgets']);

export const OPERATIONS: Record<string, Operation> = {
  'GET /healthz': { tag: 'Operations', summary: 'Liveness: the process answers.', access: 'public', ok: { schema: any } },
  'GET /readyz': { tag: 'Operations', summary: 'Readiness: the database answers and start-up is done (503 while starting or draining).', access: 'public', ok: { schema: any } },
  'GET /metrics': { tag: 'Operations', summary: 'Prometheus metrics (only with the configured metrics bearer token; 404 when metrics are off).', access: 'metrics', ok: { type: 'text/plain', description: 'Prometheus text format.' } },

  'POST /api/auth/sign-in': {
    tag: 'Authentication',
    summary: 'Signs in: sets the session cookie and answers a bearer token for clients without cookies.',
    access: 'public',
    body: obj({ login: str(), password: str() }, ['login', 'password']),
    ok: { schema: obj({ token: str('Send as `Authorization: Bearer <token>`.'), user }) },
  },
  'POST /api/auth/sign-out': { tag: 'Authentication', summary: 'Ends this session.', access: 'session', ok: { schema: any } },
  'GET /api/me': { tag: 'Authentication', summary: 'The signed-in user, their rights, territories and settings.', access: 'session', ok: { schema: any } },
  'POST /api/me/password': { tag: 'Authentication', summary: 'Changes one’s own password (the current one is asked).', access: 'session', body: obj({ current: str(), next: str() }), ok: { schema: any } },
  'GET /api/version': { tag: 'Authentication', summary: 'The product, its version and its time-zone data (shown on the sign-in screen).', access: 'public', ok: { schema: obj({ product: str(), version: str(), tzdata: str() }) } },
  'POST /api/me/calendar-feed': { tag: 'Calendar', summary: 'Creates (or replaces) the user’s private iCalendar feed address.', access: 'session', ok: { schema: any } },
  'DELETE /api/me/calendar-feed': { tag: 'Calendar', summary: 'Withdraws the user’s calendar feed address.', access: 'session', ok: { schema: any } },
  'GET /api/calendar/{file}': { tag: 'Calendar', summary: 'The iCalendar feed; the secret file name is the credential.', access: 'public', ok: { type: 'text/calendar', description: 'An iCalendar file.' } },

  'GET /sync/{collection}/pull': {
    tag: 'Sync',
    summary: 'Changes after a checkpoint, oldest first, within the caller’s territories.',
    description: 'Exactly `limit` documents while more exist, unless `fit=1`: then fewer while many pages are being answered at once (the records in flight are shared between them), and the client goes on while `remaining` > 0. The page’s checkpoint, count and remaining also come as headers (`FieldCRM-Checkpoint: <seq> <scope>`, `FieldCRM-Count`, `FieldCRM-Remaining`) before the body, so a client can ask for the next page while this one downloads. Records that left the caller’s scope come as tombstones; `resync` asks the device to start over after a change of rights.',
    access: 'session',
    query: [
      { name: 'seq', description: 'The checkpoint’s sequence (0 for the start).', schema: { type: 'integer', minimum: 0 } },
      { name: 'scope', description: 'The checkpoint’s scope, as the last page answered it.', schema: str(undefined, { maxLength: 40 }) },
      { name: 'limit', description: `At most ${SYNC_LIMITS.maxPullLimit}.`, schema: int(1, SYNC_LIMITS.maxPullLimit) },
      { name: 'fit', description: '`1`: the client takes a shorter page than `limit` while the server is busy (a first sync).', schema: { type: 'string', enum: ['1'] } },
      { name: 'form', description: '`columns`: the documents as `columns` (each key once, with every document’s value in order: far fewer bytes once compressed) when they all have the same keys, else as `documents`. Anything else but `documents` (the default) answers 400 FC-REQ-008.', schema: { type: 'string', enum: ['documents', 'columns'] } },
    ],
    ok: { schema: obj({ documents: arr(RECORD), columns: { type: 'object', additionalProperties: arr({}), description: 'With `form=columns`: instead of `documents`, the values of each key, one per document, in order.' }, seqs: arr({ type: 'integer' }), checkpoint: obj({ seq: { type: 'integer' }, scope: str() }), remaining: { type: 'integer' }, resync: { type: 'boolean' } }, ['seqs', 'checkpoint', 'remaining']) },
  },
  'POST /sync/{collection}/push': {
    tag: 'Sync',
    summary: 'Writes rows (idempotent); answers the current master of each row that did not apply as sent.',
    description: `At most ${SYNC_LIMITS.maxPushRows} rows and ${BODY_LIMITS.syncPush} bytes. Edits to different fields merge; invalid rows and rows without the right are kept as rejected changes for their author.`,
    access: 'session',
    body: arr(pushRow, { maxItems: SYNC_LIMITS.maxPushRows }),
    ok: { schema: obj({ conflicts: arr(RECORD) }, ['conflicts']) },
  },
  'GET /sync/stream': { tag: 'Sync', summary: 'Server-sent events: which collection changed after which sequence; the client pulls.', access: 'session', ok: { type: 'text/event-stream', description: 'Events `{ collection, seq }`.' } },

  'GET /api/records/{entity}': {
    tag: 'Records',
    summary: 'Find by ids: exactly the records asked for that exist and that the caller may view (685-171907-QA).',
    description: 'Ids that do not exist, are deleted or are outside the caller’s territories are simply absent from the answer; no other record is ever added.',
    access: 'session',
    query: [{ name: 'ids', description: 'Comma-separated ids (1 to 100).', required: true, schema: str() }],
    ok: { schema: arr(RECORD) },
  },
  'GET /api/records/{entity}/search': {
    tag: 'Records',
    summary: 'Searches the entity’s search fields (quick search), within the caller’s territories.',
    access: 'session',
    query: [
      { name: 'q', description: '1 to 100 characters.', required: true, schema: str(undefined, { minLength: 1, maxLength: 100 }) },
      { name: 'limit', description: 'Hits (default 20).', schema: int(1, 50) },
    ],
    ok: { schema: arr(obj({ id: str(), title: str() })) },
  },
  'GET /api/records/{entity}/list': {
    tag: 'Records',
    summary: 'Lists records a page at a time, sorted by the fields asked for (or the entity’s own order), filtered by text, field values and ranges.',
    description:
      'Every list ends its order with the record id, so rows that tie on the sort keys keep one order and paging never repeats nor skips a row. ' +
      'Only records in the caller’s territories are counted and listed. Text sorts as the database compares it (SQLite: by code point; SQL Server: the column’s collation); empty values sort first when ascending. ' +
      'An unknown or unsortable sort field answers 400 FC-REC-003; an unknown filter or a value that does not fit its field answers 400 FC-REC-004.',
    access: 'session',
    query: [
      { name: 'q', description: 'Text searched in the entity’s search fields (at most 100 characters).', schema: str(undefined, { maxLength: 100 }) },
      {
        name: 'sort',
        description: `Up to ${LIST_QUERY_LIMITS.sortKeys} fields separated by commas, each ascending or, after \`-\`, descending: \`total,-issuedAt\`. Sortable: the entity’s text, option, date, date-time, number, amount and yes/no fields, and \`updatedAt\` (not references, lists or long texts).`,
        schema: str(undefined, { pattern: '^[-+]?[A-Za-z][A-Za-z0-9]*(,[-+]?[A-Za-z][A-Za-z0-9]*){0,2}$' }),
      },
      {
        name: 'filter',
        style: 'deepObject',
        description:
          'The filter row, all of which must match: `filter[status]=sent` an option (one of the field’s values), a reference (`filter[ownerId]`), `filter[territoryId]`, a yes/no (true/false) or a text, by exact value; ' +
          '\`filter[issuedAt.from]\` / \`filter[issuedAt.to]\` a range: calendar days (YYYY-MM-DD) on a date field, both ends kept; instants in UTC on a date-time field or \`updatedAt\` (\`from\` kept, \`to\` excluded); numbers on a number field and whole minor units on an amount, both ends kept. ' +
          `Empty values are ignored; at most ${LIST_QUERY_LIMITS.filters} terms of ${LIST_QUERY_LIMITS.value} characters.`,
        schema: { type: 'object', additionalProperties: str(undefined, { maxLength: LIST_QUERY_LIMITS.value }) },
      },
      { name: 'field', description: 'A field to filter on (with value).', schema: str() },
      { name: 'value', description: 'The value the field must equal (at most 100 characters).', schema: str(undefined, { maxLength: 100 }) },
      ...paging(LIST_QUERY_LIMITS.page),
    ],
    ok: { schema: page('records', RECORD) },
  },
  'POST /api/records/{entity}': { tag: 'Records', summary: 'Creates an online record (quotes, orders, products, opportunities); validated like every write.', access: 'session', body: RECORD, ok: { status: 201, schema: RECORD } },
  'PATCH /api/records/{entity}/{id}': { tag: 'Records', summary: 'Changes some fields of an online record.', access: 'session', body: RECORD, ok: { schema: RECORD } },
  'DELETE /api/records/{entity}/{id}': { tag: 'Records', summary: 'Deletes an online record (a tombstone is kept).', access: 'session', ok: { schema: any } },
  'PUT /api/quotes/{id}/lines': { tag: 'Quotes and orders', summary: 'Replaces a quote’s lines; prices and totals are computed by the server.', access: 'session', body: obj({ lines: arr(any) }), ok: { schema: any } },
  'PUT /api/orders/{id}/lines': { tag: 'Quotes and orders', summary: 'Replaces an order’s lines; prices and totals are computed by the server.', access: 'session', body: obj({ lines: arr(any) }), ok: { schema: any } },
  'POST /api/quotes/{id}/convert': { tag: 'Quotes and orders', summary: 'Converts a quote to an order (once).', access: 'session', ok: { status: 201, schema: any } },

  'GET /api/documents/settings': { tag: 'Documents', summary: 'The largest file accepted, the refused types and the storage.', access: 'session', ok: { schema: any } },
  'PUT /api/admin/documents/settings': { tag: 'Administration', summary: 'Changes the document settings.', access: 'admin', body: any, ok: { schema: any } },
  'GET /api/documents': {
    tag: 'Documents',
    summary: 'Documents the caller may see: one record’s, or all, filtered by name and the filter row, sorted (newest first by default).',
    access: 'session',
    query: [
      { name: 'q', description: 'Part of the name (at most 100 characters).', schema: str(undefined, { maxLength: 100 }) },
      { name: 'entity', description: 'With recordId: one record’s documents.', schema: { type: 'string', enum: [...DOCUMENT_TARGETS] } },
      { name: 'recordId', description: 'With entity.', schema: str() },
      ...plainListQuery(DOCUMENT_LIST, 'newest first'),
      ...paging(DOCUMENT_LIMITS.pageMax),
    ],
    ok: { schema: page('documents', documentInfo) },
  },
  'POST /api/documents/upload': {
    tag: 'Documents',
    summary: 'Files one file with a record; the body is the file’s bytes.',
    access: 'session',
    headers: [{ name: UPLOAD_HEADER, description: 'Must be 1 (keeps other sites from posting files).', required: true, schema: { type: 'string', const: '1' } }],
    query: [
      { name: 'entity', description: 'The record’s entity.', required: true, schema: { type: 'string', enum: [...DOCUMENT_TARGETS] } },
      { name: 'recordId', description: 'The record.', required: true, schema: str() },
      { name: 'name', description: 'The file name.', required: true, schema: str() },
    ],
    body: 'raw',
    ok: { status: 201, schema: documentInfo },
  },
  'POST /api/documents/email': {
    tag: 'Documents',
    summary: 'Files an .eml or .msg message: an e-mail communication on the record, its attachments as documents.',
    access: 'session',
    headers: [{ name: UPLOAD_HEADER, description: 'Must be 1.', required: true, schema: { type: 'string', const: '1' } }],
    query: [
      { name: 'entity', description: 'The record’s entity.', required: true, schema: { type: 'string', enum: [...DOCUMENT_TARGETS] } },
      { name: 'recordId', description: 'The record.', required: true, schema: str() },
      { name: 'name', description: 'The file name (.eml or .msg).', required: true, schema: str() },
    ],
    body: 'raw',
    ok: { status: 201, schema: obj({ communicationId: str(), subject: str(), documents: arr(documentInfo), skipped: arr(obj({ name: str(), code: str() })) }) },
  },
  'GET /api/documents/{id}': { tag: 'Documents', summary: 'A document’s details.', access: 'session', ok: { schema: documentInfo } },
  'GET /api/documents/{id}/content': { tag: 'Documents', summary: 'The file, checked against its SHA-256.', access: 'session', ok: { type: 'application/octet-stream', description: 'The file’s bytes.' } },
  'GET /api/documents/{id}/preview': { tag: 'Documents', summary: 'An inline preview (images and PDF only).', access: 'session', ok: { type: 'application/octet-stream', description: 'The file, inline.' } },
  'PATCH /api/documents/{id}': { tag: 'Documents', summary: 'Changes a document’s security policy (and territory).', access: 'session', body: obj({ policy: str(), territoryId: str() }), ok: { schema: documentInfo } },
  'DELETE /api/documents/{id}': { tag: 'Documents', summary: 'Deletes a document.', access: 'session', ok: { schema: any } },

  'GET /api/groups': { tag: 'Groups', summary: 'Groups whose name contains `q` (every one, a page at a time: 389-171752-QA).', access: 'session', query: [{ name: 'q', description: 'Part of the name.', schema: str() }, ...plainListQuery(GROUP_LIST, 'by name'), ...paging(200)], ok: { schema: page('groups', group) } },
  'POST /api/groups': {
    tag: 'Groups',
    summary: 'Creates a static group (hand-picked members) or a dynamic one (a saved search).',
    access: 'session',
    body: obj({ name: str(undefined, { maxLength: GROUP_NAME_MAX }), entity: { type: 'string', enum: [...GROUP_ENTITIES] }, kind: { type: 'string', enum: [...GROUP_KINDS] }, criteria }, ['name', 'entity', 'kind']),
    ok: { status: 201, schema: group },
  },
  'GET /api/groups/{id}': { tag: 'Groups', summary: 'A group.', access: 'session', ok: { schema: group } },
  'PATCH /api/groups/{id}': { tag: 'Groups', summary: 'Renames a group or changes a dynamic group’s search.', access: 'session', body: obj({ name: str(), criteria }), ok: { schema: group } },
  'DELETE /api/groups/{id}': { tag: 'Groups', summary: 'Deletes a group (its records stay).', access: 'session', ok: { schema: any } },
  'GET /api/groups/{id}/members': { tag: 'Groups', summary: 'The group’s members the caller may see, a page at a time.', access: 'session', query: paging(1000), ok: { schema: page('records', RECORD) } },
  'POST /api/groups/{id}/members': { tag: 'Groups', summary: 'Adds records to a static group.', access: 'session', body: ids, ok: { schema: any } },
  'DELETE /api/groups/{id}/members': { tag: 'Groups', summary: 'Removes records from a static group.', access: 'session', body: ids, ok: { schema: any } },
  'POST /api/groups/{id}/mailchimp': { tag: 'Marketing', summary: 'Sends the group to the MailChimp audience (refused when two members share an address).', access: 'session', ok: { schema: any } },

  'GET /api/email/check': { tag: 'Marketing', summary: 'Who else holds these e-mail addresses (742-171455-ENH).', access: 'session', query: [{ name: 'address', description: '1 to 10 addresses (repeat the parameter).', required: true, schema: str() }, { name: 'entity', description: 'The record being edited.', schema: str() }, { name: 'id', description: 'Its id.', schema: str() }], ok: { schema: any } },
  'GET /api/marketing/email-duplicates': { tag: 'Marketing', summary: 'Every address used by more than one company, person or lead.', access: 'session', query: paging(200), ok: { schema: any } },
  'POST /api/email/send': {
    tag: 'E-mail',
    summary: 'Sends an e-mail written on a record through the organisation’s SMTP server, then files it on the record.',
    description: `The sent message (.eml) is filed as an e-mail communication of the record (of its company for a quote or an order; of its company or person for a custom record, regarding it: 422 FC-MAIL-007 before anything is sent when it has neither), its attachments as documents. When the SMTP server cannot be reached, refuses the password or every recipient, nothing is filed (FC-MAIL-003 to 006). At most ${MAIL_LIMITS.recipients} recipients, ${MAIL_LIMITS.attachments} attachments of ${MAIL_LIMITS.attachmentBytes} bytes in all.`,
    access: 'session',
    body: obj(
      {
        entity: orCustomEntity(MAIL_ENTITIES),
        recordId: str(),
        to: arr(str(undefined, { format: 'email' }), { minItems: 1 }),
        cc: arr(str(undefined, { format: 'email' })),
        subject: str(undefined, { maxLength: MAIL_LIMITS.subject }),
        html: str('The HTML body (merge a template with POST /api/merge for a preview).', { maxLength: MAIL_LIMITS.html }),
        templateId: str(),
        attachments: arr(obj({ name: str(), contentType: str(), content: str('base64', { contentEncoding: 'base64' }) }, ['name', 'content']), { maxItems: MAIL_LIMITS.attachments }),
        documentIds: arr(str('A filed document the caller may see (GET /api/documents), attached as stored.'), { maxItems: MAIL_LIMITS.attachments, description: `Counted with attachments; ${MAIL_LIMITS.documentBytes} bytes in all. One not there or not the caller's to see: 422 FC-MAIL-002, nothing sent.` }),
      },
      ['entity', 'recordId', 'to', 'subject', 'html'],
    ),
    ok: { status: 201, schema: obj({ messageId: str(), communicationId: str(), accepted: arr(str()), documents: arr(obj({ id: str(), name: str() })) }) },
  },
  'GET /api/admin/smtp': { tag: 'Administration', summary: 'The SMTP server e-mails are sent through (never its password).', access: 'admin', ok: { schema: smtpView } },
  'PUT /api/admin/smtp': {
    tag: 'Administration',
    summary: 'Sets the SMTP server; the password is kept encrypted (left out: the stored one is kept).',
    access: 'admin',
    body: obj({ host: str(), port: int(1, 65535), security: { type: 'string', enum: [...SMTP_SECURITY] }, user: str(), password: str(), fromAddress: str(undefined, { format: 'email' }), fromName: str() }, ['host', 'port', 'security', 'fromAddress']),
    ok: { schema: smtpView },
  },

  'GET /api/templates/entities': { tag: 'Templates', summary: 'The entities a template may be for (never "System": 756-171755-ENH).', access: 'session', ok: { schema: obj({ entities: arr(orCustomEntity(TEMPLATE_ENTITIES)) }) } },
  'GET /api/templates/fields': { tag: 'Templates', summary: 'The merge fields of an entity’s templates.', access: 'session', query: [{ name: 'entity', description: 'The template entity.', required: true, schema: orCustomEntity(TEMPLATE_ENTITIES) }], ok: { schema: obj({ fields: arr(str()) }) } },
  'POST /api/templates/check': { tag: 'Templates', summary: 'Checks a template’s text without saving it (422 with the line of the first problem).', access: 'session', body: obj({ entity: str(), body: str(), subject: str() }, ['entity', 'body']), ok: { schema: obj({ ok: { type: 'boolean' } }) } },
  'GET /api/templates': { tag: 'Templates', summary: 'Templates, optionally of one entity and kind.', access: 'session', query: [{ name: 'entity', description: 'Only this entity’s.', schema: orCustomEntity(TEMPLATE_ENTITIES) }, { name: 'kind', description: 'document or email.', schema: { type: 'string', enum: [...TEMPLATE_KINDS] } }], ok: { schema: obj({ templates: arr(template) }) } },
  'POST /api/templates': { tag: 'Templates', summary: 'Creates a template (checked: syntax and every field name).', access: 'session', body: templateInput, ok: { status: 201, schema: template } },
  'GET /api/templates/{id}': { tag: 'Templates', summary: 'A template.', access: 'session', ok: { schema: template } },
  'PUT /api/templates/{id}': { tag: 'Templates', summary: 'Changes a template’s name, subject or body (owner or administrator).', access: 'session', body: obj({ name: str(), subject: str(), body: str() }), ok: { schema: template } },
  'DELETE /api/templates/{id}': { tag: 'Templates', summary: 'Deletes a template (owner or administrator).', access: 'session', ok: { schema: any } },
  'POST /api/merge': { tag: 'Templates', summary: 'Merges a record with a template: a document is filed (201); an e-mail template answers its subject and HTML (200).', access: 'session', body: obj({ templateId: str(), recordId: str(), entity: str(), locale: str() }, ['templateId', 'recordId']), ok: { schema: obj({ subject: str(), html: str(), document: any }) } },
  'GET /api/merged-documents': { tag: 'Templates', summary: 'The merged documents filed with a record.', access: 'session', query: [{ name: 'entity', description: 'The record’s entity.', required: true, schema: str() }, { name: 'recordId', description: 'The record.', required: true, schema: str() }], ok: { schema: obj({ documents: arr(any) }) } },
  'GET /api/merged-documents/{id}': { tag: 'Templates', summary: 'A merged document as a page (no script may run in it).', access: 'session', query: [{ name: 'download', description: '1 to download it.', schema: str() }], ok: { type: 'text/html', description: 'The merged HTML.' } },

  'GET /api/admin/users': { tag: 'Administration', summary: 'Every user.', access: 'admin', ok: { schema: any } },
  'POST /api/admin/users': { tag: 'Administration', summary: 'Creates a user (password policy: 685-171867-QA).', access: 'admin', body: any, ok: { status: 201, schema: user } },
  'PATCH /api/admin/users/{id}': { tag: 'Administration', summary: 'Changes a user (name, locale, time zone, profile, territory, reports-to).', access: 'admin', body: any, ok: { schema: user } },
  'POST /api/admin/users/{id}/revoke-sessions': { tag: 'Administration', summary: 'Signs a user out everywhere.', access: 'admin', ok: { schema: any } },
  'POST /api/admin/users/{id}/disable': { tag: 'Administration', summary: 'Disables a user: every session ends at once and sign-in is refused (FC-AUTH-008) until enabled; one’s own account is refused (FC-ADM-001).', access: 'admin', ok: { schema: any } },
  'POST /api/admin/users/{id}/enable': { tag: 'Administration', summary: 'Lets a disabled user sign in again.', access: 'admin', ok: { schema: any } },
  'POST /api/admin/users/{id}/reset-password': { tag: 'Administration', summary: 'Gives the user a one-time password (answered once): they are signed out everywhere and must choose their own at the next sign-in (FC-AUTH-009 until then).', access: 'admin', body: obj({ password: str('A chosen one-time password; generated when absent.') }), ok: { schema: obj({ password: str('The one-time password, shown only now.') }) } },
  'GET /api/admin/sessions': { tag: 'Administration', summary: 'Signed-in sessions and devices (browser and system from the User-Agent, address, signed in, last seen).', access: 'admin', query: [{ name: 'userId', description: 'Only this user’s sessions.' }], ok: { schema: arr(any) } },
  'DELETE /api/admin/sessions/{id}': { tag: 'Administration', summary: 'Signs out one session (one device); its unsent changes stay on it until its user signs in again.', access: 'admin', ok: { schema: any } },
  'GET /api/admin/audit': { tag: 'Administration', summary: 'The audit log of administrative changes, newest first: who, what, when, before and after; filtered, paged, or as CSV.', access: 'admin', query: [{ name: 'actorId', description: 'Who made the change.' }, { name: 'action', description: 'The kind of change (e.g. user.update).' }, { name: 'targetType', description: 'user, territory, profile, setting…' }, { name: 'targetId', description: 'The target’s id.' }, { name: 'from', description: 'From this instant (ISO 8601).' }, { name: 'to', description: 'Until this instant (ISO 8601).' }, { name: 'format', description: '`csv` for a CSV file.', schema: { type: 'string', enum: ['csv'] } }, ...paging(500)], ok: { schema: any } },
  'GET /api/admin/rules': { tag: 'Administration', summary: 'Table rules (docs/decisions/0049), each with its health: failures since it was saved and the last error.', access: 'admin', ok: { schema: arr(any) } },
  'GET /api/admin/rules/meta': { tag: 'Administration', summary: 'What a rule may name: the entities that take rules and their fields (kinds, options, which a rule may set), from the metadata.', access: 'admin', ok: { schema: any } },
  'POST /api/admin/rules/check': { tag: 'Administration', summary: 'Checks a WHERE-style condition against an entity’s fields without saving (FC-RULE-002 with the line and column otherwise).', access: 'admin', body: obj({ entity: str(), condition: str(undefined, { maxLength: RULE_LIMITS.condition }) }, ['entity', 'condition']), ok: { schema: any } },
  'POST /api/admin/rules': { tag: 'Administration', summary: 'Adds a table rule: entity, events (insert, update, delete), condition and declared actions (set, refuse, notify, task). FC-RULE-002 lists every problem.', access: 'admin', body: ruleBody, ok: { status: 201, schema: any } },
  'PUT /api/admin/rules/{id}': { tag: 'Administration', summary: 'Replaces a table rule (its failure count starts again).', access: 'admin', body: ruleBody, ok: { schema: any } },
  'PATCH /api/admin/rules/{id}': { tag: 'Administration', summary: 'Enables or disables a table rule.', access: 'admin', body: obj({ enabled: { type: 'boolean' } }, ['enabled']), ok: { schema: any } },
  'DELETE /api/admin/rules/{id}': { tag: 'Administration', summary: 'Deletes a table rule.', access: 'admin', ok: { schema: any } },
  'POST /api/admin/rules/test': { tag: 'Administration', summary: 'Tests a rule (saved, or as sent) on a record, writing nothing: whether its condition holds and what it would do.', access: 'admin', body: obj({ ruleId: str(), rule: any, recordId: str(), event: str(undefined, { enum: [...RULE_EVENTS] }) }, ['recordId']), ok: { schema: any } },
  'GET /api/admin/territories': { tag: 'Administration', summary: 'The territory tree (id, name, parent).', access: 'admin', ok: { schema: arr(obj({ id: str(), name: str(), parentId: str('Empty for the root.') })) } },
  'POST /api/admin/territories': { tag: 'Administration', summary: 'Adds a territory under a parent.', access: 'admin', body: obj({ name: str(undefined, { maxLength: 200 }), parentId: str() }, ['name', 'parentId']), ok: { status: 201, schema: obj({ id: str(), name: str(), parentId: str() }) } },
  'PATCH /api/admin/territories/{id}': { tag: 'Administration', summary: 'Renames a territory, or moves it under another parent with its records (loops and the root refused: FC-ADM-003, FC-ADM-004).', access: 'admin', body: obj({ name: str(undefined, { maxLength: 200 }), parentId: str() }), ok: { schema: obj({ id: str(), name: str(), parentId: str() }) } },
  'DELETE /api/admin/territories/{id}': { tag: 'Administration', summary: 'Deletes an empty territory (no sub-territory, record, document or user at home there: FC-ADM-005 says what is left).', access: 'admin', ok: { schema: any } },
  'POST /api/admin/profiles': { tag: 'Administration', summary: 'Creates a security profile, empty or as a copy of another (rights and features).', access: 'admin', body: obj({ name: str(undefined, { maxLength: 200 }), copyFrom: str('A profile to copy.') }, ['name']), ok: { status: 201, schema: any } },
  'PATCH /api/admin/profiles/{id}': { tag: 'Administration', summary: 'Renames a security profile.', access: 'admin', body: obj({ name: str(undefined, { maxLength: 200 }) }, ['name']), ok: { schema: any } },
  'DELETE /api/admin/profiles/{id}': { tag: 'Administration', summary: 'Deletes a profile nobody uses (FC-ADM-006 otherwise).', access: 'admin', ok: { schema: any } },
  'GET /api/admin/tokens': { tag: 'Administration', summary: 'Everyone’s personal API tokens (never the tokens themselves).', access: 'admin', ok: { schema: arr(any) } },
  'DELETE /api/admin/tokens/{id}': { tag: 'Administration', summary: 'Revokes anyone’s API token.', access: 'admin', ok: { schema: any } },
  'GET /api/me/tokens': { tag: 'Account', summary: 'The caller’s personal API tokens: name, created, last used, expiry (never the tokens themselves).', access: 'session', ok: { schema: arr(obj({ id: str(), name: str(), createdAt: str(), lastUsedAt: str(), expiresAt: str('When it stops working; empty: until revoked.'), access: { type: 'string', enum: ['full', 'read'] } })) } },
  'POST /api/me/tokens': {
    tag: 'Account',
    summary: 'Makes a personal API token, shown only in this answer (send it as `Authorization: Bearer …`; it carries the caller’s rights). Only while signed in with a session, not with a token.',
    description: 'Past its expiry date a token is refused with 401 FC-AUTH-010 (detail: when it expired). A `read` token makes GET and HEAD requests and the reads sent as POST (advanced search, report run and export, template check, Outlook lookup); anything else is refused with 403 FC-AUTH-011.',
    access: 'session',
    body: obj(
      {
        name: str(undefined, { maxLength: 100 }),
        expiresInDays: { type: ['integer', 'null'], minimum: 1, maximum: 366, description: 'Days it works for; absent or null: until revoked.' },
        access: { type: 'string', enum: ['full', 'read'], description: '`full` (the default): what its user may do; `read`: reads only.' },
      },
      ['name'],
    ),
    ok: { status: 201, schema: obj({ id: str(), name: str(), createdAt: str(), lastUsedAt: str(), expiresAt: str(), access: { type: 'string', enum: ['full', 'read'] }, token: str('Shown once.') }) },
  },
  'DELETE /api/me/tokens/{id}': { tag: 'Account', summary: 'Revokes one of the caller’s API tokens.', access: 'session', ok: { schema: any } },
  'GET /api/forecasts': { tag: 'Forecasts', summary: 'The people whose forecasts the caller may see (themselves, their team; everyone for an administrator), and whether the caller may edit each.', access: 'session', ok: { schema: arr(obj({ id: str(), displayName: str(), reportsTo: str(), editable: { type: 'boolean' } })) } },
  'GET /api/forecasts/{userId}': { tag: 'Forecasts', summary: 'A person’s forecasts per month or quarter (amounts in minor units, per currency) and their open opportunities beside them.', access: 'session', query: [{ name: 'from', description: 'First period (2026-12 or 2026-Q4).' }, { name: 'to', description: 'Last period.' }], ok: { schema: any } },
  'PUT /api/forecasts/{userId}/{period}': { tag: 'Forecasts', summary: 'Sets a forecast: one’s own, or that of someone who reports to the caller, whatever the profile (781-171899-QA; FC-FCS-001 otherwise).', access: 'session', body: obj({ amount: { type: 'integer', minimum: 0, description: 'In minor units (cents).' }, currency: str('ISO 4217.') }, ['amount', 'currency']), ok: { schema: obj({ period: str(), amount: { type: 'integer' }, currency: str(), updatedAt: str(), updatedBy: str() }) } },
  'DELETE /api/forecasts/{userId}/{period}': { tag: 'Forecasts', summary: 'Clears a forecast (same rule as setting it).', access: 'session', ok: { schema: obj({ deleted: { type: 'boolean' } }) } },
  'GET /api/forecasts-team': { tag: 'Forecasts', summary: 'The caller’s team rolled up for one period: per person and totals per currency (never added across currencies).', access: 'session', query: [{ name: 'period', description: 'The period (2026-12 or 2026-Q4).' }], ok: { schema: any } },
  'GET /api/admin/profiles': { tag: 'Administration', summary: 'The security profiles and their rights.', access: 'admin', ok: { schema: any } },
  'PUT /api/admin/profiles/{id}/rights': { tag: 'Administration', summary: 'Replaces a profile’s rights (view, edit, insert, delete per entity and territory).', access: 'admin', body: arr(any, { maxItems: 500 }), ok: { schema: any } },
  'GET /api/customization': { tag: 'Customisation', summary: 'The custom fields of every entity (docs/decisions/0044): key, kind, labels in English and French, required, options, where each shows, hidden. Records carry their values as ordinary fields (`c_…`).', access: 'session', ok: { schema: obj({ revision: { type: 'integer', description: 'Grows with every change; devices open their collections at the release’s schema version plus it.' }, fields: arr(customField) }, ['revision', 'fields']) } },
  'POST /api/admin/custom-fields': { tag: 'Customisation', summary: 'Adds a custom field to an entity; a 422 lists every issue (field codes). Screens, lists, search, reports, mail merge, this API and devices pick it up at once.', access: 'admin', body: customFieldInput, ok: { status: 201, schema: obj({ field: customField, revision: { type: 'integer' } }) } },
  'PATCH /api/admin/custom-fields/{entity}/{key}': { tag: 'Customisation', summary: 'Changes a custom field’s labels, required, screens or hidden state, or adds to / relabels its options (values in use are never taken away).', access: 'admin', body: obj({ label: bilingual, required: { type: 'boolean' }, hidden: { type: 'boolean', description: 'Hidden: on no screen; its values are kept until purged.' }, screens, options: arr(customOption) }), ok: { schema: obj({ field: customField, revision: { type: 'integer' } }) } },
  'DELETE /api/admin/custom-fields/{entity}/{key}': { tag: 'Customisation', summary: 'Purges a hidden custom field: its definition goes and its values are erased from every record (FC-CUS-002 for a field still shown).', access: 'admin', ok: { schema: obj({ purged: { type: 'integer', description: 'Records that held a value.' }, revision: { type: 'integer' } }) } },
  'POST /api/admin/custom-entities': {
    tag: 'Customisation',
    summary: 'Creates a custom entity (docs/decisions/0050): `x_<code>`, its labels, parent (company, person or none), territory rule (own or its parent’s), whether its records are kept on devices (`offline`, docs/decisions/0057: replicated in the `customRecord` sync collection; otherwise online only; fixed once made) and, optionally, the rights each profile gets on it. Its fields are custom fields on its key; its records are at /api/records/x_<code>.',
    access: 'admin',
    body: obj({ code: str(), label: bilingual, plural: bilingual, parent: { type: 'string', enum: ['company', 'person', 'none'] }, territory: { type: 'string', enum: ['own', 'parent'] }, offline: { type: 'boolean', description: 'Kept on devices (default false: online only).' }, rights: arr(obj({ profileId: str(), territoryId: str(), view: { type: 'boolean' }, insert: { type: 'boolean' }, edit: { type: 'boolean' }, delete: { type: 'boolean' } }, ['profileId', 'territoryId'])) }, ['code', 'label']),
    ok: { status: 201, schema: obj({ entity: any, revision: { type: 'integer' } }) },
  },
  'PATCH /api/admin/custom-entities/{key}': { tag: 'Customisation', summary: 'Changes a custom entity’s labels.', access: 'admin', body: obj({ label: bilingual, plural: bilingual }), ok: { schema: obj({ entity: any, revision: { type: 'integer' } }) } },
  'DELETE /api/admin/custom-entities/{key}': {
    tag: 'Customisation',
    summary: 'Removes a custom entity: its definition and fields, every record of it (deleted, so devices drop them) and the profiles’ rights on it.',
    description: 'Refused with 409 FC-CUS-003 while a saved report, a mail-merge template or a table rule uses the entity (detail: their names); nothing is removed. The key must be typed again as `confirm` (422 otherwise).',
    access: 'admin',
    query: [{ name: 'confirm', description: 'The entity’s key again (x_<code>).', required: true, schema: str() }],
    ok: { schema: obj({ key: str(), removedRecords: { type: 'integer' }, revision: { type: 'integer' } }) },
  },
  'GET /api/admin/settings': { tag: 'Administration', summary: 'The system-behaviour switches.', access: 'admin', ok: { schema: any } },
  'PUT /api/admin/settings/{key}': { tag: 'Administration', summary: 'Turns a system-behaviour switch on or off.', access: 'admin', body: obj({ value: { type: 'boolean' } }, ['value']), ok: { schema: any } },
  'GET /api/admin/features': { tag: 'Administration', summary: 'The features each profile has.', access: 'admin', ok: { schema: any } },
  'PUT /api/admin/profiles/{id}/features': { tag: 'Administration', summary: 'Sets a profile’s features.', access: 'admin', body: obj({ features: arr(str()) }, ['features']), ok: { schema: any } },
  'GET /api/admin/mailchimp': { tag: 'Administration', summary: 'The MailChimp integration (never the key itself).', access: 'admin', ok: { schema: any } },
  'PUT /api/admin/mailchimp/key': { tag: 'Administration', summary: 'Checks and keeps (encrypted) the MailChimp API key.', access: 'admin', body: obj({ apiKey: str() }, ['apiKey']), ok: { schema: any } },
  'GET /api/admin/mailchimp/audiences': { tag: 'Administration', summary: 'The key’s MailChimp audiences.', access: 'admin', ok: { schema: any } },
  'PUT /api/admin/mailchimp/audience': { tag: 'Administration', summary: 'Chooses the audience groups are sent to.', access: 'admin', body: obj({ audienceId: str() }, ['audienceId']), ok: { schema: any } },
  'PUT /api/admin/mailchimp/enabled': { tag: 'Administration', summary: 'Switches the MailChimp integration on or off.', access: 'admin', body: obj({ enabled: { type: 'boolean' } }), ok: { schema: any } },
  'GET /api/me/outlook-plugin.msi': { tag: 'Outlook plug-in', summary: 'The user’s customised, signed Outlook plug-in installer.', access: 'session', ok: { type: 'application/x-msi', description: 'A Windows Installer file.' } },
  'GET /api/me/outlook-manifest.xml': {
    tag: 'Outlook plug-in',
    summary: 'The Outlook add-in manifest for Outlook on the web, new Outlook and central deployment.',
    description: 'Written for this server’s public address (PUBLIC_URL, else the request’s) in the caller’s language; the same manifest the .msi installs.',
    access: 'session',
    ok: { type: 'application/xml', description: 'An Office add-in manifest (schema 1.1).' },
  },
  'POST /api/outlook/lookup': {
    tag: 'Outlook plug-in',
    summary: 'Who the open message’s people are in FieldCRM, whether it was filed already, and the sender’s open business.',
    description: 'Persons, companies and leads matched by e-mail address, only those the caller may view; `filed` when a message with this Message-ID is filed on a communication still there.',
    access: 'session',
    body: obj({ messageId: str('The Internet Message-ID, `<…@…>`; empty when unknown.'), people: arr(obj({ address: str(), name: str(), role: str(undefined, { enum: ['from', 'to', 'cc'] }) }, ['address', 'name', 'role']), { maxItems: 50 }) }, ['messageId', 'people']),
    ok: { schema: any },
  },
  'POST /api/outlook/contacts': {
    tag: 'Outlook plug-in',
    summary: 'A person or lead for an unknown sender, in the caller’s territory, under the usual rights and rules.',
    access: 'session',
    body: obj({ kind: str(undefined, { enum: ['person', 'lead'] }), address: str('The sender’s e-mail address.'), firstName: str(), lastName: str(), companyName: str('For a lead.') }, ['kind', 'address', 'firstName', 'lastName']),
    ok: { status: 201, schema: obj({ entity: str(), id: str(), title: str() }) },
  },
  'GET /api/admin/installer': { tag: 'Administration', summary: 'The installer signing settings and the certificate in use.', access: 'admin', ok: { schema: any } },
  'PUT /api/admin/installer': { tag: 'Administration', summary: 'Changes the installer signing settings.', access: 'admin', body: any, ok: { schema: any } },
  'GET /api/admin/installer/certificate.cer': { tag: 'Administration', summary: 'The signing certificate’s public part, to install on client machines.', access: 'admin', ok: { type: 'application/pkix-cert', description: 'A DER certificate.' } },

  'GET /api/search/{entity}/fields': {
    tag: 'Records',
    summary: 'The fields an advanced search may put conditions on, with their operators; a select field lists every one of its values (674-171544-QA).',
    access: 'session',
    ok: { schema: obj({ entity: str(), fields: arr(obj({ name: str(), kind: str(), ops: arr({ type: 'string', enum: [...CONDITION_OPS] }), options: arr(str()) }, ['name', 'kind', 'ops'])) }) },
  },
  'POST /api/search/{entity}': {
    tag: 'Records',
    summary: 'Advanced search: records matching every condition (and the text), within the caller’s territories, a page at a time.',
    description: 'Save the same criteria as a dynamic group with POST /api/groups `{ kind: "dynamic", criteria: { text, conditions } }` (companies, persons and leads).',
    access: 'session',
    body: obj({ text: str(undefined, { maxLength: 100 }), conditions: arr(condition, { maxItems: SEARCH_LIMITS.conditions }), offset: { type: 'integer', minimum: 0 }, limit: int(1, SEARCH_LIMITS.pageMax) }),
    ok: { schema: page('records', RECORD) },
  },
  // Reports and the dashboard (issue 22, docs/decisions/0035–0037).
  'GET /api/reports': { tag: 'Reports', summary: 'The reports the caller may run: shipped ones, their own saved ones and those shared with everyone, each with its id and name.', access: 'session', ok: { schema: obj({ reports: arr(reportSummary) }, ['reports']) } },
  'POST /api/reports': { tag: 'Reports', summary: 'Saves a report definition (for the caller, or shared with everyone: the others get a notification).', access: 'session', body: reportInput, ok: { status: 201, schema: savedReport } },
  'POST /api/reports/run': { tag: 'Reports', summary: 'Runs an unsaved definition with the caller’s rights: a page of rows (records, subtotals and totals per currency), the groups and count whole.', access: 'session', query: paging(1000), body: obj({ definition: reportDefinition, name: str() }, ['definition']), ok: { schema: reportResult } },
  'POST /api/reports/export.xlsx': { tag: 'Reports', summary: 'An unsaved definition as an Excel workbook (number, date and currency cells; empty amounts are empty cells).', access: 'session', body: obj({ definition: reportDefinition, name: str() }, ['definition']), ok: { type: XLSX, description: 'An .xlsx workbook.' } },
  'POST /api/reports/export.csv': { tag: 'Reports', summary: 'An unsaved definition as CSV (UTF-8 with a byte-order mark).', access: 'session', body: obj({ definition: reportDefinition, name: str() }, ['definition']), ok: { type: 'text/csv', description: 'CSV.' } },
  'GET /api/reports/{id}': { tag: 'Reports', summary: 'A runnable report’s name and definition (FC-REP-002 when it is not the caller’s to run).', access: 'session', ok: { schema: any } },
  'PUT /api/reports/{id}': { tag: 'Reports', summary: 'Changes a saved report (its owner only: FC-REP-004).', access: 'session', body: reportInput, ok: { schema: savedReport } },
  'DELETE /api/reports/{id}': { tag: 'Reports', summary: 'Deletes a saved report (its owner only).', access: 'session', ok: { schema: obj({ deleted: str() }) } },
  'GET /api/reports/{id}/run': { tag: 'Reports', summary: 'Runs a report with the caller’s rights, a page of rows at a time.', access: 'session', query: paging(1000), ok: { schema: reportResult } },
  'GET /api/reports/{id}/export.xlsx': { tag: 'Reports', summary: 'Every row of the report as an Excel workbook, in the caller’s language (394-171800-QA).', access: 'session', ok: { type: XLSX, description: 'An .xlsx workbook.' } },
  'GET /api/reports/{id}/export.csv': { tag: 'Reports', summary: 'Every row of the report as CSV.', access: 'session', ok: { type: 'text/csv', description: 'CSV.' } },
  'GET /api/dashboard': { tag: 'Dashboard', summary: 'The caller’s dashboard gadgets, in order (the default arrangement until they change it).', access: 'session', ok: { schema: layout } },
  'PUT /api/dashboard': { tag: 'Dashboard', summary: 'Keeps the caller’s arrangement of gadgets (FC-DSH-001 when malformed, or a report gadget names a report they may not run).', access: 'session', body: layout, ok: { schema: layout } },
  'GET /api/dashboard/notifications': { tag: 'Dashboard', summary: 'The caller’s latest notifications, each with whether the record, group or report it is about can still be opened (741-171644-QA).', access: 'session', ok: { schema: obj({ total: { type: 'integer' }, items: arr(any) }) } },
  'GET /api/openapi.json': { tag: 'Reference', summary: 'This document: OpenAPI 3.1, generated from the registered routes and the entity metadata.', access: 'public', ok: { schema: any } },
  'GET /api/docs': { tag: 'Reference', summary: 'The browsable API reference (Swagger UI, served by this server).', access: 'public', ok: { type: 'text/html', description: 'An HTML page.' } },
  'GET /api/docs/{file}': { tag: 'Reference', summary: 'The reference page’s scripts and styles.', access: 'public', ok: { type: 'application/javascript', description: 'A script or style sheet.' } },
};
