// Runs fuzz cases against a live server: hashes the database around every request and judges each answer.
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { entityDef, isEntityName, type EntityName } from '../../shared/entities/index.ts';
import { ERROR_CODES, isProblem } from '../../shared/errors.ts';
import { validateRecord } from '../../shared/validation.ts';
import { hashToken, newToken } from '../../sync-server/auth/sessions.ts';
import { signIn, type TestServer } from '../helpers/server.ts';
import { makeCase, type DocumentedRoute, type FuzzCase, type FuzzContext } from './cases.ts';
import { caseSeed, Rng } from '../helpers/prng.ts';
import { send, type FuzzRequest, type FuzzResponse } from './transport.ts';

export interface DbState {
  /** A hash of every table's rows. */
  hashes: Map<string, string>;
  /** The rows of the entity tables, as JSON lines starting with the record id. */
  records: Map<EntityName, Set<string>>;
}

/**
 * Columns any authenticated request may write, refused or not: a session's last use (sessions.ts touches it at most
 * once a minute, for the idle timeout and the administrator's session list). Everything else must stay as it was.
 */
const TOUCHED_BY_ANY_REQUEST: Record<string, readonly string[]> = { sessions: ['last_seen_at'] };

/** Reads every table: a refused request must leave all of them as they were (but for `TOUCHED_BY_ANY_REQUEST`). */
export function dbState(sqlite: Database.Database): DbState {
  const hashes = new Map<string, string>();
  const records = new Map<EntityName, Set<string>>();
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  const quote = (n: string): string => `"${n.replace(/"/g, '""')}"`;
  for (const { name } of tables) {
    const entity = isEntityName(name) ? name : undefined;
    const skip = TOUCHED_BY_ANY_REQUEST[name] ?? [];
    const columns = skip.length ? (sqlite.prepare(`PRAGMA table_info(${quote(name)})`).all() as { name: string }[]).map((c) => c.name).filter((c) => !skip.includes(c)).map(quote).join(', ') : '*';
    const rows = sqlite.prepare(`SELECT ${entity ? 'id, ' : ''}${columns} FROM ${quote(name)}`).raw().all() as unknown[][];
    const lines = rows.map((r) => JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).sort();
    hashes.set(name, createHash('sha256').update(lines.join('\n')).digest('hex'));
    if (entity) records.set(entity, new Set(lines));
  }
  return { hashes, records };
}

const changedTables = (a: DbState, b: DbState): string[] =>
  [...new Set([...a.hashes.keys(), ...b.hashes.keys()])].filter((t) => a.hashes.get(t) !== b.hashes.get(t)).sort();

/**
 * Records written or rewritten by the last request that break their own entity's declaration (a field too
 * long, a wrong type). An accepted write may change data, but never into something the PWA could not hold.
 */
async function invalidWrites(server: TestServer, before: DbState, after: DbState): Promise<string[]> {
  const out: string[] = [];
  for (const [entity, rows] of after.records) {
    const old = before.records.get(entity) ?? new Set<string>();
    const ids = [...rows].filter((line) => !old.has(line)).map((line) => String((JSON.parse(line) as unknown[])[0]));
    if (ids.length === 0) continue;
    for (const doc of await server.store.getByIds(entity, ids)) {
      if (doc._deleted) continue;
      for (const issue of validateRecord(entityDef(entity), doc, ['_deleted'])) out.push(`${entity} ${doc.id}: ${issue.field} ${issue.code}${issue.detail === undefined ? '' : ` (${issue.detail})`}`);
    }
  }
  return out;
}

/**
 * A new live session of the `sales` user, made in the store: the sign-in route may be rate-limited by then (the
 * fuzzer's own sign-in cases), and that limit is not what is being tested here.
 */
async function freshSession(server: TestServer): Promise<string> {
  const sales = await server.store.findUserByLogin('sales');
  if (!sales) throw new Error('the demo data has no "sales" user');
  const token = newToken();
  const now = Date.now();
  await server.store.createSession({ tokenHash: hashToken(token), userId: sales.id, createdAt: new Date(now).toISOString(), expiresAt: new Date(now + 86_400_000).toISOString() });
  return token;
}

