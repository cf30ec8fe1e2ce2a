// The OpenAPI 3.1 document of this server, built from the routes the Hono app registers (app.routes), the operations
// catalogue (operations.ts) and the entity metadata (schemas.ts): a route added or an entity field changed shows here.
import { customEntities, entities, entityDef, offlineEntityKeys, ONLINE_ENTITIES, type EntityName } from '../../shared/entities/index.ts';
import { searchEntities } from '../../shared/advanced-search.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { OPERATIONS, type Operation, type Param } from './operations.ts';
import { componentSchemas, schemaName, type Schema } from './schemas.ts';

export interface RegisteredRoute {
  method: string;
  path: string;
}

/** `/api/groups/:id` → `/api/groups/{id}`. */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');

/** The routes that answer requests (middleware and catch-alls aside), once each, as `METHOD /path/{param}`. */
export function documentedRoutes(routes: readonly RegisteredRoute[]): string[] {
  const out = new Set<string>();
  for (const r of routes) {
    if (r.method === 'ALL' || r.path === '/*' || r.path.endsWith('/*')) continue;
    out.add(`${r.method} ${openApiPath(r.path)}`);
  }
  return [...out];
}

const ALL = Object.keys(entities) as EntityName[];
const SYNCED = ALL.filter((e) => !entityDef(e).online);

/** Which entities a route's `{entity}` (or `{collection}`) may name: what the route's own check accepts. */
function entitiesOf(key: string): string[] {
  // Custom records are a sync collection while a custom entity is kept on devices (docs/decisions/0057).
  if (key.includes('{collection}')) return offlineEntityKeys().length > 0 ? [...SYNCED, 'customRecord'] : SYNCED;
  // Custom entities' records are reached by their key; `customRecord` itself only stores them (docs/decisions/0050).
  const custom = customEntities().map((c) => c.key);
  if (/^(POST|PATCH|DELETE) \/api\/records\//.test(key)) return [...ONLINE_ENTITIES, ...custom];
  if (key.includes('/api/search/')) return searchEntities();
  if (key.includes('/api/records/')) return [...ALL.filter((e) => e !== 'customRecord'), ...custom];
  return ALL;
}

/** Replaces the record placeholder with references to the route's entities' schemas. */
function withRecords(schema: unknown, refs: Schema): unknown {
  if (Array.isArray(schema)) return schema.map((s) => withRecords(s, refs));
  if (schema && typeof schema === 'object') {
    if ((schema as Schema)['x-fieldcrm-record']) return refs;
    return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, withRecords(v, refs)]));
  }
  return schema;
}

const param = (where: 'query' | 'header' | 'path', p: Param): Schema => ({
  name: p.name,
  in: where,
  description: p.description,
  required: where === 'path' ? true : (p.required ?? false),
  ...(p.style ? { style: p.style, explode: true } : {}),
  schema: p.schema ?? { type: 'string' },
});
const problem = (description: string): Schema => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

function operation(key: string, op: Operation): Schema {
  const [method, path] = key.split(' ') as [string, string];
  const names = entitiesOf(key);
  const refs: Schema = names.length === 1 ? { $ref: `#/components/schemas/${schemaName(names[0]!)}` } : { oneOf: names.map((e) => ({ $ref: `#/components/schemas/${schemaName(e)}` })) };
  const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const parameters = [
    ...pathParams.map((n) =>
      param('path', {
        name: n,
        description: n === 'entity' || n === 'collection' ? 'An entity name.' : n === 'id' ? 'The id.' : n,
        schema: n === 'entity' || n === 'collection' ? { type: 'string', enum: names } : { type: 'string' },
      }),
    ),
    ...(op.query ?? []).map((p) => param('query', p)),
    ...(op.headers ?? []).map((p) => param('header', p)),
  ];
  const ok = op.ok ?? {};
  const status = String(ok.status ?? 200);
  const success: Schema = ok.type
    ? { description: ok.description ?? 'Done.', content: { [ok.type]: { schema: { type: 'string' } } } }
    : { description: ok.description ?? 'Done.', content: { 'application/json': { schema: withRecords(ok.schema ?? { type: 'object' }, refs) } } };
  const responses: Schema = { [status]: success, '400': problem('A malformed request.') };
  if (op.access !== 'public') responses['401'] = problem('No session, or it has ended (FC-AUTH-001).');
  if (op.access === 'session' || op.access === 'admin') responses['403'] = problem('No right to do this (FC-AUTH-003), or a cross-site request (FC-AUTH-007).');
  if (pathParams.length) responses['404'] = problem('No such thing, or not the caller’s to see.');
  if (op.body) responses['422'] = problem('Not valid: the problem’s `issues` name each field.');
  responses.default = problem('Any other problem, with its stable code.');
  const body =
    op.body === 'raw'
      ? { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } }
      : op.body
        ? { required: true, content: { 'application/json': { schema: withRecords(op.body, refs) } } }
        : undefined;
  const security = op.access === 'public' ? [] : op.access === 'metrics' ? [{ bearerAuth: [] }] : [{ cookieAuth: [] }, { bearerAuth: [] }];
  return {
    tags: [op.tag],
    summary: op.summary,
    ...(op.description || op.access === 'admin' ? { description: [op.description, op.access === 'admin' ? 'Administrators only.' : ''].filter(Boolean).join(' ') } : {}),
    operationId: `${method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    ...(parameters.length ? { parameters } : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
    security,
  };
}

/** The OpenAPI 3.1 document for the routes the app registers. Routes without a catalogue entry are listed as such. */
export function buildOpenApi(routes: readonly RegisteredRoute[], version: string): Schema {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const key of documentedRoutes(routes).sort()) {
    const [method, path] = key.split(' ') as [string, string];
    const op = OPERATIONS[key] ?? { tag: 'Undescribed', summary: 'No description yet.', access: 'session' };
    (paths[path] ??= {})[method.toLowerCase()] = operation(key, op);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'FieldCRM API',
      version,
      description:
        'The REST and sync API of a FieldCRM server. Every answer respects the caller’s territories and rights. Errors are JSON problem bodies (application/problem+json) with a stable `code` (see the Problem schema). Sign in with POST /api/auth/sign-in: browsers keep the session cookie, other clients send the answered token as `Authorization: Bearer <token>`. State-changing requests carried by the cookie must come from this site.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(Object.values(OPERATIONS).map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        cookieAuth: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The session cookie set by sign-in (browsers).' },
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'The token answered by sign-in (other clients); for /metrics, the metrics token.' },
      },
    },
  };
}
