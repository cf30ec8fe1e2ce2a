// What an operator watches and drives: health and readiness, request ids, one JSON log line per request, Prometheus
// metrics behind a token, configuration refused with one line, and a drain that moves live streams elsewhere.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pino from 'pino';
import { Lifecycle } from '../../sync-server/ops/lifecycle.ts';
import { Metrics } from '../../sync-server/ops/metrics.ts';
import { openDevice, waitFor } from '../helpers/client.ts';
import { makeDoc } from '../helpers/docs.ts';
import { signIn, startServer } from '../helpers/server.ts';

const TOKEN = 'metrics-token-0123456789';

function capture(): { log: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

test('health, readiness, request ids and the access log', async () => {
  const lifecycle = new Lifecycle();
  const { log, lines } = capture();
  const server = await startServer({ lifecycle, log });
  try {
    assert.equal([(await fetch(`${server.url}/healthz`)).status, (await fetch(`${server.url}/readyz`)).status], [200, 503], 'alive, not ready while starting');
    lifecycle.ready();
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal([ready.status, ready.headers.get('content-type'), await ready.json()], [200, 'application/json', { status: 'ready' }]);

    const token = await signIn(server.url, 'sales');
    const given = await fetch(`${server.url}/sync/company/pull?seq=0&limit=5`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'lb-4711.a' } });
    assert.is(given.headers.get('x-request-id'), 'lb-4711.a');
    const bad = await fetch(`${server.url}/sync/nothing/pull`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'no spaces <allowed>' } });
    const id = bad.headers.get('x-request-id') ?? '';
    assert.match(id, /^[0-9a-f-]{36}$/, 'an unusable id is replaced by a new one');
    assert.is(((await bad.json()) as { requestId?: string }).requestId, id, 'error bodies carry the id');

    const line = lines.find((l) => l.reqId === 'lb-4711.a');
    assert.ok(line, 'one line per request');
    assert.equal([line!.method, line!.route, line!.status, line!.userId], ['GET', '/sync/:collection/pull', 200, 'u-sales']);
    assert.type(line!.ms, 'number');
    assert.ok(!JSON.stringify(lines).includes(token), 'no token in the log');
    assert.is(lines.find((l) => l.reqId === id)?.status, 404);

    lifecycle.drain();
    assert.is((await fetch(`${server.url}/readyz`)).status, 503, 'not ready while draining');
  } finally {
    await server.close();
  }
});

