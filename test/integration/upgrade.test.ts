// An installation upgrades from each earlier database in order: a database made by the first migration only opens, migrated, with its data.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../../sync-server/config.ts';
import { SqliteStore } from '../../sync-server/db/sqlite/store.ts';

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

test.run();
