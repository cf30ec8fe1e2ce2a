// The request generator: one hostile request per case, aimed at sign-in, me, version, pull, push, the stream, or elsewhere.
import { entities, type EntityName } from '../../shared/entities/index.ts';
import { SYNC_LIMITS } from '../../shared/sync.ts';
import { hostileNumber, hostileString, hostileValue, malformedJson, otherType, PROTO_KEYS, SQL_PAYLOADS, toJson, withKey } from './payloads.ts';
import type { Rng } from '../helpers/prng.ts';
import { mutate, newId, validDoc, type World } from './records.ts';
import type { FuzzRequest } from './transport.ts';

export interface FuzzContext {
  world: World;
  tokens: {
    /** A live session of the `sales` user. */
    valid: string;
    /** A session whose expiry has passed. */
    expired: string;
    /** A session that was signed out. */
    revoked: string;
  };
  /** The scope the `sales` user's checkpoints carry. */
  scope: string;
  /**
   * Every route the server documents (its OpenAPI document, which a test keeps equal to the routes it registers), so
   * routes added later are fuzzed with no change here: path template, method, query parameter and body field names.
   */
  routes: DocumentedRoute[];
}

export interface DocumentedRoute {
  method: string;
  /** `/api/records/{entity}/list` */
  path: string;
  query: string[];
  bodyFields: string[];
}

export interface FuzzCase {
  target: 'sign-in' | 'me' | 'version' | 'pull' | 'push' | 'stream' | 'elsewhere';
  request: FuzzRequest;
  /** `refuse`: certainly invalid, must be answered 4xx and change nothing; `any`: may be valid. */
  expect: 'refuse' | 'any';
  /** What was done to the request, for the failure report. */
  note: string;
}

const COLLECTIONS = Object.keys(entities) as EntityName[];
const WRONG_METHODS = ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND', 'GET', 'POST'] as const;
/** Written as they go on the wire (already percent-encoded). */
const BAD_COLLECTIONS = ['invoices', 'users', 'sessions', 'sqlite_master', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'COMPANY', 'company%20', 'company%00', '..', '%2e%2e', 'company;DROP%20TABLE%20company', ''];

/**
 * Header values must be visible ASCII (node:http refuses to send anything else), and path plus headers stay under
 * Node's 16 KiB header limit: past it Node itself answers a bare 431 before the app sees the request.
 */
