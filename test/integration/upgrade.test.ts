// An installation upgrades from each earlier database in order: a database made by the first migration only opens, migrated, with its data.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../../sync-server/config.ts';
import { SqliteStore } from '../../sync-server/db/sqlite/store.ts';
import { startUp, startupSteps, STARTUP_KEYS } from '../../sync-server/ops/startup.ts';
import { makeDoc } from '../helpers/docs.ts';
import { signIn, startServer } from '../helpers/server.ts';

test('every SQLite migration step upgrades the previous database and keeps its records', async () => {
  const all = join(ROOT, 'sync-server/db/sqlite/migrations');
  const steps = readdirSync(all).sort();
  assert.ok(steps.length >= 2, 'there is an upgrade to test');
  for (let upTo = 1; upTo < steps.length; upTo++) {
    const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-upgrade-'));
    const partial = join(dir, 'migrations');
    for (const s of steps.slice(0, upTo)) cpSync(join(all, s), join(partial, s), { recursive: true });
    const file = join(dir, 'old.db');
    const raw = new Database(file);
    migrate(drizzle({ client: raw }), { migrationsFolder: partial });
    raw.exec("INSERT INTO sync_state (id, seq) VALUES (1, 1)");
    raw.exec("INSERT INTO company (id, territory_id, name, seq) VALUES ('c-old', 't-eu', 'Made before the upgrade', 1)");
    raw.close();

    const store = new SqliteStore(file);
    await store.migrate();
    const [c] = await store.getByIds('company', ['c-old']);
    assert.is(c?.name, 'Made before the upgrade', `after step ${steps[upTo - 1]}`);
    const page = await store.pull('communication', 0, 10, { kind: 'territory', territories: ['t-eu'] });
    assert.equal(page.documents, []);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Every row of every table (but the migrations journal), as JSON texts sorted per table. */
function snapshot(file: string): Map<string, { columns: string[]; rows: string[] }> {
  const db = new Database(file, { readonly: true });
  try {
    const out = new Map<string, { columns: string[]; rows: string[] }>();
    const names = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations' order by name").all() as { name: string }[];
    for (const { name } of names) {
      const columns = (db.prepare(`pragma table_info("${name}")`).all() as { name: string }[]).map((c) => c.name);
      const rows = (db.prepare(`select ${columns.map((c) => `"${c}"`).join(', ')} from "${name}"`).raw().all() as unknown[][]).map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v))).sort();
      out.set(name, { columns, rows });
    }
    return out;
  } finally {
    db.close();
  }
}

test('during a rollout the server accepts a device of the previous release: rows without the fields added since', async () => {
  const server = await startServer({ companies: 1 });
  try {
    const token = await signIn(server.url, 'sales');
    const push = async (rows: unknown[]) => {
      const res = await fetch(`${server.url}/sync/communication/push`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', prefer: 'handling=lenient' }, body: JSON.stringify(rows) });
      assert.is(res.status, 200);
      return ((await res.json()) as { conflicts: Record<string, unknown>[] }).conflicts;
    };
    // RxDB schema 1 had no wall times (localStart, localEnd): that device's records lack them.
    const old = (doc: Record<string, unknown>) => Object.fromEntries(Object.entries(doc).filter(([k]) => k !== 'localStart' && k !== 'localEnd'));
    const created = old(makeDoc('communication', { id: 'm-rollout', subject: 'Booked on an old phone', updatedBy: 'u-sales' }) as unknown as Record<string, unknown>);
    assert.equal(await push([{ assumedMasterState: null, newDocumentState: created }]), []);
    const [stored] = await server.store.getByIds('communication', ['m-rollout']);
    assert.is(stored?.subject, 'Booked on an old phone');
    assert.is((stored as Record<string, unknown> | undefined)?.localStart, '');

    // A current device sets the wall time; the old device then edits the subject on its copy without it.
    const current = { ...stored!, localStart: '2026-03-01T10:00' };
    assert.equal(await push([{ assumedMasterState: stored, newDocumentState: current }]), []);
    const answer = await push([{ assumedMasterState: created, newDocumentState: { ...created, subject: 'Renamed on the old phone' } }]);
    const [after] = await server.store.getByIds('communication', ['m-rollout']);
    assert.is(after?.subject, 'Renamed on the old phone', 'the old device\'s edit applies');
    assert.is((after as Record<string, unknown> | undefined)?.localStart, '2026-03-01T10:00', 'the field it does not know keeps its value');
    assert.is(answer.length, 1, 'answered with the merged master, as for any edit on an older copy');
    const kept = await server.store.pull('conflict', 0, 100, { kind: 'owner', ownerId: 'u-sales' });
    assert.equal(kept.documents.filter((d) => (d as Record<string, unknown>).recordId === 'm-rollout'), [], 'nothing rejected or kept as lost');
  } finally {
    await server.close();
  }
});

test('each release fixture (made by that release\'s code) upgrades at start-up and keeps every record', async () => {
  const dir = join(ROOT, 'test/fixtures/releases');
  const fixtures = readdirSync(dir).filter((f) => f.endsWith('.db')).sort();
  assert.ok(fixtures.includes('0.1.0.db'));
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  for (const fixture of fixtures) {
    const tmp = mkdtempSync(join(tmpdir(), 'fieldcrm-release-'));
    const file = join(tmp, fixture);
    copyFileSync(join(dir, fixture), file);
    const before = snapshot(file);
    const store = new SqliteStore(file);
    try {
      await startUp(store, { version, secretKey: randomBytes(32), keySource: 'FIELDCRM_SECRET_KEY', steps: startupSteps(store, { demoData: true }) });
      const journal = store.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
      assert.is(journal.n, readdirSync(join(ROOT, 'sync-server/db/sqlite/migrations')).length, `${fixture}: every migration applied`);
      assert.is(await store.getServerSetting(STARTUP_KEYS.release), version);
      // Still served: a pull of what the release wrote, through today's store.
      const notes = await store.pull('note', 0, 1000, { kind: 'territory', territories: ['t-eu'] });
      assert.ok(notes.documents.some((d) => d.id === 'n-release'), `${fixture}: the release's note is pulled`);
    } finally {
      await store.close();
    }
    const after = snapshot(file);
    for (const [table, old] of before) {
      const now = after.get(table);
      assert.ok(now, `${fixture}: table ${table} kept`);
      // The columns the release had, in its order, read from today's table (new columns may follow).
      const db = new Database(file, { readonly: true });
      const rows = (db.prepare(`select ${old.columns.map((c) => `"${c}"`).join(', ')} from "${table}"`).raw().all() as unknown[][]).map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v))).sort();
      db.close();
      if (table === 'server_settings') {
        // The start-up adds its own keys (release, key check, samples); every setting the release had stays as it was.
        for (const r of old.rows) assert.ok(rows.includes(r), `${fixture}: server setting ${r} kept`);
      } else assert.equal(rows, old.rows, `${fixture}: every ${table} record kept as it was`);
    }
    rmSync(tmp, { recursive: true, force: true });
  }
});

test.run();
