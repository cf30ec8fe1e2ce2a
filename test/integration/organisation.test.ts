// Putting FieldCRM into service: a production start with no user, the first administrator by command, users created
// over REST under the password rules, argon2id with old hashes upgraded, changing one's own password, and cookies
// that are Secure behind a TLS proxy and refused from other sites.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes, scryptSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openDevice, waitFor } from '../helpers/client.ts';
import { signIn, startServer } from '../helpers/server.ts';

type Issues = { code: string; issues?: { field: string; code: string }[] };
const codes = (p: Issues): string[] => (p.issues ?? []).map((i) => `${i.field}:${i.code}`);

function run(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.stdin.end(stdin);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

/** The real server process; resolves once it listens, with its address and a way to stop it. */
function serve(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void>; out: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], { env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const on = (b: Buffer): void => {
      out += b.toString();
      const m = /listening at http:\/\/localhost:(\d+)/.exec(out);
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, out: () => out, stop: () => new Promise((r) => (child.once('exit', () => r()), child.kill('SIGTERM'))) });
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

test('DEMO_DATA=off: no user; the first administrator by command; they create a sales user who syncs on a device', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-org-'));
  const env = { DATABASE_URL: `sqlite:${join(dir, 'crm.db')}`, DEMO_DATA: 'off', STATIC_DIR: dir };
  try {
    const weak = await run(['sync-server/admin/cli.ts', 'create-admin', '--login', 'boss'], env, '!Orchard-Lantern-42\n');
    assert.is(weak.code, 1);
    assert.match(weak.out, 'password may not start with a non-alphanumeric character');
    const made = await run(['sync-server/admin/cli.ts', 'create-admin', '--login', 'boss', '--name', 'Bea Boss'], env, 'Orchard-Lantern-42\n');
    assert.is(made.code, 0, made.out);
    assert.match(made.out, 'created administrator "boss"');
    const again = await run(['sync-server/admin/cli.ts', 'create-admin', '--login', 'boss'], env, 'Another-Lantern-43\n');
    assert.equal([again.code, /already used/.test(again.out)], [1, true]);

    const server = await serve(env);
    try {
      const demo = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: 'Panoply2026' }) });
      assert.is(demo.status, 401, 'no demo account outside demo mode');
      const boss = await signIn(server.url, 'boss', 'Orchard-Lantern-42');
      const headers = { authorization: `Bearer ${boss}`, 'content-type': 'application/json' };
      const profiles = (await (await fetch(`${server.url}/api/admin/profiles`, { headers })).json()) as { id: string; name: string }[];
      assert.equal(profiles.map((p) => p.name).sort(), ['Administrator', 'Manager', 'Marketing', 'Sales']);
      const created = (await (await fetch(`${server.url}/api/admin/audit?action=user.create`, { headers })).json()) as { rows: { actorLogin: string; after: string }[] };
      assert.equal(created.rows.map((r) => [r.actorLogin, (JSON.parse(r.after) as { login: string }).login]), [['(command line)', 'boss']], 'the command is audited too');
      // The administrator adds the sales team's territory under the root, and a sales user at home there.
      const made = await fetch(`${server.url}/api/admin/territories`, { method: 'POST', headers, body: JSON.stringify({ name: 'France', parentId: 't-root' }) });
      assert.is(made.status, 201);
      const france = String(((await made.json()) as { id: string }).id);
      const res = await fetch(`${server.url}/api/admin/users`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ login: 'Rita', displayName: 'Rita Rep', password: 'Copper-Kettle-1987', profileId: 'p-sales', territoryId: france, locale: 'fr', timeZone: 'Europe/Paris' }),
      });
      assert.is(res.status, 201);
      const rita = (await res.json()) as Record<string, unknown>;
      assert.equal([rita.login, rita.role, rita.territoryId, 'passwordHash' in rita], ['rita', 'sales', france, false]);
      // A customer already in France (entered by the administrator on their own device).
      const desk = await openDevice(server.url, boss, { userId: 'boss', territoryId: france });
      await desk.engine.awaitInitial();
      const known = desk.repo.blank('company', { name: 'Client Existant SARL', territoryId: france });
      assert.ok((await desk.repo.save('company', known)).ok);
      await desk.engine.awaitInSync();
      await desk.close();

      // The password the administrator chose is for one use: nothing but changing it until it is changed.
      const once = await signIn(server.url, 'rita', 'Copper-Kettle-1987');
      const me = (await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${once}` } })).json()) as { user: { mustChangePassword: boolean } };
      assert.is(me.user.mustChangePassword, true);
      const blocked = await fetch(`${server.url}/sync/company/pull?checkpoint=0&limit=10`, { headers: { authorization: `Bearer ${once}` } });
      assert.equal([blocked.status, ((await blocked.json()) as Issues).code], [403, 'FC-AUTH-009']);
      const changed = await fetch(`${server.url}/api/me/password`, { method: 'POST', headers: { authorization: `Bearer ${once}`, 'content-type': 'application/json' }, body: JSON.stringify({ currentPassword: 'Copper-Kettle-1987', newPassword: 'Saffron-Bicycle-64' }) });
      assert.is(changed.status, 200);
      const { token } = (await changed.json()) as { token: string };
      // Her phone syncs her territory: the existing customer arrives, her new one goes up.
      const device = await openDevice(server.url, token, { userId: String(rita.id), territoryId: france });
      await device.engine.awaitInitial();
      assert.is((await device.repo.get('company', known.id))?.name, 'Client Existant SARL');
      const company = device.repo.blank('company', { name: 'First Customer SA' });
      assert.ok((await device.repo.save('company', company)).ok);
      await waitFor('on the server', async () => {
        const r = await fetch(`${server.url}/api/records/company?ids=${company.id}`, { headers });
        const got = ((await r.json()) as { name: string; territoryId: string }[])[0];
        return got?.name === 'First Customer SA' && got.territoryId === france;
      });
      await device.close();
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('users over REST: every password rule and field refused with its code; only administrators create users', async () => {
  const server = await startServer();
  try {
    const admin = await signIn(server.url, 'admin');
    const post = async (body: Record<string, unknown>, token = admin) =>
      fetch(`${server.url}/api/admin/users`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const base = { login: 'newrep', displayName: 'Nora Newman', profileId: 'p-sales-eu', territoryId: 't-eu', locale: 'en', timeZone: 'America/Denver' };
    const refused = async (body: Record<string, unknown>): Promise<string[]> => {
      const r = await post(body);
      assert.is(r.status, 422);
      return codes((await r.json()) as Issues);
    };
    assert.equal(await refused({ ...base, password: '#Orchard-Lantern-42' }), ['password:password-symbol-start']);
    assert.equal(await refused({ ...base, password: 'Short1' }), ['password:password-too-short']);
    assert.equal(await refused({ ...base, password: 'password1234' }), ['password:password-weak']);
    assert.equal(await refused({ ...base, password: 'Nora-Newman1' }), ['password:password-weak'], 'built on the name');
    assert.equal(await refused({ ...base, login: 'sales', password: 'Orchard-Lantern-42' }), ['login:login-taken']);
    assert.equal(await refused({ ...base, password: 'Orchard-Lantern-42', timeZone: 'Mars/Olympus', profileId: 'p-nope', locale: 'de' }), ['profileId:ref-unavailable', 'locale:not-in-list', 'timeZone:bad-timezone']);
    const sales = await signIn(server.url, 'sales');
    assert.is((await post({ ...base, password: 'Orchard-Lantern-42' }, sales)).status, 403);
    const ok = await post({ ...base, password: 'Orchard-Lantern-42' });
    assert.is(ok.status, 201);
    const made = (await ok.json()) as { id: string };
    // The administrator edits the user, and resets the password under the same rules.
    const patch = (body: Record<string, unknown>) => fetch(`${server.url}/api/admin/users/${made.id}`, { method: 'PATCH', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const badReset = await patch({ displayName: 'Nora N.', password: '-nope-nope-nope' });
    assert.equal(codes((await badReset.json()) as Issues), ['password:password-symbol-start']);
    assert.is((await server.store.getUser(made.id))?.displayName, 'Nora Newman', 'a refused change writes nothing');
    const nora = await signIn(server.url, 'newrep', 'Orchard-Lantern-42');
    assert.is((await patch({ displayName: 'Nora N.', timeZone: 'Africa/Casablanca', password: 'Velvet-Harbour-77' })).status, 200);
    assert.is((await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${nora}` } })).status, 401, 'a reset signs the user out');
    await signIn(server.url, 'newrep', 'Velvet-Harbour-77');
    assert.is((await server.store.getUser(made.id))?.mustChangePassword, true, 'a reset password is for one use');
    assert.equal([(await server.store.getUser(made.id))?.displayName, (await server.store.getUser(made.id))?.timeZone], ['Nora N.', 'Africa/Casablanca']);
  } finally {
    await server.close();
  }
});