/** Signs in, makes an expired and a signed-out session, and reads ids to aim at. Runs before any hash is taken. */
export async function prepare(server: TestServer): Promise<FuzzContext> {
  const sqlite = server.store.sqlite;
  const valid = await signIn(server.url, 'sales');
  const revoked = await signIn(server.url, 'sales');
  await fetch(`${server.url}/api/auth/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${revoked}` } });
  const sales = await server.store.findUserByLogin('sales');
  if (!sales) throw new Error('the demo data has no "sales" user');
  const expired = 'expired-session-token-for-the-fuzzer';
  await server.store.createSession({ tokenHash: hashToken(expired), userId: sales.id, createdAt: '2020-01-01T00:00:00.000Z', expiresAt: '2020-01-31T00:00:00.000Z' });

  const ids: FuzzContext['world']['ids'] = {};
  const tables = new Set((sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
  for (const entity of ['company', 'person', 'lead', 'communication', 'note', 'conflict'] as const) {
    if (tables.has(entity)) ids[entity] = (sqlite.prepare(`SELECT id FROM "${entity}" ORDER BY id LIMIT 30`).all() as { id: string }[]).map((r) => r.id);
  }
  const territories = (await server.store.listTerritories()).map((t) => t.id);
  const userIds = (sqlite.prepare('SELECT id FROM users').all() as { id: string }[]).map((r) => r.id);
  const first = await fetch(`${server.url}/sync/company/pull?seq=0&limit=1`, { headers: { authorization: `Bearer ${valid}` } });
  const scope = ((await first.json()) as { checkpoint?: { scope?: unknown } }).checkpoint?.scope;
  return { world: { ids, territories: [...territories, 't-nowhere'], userIds }, tokens: { valid, expired, revoked }, scope: typeof scope === 'string' ? scope : '', routes: await documentedRoutes(server.url, valid) };
}

/**
 * The routes of the server's own OpenAPI document. Left out: the reference page (an HTML page by design) and the
 * live stream (fuzzed as its own target).
 */
async function documentedRoutes(url: string, token: string): Promise<DocumentedRoute[]> {
  const res = await fetch(`${url}/api/openapi.json`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`the OpenAPI document answered ${res.status}`);
  type Op = { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } };
  const doc = (await res.json()) as { paths: Record<string, Record<string, Op>> };
  const out: DocumentedRoute[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (path === '/api/docs' || path.startsWith('/api/docs/') || path === '/sync/stream') continue;
    for (const [method, op] of Object.entries(ops)) {
      if (!/^(get|post|put|patch|delete)$/.test(method)) continue;
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const bodyFields = Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {});
      out.push({ method: method.toUpperCase(), path, query, bodyFields });
    }
  }
  return out;
}

const KNOWN_CODES = new Set<string>(Object.values(ERROR_CODES));
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Why an answer is a server error, or null when it is a proper answer. */
export function judge(req: FuzzRequest, res: FuzzResponse): string | null {
  if (res.error) return `no answer: ${res.error}`;
  if (res.status >= 500) return `status ${res.status}`;
  const type = res.headers['content-type'] ?? '';
  if (/text\/html/i.test(type)) return `answered as ${type}`;
  if (res.headers['x-content-type-options'] !== 'nosniff' || !res.headers['content-security-policy']) return 'security headers missing';
  if (res.status < 400) return null;
  if (!/^application\/problem\+json/i.test(type)) return `error status ${res.status} with content type "${type}"`;
  if (req.method === 'HEAD') return null;
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return `error status ${res.status} with a body that is not JSON`;
  }
  if (!isProblem(body)) return `error status ${res.status} without a problem body`;
  if (!KNOWN_CODES.has(body.code)) return `unknown error code ${body.code}`;
  if (body.status !== res.status) return `problem says status ${body.status}, response is ${res.status}`;
  return null;
}

export interface Failure {
  caseNo: number;
  kind: 'server error' | 'unexpected change' | 'invalid record';
  why: string;
  fuzz: FuzzCase;
  response: FuzzResponse;
  changed: string[];
  /** What the server logged while answering (stack traces of 5xx). */
  log: string[];
  /** For an invalid record: each stored field that breaks its declaration (`entity id: field code`). */
  issues?: string[];
}

export interface FuzzReport {
  requests: number;
  serverErrors: number;
  unexpectedChanges: number;
  /** Requests answered 2xx that changed the database (valid pushes and sign-ins): expected. */
  acceptedChanges: number;
  /** Accepted writes that stored a record breaking its own entity's declaration (reported apart from M). */
  invalidRecords: number;
  /** Status counts per target, e.g. `push` → `{ 200: 12, 422: 40 }`. */
  statuses: Record<string, Record<number, number>>;
  failures: Failure[];
}

