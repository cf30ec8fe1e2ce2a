// A device in Node: the PWA's own database, sync engine and API client, on RxDB's memory storage.
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openDatabase, type FieldDatabase } from '../../pwa/db/database.ts';
import { MemoryKeyValue, PendingChanges } from '../../pwa/db/pending.ts';
import { SyncEngine } from '../../pwa/db/sync-engine.ts';
import { ApiClient } from '../../pwa/net/api.ts';
import { RecordRepository } from '../../pwa/db/repository.ts';

let n = 0;

export interface TestDevice {
  db: FieldDatabase;
  engine: SyncEngine;
  repo: RecordRepository;
  pending: PendingChanges;
  /** Simulates pulling the network: every request fails until `online = true`. */
  online: boolean;
  close(): Promise<void>;
}

export async function openDevice(url: string, token: string, opts: { fetch?: typeof fetch } = {}): Promise<TestDevice> {
  const device = { online: true } as TestDevice;
  const base = opts.fetch ?? fetch;
  const gated: typeof fetch = (input, init) => (device.online ? base(input, init) : Promise.reject(new TypeError('Failed to fetch (offline)')));
  const api = new ApiClient({ baseUrl: url, fetch: gated, token: () => token });
  const db = await openDatabase({ name: `device${n++}${Date.now()}`, storage: getRxStorageMemory(), multiInstance: false });
  const pending = new PendingChanges(new MemoryKeyValue(), 'pending');
  const engine = new SyncEngine({ db, api, pending, identifier: url, retryMs: 200 });
  engine.start();
  device.db = db;
  device.engine = engine;
  device.pending = pending;
  device.repo = new RecordRepository(db, pending, { userId: 'u-sales', territoryId: 't-eu' });
  device.close = async () => {
    await engine.stop();
    await db.close();
  };
  return device;
}

export async function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
