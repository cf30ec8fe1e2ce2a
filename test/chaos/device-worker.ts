// One chaos device, in its own worker thread: the PWA's Device on RxDB memory storage behind a faulty network,
// doing random operations through its repository. (One thread per device: RxDB's free build allows 13 open
// collections per JavaScript realm, and each device opens six.)
import { parentPort, workerData } from 'node:worker_threads';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { REPLICATED, type AnyRecord, type EntityName } from '../../shared/entities/index.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { Device } from '../../pwa/db/device.ts';
import { MemoryKeyValue } from '../../pwa/db/pending.ts';
import { toWire } from '../../pwa/db/sync-engine.ts';
import { ApiClient } from '../../pwa/net/api.ts';
import { FaultyNetwork, userKeysOf } from './faulty-fetch.ts';
import { Schedule } from './schedule.ts';
import { Rng } from '../helpers/prng.ts';
import { tick, type Command, type DeviceDump, type Reply, type Request, type SettleReport, type WorkerInit, type WriteOp } from './protocol.ts';

const init = workerData as WorkerInit;
const { spec } = init;
const shared = new Int32Array(init.shared);
const port = parentPort!;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const log = (text: string): void => {
  if (init.verbose) port.postMessage({ id: -1, log: `[${spec.tag}] ${text}` } satisfies Reply);
};

/** The current operation's choices: a stream per operation, so one operation that goes another way (on a replay, say)
 * does not change what every later one picks. */
let opsRng = Rng.of(init.seed, `ops-${spec.index}`);
const netRng = Rng.of(init.seed, `net-${spec.index}`);
const schedule = new Schedule(shared, spec.index, init.replay, (what) => log(`replay: ${what}`));
const net = new FaultyNetwork(
  spec.index,
  init.faults,
  Rng.of(init.seed, `faults-${spec.index}`),
  shared,
  init.sabotage,
  spec.login === 'sales' ? 't-na' : null,
  schedule,
  init.serverOrder ? new Map(init.serverOrder.map((id, place) => [id, place])) : null,
  (what) => log(`replay: ${what}`),
);
const writes: WriteOp[] = [];
const stats: Record<string, number> = { ops: 0, skipped: 0, invalid: 0 };
let token = '';
let device: Device | null = null;
const keyValue = new MemoryKeyValue();
let running = false;

async function signIn(): Promise<string> {
  const end = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${init.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: spec.login, password: 'Panoply2026' }) });
      if (res.ok) return ((await res.json()) as { token: string }).token;
      throw new Error(`sign-in answered ${res.status}`);
    } catch (err) {
      if (Date.now() > end) throw err;
      await sleep(200);
    }
  }
}

function dev(): Device {
  if (!device) throw new Error('device not open');
  return device;
}

/** Local records of an entity that are not deleted. */
async function local(entity: EntityName): Promise<AnyRecord[]> {
  const docs = await dev().db.collections[entity].find().exec();
  return docs.map((d) => d.toJSON() as AnyRecord);
}

// ---- values: each operation writes values no other operation writes, so a value names the write that made it.

function valueFor(entity: EntityName, field: string, op: number): string {
  const t = `${spec.tag}${op}`;
  switch (`${entity}.${field}`) {
    case 'company.name':
      return `Co ${t}`;
    case 'company.industry':
      return `Ind ${t}`;
    case 'company.website':
      return `https://${t.toLowerCase()}.chaos.example`;
    case 'person.firstName':
      return `F${t}`;
    case 'person.lastName':
      return `L${t}`;
    case 'person.title':
      return `T ${t}`;
    case 'note.text':
      return `Note ${t}`;
    default:
      throw new Error(`no value for ${entity}.${field}`);
  }
}

const EDITABLE: Record<'company' | 'person' | 'note', string[]> = {
  company: ['name', 'industry', 'website'],
  person: ['firstName', 'title', 'lastName'],
  note: ['text'],
};

/** A write through the repository, as one step of the schedule (a replay saves in the recorded order). */
/** What the device is doing now (asked for by `status` when a command runs too long: a save that never returns?). */
let doing = 'idle';
let doingSince = Date.now();
const nowDoing = (what: string): void => {
  doing = what;
  doingSince = Date.now();
};