const headerSafe = (s: string): string => s.replace(/[^\x20-\x7e]/g, '?').slice(0, 4000);
/** Percent-encodes every byte but the unreserved ones; unlike encodeURIComponent it never throws (lone surrogates). */
const enc = (s: string): string => [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

interface Auth {
  headers: Record<string, string>;
  ok: boolean;
  note: string;
}

/** A live session (as a bearer token or the cookie), or, when `broken`, one of the ways a session is missing or fake. */
function auth(rng: Rng, ctx: FuzzContext, broken: boolean): Auth {
  const t = ctx.tokens;
  if (!broken) return rng.chance(0.85) ? { headers: { authorization: `Bearer ${t.valid}` }, ok: true, note: 'valid bearer' } : { headers: { cookie: `fc_session=${t.valid}` }, ok: true, note: 'valid cookie' };
  return rng.weighted<() => Auth>([
    [2, () => ({ headers: {}, ok: false, note: 'no session' })],
    [2, () => ({ headers: { authorization: `Bearer ${rng.chance(0.5) ? `${t.valid.slice(0, -2)}xx` : newId(rng)}` }, ok: false, note: 'forged token' })],
    [2, () => ({ headers: { authorization: `Bearer ${t.expired}` }, ok: false, note: 'expired token' })],
    [2, () => ({ headers: { authorization: `Bearer ${t.revoked}` }, ok: false, note: 'signed-out token' })],
    [2, () => ({ headers: { authorization: `Bearer ${headerSafe(hostileString(rng))}` }, ok: false, note: 'hostile token' })],
    [1, () => ({ headers: { cookie: `fc_session=${headerSafe(rng.pick([...SQL_PAYLOADS, '%E0%A4%A', '"', ';;;', t.expired]))}` }, ok: false, note: 'hostile cookie' })],
    [1, () => ({ headers: { authorization: rng.pick(['Bearer', 'Bearer ', 'Basic c2FsZXM6UGFub3BseTIwMjY=', `bearer ${t.valid}`, `Token ${t.valid}`]) }, ok: false, note: 'odd scheme' })],
  ])();
}

interface Typed {
  headers: Record<string, string>;
  note: string;
}

/** A JSON content type, or, when `broken`, none or another type. */
function contentType(rng: Rng, broken: boolean): Typed {
  const ct = broken
    ? rng.pick([undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/html', 'application/jsonx', 'json', 'application/xml'])
    : rng.weighted<string>([
        [8, 'application/json'],
        [2, 'application/json; charset=utf-8'],
        [1, 'APPLICATION/JSON'],
        [1, 'application/json; charset=utf-16'],
      ]);
  return { headers: ct === undefined ? {} : { 'content-type': ct }, note: ct ?? 'no content type' };
}

const method = (rng: Rng, right: string, broken: boolean): string => (broken ? rng.pick(WRONG_METHODS.filter((m) => m !== right && !(right === 'GET' && m === 'HEAD'))) : right);

/**
 * Which part of a request to break. Breaking one part at a time (sometimes two) gets most requests past the
 * outer checks (session, content type) into the code that parses and stores, where the interesting bugs are.
 */
function breakParts<P extends string>(rng: Rng, weights: readonly (readonly [number, P])[]): Set<P> {
  const out = new Set<P>([rng.weighted(weights)]);
  if (rng.chance(0.1)) out.add(rng.weighted(weights));
  return out;
}

function query(rng: Rng, params: Record<string, string | undefined>): string {
  const parts = Object.entries(params).flatMap(([k, v]) => (v === undefined ? [] : [`${k}=${v}`]));
  if (rng.chance(0.1)) parts.push(`${enc(rng.pick(PROTO_KEYS))}[x]=1`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** A checkpoint or limit: sane, or (broken) negative, fractional, huge, repeated, or not a number at all. */
function intParam(rng: Rng, sane: () => number, broken: boolean): string | undefined {
  if (!broken) return rng.chance(0.9) ? String(sane()) : undefined;
  return rng.weighted<() => string>([
    [6, () => enc(rng.pick(['-1', '1.5', '1e5', '0x10', ' 1', '+1', '٣', 'abc', '', '99999999999999999', '9007199254740993', 'Infinity', 'NaN', '1,2', '[]', '{}', "1' OR '1'='1", '1;DROP TABLE company']))],
    [2, () => enc(String(hostileNumber(rng)))],
    [1, () => `1&seq=2&limit=3&seq=${enc(hostileString(rng).slice(0, 50))}`],
  ])();
}

function signIn(rng: Rng): FuzzCase {
  const broken = breakParts(rng, [
    [12, 'body'],
    [2, 'type'],
    [1, 'method'],
  ] as const);
  const m = method(rng, 'POST', broken.has('method'));
  const typed = contentType(rng, broken.has('type'));
  const bodyBroken = broken.has('body');
  const login = bodyBroken ? rng.weighted<unknown>([[1, 'sales'], [1, ' SALES '], [1, 'nobody'], [4, hostileString(rng)], [3, hostileValue(rng)]]) : rng.pick(['sales', 'admin', 'manager']);
  const password = bodyBroken ? rng.weighted<unknown>([[2, 'wrong password'], [4, hostileString(rng)], [3, hostileValue(rng)]]) : rng.chance(0.2) ? 'Panoply2026' : 'wrong password';
  const fields: Record<string, unknown> = { login, password };
  if (bodyBroken && rng.chance(0.2)) withKey(fields, rng.pick(PROTO_KEYS), { isAdmin: true, login: 'admin' });
  const shape = bodyBroken ? rng.weighted<string>([[6, 'fields'], [2, 'malformed'], [1, 'root'], [1, 'huge']]) : 'fields';
  let body: string;
  if (shape === 'fields') body = toJson(fields);
  else if (shape === 'malformed') body = malformedJson(rng, toJson(fields));
  else if (shape === 'root') body = toJson(otherType(rng, {}));
  else body = toJson({ login: 'sales', password: 'x'.repeat(rng.pick([70_000, 1_000_000])) });
  const real = typeof login === 'string' && ['sales', 'admin', 'manager'].includes(login.trim().toLowerCase()) && password === 'Panoply2026';
  const accepted = m === 'POST' && !broken.has('type') && shape === 'fields' && real;
  return {
    target: 'sign-in',
    request: { method: m, path: '/api/auth/sign-in', headers: typed.headers, body },
    expect: accepted ? 'any' : 'refuse',
    note: `broken: ${[...broken].join(', ')}; ${shape}; ${m}; ${typed.note}`,
  };
}

function simpleGet(rng: Rng, ctx: FuzzContext, target: 'me' | 'version' | 'stream', path: string): FuzzCase {
  const broken = breakParts(rng, [
    [target === 'version' ? 0 : 4, 'auth'],
    [2, 'method'],
    [1, 'body'],
    [2, 'query'],
  ] as const);
  const a = target === 'version' ? { headers: {}, ok: true, note: 'no session needed' } : auth(rng, ctx, broken.has('auth'));
  const m = method(rng, 'GET', broken.has('method'));
  const headers: Record<string, string> = { ...a.headers };
  let body: string | undefined;
  if (broken.has('body')) {
    body = toJson(hostileValue(rng));
    headers['content-type'] = 'application/json';
  }
  if (target === 'stream' && rng.chance(0.3)) headers['last-event-id'] = headerSafe(hostileString(rng));
  const q = broken.has('query') ? `?${enc(hostileString(rng).slice(0, 500))}=${enc(hostileString(rng).slice(0, 500))}` : '';
  return {
    target,
    request: { method: m, path: path + q, headers, ...(body === undefined ? {} : { body }) },
    expect: a.ok && !broken.has('method') ? 'any' : 'refuse',
    note: `broken: ${[...broken].join(', ')}; ${a.note}; ${m}`,
  };
}

function collection(rng: Rng, broken: boolean): string {
  if (!broken) return rng.pick(COLLECTIONS);
  return rng.chance(0.7) ? rng.pick(BAD_COLLECTIONS) : enc(hostileString(rng).slice(0, 200)).slice(0, 3000);
}

function pull(rng: Rng, ctx: FuzzContext): FuzzCase {
  const broken = breakParts(rng, [
    [4, 'seq'],
    [3, 'limit'],
    [2, 'scope'],
    [2, 'auth'],
    [2, 'collection'],
    [1, 'method'],
  ] as const);
  const a = auth(rng, ctx, broken.has('auth'));
  const coll = collection(rng, broken.has('collection'));
  const seq = intParam(rng, () => rng.pick([0, 0, 1, rng.int(500), 2 ** 40]), broken.has('seq'));
  const limit = intParam(rng, () => rng.between(1, SYNC_LIMITS.maxPullLimit), broken.has('limit'));
  const scope = broken.has('scope') ? enc(hostileString(rng).slice(0, 100)) : rng.chance(0.8) ? enc(ctx.scope) : undefined;
  const m = method(rng, 'GET', broken.has('method'));
  const path = `/sync/${coll}/pull${query(rng, { seq, limit, scope })}`;
  const refuse = broken.has('auth') || broken.has('collection') || broken.has('method');
  return { target: 'pull', request: { method: m, path, headers: a.headers }, expect: refuse ? 'refuse' : 'any', note: `broken: ${[...broken].join(', ')}; ${a.note}; ${m} ${coll}` };
}

/** 1–5 valid rows with hostile text; some point at records that exist (maybe out of the user's reach), some carry a forged assumed master. */
function pushRows(rng: Rng, ctx: FuzzContext, entity: EntityName): Record<string, unknown>[] {
  const existing = ctx.world.ids[entity] ?? [];
  const row = (): Record<string, unknown> => {
    const id = existing.length && rng.chance(0.4) ? rng.pick(existing) : newId(rng);
    const doc = validDoc(rng, ctx.world, entity, id);
    const assumed = rng.weighted<unknown>([
      [3, null],
      [2, validDoc(rng, ctx.world, entity, id)],
      [1, undefined],
    ]);
    return assumed === undefined ? { newDocumentState: doc } : { assumedMasterState: assumed, newDocumentState: doc };
  };
  return Array.from({ length: rng.pick([1, 1, 2, 3, 5]) }, row);
}

/** A push body broken somewhere: one place or a few mutated, malformed JSON, another root, too many rows, too many bytes. */
function pushBody(rng: Rng, ctx: FuzzContext, entity: EntityName): { value: unknown; raw?: string; ok: boolean; note: string } {
  const rows = pushRows(rng, ctx, entity);
  const kind = rng.weighted<string>([
    [10, 'mutated'],
    [1, 'other-record'],
    [1, 'malformed'],
    [1, 'root'],
    [0.5, 'empty'],
    [0.5, 'too-many-rows'],
    [0.3, 'oversized'],
  ]);
  switch (kind) {
    case 'mutated': {
      const times = rng.pick([1, 1, 2, 3]);
      const changes: string[] = [];
      let value: unknown = rows;
      for (let i = 0; i < times; i++) {
        const m = mutate(rng, value);
        value = m.value;
        changes.push(m.change);
      }
      return { value, ok: true, note: `mutated: ${changes.join('; ')}` };
    }
    case 'other-record': {
      const first = rows[0]!;
      first.assumedMasterState = validDoc(rng, ctx.world, entity, newId(rng));
      return { value: rows, ok: false, note: 'assumed master is another record' };
    }
    case 'malformed':
      return { value: null, raw: malformedJson(rng, toJson(rows)), ok: false, note: 'malformed JSON' };
    case 'root':
      return { value: otherType(rng, []), ok: false, note: 'root of another type' };
    case 'empty':
      return { value: [], ok: true, note: 'empty batch' };
    case 'too-many-rows':
      return { value: Array.from({ length: SYNC_LIMITS.maxPushRows + 1 }, () => ({ assumedMasterState: null, newDocumentState: { id: newId(rng) } })), ok: false, note: 'one row too many' };
    default:
      return { value: null, raw: `[${'"x",'.repeat(2_300_000)}"x"]`, ok: false, note: 'oversized body (9 MB)' };
  }
}

function push(rng: Rng, ctx: FuzzContext): FuzzCase {
  const broken = breakParts(rng, [
    [24, 'body'],
    [2, 'auth'],
    [2, 'type'],
    [2, 'collection'],
    [1, 'method'],
    [1, 'prefer'],
  ] as const);
  const a = auth(rng, ctx, broken.has('auth'));
  const coll = collection(rng, broken.has('collection'));
  const entity = broken.has('collection') ? rng.pick(COLLECTIONS) : (coll as EntityName);
  const typed = contentType(rng, broken.has('type'));
  const b = broken.has('body') ? pushBody(rng, ctx, entity) : { value: pushRows(rng, ctx, entity), ok: true, note: 'valid rows with hostile text' };
  const headers: Record<string, string> = { ...a.headers, ...typed.headers };
  const lenient = rng.chance(0.5);
  if (broken.has('prefer')) headers.prefer = headerSafe(hostileString(rng));
  else if (lenient) headers.prefer = rng.pick(['handling=lenient', 'return=minimal, handling=lenient', 'HANDLING=LENIENT']);
  const m = method(rng, 'POST', broken.has('method'));
  const body = ('raw' in b && b.raw) || toJson(b.value);
  const refuse = !b.ok || broken.has('auth') || broken.has('type') || broken.has('collection') || broken.has('method');
  return {
    target: 'push',
    request: { method: m, path: `/sync/${coll}/push`, headers, body },
    expect: refuse ? 'refuse' : 'any',
    note: `broken: ${[...broken].join(', ')}; ${a.note}; ${m} ${coll}; ${typed.note}${headers.prefer ? `; prefer ${headers.prefer.slice(0, 40)}` : ''}; ${b.note}`,
  };
}

const ELSEWHERE = [
  '/',
  '/index.html',
  '/.env',
  '/api',
  '/api/',
  '/api/nothing',
  '/api/auth',
  '/api/auth/sign-in/',
  '/api/ME',
  '/API/me',
  '/api/me/',
  '//api/me',
  '/api//me',
  '/api/me;x=1',
  '/api/me%00',
  '/api/users',
  '/sync',
  '/sync/',
  '/sync/company',
  '/sync/company/pull/extra',
  '/sync/company/push/',
  '/sync/stream/x',
  '/sync/%2e%2e/api/me',
  '/sync/company/../../api/me',
  '/../../../etc/passwd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/assets/../../package.json',
  '/data/fieldcrm.db',
  '/api/records/company',
  '/api/records/__proto__',
  '/api/records/company?ids=c00000,nope',
  '/api/admin/users',
  '/api/admin/profiles',
  '/api/admin/profiles/p-sales-eu/rights',
  '/api/admin/users/u-admin/revoke-sessions',
];

/** A value for a path parameter: one the server may know (an entity, an id of the world), or a hostile string. */
function pathValue(rng: Rng, ctx: FuzzContext, name: string): string {
  if (rng.chance(0.35)) return enc(hostileString(rng).slice(0, 300)).slice(0, 1200);
  if (/entity|collection/i.test(name)) return rng.pick(Object.keys(entities));
  const ids = Object.values(ctx.world.ids).flat();
  return enc(rng.chance(0.7) && ids.length ? rng.pick(ids) : rng.pick(['u-admin', 'u-sales', 't-eu', 'c00001', 'nope', '0', '-1', '1e999']));
}

/** A documented route, its parameters filled with known or hostile values, its body made of its own field names. */
function documented(rng: Rng, ctx: FuzzContext, a: { headers: Record<string, string>; note: string }): FuzzCase {
  const route = rng.pick(ctx.routes);
  let path = route.path.replace(/\{([^}]+)\}/g, (_, name: string) => pathValue(rng, ctx, name));
  const query = route.query.filter(() => rng.chance(0.5));
  if (query.length) path += `?${query.map((q) => `${enc(q)}=${enc(String(rng.chance(0.5) ? hostileString(rng).slice(0, 300) : hostileNumber(rng)))}`).join('&')}`;
  const method = rng.chance(0.85) ? route.method : rng.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
  const headers: Record<string, string> = { ...a.headers };
  let body: string | undefined;
  if (method !== 'GET' && method !== 'HEAD' && rng.chance(0.8)) {
    Object.assign(headers, contentType(rng, rng.chance(0.15)).headers);
    body = route.bodyFields.length && rng.chance(0.7) ? toJson(Object.fromEntries(route.bodyFields.filter(() => rng.chance(0.7)).map((f) => [f, hostileValue(rng)]))) : toJson(hostileValue(rng));
  }
  return { target: 'elsewhere', request: { method, path, headers, ...(body === undefined ? {} : { body }) }, expect: 'any', note: `${a.note}; documented ${route.method} ${route.path}; ${method}` };
}

function elsewhere(rng: Rng, ctx: FuzzContext): FuzzCase {
  const a = auth(rng, ctx, rng.chance(0.5));
  if (ctx.routes.length && rng.chance(0.6)) return documented(rng, ctx, a);
  let path = rng.chance(0.7) ? rng.pick(ELSEWHERE) : `/${rng.pick(['api', 'sync', 'assets', 'x'])}/${enc(hostileString(rng).slice(0, 2000)).slice(0, 6000)}`;
  if (rng.chance(0.1)) path += `?${enc(rng.pick(PROTO_KEYS))}=${enc(hostileString(rng).slice(0, 200))}`;
  const method = rng.pick(['GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
  const headers: Record<string, string> = { ...a.headers };
  let body: string | undefined;
  if (method !== 'GET' && method !== 'HEAD' && rng.chance(0.6)) {
    Object.assign(headers, contentType(rng, rng.chance(0.3)).headers);
    body = toJson(hostileValue(rng));
  }
  return { target: 'elsewhere', request: { method, path, headers, ...(body === undefined ? {} : { body }) }, expect: 'any', note: `${a.note}; ${method}` };
}

export function makeCase(rng: Rng, ctx: FuzzContext): FuzzCase {
  const target = rng.weighted<FuzzCase['target']>([
    [12, 'sign-in'],
    [6, 'me'],
    [4, 'version'],
    [18, 'pull'],
    [40, 'push'],
    [5, 'stream'],
    [25, 'elsewhere'],
  ]);
  switch (target) {
    case 'sign-in':
      return signIn(rng);
    case 'me':
      return simpleGet(rng, ctx, 'me', '/api/me');
    case 'version':
      return simpleGet(rng, ctx, 'version', '/api/version');
    case 'stream':
      return simpleGet(rng, ctx, 'stream', '/sync/stream');
    case 'pull':
      return pull(rng, ctx);
    case 'push':
      return push(rng, ctx);
    default:
      return elsewhere(rng, ctx);
  }
}
