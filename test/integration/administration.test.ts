// Administration of users against the real server: disable/enable, one-time passwords, editing (e-mail, territory,
// profile, "reports to"), sessions and devices with revoking one or all, the idle timeout, and the audit log.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, readConfig } from '../../sync-server/config.ts';
import { hashToken } from '../../sync-server/auth/sessions.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

type Problem = { code: string; issues?: { field: string; code: string }[] };
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 13_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.2 Mobile/15E148 Safari/604.1';
const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

function client(server: TestServer, token: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as any, headers: res.headers };
  };
  return { call, get: (p: string) => call('GET', p), post: (p: string, b: unknown = {}) => call('POST', p, b), patch: (p: string, b: unknown) => call('PATCH', p, b), del: (p: string) => call('DELETE', p) };
}

async function signInAs(url: string, login: string, password: string, ua = DESKTOP): Promise<Response> {
  return fetch(`${url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': ua }, body: JSON.stringify({ login, password }) });
}

test('disable signs the user out everywhere and refuses sign-in (FC-AUTH-008); enable lets them back; no self-disable', async () => {
  const server = await startServer();
  try {
    const admin = client(server, await signIn(server.url, 'admin'));
    const phone = client(server, await signIn(server.url, 'sales'));
    assert.is((await phone.get('/api/me')).status, 200);
    const off = await admin.post('/api/admin/users/u-sales/disable');
    assert.equal([off.status, off.body.revoked], [200, 1]);
    assert.is((await phone.get('/api/me')).status, 401, 'signed out at once');
    const refused = await signInAs(server.url, 'sales', 'Panoply2026');
    assert.equal([refused.status, ((await refused.json()) as Problem).code], [403, 'FC-AUTH-008']);
    const wrong = await signInAs(server.url, 'sales', 'not-the-password');
    assert.equal([wrong.status, ((await wrong.json()) as Problem).code], [401, 'FC-AUTH-002'], 'a wrong password says nothing about the account');
    const list = (await admin.get('/api/admin/users')).body as { login: string; disabled: boolean }[];
    assert.is(list.find((u) => u.login === 'sales')?.disabled, true);
    const self = await admin.post('/api/admin/users/u-admin/disable');
    assert.equal([self.status, self.body.code], [409, 'FC-ADM-001']);
    assert.is((await admin.post('/api/admin/users/u-nobody/disable')).status, 404);
    assert.is((await admin.post('/api/admin/users/u-sales/enable')).status, 200);
    assert.is((await signInAs(server.url, 'sales', 'Panoply2026')).status, 200);
    assert.is((await client(server, await signIn(server.url, 'sales')).post('/api/admin/users/u-manager/disable')).status, 403, 'only administrators');
  } finally {
    await server.close();
  }
});

test('reset password: a one-time password, shown once; until changed every other request is refused (FC-AUTH-009)', async () => {
  const server = await startServer();
  try {
    const admin = client(server, await signIn(server.url, 'admin'));
    const before = client(server, await signIn(server.url, 'manager'));
    const reset = await admin.post('/api/admin/users/u-manager/reset-password');
    assert.is(reset.status, 200);
    const once = String(reset.body.password);
    assert.match(once, /^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    assert.is((await before.get('/api/me')).status, 401, 'the reset signs the user out');
    assert.is((await signInAs(server.url, 'manager', 'Panoply2026')).status, 401, 'the old password is gone');
    const res = await signInAs(server.url, 'manager', once);
    const session = (await res.json()) as { token: string; user: { mustChangePassword: boolean } };
    assert.is(session.user.mustChangePassword, true);
    const m = client(server, session.token);
    for (const path of ['/api/admin/users', '/sync/company/pull?checkpoint=0&limit=5', '/api/groups']) {
      const r = await m.get(path);
      assert.equal([r.status, r.body.code], [403, 'FC-AUTH-009'], path);
    }
    assert.is((await m.get('/api/me')).status, 200, 'who am I still answers');
    const same = await m.post('/api/me/password', { currentPassword: once, newPassword: once });
    assert.equal(same.body.issues.map((i: { code: string }) => i.code), ['password-same']);
    const changed = await m.post('/api/me/password', { currentPassword: once, newPassword: 'Tangerine-Voyage-31' });
    assert.is(changed.status, 200);
    const after = client(server, changed.body.token);
    assert.is((await after.get('/sync/company/pull?checkpoint=0&limit=5')).status, 200);
    assert.is((await server.store.getUser('u-manager'))?.mustChangePassword, false);
    // An administrator's chosen password follows the policy.
    const weak = await admin.post('/api/admin/users/u-manager/reset-password', { password: '*Tangerine-Voyage-99' });
    assert.equal([weak.status, weak.body.issues[0].code], [422, 'password-symbol-start']);
  } finally {
    await server.close();
  }
});

test('edit e-mail, home territory, profile and "reports to"; bad values and loops refused with codes, nothing written', async () => {
  const server = await startServer();
  try {
    const admin = client(server, await signIn(server.url, 'admin'));
    const ok = await admin.patch('/api/admin/users/u-sales', { email: 'sophie.martin@example.com', territoryId: 't-na', profileId: 'p-manager', reportsTo: 'u-manager' });
    assert.is(ok.status, 200);
    const u = await server.store.getUser('u-sales');
    assert.equal([u?.email, u?.territoryId, u?.profileId, u?.reportsTo], ['sophie.martin@example.com', 't-na', 'p-manager', 'u-manager']);
    const bad = await admin.patch('/api/admin/users/u-sales', { email: 'not an address', territoryId: 't-mars', reportsTo: 'u-ghost', displayName: '' });
    assert.is(bad.status, 422);
    assert.equal(bad.body.issues.map((i: { field: string; code: string }) => `${i.field}:${i.code}`).sort(), ['displayName:required', 'email:bad-email', 'reportsTo:ref-unavailable', 'territoryId:ref-unavailable']);
    const loop = await admin.patch('/api/admin/users/u-manager', { reportsTo: 'u-sales' });
    assert.equal([loop.status, loop.body.code], [422, 'FC-ADM-002']);
    const self = await admin.patch('/api/admin/users/u-manager', { reportsTo: 'u-manager' });
    assert.is(self.body.code, 'FC-ADM-002');
    assert.is((await server.store.getUser('u-manager'))?.reportsTo, '', 'refused: nothing written');
    assert.is((await admin.patch('/api/admin/users/u-sales', { reportsTo: '' })).status, 200);
    const list = (await admin.get('/api/admin/users')).body as Record<string, unknown>[];
    const shown = list.find((x) => x.login === 'sales')!;
    assert.equal([shown.email, shown.reportsTo, 'passwordHash' in shown], ['sophie.martin@example.com', '', false]);
  } finally {
    await server.close();
  }
});

test('sessions and devices: listed with browser, device and address; one revoked, then all; idle ones end', async () => {
  const server = await startServer();
  try {
    const admin = client(server, await signIn(server.url, 'admin'));
    const phoneToken = ((await (await signInAs(server.url, 'sales', 'Panoply2026', IPHONE)).json()) as { token: string }).token;
    const laptopToken = ((await (await signInAs(server.url, 'sales', 'Panoply2026', DESKTOP)).json()) as { token: string }).token;
    const list = (await admin.get('/api/admin/sessions?userId=u-sales')).body as { id: string; browser: string; kind: string; model: string; address: string; lastSeenAt: string; current: boolean }[];
    assert.is(list.length, 2);
    const phone = list.find((s) => s.kind === 'mobile')!;
    assert.equal([phone.browser, phone.model], ['Safari 13.1 · iOS 13.7', 'Apple iPhone']);
    assert.match(list.find((s) => s.kind === 'desktop')!.browser, /^Chrome 120\.0 · Windows/);
    assert.ok(phone.address && phone.lastSeenAt);
    assert.ok(((await admin.get('/api/admin/sessions')).body as { current: boolean }[]).some((s) => s.current), "the admin's own is marked");
    assert.is(((await admin.get('/api/admin/users')).body as { login: string; sessions: number }[]).find((u) => u.login === 'sales')?.sessions, 2);

    assert.is((await admin.del(`/api/admin/sessions/${phone.id}`)).status, 200);
    assert.is((await client(server, phoneToken).get('/api/me')).status, 401, 'the phone signs in again');
    assert.is((await client(server, laptopToken).get('/api/me')).status, 200, 'the laptop goes on');
    assert.is((await admin.del(`/api/admin/sessions/${phone.id}`)).status, 404);
    const all = await admin.post('/api/admin/users/u-sales/revoke-sessions');
    assert.equal([all.status, all.body.revoked], [200, 1]);
    assert.is((await client(server, laptopToken).get('/api/me')).status, 401);

    // Idle longer than the timeout (12 hours by default): the session ends, whatever its absolute lifetime.
    const idle = await signIn(server.url, 'manager');
    await server.store.touchSession(hashToken(idle), new Date(Date.now() - 13 * 3_600_000).toISOString());
    const r = await client(server, idle).get('/api/me');
    assert.equal([r.status, r.body.code], [401, 'FC-AUTH-001']);
    const listed = (await admin.get('/api/admin/sessions?userId=u-manager')).body as unknown[];
    assert.is(listed.length, 0, 'an idle session is not listed as signed in');
    const fresh = await signIn(server.url, 'manager');
    await server.store.touchSession(hashToken(fresh), new Date(Date.now() - 11 * 3_600_000).toISOString());
    assert.is((await client(server, fresh).get('/api/me')).status, 200, 'within the timeout it goes on');
    assert.ok(Date.parse((await server.store.findSession(hashToken(fresh)))!.lastSeenAt) > Date.now() - 60_000, 'and its last use is noted');
  } finally {
    await server.close();
  }
});

test('SESSION_IDLE_HOURS: 12 by default, a whole number of hours up to 720, anything else stops the start', () => {
  assert.is(readConfig({}).sessionIdleMs, 12 * 3_600_000);
  assert.is(readConfig({ SESSION_IDLE_HOURS: '2' }).sessionIdleMs, 2 * 3_600_000);
  for (const bad of ['0', '1.5', 'soon', '721']) assert.throws(() => readConfig({ SESSION_IDLE_HOURS: bad }), (e: unknown) => e instanceof ConfigError && /SESSION_IDLE_HOURS/.test((e as Error).message));
});

test('audit: every administrative change with who, what, when, before and after; filtered; exported as CSV', async () => {
  const server = await startServer();
  try {
    const adminToken = await signIn(server.url, 'admin');
    const admin = client(server, adminToken);
    const made = await admin.post('/api/admin/users', { login: 'audrey', displayName: 'Audrey Audit', password: 'Marmalade-Comet-55', profileId: 'p-sales-eu', territoryId: 't-eu', email: 'audrey@example.com' });
    assert.is(made.status, 201);
    const id = String(made.body.id);
    await admin.patch(`/api/admin/users/${id}`, { displayName: 'Audrey A.', territoryId: 't-na' });
    await admin.post(`/api/admin/users/${id}/disable`);
    await admin.post(`/api/admin/users/${id}/enable`);
    await admin.post(`/api/admin/users/${id}/reset-password`);
    await admin.patch(`/api/admin/users/${id}`, { email: 'bad' });
    const log = (await admin.get(`/api/admin/audit?targetId=${id}`)).body as { total: number; rows: { action: string; actorLogin: string; at: string; before: string; after: string }[] };
    assert.equal(log.rows.map((r) => r.action), ['user.reset-password', 'user.enable', 'user.disable', 'user.update', 'user.create'], 'newest first; a refused change is not logged');
    assert.ok(log.rows.every((r) => r.actorLogin === 'admin' && Date.now() - Date.parse(r.at) < 60_000));
    const update = log.rows.find((r) => r.action === 'user.update')!;
    assert.equal([JSON.parse(update.before), JSON.parse(update.after)], [{ displayName: 'Audrey Audit', territoryId: 't-eu' }, { displayName: 'Audrey A.', territoryId: 't-na' }]);
    assert.not.match(log.rows.map((r) => r.before + r.after).join(' '), /argon2|passwordHash/, 'no hash in the log');
    const created = JSON.parse(log.rows.find((r) => r.action === 'user.create')!.after) as Record<string, unknown>;
    assert.equal([created.login, created.email], ['audrey', 'audrey@example.com']);

    const disables = (await admin.get('/api/admin/audit?action=user.disable')).body as { total: number };
    assert.is(disables.total, 1);
    assert.is(((await admin.get('/api/admin/audit?from=2999-01-01')).body as { total: number }).total, 0);
    assert.is((await admin.get('/api/admin/audit?action=nope')).status, 400);
    assert.is((await admin.get('/api/admin/audit?from=yesterday')).status, 400);

    const csv = await admin.get(`/api/admin/audit?targetId=${id}&format=csv`);
    assert.match(csv.headers.get('content-type') ?? '', 'text/csv');
    assert.match(csv.headers.get('content-disposition') ?? '', /attachment; filename="fieldcrm-audit-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = String(csv.body).replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.is(lines[0], 'at,actor,action,target_type,target_id,before,after');
    assert.is(lines.length, 6);
    assert.match(lines[4]!, /,admin,user\.update,user,/);
    assert.match(lines[4]!, /"{""displayName"":""Audrey Audit""/, 'JSON quoted as CSV');

    // Settings and rights beyond records are administrative changes too.
    const put = (path: string, body: unknown) => fetch(`${server.url}${path}`, { method: 'PUT', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.is((await put('/api/admin/settings/duplicateEmailDetection', { value: true })).status, 200);
    assert.is((await put('/api/admin/profiles/p-marketing/features', { features: [] })).status, 200);
    assert.is((await put('/api/admin/documents/settings', { maxFileBytes: 5 * 1024 * 1024 })).status, 200);
    const rows = ((await admin.get('/api/admin/audit?limit=3')).body as { rows: { action: string; targetId: string; before: string; after: string }[] }).rows;
    assert.equal(rows.map((r) => `${r.action}:${r.targetId}`), ['documents.settings:documents', 'profile.features:p-marketing', 'setting.change:duplicateEmailDetection']);
    assert.equal([rows[1]!.before, rows[1]!.after, rows[2]!.after], ['["mailchimp"]', '[]', '{"value":true}']);

    const sales = client(server, await signIn(server.url, 'sales'));
    assert.is((await sales.get('/api/admin/audit')).status, 403);
  } finally {
    await server.close();
  }
});

test('personal API tokens: named, shown once, hashed, listed, revocable; bearer auth; none from a token; none while disabled', async () => {
  const server = await startServer();
  try {
    const admin = client(server, await signIn(server.url, 'admin'));
    const me = client(server, await signIn(server.url, 'sales'));
    const made = await me.post('/api/me/tokens', { name: 'ERP link' });
    assert.is(made.status, 201);
    const token = String(made.body.token);
    assert.match(token, /^fcpat_[A-Za-z0-9_-]{43}$/);
    assert.is((await me.post('/api/me/tokens', { name: 'erp LINK' })).body.issues[0].code, 'name-taken');
    assert.is((await me.post('/api/me/tokens', { name: ' ' })).body.issues[0].code, 'required');
    const listed = (await me.get('/api/me/tokens')).body as Record<string, unknown>[];
    assert.equal([listed.length, listed[0]!.name, 'token' in listed[0]!, 'tokenHash' in listed[0]!], [1, 'ERP link', false, false]);
    assert.not.ok(JSON.stringify(await server.store.tokens.list()).includes(token), 'only the hash is stored');

    const erp = client(server, token);
    assert.is((await erp.get('/api/me')).body.user.login, 'sales');
    assert.is((await erp.get('/sync/company/pull?checkpoint=0&limit=5')).status, 200);
    assert.ok((await server.store.tokens.list('u-sales'))[0]!.lastUsedAt, 'its last use is noted');
    assert.is((await erp.post('/api/me/tokens', { name: 'another' })).status, 403, 'a token makes no tokens');
    assert.is((await erp.get('/api/admin/users')).status, 403, 'a token has its user\'s rights, no more');

    const all = (await admin.get('/api/admin/tokens')).body as { id: string; userId: string }[];
    assert.equal(all.map((t) => t.userId), ['u-sales']);
    await admin.post('/api/admin/users/u-sales/disable');
    assert.is((await erp.get('/api/me')).status, 401, 'a disabled user\'s tokens stop working');
    await admin.post('/api/admin/users/u-sales/enable');
    assert.is((await erp.get('/api/me')).status, 200);
    const mine = client(server, await signIn(server.url, 'sales'));
    assert.is((await mine.del(`/api/me/tokens/${made.body.id}`)).status, 200);
    assert.is((await erp.get('/api/me')).status, 401, 'revoked');
    assert.is((await mine.del(`/api/me/tokens/${made.body.id}`)).status, 404);

    const second = await mine.post('/api/me/tokens', { name: 'BI' });
    assert.is((await admin.del(`/api/admin/tokens/${second.body.id}`)).status, 200);
    assert.is((await client(server, String(second.body.token)).get('/api/me')).status, 401);
    const log = (await admin.get('/api/admin/audit?targetId=u-sales')).body as { rows: { action: string }[] };
    assert.ok(['token.create', 'token.revoke'].every((a) => log.rows.some((r) => r.action === a)));
  } finally {
    await server.close();
  }
});

test('API tokens expire when asked: the date is kept and listed, a token past it is refused with FC-AUTH-010, bad lifetimes refused', async () => {
  const server = await startServer();
  try {
    const me = client(server, await signIn(server.url, 'sales'));
    const before = Date.now();
    const made = await me.post('/api/me/tokens', { name: 'Quarterly export', expiresInDays: 90 });
    assert.is(made.status, 201, JSON.stringify(made.body));
    const expiresAt = Date.parse(String(made.body.expiresAt));
    assert.ok(Math.abs(expiresAt - (before + 90 * 86_400_000)) < 60_000, String(made.body.expiresAt));
    const listed = (await me.get('/api/me/tokens')).body as { name: string; expiresAt: string }[];
    assert.is(listed.find((t) => t.name === 'Quarterly export')?.expiresAt, made.body.expiresAt);
    const forever = await me.post('/api/me/tokens', { name: 'Until revoked' });
    assert.is(forever.body.expiresAt, '', 'no lifetime: it works until revoked, as before');
    for (const expiresInDays of [0, -1, 367, 1.5, '30', true]) {
      const bad = await me.post('/api/me/tokens', { name: `bad ${String(expiresInDays)}`, expiresInDays });
      assert.is(bad.status, 422, String(expiresInDays));
      assert.is(bad.body.issues[0].field, 'expiresInDays');
    }
    const token = client(server, String(made.body.token));
    assert.is((await token.get('/api/me')).status, 200);
    // Its date passes (the row as the store keeps it): refused with its own code, on the API and on sync alike.
    const past = new Date(Date.now() - 1000).toISOString();
    server.store.sqlite.prepare('update api_tokens set expires_at = ? where id = ?').run(past, String(made.body.id));
    for (const path of ['/api/me', '/sync/company/pull?seq=0&limit=5']) {
      const r = await token.get(path);
      assert.is(r.status, 401, path);
      assert.is(r.body.code, 'FC-AUTH-010', path);
      assert.is(r.body.detail, past);
    }
    assert.is((await client(server, String(forever.body.token)).get('/api/me')).status, 200, 'the other token still works');
  } finally {
    await server.close();
  }
});

test('a read-only API token reads (GET, sync pulls, the reads sent as POST) and changes nothing: FC-AUTH-011, nothing written', async () => {
  const server = await startServer({ companies: 3 });
  try {
    const me = client(server, await signIn(server.url, 'sales'));
    const made = await me.post('/api/me/tokens', { name: 'BI read', access: 'read' });
    assert.is(made.status, 201, JSON.stringify(made.body));
    assert.is(made.body.access, 'read');
    assert.is((await me.post('/api/me/tokens', { name: 'Default' })).body.access, 'full', 'full by default, as before');
    assert.is((await me.post('/api/me/tokens', { name: 'Bad', access: 'admin' })).body.issues[0].field, 'access');
    const bi = client(server, String(made.body.token));
    assert.is((await bi.get('/api/me')).status, 200);
    const list = await bi.get('/api/records/company/list?limit=5');
    assert.is(list.status, 200);
    const company = (list.body.records as Record<string, unknown>[])[0]!;
    assert.is((await bi.get('/sync/company/pull?seq=0&limit=5')).status, 200);
    assert.is((await bi.post('/api/search/company', { conditions: [] })).status, 200, 'a read sent as POST');
    const before = await server.store.getByIds('company', [String(company.id)]);
    const writes: [string, string, unknown][] = [
      ['POST', '/api/records/company', { name: 'Made by a read token', territoryId: 't-eu' }],
      ['PATCH', `/api/records/company/${String(company.id)}`, { name: 'Renamed by a read token' }],
      ['DELETE', `/api/records/company/${String(company.id)}`, undefined],
      ['POST', '/sync/company/push', [{ assumedMasterState: before[0], newDocumentState: { ...before[0], name: 'Pushed by a read token' } }]],
      ['POST', '/api/groups', { name: 'G', entity: 'company', kind: 'static' }],
    ];
    for (const [method, path, body] of writes) {
      const r = await bi.call(method, path, body);
      assert.is(r.status, 403, `${method} ${path}`);
      assert.is(r.body.code, 'FC-AUTH-011', `${method} ${path}`);
    }
    assert.equal(await server.store.getByIds('company', [String(company.id)]), before, 'nothing changed');
    const full = client(server, String((await me.post('/api/me/tokens', { name: 'Writer', access: 'full' })).body.token));
    const wrote = await full.post('/api/groups', { name: 'Made by a full token', entity: 'company', kind: 'static' });
    assert.is(wrote.status, 201, JSON.stringify(wrote.body));
  } finally {
    await server.close();
  }
});

test.run();