async function saving<T>(op: number, write: () => Promise<T>): Promise<T> {
  const { event } = await schedule.step('save', { op });
  nowDoing(`op ${op}: saving`);
  try {
    return await write();
  } finally {
    nowDoing(`op ${op}: saved`);
    schedule.done(event);
  }
}

async function record(op: number, kind: WriteOp['kind'], entity: EntityName, rec: AnyRecord, values: Record<string, unknown>, readAt?: number): Promise<boolean> {
  // As the app does: a new record is saved whole; an edit or a move sends only its fields, on top of the record's
  // current state (a whole-record save of a copy read earlier would write back stale values of other fields).
  // The write's tick is taken as the save starts: RxDB may send the push carrying it before the save call returns.
  const at = tick(shared);
  const res = await saving(op, () => (kind === 'create' ? dev().repo.save(entity, { ...rec, ...values } as AnyRecord) : dev().repo.update(entity, rec.id, values)));
  if (!res.ok) {
    stats.invalid!++;
    log(`op ${op}: ${entity} ${rec.id} invalid: ${JSON.stringify(res.issues)}`);
    return false;
  }
  const w: WriteOp = { device: spec.index, op, kind, entity, id: rec.id, values, at };
  if (readAt !== undefined) w.readAt = readAt;
  const known = net.lastTerritory.get(`${entity}|${rec.id}`);
  if (kind === 'move' && known !== undefined) w.knownTerritory = known;
  if (res.unchanged) w.unchanged = true;
  writes.push(w);
  return true;
}

/**
 * An edit as the entry form makes it: the record is read when the form opens and saved whole when the user presses
 * Save (fc-record-form.ts). `typingMs` > 0 is the time the form stays open, while other changes may arrive.
 */
async function edit(op: number, entity: 'company' | 'person' | 'note', id: string, typingMs = 0): Promise<boolean> {
  const rec = await dev().repo.get(entity, id);
  if (!rec) return false;
  const readAt = typingMs > 0 ? tick(shared) : undefined;
  if (typingMs > 0) await sleep(typingMs);
  const fields = [...EDITABLE[entity]];
  const n = fields.length > 1 && opsRng.chance(0.3) ? 2 : 1;
  const values: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const f = fields.splice(opsRng.between(0, fields.length - 1), 1)[0]!;
    values[f] = valueFor(entity, f, op);
  }
  return record(op, 'edit', entity, rec, values, readAt);
}

