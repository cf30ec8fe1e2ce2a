// A writer process for the commit-order test: pushes through the real store, or holds raw transactions open on purpose.
import Database from 'better-sqlite3';
import { SqliteStore } from '../../sync-server/db/sqlite/store.ts';
import { makeDoc, pushCtx } from './docs.ts';

const { file, name, batches, mode } = JSON.parse(process.argv[2] ?? '{}') as { file: string; name: string; batches: number; mode: 'store' | 'slow' };
const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

if (mode === 'store') {
  const store = new SqliteStore(file);
  for (let i = 0; i < batches; i++) {
    const rows = Array.from({ length: 1 + (i % 3) }, (_, k) => ({ assumedMasterState: null, newDocumentState: makeDoc('company', { id: `${name}-${i}-${k}` }) }));
    await store.push('company', rows, pushCtx(name));
  }
  await store.close();
} else {
  // Same protocol as the store (sequence taken inside an IMMEDIATE transaction), but the transaction stays open a while.
  const db = new Database(file);
  db.pragma('busy_timeout = 10000');
  for (let i = 0; i < batches; i++) {
    db.exec('BEGIN IMMEDIATE');
    const { seq } = db.prepare('UPDATE sync_state SET seq = seq + 1 WHERE id = 1 RETURNING seq').get() as { seq: number };
    db.prepare("INSERT INTO company (id, territory_id, name, seq) VALUES (?, 't-eu', ?, ?)").run(`${name}-${i}`, `Slow ${i}`, seq);
    sleep(15);
    db.exec('COMMIT');
  }
  db.close();
}
