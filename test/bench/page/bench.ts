// The bench page: the PWA's own device code (Device, openDatabase, RecordRepository) on RxDB/Dexie, plus the peers'
// clients, exposed as `window.bench` for test/bench/run.ts to call through Playwright.
import { BehaviorSubject } from 'rxjs';
import { replicateCouchDB } from 'rxdb/plugins/replication-couchdb';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { readPullAnswer, type Checkpoint, type PullAnswer, type PullResponse } from '../../../shared/sync.ts';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { AnyRecord, EntityName } from '../../../shared/entities/index.ts';
import { openDatabase, type FieldDatabase } from '../../../pwa/db/database.ts';
import { Device } from '../../../pwa/db/device.ts';
import { MemoryKeyValue, PendingChanges } from '../../../pwa/db/pending.ts';
import { RecordRepository } from '../../../pwa/db/repository.ts';
import { ApiClient } from '../../../pwa/net/api.ts';
import { runtime } from '../../../pwa/app/runtime.ts';
import '../../../pwa/features/records/fc-record-list.ts';

const SYNCED: EntityName[] = ['company', 'person', 'lead', 'communication', 'note'];
const now = (): number => performance.timeOrigin + performance.now();
const storage = () => getRxStorageDexie();
let seq = 0;
const uniq = (p: string): string => `${p}${Date.now().toString(36)}${seq++}`;

async function data(entity: string): Promise<Record<string, unknown>[]> {
  const res = await fetch(`/bench-data/${entity}.json`);
  return ((await res.json()) as Record<string, unknown>[]).map(({ _deleted: _d, ...doc }) => doc);
}

async function countAll(db: FieldDatabase): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const e of SYNCED) out[e] = await db.collections[e].count().exec();
  return out;
}

/** Pull requests' documents per collection, counted without touching the timed path more than a clone. */
const fetched: Record<string, number> = {};
function countingFetch(count: boolean): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const m = /\/sync\/(\w+)\/pull/.exec(String(input));
    if (count && m && res.ok) {
      const body = readPullAnswer((await res.clone().json()) as PullAnswer);
      fetched[m[1]!] = (fetched[m[1]!] ?? 0) + body.documents.length;
    }
    return res;
  };
}

/** Loads the bench data, then times creating a fresh database and writing every collection into it at once. */
async function timedInsert(name: string, write: (db: FieldDatabase, e: EntityName, docs: Record<string, unknown>[]) => Promise<void>): Promise<{ ms: number; docs: Record<string, number> }> {
  const docs: Record<string, Record<string, unknown>[]> = {};
  for (const e of SYNCED) docs[e] = await data(e);
  const t0 = performance.now();
  const db = await openDatabase({ name: uniq(name), storage: storage(), multiInstance: true });
  await Promise.all(SYNCED.map((e) => write(db, e, docs[e]!)));
  const ms = performance.now() - t0;
  const out = await countAll(db);
  await db.close();
  return { ms, docs: out };
}

let device: Device | null = null;
const arrivals: Record<string, number> = {};