async function operate(op: number): Promise<boolean> {
  const kind = opsRng.weighted<string>([
    [30, 'edit-hot'],
    [init.formEdits ? 10 : 0, 'edit-form'],
    [15, 'edit-any'],
    [12, 'edit-fresh'],
    [7, 'create-company'],
    [8, 'create-person'],
    [8, 'create-note'],
    [6, 'delete'],
    [spec.mover ? 14 : 0, 'move'],
  ]);
  const entity = opsRng.weighted<'company' | 'person' | 'note'>([
    [50, 'company'],
    [30, 'person'],
    [20, 'note'],
  ]);
  const repo = dev().repo;
  switch (kind) {
    case 'edit-hot': {
      const ids = init.hot[entity];
      return ids.length > 0 && edit(op, entity, opsRng.pick(ids));
    }
    case 'edit-form': {
      const ids = init.hot[entity];
      return ids.length > 0 && edit(op, entity, opsRng.pick(ids), opsRng.between(100, 1500));
    }
    case 'edit-any': {
      const all = await local(entity);
      return all.length > 0 && edit(op, entity, opsRng.pick(all).id);
    }
    case 'edit-fresh': {
      // Records created during this run (their ids are the simulation's): edited while their creation may still be
      // on its way up, or its answer lost.
      const fresh = (await local(entity)).filter((r) => /^[kqz]/.test(r.id));
      return fresh.length > 0 && edit(op, entity, opsRng.pick(fresh).id);
    }
    case 'create-company': {
      const territoryId = opsRng.pick(spec.insertInto);
      const rec = repo.blank('company', { id: opsRng.id('k'), territoryId });
      return record(op, 'create', 'company', rec, { name: valueFor('company', 'name', op), territoryId });
    }
    case 'create-person': {
      const companies = (await local('company')).filter((c) => spec.insertInto.includes(c.territoryId));
      if (companies.length === 0) return false;
      const c = opsRng.pick(companies);
      const values = { lastName: valueFor('person', 'lastName', op), firstName: valueFor('person', 'firstName', op), companyId: c.id, territoryId: c.territoryId };
      return record(op, 'create', 'person', repo.blank('person', { id: opsRng.id('q') }), values);
    }
    case 'create-note': {
      const parentType = opsRng.chance(0.6) ? 'company' : 'person';
      const parents = (await local(parentType)).filter((p) => spec.insertInto.includes(p.territoryId));
      if (parents.length === 0) return false;
      const p = opsRng.pick(parents);
      const values = { parentType, parentId: p.id, text: valueFor('note', 'text', op), territoryId: p.territoryId };
      return record(op, 'create', 'note', repo.blank('note', { id: opsRng.id('z') }), values);
    }
    case 'delete': {
      const target = opsRng.weighted<'company' | 'person' | 'note'>([
        [20, 'company'],
        [40, 'person'],
        [40, 'note'],
      ]);
      const hot = new Set(init.hot[target]);
      const all = (await local(target)).filter((r) => !hot.has(r.id) || opsRng.chance(0.1));
      if (all.length === 0) return false;
      const rec = opsRng.pick(all);
      const at = tick(shared);
      await saving(op, () => repo.remove(target, rec.id));
      writes.push({ device: spec.index, op, kind: 'delete', entity: target, id: rec.id, values: { _deleted: true }, at });
      return true;
    }
    case 'move': {
      const hot = new Set(init.hot.company);
      const all = (await local('company')).filter((c) => c.territoryId === 't-eu' || c.territoryId === 't-na');
      const preferred = all.filter((c) => hot.has(c.id));
      const pool = preferred.length > 0 && opsRng.chance(0.6) ? preferred : all;
      if (pool.length === 0) return false;
      const c = opsRng.pick(pool);
      return record(op, 'move', 'company', c, { territoryId: c.territoryId === 't-eu' ? 't-na' : 't-eu' });
    }
  }
  return false;
}

/** The device's user at work: `init.ops` operations with short pauses. */
async function runOps(): Promise<void> {
  for (let op = 1; op <= init.ops; op++) {
    opsRng = Rng.of(init.seed, `ops-${spec.index}-${op}`);
    await sleep(opsRng.between(10, 160));
    // The operation starts as one step of the schedule: what it reads (the records it picks) is then the same on a replay.
    const { event } = await schedule.step('op', { op });
    schedule.done(event);
    nowDoing(`op ${op}: reading`);
    try {
      if (await operate(op)) stats.ops!++;
      else stats.skipped!++;
    } catch (err) {
      // The device database may be busy (a pull replacing a record): the user would just try again.
      stats.skipped!++;
      log(`op ${op} failed: ${String(err)}`);
    }
  }
}

/** The network goes or comes back, as one step of the schedule. */
async function toggle(online: boolean): Promise<void> {
  const { event } = await schedule.step('net', { online });
  net.setOnline(online);
  if (online) dev().engine.resume();
  schedule.done(event);
}

/** The network comes and goes while the user works; coming back, the app reconnects at once (runtime.ts does the same). */
async function runNetwork(): Promise<void> {
  // A replay loses and regains the network exactly as recorded: the clock-driven loop below would, while steps wait for
  // their turns, take the network away at times the recording never did.
  if (schedule.replaying) {
    for (const e of schedule.recordedOf('net')) await toggle(e.online === true);
    if (!net.online) await toggle(true);
    return;
  }
  while (running) {
    await sleep(netRng.between(150, 900));
    if (!running || !netRng.chance(init.faults.offline)) continue;
    await toggle(false);
    log('offline');
    await sleep(netRng.between(100, 1200));
    await toggle(true);
    log('online');
  }
}

