// The server's guards against hostile input: body limits, JSON only and not too deep, security headers, sign-in rate limits.
import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ADDRESS_TYPES, entityDef, LIST_LIMITS, RECORD_ENTITIES, type EntityName, type Field } from '../../shared/entities/index.ts';
import { ERROR_CODES, type Problem } from '../../shared/errors.ts';
import { createApp, type AppOptions } from '../../sync-server/app.ts';
import { SqliteStore } from '../../sync-server/db/sqlite/store.ts';
import { seedDemo } from '../../sync-server/demo/seed.ts';
import { ChangeBus } from '../../sync-server/events.ts';
import { nestsDeeperThan } from '../../sync-server/security/body.ts';
import { addressKey, trustedProxies } from '../../sync-server/security/client.ts';
import { CONTENT_SECURITY_POLICY } from '../../sync-server/security/headers.ts';
import { BODY_LIMITS, MAX_JSON_DEPTH } from '../../sync-server/security/limits.ts';
import { FailureCounter, SignInGuard } from '../../sync-server/security/rate-limit.ts';
import { signIn } from '../helpers/server.ts';

interface Server {
  url: string;
  close(): Promise<void>;
}

/** The real app on a fresh database, with options the shared test helper does not take (limiter, proxies, static files). */
async function start(options: AppOptions = {}): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-hardening-'));
  const store = new SqliteStore(join(dir, 'test.db'));
  await store.migrate();
  await seedDemo(store, { companies: 0 });
  const app = createApp({ store, bus: new ChangeBus(), version: '0.0.0-test' }, options);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const MiB = 1024 * 1024;
const json = { 'content-type': 'application/json' };
const problemOf = async (res: Response): Promise<Problem> => (await res.json()) as Problem;
const signInBody = (login: string, password: string): string => JSON.stringify({ login, password });

// ---------------------------------------------------------------------------------------------------------------
const limits = suite<{ server: Server; token: string; pages: string }>('body limits, JSON only, nesting');
limits.before(async (ctx) => {
  ctx.pages = mkdtempSync(join(tmpdir(), 'fieldcrm-pages-'));
  writeFileSync(join(ctx.pages, 'index.html'), '<!doctype html><title>FieldCRM</title>');
  ctx.server = await start({ staticDir: ctx.pages });
  ctx.token = await signIn(ctx.server.url);
});
limits.after(async (ctx) => {
  await ctx.server.close();
  rmSync(ctx.pages, { recursive: true, force: true });
});

limits('a push over the limit is refused with 413 BODY_TOO_LARGE before it is parsed (not even JSON) or its session checked', async ({ server, token }) => {
  const body = 'x'.repeat(BODY_LIMITS.syncPush + MiB);
  for (const headers of [{ ...json, authorization: `Bearer ${token}` }, json]) {
    const res = await fetch(`${server.url}/sync/company/push`, { method: 'POST', headers, body });
    assert.is(res.status, 413);
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    // The rest of the body is never read, so the connection cannot be reused.
    assert.is(res.headers.get('connection'), 'close');
    assert.is((await problemOf(res)).code, ERROR_CODES.BODY_TOO_LARGE);
  }
});

limits('a 3 MiB sign-in, and a body sent in chunks without a length, are refused the same way', async ({ server, token }) => {
  const res = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: json, body: 'x'.repeat(3 * MiB) });
  assert.equal([res.status, (await problemOf(res)).code], [413, ERROR_CODES.BODY_TOO_LARGE]);

  const chunk = new Uint8Array(MiB).fill(0x20);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ < 10) controller.enqueue(chunk);
      else controller.close();
    },
  });
  const chunked = await fetch(`${server.url}/sync/company/push`, { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: stream, duplex: 'half' } as RequestInit);
  assert.equal([chunked.status, (await problemOf(chunked)).code], [413, ERROR_CODES.BODY_TOO_LARGE]);
});

