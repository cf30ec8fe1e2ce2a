// The SQLite tables derived from the metadata have one column per field (plus system columns and seq), and the migration matches.
import { getTableColumns } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entityDef, REPLICATED } from '../../shared/entities/index.ts';
import { columnPlan, snake } from '../../sync-server/db/columns.ts';
import { entityTables } from '../../sync-server/db/sqlite/schema.ts';
import { ROOT } from '../../sync-server/config.ts';

test('each entity table has exactly the planned columns plus seq', () => {
  for (const e of REPLICATED) {
    const cols = getTableColumns(entityTables[e]);
    const expected = [...columnPlan(entityDef(e)).map((c) => c.column), 'seq'].sort();
    assert.equal(Object.values(cols).map((c) => c.name).sort(), expected, e);
    for (const k of Object.keys(entityDef(e).fields)) assert.is(cols[k]?.name, snake(k), `${e}.${k}`);
  }
});

test('indexed fields, territory and seq are indexed (seq unique)', () => {
  for (const e of REPLICATED) {
    const cfg = getTableConfig(entityTables[e]);
    const names = cfg.indexes.map((i) => i.config.name);
    assert.ok(names.includes(`${e}_seq_uq`) && cfg.indexes.find((i) => i.config.name === `${e}_seq_uq`)?.config.unique, `${e} seq unique`);
    // Territory then sequence: a rep's pull walks their territory in sequence order (decision 0009).
    const territory = cfg.indexes.find((i) => i.config.name === `${e}_territory_seq_ix`);
    assert.equal(territory?.config.columns.map((c) => (c as { name: string }).name), ['territory_id', 'seq'], `${e} territory, seq`);
    for (const [k, f] of Object.entries(entityDef(e).fields)) if (f.indexed) assert.ok(names.includes(`${e}_${snake(k)}_ix`), `${e}.${k} indexed`);
  }
});

test('the committed SQLite migrations create every column the schema has (run npm run db:generate after a metadata change)', () => {
  const dir = join(ROOT, 'sync-server/db/sqlite/migrations');
  const sql = readdirSync(dir)
    .sort()
    .map((d) => readFileSync(join(dir, d, 'migration.sql'), 'utf8'))
    .join('\n');
  for (const e of REPLICATED) {
    for (const c of [...columnPlan(entityDef(e)).map((c) => c.column), 'seq']) assert.ok(new RegExp(`\`${c}\``).test(sql), `${e}.${c} in migrations`);
  }
});

test.run();