test('metrics: off without a token, refused without the bearer, counting pushes, conflicts and streams', async () => {
  const plain = await startServer({ metrics: new Metrics() });
  try {
    const off = await fetch(`${plain.url}/metrics`);
    assert.equal([off.status, ((await off.json()) as { code: string }).code], [404, 'FC-REQ-005']);
  } finally {
    await plain.close();
  }
  const metrics = new Metrics();
  const server = await startServer({ metrics, metricsToken: TOKEN });
  try {
    assert.is((await fetch(`${server.url}/metrics`)).status, 401);
    assert.is((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status, 401);
    const token = await signIn(server.url, 'admin');
    const doc = makeDoc('company', { id: 'm1' });
    const push = (body: unknown) => fetch(`${server.url}/sync/company/push`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', prefer: 'handling=lenient' }, body: JSON.stringify(body) });
    await push([{ assumedMasterState: null, newDocumentState: doc }]);
    await push([{ assumedMasterState: null, newDocumentState: { ...doc, name: 'Other' } }]); // same field, no base: kept as a conflict
    await push([{ assumedMasterState: null, newDocumentState: { ...doc, id: 'm2', name: '' } }]); // invalid: refused
    const device = await openDevice(server.url, token, { userId: 'u-admin', territoryId: 't-world' });
    await waitFor('stream up', () => device.engine.status.value.online);
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.is(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', 'text/plain');
    const text = await res.text();
    assert.match(text, 'fieldcrm_push_rows_total{collection="company"} 3');
    assert.match(text, 'fieldcrm_push_conflicts_total{collection="company"} 2');
    assert.match(text, 'fieldcrm_refused_changes_total{collection="company"} 1');
    assert.match(text, /fieldcrm_pull_pages_total\{collection="company"\} \d+/);
    assert.match(text, 'fieldcrm_live_streams_open 1');
    await device.close();
  } finally {
    await server.close();
  }
});

test('draining tells live streams to reconnect elsewhere; the device does so without going offline', async () => {
  const lifecycle = new Lifecycle();
  lifecycle.ready();
  const server = await startServer({ lifecycle, companies: 2 });
  try {
    const token = await signIn(server.url, 'sales');
    const res = await fetch(`${server.url}/sync/stream`, { headers: { authorization: `Bearer ${token}` } });
    const reader = res.body!.getReader();
    let text = '';
    const readUntil = async (what: string): Promise<void> => {
      while (!text.includes(what)) {
        const { done, value } = await reader.read();
        if (done) return;
        text += new TextDecoder().decode(value);
      }
    };
    await readUntil('event: hello');
    const device = await openDevice(server.url, token, { userId: 'u-sales' });
    await waitFor('device stream up', () => device.engine.status.value.online);
    let wentOffline = false;
    const sub = device.engine.status.subscribe((s) => (wentOffline ||= !s.online));
    lifecycle.drain();
    await readUntil('event: reconnect');
    const after = Number(/"afterMs":(\d+)/.exec(text)?.[1]);
    assert.ok(after >= 0 && after < 3000, `reconnect after ${after} ms`);
    assert.is((await reader.read()).done, true, 'the stream ends');
    // This test's server keeps serving (a real drain closes it): the device comes back on its own, never "offline".
    await new Promise((r) => setTimeout(r, 3500));
    assert.ok(device.engine.status.value.online);
    assert.not.ok(wentOffline);
    sub.unsubscribe();
    await device.close();
  } finally {
    await server.close();
  }
});

/** Runs the real server process; resolves with its exit code and output. */
function runServer(env: Record<string, string>, untilLine?: RegExp, thenSignal?: NodeJS.Signals): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], { env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const on = (b: Buffer): void => {
      out += b.toString();
      if (untilLine && thenSignal && untilLine.test(out)) {
        untilLine = undefined;
        child.kill(thenSignal);
      }
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, out });
    });
  });
}

test('a wrong configuration value stops the server with one line naming it; SIGTERM drains and exits 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-ops-'));
  try {
    for (const [name, value] of [['DEMO_DATA', 'maybe'], ['PORT', 'eighty'], ['METRICS_TOKEN', 'short'], ['LOG_LEVEL', 'loud'], ['FEED_POLL_MS', '5']] as const) {
      const r = await runServer({ DATABASE_URL: `sqlite:${join(dir, 'x.db')}`, [name]: value });
      assert.is(r.code, 1, name);
      const lines = r.out.trim().split('\n');
      assert.is(lines.length, 1, `${name}: one line (${r.out})`);
      assert.match(lines[0]!, `cannot start: ${name}`);
    }
    const r = await runServer({ DATABASE_URL: `sqlite:${join(dir, 'live.db')}`, DEMO_DATA: 'off', STATIC_DIR: dir }, /listening at/, 'SIGTERM');
    assert.is(r.code, 0, r.out);
    assert.match(r.out, 'draining');

    // Sharing the database with another secret key, or a database a newer release migrated: one line, exit 1.
    const other = await runServer({ DATABASE_URL: `sqlite:${join(dir, 'live.db')}`, DEMO_DATA: 'off', FIELDCRM_SECRET_KEY: randomBytes(32).toString('base64') });
    assert.is(other.code, 1, other.out);
    assert.equal(other.out.trim().split('\n'), ['[fieldcrm] cannot start: FIELDCRM_SECRET_KEY is not the secret key this database was set up with (key check value differs): every instance sharing a database needs the same FIELDCRM_SECRET_KEY']);
    const db = new Database(join(dir, 'live.db'));
    db.prepare("update server_settings set value = '99.0.0' where key = 'fieldcrm.release'").run();
    db.close();
    const newer = await runServer({ DATABASE_URL: `sqlite:${join(dir, 'live.db')}`, DEMO_DATA: 'off' });
    assert.is(newer.code, 1, newer.out);
    assert.equal(newer.out.trim().split('\n').length, 1, newer.out);
    assert.match(newer.out, /cannot start: the database was last migrated by FieldCRM 99\.0\.0, newer than this server \(\d+\.\d+\.\d+\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