/** A record with every field at its longest, in three-byte characters: the worst a real device can send. */
function maximalDoc(entity: EntityName, id: string): Record<string, unknown> {
  const text = (n: number): string => '€'.repeat(n);
  const value = (f: Field): unknown => {
    switch (f.kind) {
      case 'text':
      case 'longtext':
        return text(f.maxLength);
      case 'select':
        return f.options.reduce((a, b) => (b.length > a.length ? b : a), '');
      case 'ref':
        return 'r'.repeat(40);
      case 'date':
        return '2026-02-28';
      case 'datetime':
        return '2026-02-28T23:59:59.999+01:00';
      case 'number':
        return -123456789.123456;
      case 'boolean':
        return false;
      case 'emails':
        return Array.from({ length: LIST_LIMITS.entries }, () => ({ type: 'business', address: `${'é'.repeat(240)}@example.com` }));
      case 'phones':
        return Array.from({ length: LIST_LIMITS.entries }, () => ({ type: 'business', number: text(LIST_LIMITS.phone) }));
      case 'addresses':
        return Array.from({ length: LIST_LIMITS.entries }, () => ({
          type: ADDRESS_TYPES[0],
          street: text(LIST_LIMITS.street),
          city: text(LIST_LIMITS.city),
          postcode: text(LIST_LIMITS.postcode),
          region: text(LIST_LIMITS.region),
          country: text(LIST_LIMITS.country),
        }));
    }
  };
  const doc: Record<string, unknown> = { id, territoryId: 't-eu', updatedAt: '2026-02-28T23:59:59.999Z', updatedBy: 'u-sales', _deleted: false };
  for (const [name, f] of Object.entries(entityDef(entity).fields)) doc[name] = value(f);
  return doc;
}

limits('a device batch (100 rows) of the largest possible records of any user-edited entity fits under the push limit', async ({ server, token }) => {
  let largest = { entity: '', bytes: 0, body: '' };
  for (const entity of RECORD_ENTITIES) {
    const rows = Array.from({ length: 100 }, (_, i) => ({ assumedMasterState: maximalDoc(entity, `max${i}`), newDocumentState: maximalDoc(entity, `max${i}`) }));
    const body = JSON.stringify(rows);
    const bytes = Buffer.byteLength(body);
    assert.ok(bytes < BODY_LIMITS.syncPush, `${entity}: ${bytes} bytes`);
    if (bytes > largest.bytes) largest = { entity, bytes, body };
  }
  // And the server takes it past the limit to validation (whatever it then says of the made-up values).
  const res = await fetch(`${server.url}/sync/${largest.entity}/push`, { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: largest.body });
  assert.is.not(res.status, 413, `${largest.entity}: ${largest.bytes} bytes`);
});

