// Several instances on one database (docs/decisions/0025, 0026): the change feed carries writes, revocations and nudges
// between them; start-up runs under the database lock, once; a database newer than the server or another key is refused.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../../sync-server/config.ts';
import { SqliteStore } from '../../sync-server/db/sqlite/store.ts';
import { ensureSampleTemplates, SAMPLE_TEMPLATES } from '../../sync-server/mail-merge/service.ts';
import { startUp, StartupError, STARTUP_KEYS, compareReleases } from '../../sync-server/ops/startup.ts';
import { openDevice, waitFor } from '../helpers/client.ts';
import { makeDoc } from '../helpers/docs.ts';
import { signIn, startServer } from '../helpers/server.ts';
import { openStream } from '../helpers/sse.ts';

const FAST = { minMs: 20, maxMs: 100 };
const migrationCount = (): number => readdirSync(join(ROOT, 'sync-server/db/sqlite/migrations')).length;

test('writes, revocations and nudges made through one instance reach the live streams of another within a second', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-instances-'));
  const dbFile = join(dir, 'shared.db');
  const a = await startServer({ dbFile, companies: 3, feed: FAST });
  const b = await startServer({ dbFile, feed: FAST });
  try {
    const token = await signIn(a.url, 'sales');
    const onB = await openStream(b.url, token);
    const company = makeDoc('company', { id: 'c-across' });
    const pushed = Date.now();
    const res = await fetch(`${a.url}/sync/company/push`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify([{ assumedMasterState: null, newDocumentState: company }]) });
    assert.is(res.status, 200);
    const seen = await waitFor('the change on B', () => onB.events.find((e) => e.event === 'change' && JSON.parse(e.data).collection === 'company'), 2000);
    assert.ok(seen.at - pushed < 1000, `arrived after ${seen.at - pushed} ms`);

    // A change of rights on A (no record written): B's devices are nudged to pull.
    const admin = await signIn(a.url, 'admin');
    const before = onB.events.length;
    // (A home territory set, even to the one it was, is a change of rights: a display name alone is not.)
    const patched = await fetch(`${a.url}/api/admin/users/u-manager`, { method: 'PATCH', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ territoryId: 't-na' }) });
    assert.is(patched.status, 200, await patched.clone().text());
    await waitFor('a nudge on B', () => onB.events.slice(before).some((e) => e.event === 'change' && JSON.parse(e.data).seq === 0), 2000);

    // One session signed out through A (Administration → Sessions): its stream on B ends, the user's other goes on.
    const second = await signIn(a.url, 'sales');
    const otherOnB = await openStream(b.url, second);
    const sessions = (await (await fetch(`${a.url}/api/admin/sessions?userId=u-sales`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { id: string; lastSeenAt: string; createdAt: string }[];
    const newest = [...sessions].sort((x, y) => (x.createdAt < y.createdAt ? 1 : -1))[0]!;
    assert.is((await fetch(`${a.url}/api/admin/sessions/${newest.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } })).status, 200);
    await waitFor('that one session revoked on B', () => otherOnB.events.some((e) => e.event === 'revoked'), 2000);
    assert.not.ok(onB.events.some((e) => e.event === 'revoked'), 'the first session goes on');

    // Signed out everywhere through A: the stream on B ends with "revoked".
    const revoked = Date.now();
    await fetch(`${a.url}/api/admin/users/u-sales/revoke-sessions`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    await waitFor('revoked on B', () => onB.events.some((e) => e.event === 'revoked'), 2000);
    await onB.ended;
    assert.ok(Date.now() - revoked < 1500);
    // B announced the write once: its own feed does not repeat A's event, and A's feed does not repeat A's own.
    const writes = onB.events.filter((e) => e.event === 'change' && JSON.parse(e.data).collection === 'company' && JSON.parse(e.data).seq > 0);
    assert.is(writes.length, 1);
  } finally {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('devices on different instances see each other\'s changes live', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-instances-'));
  const dbFile = join(dir, 'shared.db');
  const a = await startServer({ dbFile, companies: 2, feed: FAST });
  const b = await startServer({ dbFile, feed: FAST });
  const onA = await openDevice(a.url, await signIn(a.url, 'sales'), { userId: 'u-sales' });
  const onB = await openDevice(b.url, await signIn(b.url, 'sales'), { userId: 'u-sales' });
  try {
    await onA.engine.awaitInitial();
    await onB.engine.awaitInitial();
    await waitFor('B live', () => onB.engine.status.value.online);
    const rec = makeDoc('company', { id: 'c-live-ab', name: 'Seen across instances' });
    const started = Date.now();
    await onA.repo.save('company', rec as never);
    await waitFor('the company on the device of B', () => onB.repo.get('company', 'c-live-ab'), 3000);
    assert.ok(Date.now() - started < 3000);
  } finally {
    await onA.close();
    await onB.close();
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a device pulls on a slow timer too: a change no live event announced still arrives', async () => {
  const server = await startServer({ companies: 1 });
  const device = await openDevice(server.url, await signIn(server.url, 'sales'), { userId: 'u-sales', safetyPullMs: 300 });
  try {
    await device.engine.awaitInitial();
    await waitFor('live', () => device.engine.status.value.online);
    // Written behind the server's back: no live event at all.
    await server.store.insertMany('company', [makeDoc('company', { id: 'c-quiet', name: 'Never announced' })]);
    await waitFor('the unannounced company on the device', () => device.repo.get('company', 'c-quiet'), 3000);
  } finally {
    await device.close();
    await server.close();
  }
});

test('three instances starting at once on an empty database: schema made once, samples once; a deleted sample stays deleted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-startup-'));
  const file = join(dir, 'empty.db');
  const key = randomBytes(32);
  const stores = [0, 1, 2].map(() => new SqliteStore(file));
  try {
    const steps = (s: SqliteStore) => async () => void (await ensureSampleTemplates(s));
    await Promise.all(stores.map((s) => startUp(s, { version: '0.1.0', secretKey: key, keySource: 'FIELDCRM_SECRET_KEY', steps: steps(s) })));
    const raw = stores[0]!.sqlite;
    assert.is((raw.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n, migrationCount());
    assert.is((raw.prepare('select count(*) as n from merge_templates').get() as { n: number }).n, SAMPLE_TEMPLATES.length);
    assert.is(await stores[0]!.getServerSetting(STARTUP_KEYS.release), '0.1.0');

    await stores[1]!.mailMerge.deleteTemplate(SAMPLE_TEMPLATES[0]!.id);
    await startUp(stores[2]!, { version: '0.1.0', secretKey: key, keySource: 'FIELDCRM_SECRET_KEY', steps: steps(stores[2]!) });
    assert.is(await stores[2]!.mailMerge.getTemplate(SAMPLE_TEMPLATES[0]!.id), null, 'the deleted sample is not made again');

    const refused = async (opts: { version?: string; key?: Buffer }, says: RegExp) => {
      try {
        await startUp(stores[0]!, { version: opts.version ?? '0.1.0', secretKey: opts.key ?? key, keySource: 'FIELDCRM_SECRET_KEY' });
        assert.unreachable('should refuse');
      } catch (err) {
        assert.instance(err, StartupError);
        assert.match((err as Error).message, says);
        assert.not.match((err as Error).message, /\n/);
      }
    };
    await refused({ key: randomBytes(32) }, /^FIELDCRM_SECRET_KEY is not the secret key this database was set up with/);
    await stores[0]!.putServerSetting(STARTUP_KEYS.release, '0.3.0', 'test', new Date().toISOString());
    await refused({}, /^the database was last migrated by FieldCRM 0\.3\.0, newer than this server \(0\.1\.0\)/);
    // The lock was released after each refusal: a newer release still starts.
    await startUp(stores[1]!, { version: '0.3.1', secretKey: key, keySource: 'FIELDCRM_SECRET_KEY' });
    assert.is(await stores[1]!.getServerSetting(STARTUP_KEYS.release), '0.3.1');
  } finally {
    for (const s of stores) await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('releases compare as numbers, a pre-release before its release', () => {
  assert.ok(compareReleases('0.10.0', '0.9.9') > 0);
  assert.ok(compareReleases('1.0.0-rc.1', '1.0.0') < 0);
  assert.is(compareReleases('v0.1.0', '0.1.0'), 0);
});

test.run();
