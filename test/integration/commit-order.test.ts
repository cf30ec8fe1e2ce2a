// DESIGN §4's commit-order trap: writers hold transactions open while pullers page; no puller may skip a change.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SqliteStore } from '../../sync-server/db/sqlite/store.ts';
import { EU } from '../helpers/docs.ts';

/** Each writer is its own process with its own connection, as several server processes on one file would be. */
function runWriter(data: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const file = fileURLToPath(new URL('../helpers/commit-order-worker.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', file, JSON.stringify(data)], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exit ${code}`))));
  });
}

test('pullers paging during concurrent, slow writers see every change exactly once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-order-'));
  const file = join(dir, 'order.db');
  const setup = new SqliteStore(file);
  await setup.migrate();
  await setup.close();
  const reader = new SqliteStore(file);

  const writers = Promise.all([
    runWriter({ file, name: 'w1', batches: 60, mode: 'store' }),
    runWriter({ file, name: 'w2', batches: 60, mode: 'store' }),
    runWriter({ file, name: 'slow', batches: 40, mode: 'slow' }),
  ]);
  let finished = false;
  void writers.then(() => (finished = true));

  // Three pullers with different page sizes, each keeping only its checkpoint, like devices do.
  const pullers = [2, 5, 50].map((limit) => ({ limit, since: 0, seen: new Map<string, number>(), pages: 0 }));
  const pullOnce = async (): Promise<void> => {
    for (const p of pullers) {
      const page = await reader.pull('company', p.since, p.limit, EU);
      assert.ok(page.documents.length <= p.limit);
      for (const d of page.documents) p.seen.set(d.id, (p.seen.get(d.id) ?? 0) + 1);
      assert.ok(page.lastSeq >= p.since, 'checkpoints never go back');
      p.since = page.lastSeq;
      p.pages++;
    }
  };
  while (!finished) {
    await pullOnce();
    await new Promise((r) => setTimeout(r, 1));
  }
  await writers;
  for (let i = 0; i < 200; i++) await pullOnce(); // drain

  const all = (await reader.pull('company', 0, 1000, EU)).documents.map((d) => d.id);
  // 2 writers × (20×1 + 20×2 + 20×3 rows) + 40 slow ones
  assert.is(all.length, 2 * 120 + 40);
  for (const p of pullers) {
    assert.is(p.seen.size, all.length, `puller with limit ${p.limit} saw every record`);
    assert.ok([...p.seen.values()].every((n) => n === 1), `puller with limit ${p.limit} saw each record once`);
    assert.ok(p.pages > 10, 'pullers really paged while writers ran');
  }
  await reader.close();
  rmSync(dir, { recursive: true, force: true });
});

test.run();