limits('a body must be declared as JSON: 415 UNSUPPORTED_MEDIA_TYPE otherwise; no body needs no type', async ({ server, token }) => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const res = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': type }, body: signInBody('sales', 'Panoply2026') });
    assert.equal([res.status, (await problemOf(res)).code], [415, ERROR_CODES.UNSUPPORTED_MEDIA_TYPE], type);
  }
  const ok = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: signInBody('sales', 'Panoply2026') });
  assert.is(ok.status, 200);
  const out = await fetch(`${server.url}/api/auth/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  assert.is(out.status, 200);
});

limits('JSON nested deeper than the limit is refused with 400 before any route walks it', async ({ server, token }) => {
  assert.not.ok(nestsDeeperThan('[[[["]]]]]]]]]]]][[[[[[[[[[[[[[["]]]]', 4));
  assert.ok(nestsDeeperThan('[[[[[1]]]]]', 4));
  assert.not.ok(nestsDeeperThan('{"a\\"[[[[[[[": [{"b": [1]}]}', 4), 'an escaped quote does not end the string');
  assert.ok(nestsDeeperThan('{"a\\"[[[[[[[": [{"b": [1]}]}', 3));
  const deep = `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`;
  const res = await fetch(`${server.url}/sync/company/push`, { method: 'POST', headers: { ...json, authorization: `Bearer ${token}`, prefer: 'handling=lenient' }, body: `[{"assumedMasterState":null,"newDocumentState":{"id":"d1","emails":${deep}}}]` });
  assert.equal([res.status, (await problemOf(res)).code], [400, ERROR_CODES.MALFORMED_BODY]);
});

// ---------------------------------------------------------------------------------------------------------------
const headers = suite<{ server: Server; proxied: Server; pages: string }>('security headers');
headers.before(async (ctx) => {
  ctx.pages = mkdtempSync(join(tmpdir(), 'fieldcrm-pages-'));
  writeFileSync(join(ctx.pages, 'index.html'), '<!doctype html><title>FieldCRM</title>');
  ctx.server = await start({ staticDir: ctx.pages, trustProxy: 0 });
  ctx.proxied = await start({ staticDir: ctx.pages, trustProxy: 1 });
});
headers.after(async (ctx) => {
  await Promise.all([ctx.server.close(), ctx.proxied.close()]);
  rmSync(ctx.pages, { recursive: true, force: true });
});

function assertSecure(res: Response, what: string): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.is(csp, CONTENT_SECURITY_POLICY, what);
  assert.not.match(csp, /unsafe-eval/, what);
  assert.match(csp, /script-src 'self'(;|$)/, what);
  assert.match(csp, /frame-ancestors 'none'/, what);
  assert.match(csp, /object-src 'none'/, what);
  assert.is(res.headers.get('x-content-type-options'), 'nosniff', what);
  assert.ok(res.headers.get('referrer-policy'), what);
  assert.match(res.headers.get('permissions-policy') ?? '', /camera=\(\).*microphone=\(\).*geolocation=\(\)/, what);
  assert.is(res.headers.get('cross-origin-opener-policy'), 'same-origin', what);
}

headers('on the page, the API, a problem, a 413 and an unknown path', async ({ server }) => {
  const page = await fetch(`${server.url}/`);
  assert.is(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  assertSecure(page, '/');
  assertSecure(await fetch(`${server.url}/api/version`), '/api/version');
  const problem = await fetch(`${server.url}/api/nothing`);
  assert.is(problem.status, 404);
  assertSecure(problem, '404 problem');
  const unauth = await fetch(`${server.url}/api/me`);
  assert.is(unauth.status, 401);
  assertSecure(unauth, '401 problem');
  assertSecure(await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: json, body: 'x'.repeat(100_000) }), '413 problem');
  const other = await fetch(`${server.url}/nothing`, { method: 'DELETE' });
  assert.equal([other.status, (await problemOf(other)).code], [404, ERROR_CODES.NOT_FOUND]);
  assertSecure(other, 'DELETE /nothing');
});

headers('HSTS only over HTTPS; a proxy is believed about HTTPS only when trusted', async ({ server, proxied }) => {
  assert.is((await fetch(`${server.url}/api/version`)).headers.get('strict-transport-security'), null);
  assert.is((await fetch(`${server.url}/api/version`, { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security'), null);
  assert.is((await fetch(`${proxied.url}/api/version`)).headers.get('strict-transport-security'), null);
  assert.match((await fetch(`${proxied.url}/api/version`, { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security') ?? '', /^max-age=\d{7,}/);
});

// ---------------------------------------------------------------------------------------------------------------
const limiter = suite('sign-in limiter (unit, injected clock)');

limiter('fixed window per key: the (max+1)th attempt waits until the window ends, then tries again', () => {
  let now = 1_000_000;
  const c = new FailureCounter({ max: 3, windowMs: 60_000 }, 100, () => now);
  for (let i = 0; i < 3; i++) {
    assert.is(c.retryAfter('k'), 0);
    c.fail('k');
  }
  assert.is(c.retryAfter('k'), 60);
  now += 45_500;
  assert.is(c.retryAfter('k'), 15);
  assert.is(c.retryAfter('other'), 0);
  now += 14_500;
  assert.is(c.retryAfter('k'), 0);
  c.fail('k');
  assert.is(c.retryAfter('k'), 0, 'a new window starts');
});

limiter('memory stays bounded: past maxKeys the oldest windows go', () => {
  let now = 0;
  const c = new FailureCounter({ max: 1, windowMs: 60_000 }, 100, () => now);
  for (let i = 0; i < 10_000; i++) {
    now += 10;
    c.fail(`k${i}`);
  }
  assert.is(c.size, 100);
  assert.is(c.retryAfter('k9999'), 60, 'the newest are kept');
  assert.is(c.retryAfter('k0'), 0);
});

limiter('per login and per address; a success clears its login only', () => {
  let now = 0;
  const g = new SignInGuard({ perLogin: { max: 2, windowMs: 60_000 }, perAddress: { max: 3, windowMs: 120_000 }, now: () => now });
  g.failed('sales', '10.0.0.1');
  g.failed('sales', '10.0.0.1');
  assert.is(g.retryAfter('sales', '10.0.0.9'), 60, 'the login is blocked from anywhere');
  assert.is(g.retryAfter('admin', '10.0.0.1'), 0);
  g.succeeded('sales');
  assert.is(g.retryAfter('sales', '10.0.0.9'), 0);
  g.failed('admin', '10.0.0.1');
  assert.is(g.retryAfter('manager', '10.0.0.1'), 120, 'the address is blocked for every login');
  now += 120_000;
  assert.is(g.retryAfter('manager', '10.0.0.1'), 0);
});

limiter('client addresses: IPv4 (also mapped), IPv6 by /64; TRUST_PROXY parsing', () => {
  assert.is(addressKey('203.0.113.7'), '203.0.113.7');
  assert.is(addressKey('::ffff:203.0.113.7'), '203.0.113.7');
  assert.is(addressKey('2001:db8:1:2:aaaa::1'), '2001:0db8:0001:0002::/64');
  assert.is(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff'), '2001:0db8:0001:0002::/64');
  assert.is(addressKey('::1'), '0000:0000:0000:0000::/64');
  assert.is(trustedProxies({}), 0);
  assert.is(trustedProxies({ TRUST_PROXY: '1' }), 1);
  assert.is(trustedProxies({ TRUST_PROXY: 'true' }), 1);
  assert.is(trustedProxies({ TRUST_PROXY: '0' }), 0);
  assert.throws(() => trustedProxies({ TRUST_PROXY: 'yes please' }));
});

// ---------------------------------------------------------------------------------------------------------------
const e2e = suite<{ now: number; direct: Server; proxied: Server }>('sign-in rate limit over HTTP');
e2e.before(async (ctx) => {
  ctx.now = Date.now();
  const guard = (): SignInGuard => new SignInGuard({ perLogin: { max: 2, windowMs: 60_000 }, perAddress: { max: 3, windowMs: 60_000 }, now: () => ctx.now });
  ctx.direct = await start({ signInGuard: guard(), trustProxy: 0 });
  ctx.proxied = await start({ signInGuard: guard(), trustProxy: 1 });
});
e2e.after(async (ctx) => {
  await Promise.all([ctx.direct.close(), ctx.proxied.close()]);
});

const attempt = (url: string, login: string, password: string, forwardedFor?: string): Promise<Response> =>
  fetch(`${url}/api/auth/sign-in`, { method: 'POST', headers: { ...json, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) }, body: signInBody(login, password) });

e2e('per login: 429 TOO_MANY_ATTEMPTS with Retry-After, even with the right password, until the window ends', async (ctx) => {
  for (let i = 0; i < 2; i++) assert.is((await attempt(ctx.direct.url, 'sales', 'wrong')).status, 401);
  const blocked = await attempt(ctx.direct.url, 'sales', 'Panoply2026');
  assert.is(blocked.status, 429);
  assert.is(blocked.headers.get('retry-after'), '60');
  assert.match(blocked.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.is((await problemOf(blocked)).code, ERROR_CODES.TOO_MANY_ATTEMPTS);
  ctx.now += 60_000;
  assert.is((await attempt(ctx.direct.url, 'sales', 'Panoply2026')).status, 200);
});

e2e('per address: one client trying several logins is stopped; X-Forwarded-For is ignored unless a proxy is trusted', async (ctx) => {
  ctx.now += 60_000;
  // Untrusted: the forged header changes nothing, all three failures count against 127.0.0.1.
  for (const [i, login] of ['admin', 'manager', 'marketing'].entries()) assert.is((await attempt(ctx.direct.url, login, 'wrong', `198.51.100.${i}`)).status, 401);
  const blocked = await attempt(ctx.direct.url, 'nobody', 'wrong', '198.51.100.99');
  assert.is(blocked.status, 429);
  assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  // Trusted proxy: each forwarded client has its own count.
  for (const [i, login] of ['admin', 'manager', 'marketing', 'nobody'].entries()) assert.is((await attempt(ctx.proxied.url, login, 'wrong', `198.51.100.${i}`)).status, 401);
  for (const login of ['a1', 'a2', 'a3']) assert.is((await attempt(ctx.proxied.url, login, 'wrong', '192.0.2.1, 198.51.100.50')).status, 401);
  assert.is((await attempt(ctx.proxied.url, 'a4', 'wrong', '203.0.113.250, 198.51.100.50')).status, 429, 'only the entry our proxy appended counts');
});

limits.run();
headers.run();
limiter.run();
e2e.run();