test('argon2id: an older scrypt hash signs in and is upgraded; changing one\'s password ends the other sessions', async () => {
  const server = await startServer();
  try {
    const salt = randomBytes(16);
    const key = scryptSync('Panoply2026', salt, 32, { N: 16384, r: 8, p: 1 });
    await server.store.updateUser('u-sales', { passwordHash: `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}` });
    const phone = await signIn(server.url, 'sales');
    assert.match((await server.store.getUser('u-sales'))!.passwordHash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const laptop = await signIn(server.url, 'sales');
    const change = (token: string, body: Record<string, unknown>) => fetch(`${server.url}/api/me/password`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const wrong = await change(laptop, { currentPassword: 'nope', newPassword: 'Juniper-Meadow-58' });
    assert.equal([wrong.status, codes((await wrong.json()) as Issues)], [422, ['currentPassword:password-wrong']]);
    const weak = await change(laptop, { currentPassword: 'Panoply2026', newPassword: '.Juniper-Meadow-58' });
    assert.equal(codes((await weak.json()) as Issues), ['newPassword:password-symbol-start']);
    const ok = await change(laptop, { currentPassword: 'Panoply2026', newPassword: 'Juniper-Meadow-58' });
    assert.is(ok.status, 200);
    const { token } = (await ok.json()) as { token: string };
    assert.is((await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${phone}` } })).status, 401, 'the phone is signed out');
    assert.is((await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status, 200, 'this session goes on');
    await signIn(server.url, 'sales', 'Juniper-Meadow-58');
  } finally {
    await server.close();
  }
});

test('the session cookie is Secure behind a trusted TLS proxy; cookie requests from another site are refused', async () => {
  const { createApp } = await import('../../sync-server/app.ts');
  const server = await startServer();
  try {
    const app = createApp({ store: server.store, bus: server.bus, version: 't' }, { trustProxy: 1 });
    const signInVia = (headers: Record<string, string>) =>
      app.request('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ login: 'sales', password: 'Panoply2026' }) });
    const viaProxy = await signInVia({ 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' });
    assert.match(viaProxy.headers.get('set-cookie') ?? '', /;\s*Secure/i);
    const plain = await signInVia({});
    assert.not.match(plain.headers.get('set-cookie') ?? '', /Secure/i);
    const cookie = (plain.headers.get('set-cookie') ?? '').split(';')[0]!;
    const token = cookie.split('=')[1]!;

    const signOut = (headers: Record<string, string>) => fetch(`${server.url}/api/auth/sign-out`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } });
    const foreign: Record<string, string>[] = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'null' }];
    for (const h of foreign) {
      const r = await signOut({ cookie, ...h });
      assert.equal([r.status, ((await r.json()) as Issues).code], [403, 'FC-AUTH-007'], JSON.stringify(h));
    }
    const bearer = await signOut({ authorization: `Bearer ${await signIn(server.url, 'sales')}`, origin: 'https://evil.example' });
    assert.is(bearer.status, 200, 'a bearer token is no ambient credential');
    const same = await signOut({ cookie, origin: server.url, 'sec-fetch-site': 'same-origin' });
    assert.is(same.status, 200);
    assert.is((await fetch(`${server.url}/api/me`, { headers: { cookie: `fc_session=${token}` } })).status, 401);
  } finally {
    await server.close();
  }
});

test.run();