export interface FuzzOptions {
  seed: number;
  cases: number;
  /** Run only this case number (to replay a failure). */
  only?: number;
  /** Called for every request, with its answer. */
  onCase?: (caseNo: number, fuzz: FuzzCase, res: FuzzResponse) => void;
  /** A buffer the caller fills with the server's log lines; emptied before each request, kept with failures. */
  logs?: string[];
}

export async function runFuzz(server: TestServer, opts: FuzzOptions): Promise<FuzzReport> {
  const ctx = await prepare(server);
  const base = new URL(server.url);
  const report: FuzzReport = { requests: 0, serverErrors: 0, unexpectedChanges: 0, acceptedChanges: 0, invalidRecords: 0, statuses: {}, failures: [] };
  const first = opts.only ?? 0;
  const last = opts.only ?? opts.cases - 1;
  for (let caseNo = first; caseNo <= last; caseNo++) {
    const fuzz = makeCase(new Rng(caseSeed(opts.seed, caseNo)), ctx);
    if (opts.logs) opts.logs.length = 0;
    const before = dbState(server.store.sqlite);
    const res = await send(base, fuzz.request);
    const log = [...(opts.logs ?? [])];
    const after = dbState(server.store.sqlite);
    const changed = changedTables(before, after);
    report.requests++;
    const byStatus = (report.statuses[fuzz.target] ??= {});
    byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
    opts.onCase?.(caseNo, fuzz, res);

    // A documented route may end the fuzzer's own session (sign-out, revoking sessions): sign in again, or every later
    // case would only meet 401s. Done after the case's own books, so it is no change of that case.
    if (fuzz.target === 'elsewhere' && res.status < 400 && !SAFE_METHODS.has(fuzz.request.method)) {
      const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${ctx.tokens.valid}` } });
      if (me.status === 401) ctx.tokens.valid = await freshSession(server);
      await me.body?.cancel();
    }

    const bad = judge(fuzz.request, res);
    if (bad) {
      report.serverErrors++;
      report.failures.push({ caseNo, kind: 'server error', why: bad, fuzz, response: res, changed, log });
    }
    if (changed.length) {
      // Only an accepted write may change data: never a refusal, a request known to be invalid, or a read.
      const why =
        res.status >= 400 || res.status === 0
          ? `refused with ${res.status} but changed ${changed.join(', ')}`
          : fuzz.expect === 'refuse'
            ? `an invalid request was accepted (${res.status}) and changed ${changed.join(', ')}`
            : SAFE_METHODS.has(fuzz.request.method)
              ? `a ${fuzz.request.method} changed ${changed.join(', ')}`
              : null;
      if (why) {
        report.unexpectedChanges++;
        report.failures.push({ caseNo, kind: 'unexpected change', why, fuzz, response: res, changed, log });
        continue;
      }
      report.acceptedChanges++;
      const issues = await invalidWrites(server, before, after);
      if (issues.length) {
        report.invalidRecords++;
        report.failures.push({ caseNo, kind: 'invalid record', why: `stored records that break their declaration: ${issues.slice(0, 5).join('; ')}`, fuzz, response: res, changed, log, issues });
      }
    }
  }
  return report;
}

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/** A failure as text: what went wrong, how to replay it, the request and the answer. */
export function describe(f: Failure, seed: number): string {
  const r = f.fuzz.request;
  const body = r.body === undefined ? '(none)' : clip(JSON.stringify(r.body.toString()), 600);
  return [
    `FAIL case ${f.caseNo} (seed ${seed}) ${f.kind}: ${f.why}`,
    `  replay: npm run fuzz -- --seed ${seed} --case ${f.caseNo}`,
    `  target: ${f.fuzz.target} (${f.fuzz.note})`,
    `  request: ${r.method} ${clip(r.path, 300)}`,
    `  headers: ${clip(JSON.stringify(r.headers), 300)}`,
    `  body: ${body}`,
    `  response: ${f.response.status} ${f.response.headers['content-type'] ?? ''} ${clip(f.response.body, 400)}`,
    ...(f.changed.length ? [`  changed tables: ${f.changed.join(', ')}`] : []),
    ...(f.log.length ? [`  server log: ${clip(f.log[0]!.split('\n').slice(0, 4).join(' | '), 600)}`] : []),
  ].join('\n');
}

export const summaryLine = (r: FuzzReport): string => `fuzz: ${r.requests} requests, ${r.serverErrors} server errors, ${r.unexpectedChanges} unexpected changes`;