/** The pending counter's records, from the key-value store it persists to (PendingChanges keeps no public list). */
function pendingKeys(): string[] {
  const raw = keyValue.getItem(`fieldcrm.pending.${spec.userId}-chaos-${init.seed}-${spec.index}`);
  try {
    return (JSON.parse(raw ?? '[]') as [string, number][]).map(([k, n]) => `${k} (${n} write${n === 1 ? '' : 's'})`);
  } catch {
    return [];
  }
}

function fingerprint(docs: Record<string, WireDoc[]>): string {
  let h = 0x811c9dc5;
  const text = JSON.stringify(docs);
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `${h.toString(36)}:${text.length}`;
}

/** The device's records as they travel, without server stamps, sorted: what the checks compare. */
async function snapshot(): Promise<Record<string, WireDoc[]>> {
  const out: Record<string, WireDoc[]> = {};
  for (const e of REPLICATED) {
    const keys = ['id', ...userKeysOf(e)];
    out[e] = (await local(e))
      .map((d) => {
        const w = toWire(e, d as Record<string, unknown>) as Record<string, unknown>;
        const o: Record<string, unknown> = {};
        for (const k of keys) o[k] = w[k];
        return o as WireDoc;
      })
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return out;
}

async function handle(cmd: Command): Promise<unknown> {
  switch (cmd.type) {
    case 'open': {
      token = await signIn();
      const api = new ApiClient({ baseUrl: init.url, fetch: net.fetch, token: () => token });
      device = new Device({
        api,
        storage: () => getRxStorageMemory(),
        keyValue,
        author: { userId: spec.userId, territoryId: spec.insertInto[0]! },
        origin: init.url,
        multiInstance: false,
        retryMs: 200,
        // Small pages make pulls cross page boundaries (rows and move tombstones interleaved); some devices page big.
        pullBatchSize: Rng.of(init.seed, `pull-${spec.index}`).pick([2, 3, 5, 8, 20, 500]),
        instance: `-chaos-${init.seed}-${spec.index}`,
      });
      // The first sync runs without faults: a device starts from a complete copy, as after its first sign-in.
      net.faults = false;
      await device.open();
      await Promise.race([device.engine.awaitInitial(), sleep(30_000)]);
      net.faults = true;
      return { token };
    }
    case 'run': {
      running = true;
      const netLoop = runNetwork();
      await runOps();
      running = false;
      await netLoop;
      return { ...stats };
    }
    case 'trace':
      return schedule.events;
    case 'heal': {
      running = false;
      net.faults = false;
      net.setOnline(true);
      dev().engine.resume();
      return null;
    }
    case 'settle': {
      const d = dev();
      d.engine.resync();
      await Promise.race([d.engine.awaitInSync(), sleep(cmd.waitMs)]);
      await sleep(150);
      return { pending: d.pending.count, fingerprint: fingerprint(await snapshot()), error: d.status.value.lastError } satisfies SettleReport;
    }
    case 'status': {
      const d = device;
      return `${doing} for ${Date.now() - doingSince} ms; pending ${d?.pending.count ?? '-'}; status ${d ? JSON.stringify(d.status.value) : '-'}; ${net.stats.requests} requests made`;
    }
    case 'dump': {
      return {
        device: spec.index,
        token,
        docs: await snapshot(),
        pending: dev().pending.count,
        pendingKeys: pendingKeys(),
        writes,
        attempts: net.attempts,
        pulls: net.pulls,
        territorySeen: [...net.territorySeen],
        seen: [...net.seen],
        stats: { ...stats, ...net.stats },
      } satisfies DeviceDump;
    }
    case 'close': {
      running = false;
      net.setOnline(false);
      await Promise.race([device?.close(), sleep(5000)]);
      return null;
    }
  }
}

port.on('message', (req: Request) => {
  handle(req.command).then(
    (result) => port.postMessage({ id: req.id, ok: true, result } satisfies Reply),
    (err: unknown) => port.postMessage({ id: req.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies Reply),
  );
});
