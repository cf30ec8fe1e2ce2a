// Three real server processes on one SQLite file behind Debian's HAProxy (round-robin): started at once on an empty
// database they all come up with the schema and samples made once; streams on every instance hear every write live,
// devices through the balancer see each other's changes, and a revocation ends the user's streams on all instances.
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../../sync-server/config.ts';
import { SAMPLE_TEMPLATES } from '../../sync-server/mail-merge/service.ts';
import { freePort, ServerProcess } from '../chaos/server-process.ts';
import { ensureHaproxy, startHaproxy, type Balancer } from '../helpers/balancer.ts';
import { openDevice, waitFor, type TestDevice } from '../helpers/client.ts';
import { makeDoc } from '../helpers/docs.ts';
import { signIn } from '../helpers/server.ts';
import { openStream, type SseClient } from '../helpers/sse.ts';

const post = (url: string, token: string, body?: unknown) =>
  fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

test('three instances behind HAProxy on one SQLite file: one start-up, live changes on every instance, revocation everywhere', async () => {
  const why = ensureHaproxy();
  if (why) {
    console.log(`load-balancer test skipped: ${why}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-lb-'));
  const file = join(dir, 'shared.db');
  const servers = await Promise.all([0, 1, 2].map(async () => new ServerProcess(file, await freePort(), () => {}, { LOG_LEVEL: 'silent' })));
  let lb: Balancer | undefined;
  const streams: SseClient[] = [];
  const devices: TestDevice[] = [];
  try {
    // All three at once on an empty file: the start-up lock lets one migrate and seed, the others find it done.
    await Promise.all(servers.map((s) => s.start()));
    const raw = new Database(file, { readonly: true });
    try {
      assert.is((raw.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n, readdirSync(join(ROOT, 'sync-server/db/sqlite/migrations')).length);
      assert.is((raw.prepare('select count(*) as n from merge_templates').get() as { n: number }).n, SAMPLE_TEMPLATES.length);
      assert.is((raw.prepare("select count(*) as n from users where login = 'admin'").get() as { n: number }).n, 1);
    } finally {
      raw.close();
    }
    lb = await startHaproxy(dir, await freePort(), servers.map((s) => s.port));
    const token = await signIn(lb.url, 'sales');
    const admin = await signIn(lb.url, 'admin');

    // A stream on each instance directly, and three through the balancer (round-robin spreads them).
    for (const s of servers) streams.push(await openStream(s.url, token));
    for (let i = 0; i < 3; i++) streams.push(await openStream(lb.url, token));

    // Three pushes through the balancer (one per instance, round-robin): every stream hears each within a second.
    for (let i = 0; i < 3; i++) {
      const doc = makeDoc('company', { id: `c-lb-${i}` });
      const before = streams.map((s) => s.events.length);
      const sent = Date.now();
      const res = await post(`${lb.url}/sync/company/push`, token, [{ assumedMasterState: null, newDocumentState: doc }]);
      assert.is(res.status, 200);
      await res.arrayBuffer();
      for (const [k, s] of streams.entries()) {
        const e = await waitFor(`push ${i} on stream ${k}`, () => s.events.slice(before[k]).find((x) => x.event === 'change' && JSON.parse(x.data).collection === 'company'), 3000);
        assert.ok(e.at - sent < 1000, `push ${i} reached stream ${k} after ${e.at - sent} ms`);
      }
    }

    // Two devices through the balancer: what one saves, the other shows, live.
    for (let i = 0; i < 2; i++) devices.push(await openDevice(lb.url, await signIn(lb.url, 'sales'), { userId: 'u-sales' }));
    for (const d of devices) await d.engine.awaitInitial();
    await waitFor('devices live', () => devices.every((d) => d.engine.status.value.online));
    await devices[0]!.repo.save('company', makeDoc('company', { id: 'c-lb-device', name: 'Through the balancer' }) as never);
    await waitFor('the other device has it', () => devices[1]!.repo.get('company', 'c-lb-device'), 5000);

    // Revoking through the balancer (one instance) ends the user's streams on all of them.
    const revoked = Date.now();
    const res = await post(`${lb.url}/api/admin/users/u-sales/revoke-sessions`, admin);
    assert.is(res.status, 200);
    for (const [k, s] of streams.entries()) await waitFor(`stream ${k} revoked`, () => s.events.some((e) => e.event === 'revoked'), 3000);
    assert.ok(Date.now() - revoked < 2000, `all streams ended within ${Date.now() - revoked} ms`);
  } finally {
    for (const s of streams) s.close();
    for (const d of devices) await d.close();
    await lb?.stop();
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