const bench = {
  fetched,
  arrivals,

  /** Figure 1 (and 9): a fresh device's first sync with our server, until every collection finished its initial pull. */
  async ourSync(o: { token: string; batch: number; instance?: string; count?: boolean; multi?: boolean }): Promise<{ ms: number; openMs: number; docs: Record<string, number> }> {
    const api = new ApiClient({ baseUrl: '', token: () => o.token, fetch: countingFetch(o.count === true) });
    const t0 = performance.now();
    // localStorage, as the app: the first sync notes its progress there the moment a page is stored.
    device = new Device({ api, storage, keyValue: localStorage, author: { userId: 'u-admin', territoryId: 't-world' }, origin: location.origin, multiInstance: o.multi ?? true, pullBatchSize: o.batch, instance: o.instance ?? uniq('-s') });
    await device.open();
    const openMs = performance.now() - t0;
    await device.engine.awaitInitial();
    const ms = performance.now() - t0;
    return { ms, openMs, docs: await countAll(device.db) };
  },

  /** Experiment (not a figure): the first sync with every request's start and end noted, relative to the start. */
  async ourSyncTimeline(o: { token: string; batch: number }): Promise<{ ms: number; log: string[] }> {
    const log: string[] = [];
    const t0 = performance.now();
    const stamp = (): string => (performance.now() - t0).toFixed(0).padStart(6);
    const noting: typeof fetch = async (input, init) => {
      const path = String(input).replace(/^https?:\/\/[^/]+/, '').slice(0, 70);
      log.push(`${stamp()} > ${path}`);
      const res = await fetch(input, init);
      log.push(`${stamp()} < ${path} ${res.status}`);
      return res;
    };
    const api = new ApiClient({ baseUrl: '', token: () => o.token, fetch: noting });
    const d = new Device({ api, storage, keyValue: new MemoryKeyValue(), author: { userId: 'u-admin', territoryId: 't-world' }, origin: location.origin, multiInstance: true, pullBatchSize: o.batch, instance: uniq('-t') });
    await d.open();
    log.push(`${stamp()} opened`);
    await d.engine.awaitInitial();
    log.push(`${stamp()} initial done`);
    const ms = performance.now() - t0;
    await d.close();
    return { ms, log };
  },

  /**
   * Experiment (not a figure): our pull protocol through RxDB replication with no push and no live stream. RxDB then
   * skips the assumed-master rows, which a device that edits needs: the difference is their cost.
   */
  async pullOnlySync(o: { token: string; batch: number }): Promise<{ ms: number; docs: Record<string, number> }> {
    const api = new ApiClient({ baseUrl: '', token: () => o.token });
    const t0 = performance.now();
    const db = await openDatabase({ name: uniq('pull'), storage: storage(), multiInstance: true });
    const reps = SYNCED.map((e) =>
      replicateRxCollection<AnyRecord, Checkpoint>({
        collection: db.collections[e],
        replicationIdentifier: `bench-pull-${e}`,
        live: false,
        waitForLeadership: false,
        pull: {
          batchSize: o.batch,
          handler: async (cp, batchSize) => {
            const res = await api.get<PullResponse>(`/sync/${e}/pull?seq=${cp?.seq ?? 0}&limit=${batchSize}&scope=${encodeURIComponent(cp?.scope ?? '')}`);
            return { documents: res.documents as never, checkpoint: res.checkpoint };
          },
        },
      }),
    );
    await Promise.all(reps.map((r) => r.awaitInitialReplication()));
    const ms = performance.now() - t0;
    const out = await countAll(db);
    await Promise.all(reps.map((r) => r.cancel()));
    await db.close();
    return { ms, docs: out };
  },

  /** Figure 9: what a (killed) device has on disk, before it syncs again. */
  async localCount(o: { instance: string }): Promise<Record<string, number>> {
    const name = `fieldcrm_u_admin${o.instance}_${location.origin}`.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 100);
    const db = await openDatabase({ name, storage: storage(), multiInstance: false });
    const out = await countAll(db);
    await db.close();
    return out;
  },

  /**
   * Figure 2: the same documents bulk-inserted into a fresh database, no network: the storage's own limit. Timed from
   * creating the database, as the first sync is (a fresh device has none; 0.03–0.24 s here).
   */
  bulkInsert(): Promise<{ ms: number; docs: Record<string, number> }> {
    return timedInsert('bulk', (db, e, docs) => db.collections[e].bulkInsert(docs as AnyRecord[]).then(() => undefined));
  },

  /**
   * Experiment (not a figure): the same records written in transactions of `chunk` records per collection, at most
   * `depth` of them in flight, through the collection (`via: 'collection'`) or straight into its storage as the first
   * sync writes them, with or without RxDB's pull mark (`mark`). `bulkInsert` is `{ via: 'collection' }`.
   */
  insert(o: { via?: 'collection' | 'storage' | 'dexie'; chunk?: number; depth?: number; mark?: boolean }): Promise<{ ms: number; docs: Record<string, number> }> {
    const chunk = o.chunk ?? 1000;
    return timedInsert('insert', async (db, e, all) => {
      const inst = (db.collections[e].storageInstance as unknown as { originalStorageInstance: { bulkWrite(rows: unknown[], ctx: string): Promise<unknown> } }).originalStorageInstance;
      const inflight: Promise<unknown>[] = [];
      for (let i = 0; i < all.length; i += chunk) {
        const part = all.slice(i, i + chunk);
        const lwt = Date.now() + i / 1e6;
        const meta = o.mark ? { lwt, o: { _rev: 1, hash: 'abc' } } : { lwt };
        const dexie = async (): Promise<unknown> => {
          const st = await (inst as unknown as { internals: Promise<{ dexieDb: { transaction(m: string, t: unknown, f: () => Promise<unknown>): Promise<unknown> }; dexieTable: { bulkAdd(d: unknown[]): Promise<unknown> } }> }).internals;
          return st.dexieDb.transaction('rw', st.dexieTable, () => st.dexieTable.bulkAdd(part.map((d) => ({ ...d, _deleted: '0', _attachments: {}, _rev: '1-abc', _meta: meta }))));
        };
        inflight.push(
          o.via === 'storage'
            ? inst.bulkWrite(part.map((d) => ({ document: { ...d, _deleted: false, _attachments: {}, _rev: '1-abc', _meta: meta } })), 'x')
            : o.via === 'dexie'
              ? dexie()
              : db.collections[e].bulkInsert(part as AnyRecord[]),
        );
        if (inflight.length >= (o.depth ?? 1)) await inflight.shift();
      }
      await Promise.all(inflight);
    });
  },

  /**
   * Experiment (not a figure): the same rows bulk-added into plain Dexie tables with RxDB's index layout (`rxdb`), with
   * RxDB's own four indexes only (`rxdbOnly`), or with the primary key alone (`none`): what each index costs.
   */
  async rawDexie(o: { indexes: 'rxdb' | 'rxdbOnly' | 'none'; chunk?: number; slim?: boolean; durability?: 'relaxed' | 'strict' | 'default'; put?: boolean }): Promise<{ ms: number; docs: Record<string, number> }> {
    const { Dexie } = await import('dexie');
    const { collectionSchema } = await import('../../../pwa/db/schemas.ts');
    const docs: Record<string, Record<string, unknown>[]> = {};
    for (const e of SYNCED) docs[e] = await data(e);
    const t0 = performance.now();
    const db = new Dexie(uniq('raw'), o.durability ? { chromeTransactionDurability: o.durability } : {});
    const stores: Record<string, string> = {};
    for (const e of SYNCED) {
      const own = (collectionSchema(e).schema.indexes ?? []).map((i) => `[_deleted+${String(i)}+id]`);
      stores[e] = o.indexes === 'none' ? 'id' : ['id', '[_deleted+id]', ...(o.indexes === 'rxdb' ? own : []), '[_meta.lwt+id]', '_meta.lwt'].join(',');
    }
    db.version(1).stores(stores);
    await db.open();
    const chunk = o.chunk ?? 1000;
    await Promise.all(
      SYNCED.map(async (e) => {
        const all = docs[e]!;
        for (let i = 0; i < all.length; i += chunk) {
          const meta = { lwt: Date.now() + i / 1e6, o: { _rev: 1, hash: 'abc' } };
          const rows = all.slice(i, i + chunk).map((d) => {
            const row: Record<string, unknown> = { ...d, _deleted: '0', _attachments: {}, _rev: '1-fs', _meta: meta };
            if (o.slim) for (const [k, v] of Object.entries(row)) if (v === '' || v === null || (Array.isArray(v) && v.length === 0)) delete row[k];
            return row;
          });
          await db.transaction('rw', db.table(e), () => (o.put ? db.table(e).bulkPut(rows) : db.table(e).bulkAdd(rows)));
        }
      }),
    );
    const ms = performance.now() - t0;
    const out: Record<string, number> = {};
    for (const e of SYNCED) out[e] = await db.table(e).count();
    db.close();
    return { ms, docs: out };
  },

  /** Experiment: the first sync timed with every server answer already recorded (no server or network in the time). */
  async ourSyncReplay(o: { token: string; batch: number }): Promise<{ ms: number; docs: Record<string, number> }> {
    const tape = new Map<string, string>();
    const record: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (/\/pull/.test(String(input))) tape.set(String(input), await res.clone().text());
      return res;
    };
    const api1 = new ApiClient({ baseUrl: '', token: () => o.token, fetch: record });
    const d1 = new Device({ api: api1, storage, keyValue: new MemoryKeyValue(), author: { userId: 'u-admin', territoryId: 't-world' }, origin: location.origin, multiInstance: true, pullBatchSize: o.batch, instance: uniq('-r') });
    await d1.open();
    await d1.engine.awaitInitial();
    await d1.close();
    const replay: typeof fetch = async (input, init) => {
      const body = tape.get(String(input));
      return body === undefined ? fetch(input, init) : new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const api = new ApiClient({ baseUrl: '', token: () => o.token, fetch: replay });
    const t0 = performance.now();
    const d = new Device({ api, storage, keyValue: new MemoryKeyValue(), author: { userId: 'u-admin', territoryId: 't-world' }, origin: location.origin, multiInstance: true, pullBatchSize: o.batch, instance: uniq('-p') });
    await d.open();
    await d.engine.awaitInitial();
    const ms = performance.now() - t0;
    const docs = await countAll(d.db);
    await d.close();
    return { ms, docs };
  },

  /** Figure 3a: the same RxDB client and storage, pulling from pouchdb-server through RxDB's CouchDB replication. */
  async couchSync(o: { url: string; batch: number; pullOnly?: boolean }): Promise<{ ms: number; docs: Record<string, number> }> {
    const t0 = performance.now();
    const db = await openDatabase({ name: uniq('couch'), storage: storage(), multiInstance: true });
    const reps = SYNCED.map((e) =>
      // Pull-only (issue 26, the fair peer): a first sync only pulls, as ours does, and RxDB then skips each
      // document's assumed master state (skipStoringPullMeta). Two-way (`pullOnly: false`) as an app on CouchDB would run.
      replicateCouchDB({ replicationIdentifier: `bench-couch-${e}`, collection: db.collections[e], url: `${o.url}/${e}/`, live: false, waitForLeadership: false, pull: { batchSize: o.batch }, ...(o.pullOnly ? {} : { push: { batchSize: 100 } }) }),
    );
    await Promise.all(reps.map((r) => r.awaitInitialReplication()));
    const ms = performance.now() - t0;
    const out = await countAll(db);
    await Promise.all(reps.map((r) => r.cancel()));
    await db.close();
    return { ms, docs: out };
  },

  /** Figure 3b: the classic reference, PouchDB's own replication from the same server into PouchDB (IndexedDB). */
  async pouchSync(o: { url: string; batch: number }): Promise<{ ms: number; docs: Record<string, number> }> {
    const Pouch = (window as unknown as { PouchDB: PouchCtor }).PouchDB;
    const t0 = performance.now();
    const locals = SYNCED.map((e) => new Pouch(uniq(`pouch-${e}`)));
    await Promise.all(SYNCED.map((e, i) => Pouch.replicate(`${o.url}/${e}`, locals[i]!, { batch_size: o.batch })));
    const ms = performance.now() - t0;
    const out: Record<string, number> = {};
    for (const [i, e] of SYNCED.entries()) out[e] = (await locals[i]!.info()).doc_count;
    return { ms, docs: out };
  },

  /** Figure 6: type-ahead search over the persons through the repository the list screen uses; ms per keystroke. */
  async search(o: { queries: string[]; file?: string }): Promise<{ loadMs: number; firstListMs: number; keystrokes: { q: string; ms: number; n: number }[] }> {
    const persons = await data(o.file ?? 'persons');
    const db = await openDatabase({ name: uniq('search'), storage: storage(), multiInstance: true });
    const t0 = performance.now();
    await db.collections.person.bulkInsert(persons as AnyRecord[]);
    const loadMs = performance.now() - t0;
    const repo = new RecordRepository(db, new PendingChanges(new MemoryKeyValue(), 'bench'), { userId: 'u-admin', territoryId: 't-eu' });
    const text$ = new BehaviorSubject('');
    let last: { q: string; n: number } | null = null;
    let wake: (() => void) | null = null;
    const t1 = performance.now();
    const sub = repo.list$('person', text$).subscribe((rows) => {
      last = { q: text$.value, n: rows.length };
      wake?.();
    });
    const until = async (q: string): Promise<number> => {
      while ((last as { q: string } | null)?.q !== q) await new Promise<void>((r) => (wake = r));
      return (last as unknown as { n: number }).n;
    };
    await until('');
    const firstListMs = performance.now() - t1;
    const keystrokes: { q: string; ms: number; n: number }[] = [];
    for (const query of o.queries) {
      for (let i = 1; i <= query.length; i++) {
        const q = query.slice(0, i);
        const k0 = performance.now();
        text$.next(q);
        const n = await until(q);
        keystrokes.push({ q, ms: performance.now() - k0, n });
        // A person types about 5 characters a second: let the page breathe between keystrokes.
        await new Promise((r) => setTimeout(r, 20));
      }
      text$.next('');
      await until('');
    }
    sub.unsubscribe();
    await db.close();
    return { loadMs, firstListMs, keystrokes };
  },

  /**
   * Figures 10 and 11: the app's own list element (fc-record-list, desktop table) over N persons on the device: the
   * time from its creation to its first rows in the page, then a user's scrolling (a fling of steady steps, then jumps
   * through the list) watched by a PerformanceObserver for long tasks (over 50 ms), with the longest frame gap too.
   */
  async listScroll(o: { steps: number; jumps: number }): Promise<{ firstRowsMs: number; completeMs: number; rows: number; longTasks: number[]; longTaskAt: string[]; maxFrameMs: number; scrolledPx: number }> {
    const persons = await data('persons');
    const db = await openDatabase({ name: uniq('list'), storage: storage(), multiInstance: true });
    await db.collections.person.bulkInsert(persons as AnyRecord[]);
    const repo = new RecordRepository(db, new PendingChanges(new MemoryKeyValue(), 'bench'), { userId: 'u-admin', territoryId: 't-eu' });
    // What the list reads from the signed-in runtime: the session (zone, territories, people, no rights: all offered) and the repository.
    const session = { user: { id: 'u-admin', timeZone: 'Europe/Paris', territoryId: 't-eu' }, territories: [], people: [] };
    (runtime as unknown as { running: unknown }).running = { session, device: { repo } };
    document.body.style.margin = '0';
    const list = document.createElement('fc-record-list') as HTMLElement & { entity: string };
    list.entity = 'person';
    const rowsIn = (): number => list.shadowRoot?.querySelectorAll('[data-id]').length ?? 0;
    const frame = (): Promise<number> => new Promise((r) => requestAnimationFrame(r));
    const t0 = performance.now();
    document.body.appendChild(list);
    while (rowsIn() === 0) await frame();
    const firstRowsMs = performance.now() - t0;
    const count = (): string => list.shadowRoot?.querySelector('[data-count]')?.textContent?.trim() ?? '';
    while (count() === '…' || count() === '') await frame();
    const completeMs = performance.now() - t0;
    // Let the list settle (the whole result replaces the first screenful), then watch while scrolling.
    for (let i = 0; i < 30; i++) await frame();
    const longTasks: number[] = [];
    /** Where each long task fell: which step or jump of the scroll was under way (a mark each, which a trace shows). */
    const phases: { name: string; at: number }[] = [];
    const phase = (name: string): void => {
      phases.push({ name, at: performance.now() });
      performance.mark(`list-${name}`);
    };
    const longTaskAt: string[] = [];
    const observer = new PerformanceObserver((l) =>
      l.getEntries().forEach((e) => {
        longTasks.push(e.duration);
        longTaskAt.push([...phases].reverse().find((p) => p.at <= e.startTime)?.name ?? 'before');
      }),
    );
    observer.observe({ entryTypes: ['longtask'] });
    let maxFrameMs = 0;
    let last = await frame();
    const tick = async (): Promise<void> => {
      const now = await frame();
      maxFrameMs = Math.max(maxFrameMs, now - last);
      last = now;
    };
    const y0 = window.scrollY;
    for (let i = 0; i < o.steps; i++) {
      phase(`step ${i}`);
      window.scrollBy(0, 600);
      await tick();
    }
    const height = document.documentElement.scrollHeight;
    for (let i = 0; i < o.jumps; i++) {
      phase(`jump ${i}`);
      window.scrollTo(0, Math.floor(((i * 7919) % 1000) / 1000 * height));
      await tick();
      await tick();
    }
    phase('end');
    window.scrollTo(0, height);
    for (let i = 0; i < 10; i++) await tick();
    const scrolledPx = window.scrollY - y0;
    // Long-task entries are delivered after the task: give the observer a moment.
    await new Promise((r) => setTimeout(r, 200));
    observer.disconnect();
    const rows = Number(count().match(/\d[\d,. ]*/)?.[0]?.replace(/\D/g, '') ?? 0);
    list.remove();
    await db.close();
    return { firstRowsMs, completeMs, rows, longTasks, longTaskAt, maxFrameMs, scrolledPx };
  },

  /** Figure 4: a live device (the PWA's Device, with its live stream) that records when a marked change arrives. */
  async openLive(o: { token: string }): Promise<Record<string, number>> {
    const api = new ApiClient({ baseUrl: '', token: () => o.token });
    device = new Device({ api, storage, keyValue: new MemoryKeyValue(), author: { userId: 'u-admin', territoryId: 't-world' }, origin: location.origin, multiInstance: true, pullBatchSize: 1000, instance: uniq('-l') });
    await device.open();
    await device.engine.awaitInitial();
    device.db.collections.company.$.subscribe((ev) => {
      const v = (ev.documentData as { industry?: string } | undefined)?.industry ?? '';
      if (v.startsWith('bench-') && arrivals[v] === undefined) arrivals[v] = now();
    });
    return countAll(device.db);
  },

  /** Figure 4: saves a change through the repository, as the edit screen does; returns when the user pressed save. */
  async write(o: { id: string; value: string }): Promise<number> {
    if (!device) throw new Error('no device');
    const t = now();
    const r = await device.repo.update('company', o.id, { industry: o.value });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return t;
  },

  async closeDevice(): Promise<void> {
    await device?.close();
    device = null;
  },
};

interface PouchLike {
  info(): Promise<{ doc_count: number }>;
}
interface PouchCtor {
  new (name: string): PouchLike;
  replicate(from: string, to: PouchLike, opts: { batch_size: number }): Promise<unknown>;
}

(window as unknown as { bench: typeof bench }).bench = bench;
document.title = 'bench ready';
