// One chaos seed from start to finish: a fresh database, the server as a child process, five devices in worker
// threads working through faults and server kills, a heal, and the checks. Everything is cleaned up, even on failure.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { REPLICATED, RECORD_ENTITIES, type EntityName } from '../../shared/entities/index.ts';
import { expandRights, type EffectiveRights } from '../../shared/security.ts';
import type { PullResponse, WireDoc } from '../../shared/sync.ts';
import { SqliteStore } from '../../sync-server/db/sqlite/store.ts';
import { DEMO_PROFILES, DEMO_TERRITORIES, DEMO_USERS, seedDemo } from '../../sync-server/demo/seed.ts';
import { runChecks, timeline, type CheckResult, type EntityMaps, type ServerState } from './checks.ts';
import { addSeen, seenKey, TRACKED_FIELDS, type Seen } from './faulty-fetch.ts';
import { Rng } from '../helpers/prng.ts';
import { PUSHES_IN_FLIGHT, type Sabotage, type Command, type DeviceDump, type DeviceSpec, type FaultRates, type HotSet, type Reply, type SettleReport, type WorkerInit } from './protocol.ts';
import { DIFFERS, ORCHESTRATOR, passServerTurn, passTurn, PHASE, PHASES, Schedule, SHARED_SLOTS, SLIPS, waitServerTurn, waitTurn, watchdog, type TraceEvent } from './schedule.ts';
import { freePort, ROOT, ServerProcess } from './server-process.ts';
import { ensureHaproxy, startHaproxy, type Balancer } from '../helpers/balancer.ts';

export interface ChaosOptions {
  /** Operations per device. */
  ops: number;
  /** Server SIGKILLs (and restarts) per seed, while the devices work. */
  restarts: number;
  /** Demo companies in the fresh database (a third each in t-eu, t-na, t-af). */
  companies: number;
  faults: FaultRates;
  /** How long the heal may take before the checks run anyway. */
  healTimeoutMs: number;
  verbose: boolean;
  log: (line: string) => void;
  /** Harness self-test (protocol.ts Sabotage): break things on purpose and expect the checks to say so. */
  sabotage: Sabotage;
  /** Include edits made the way the entry form makes them (read, wait while the user types, save the whole record). */
  formEdits: boolean;
  /** Replay this recorded schedule (a trace's events) instead of recording a new one. */
  replay: TraceEvent[] | null;
  /** With `replay`: the server's recorded handling order (`Trace.server`). */
  replayServer: string[] | null;
  /** A replay moves past a step that has not come after this long (a slip). */
  stallMs: number;
  /** Server processes on the one database; above 1 they sit behind HAProxy and the kills pick an instance. */
  instances: number;
}

export const DEFAULT_FAULTS: FaultRates = { dropRequest: 0.06, dropResponse: 0.08, duplicate: 0.08, offline: 0.3 };

export const DEFAULT_OPTIONS: ChaosOptions = {
  ops: 40,
  restarts: 3,
  companies: 9,
  faults: DEFAULT_FAULTS,
  healTimeoutMs: 90_000,
  verbose: false,
  log: (line) => console.log(line),
  sabotage: 'none',
  formEdits: true,
  replay: null,
  replayServer: null,
  stallMs: 4000,
  instances: 1,
};

/** Two administrators, two sales reps (Europe only) and a manager (North America and Europe). */
export const DEVICES: DeviceSpec[] = [
  { index: 0, tag: 'A', login: 'admin', userId: 'u-admin', insertInto: ['t-eu', 't-na'], mover: true },
  { index: 1, tag: 'B', login: 'admin', userId: 'u-admin', insertInto: ['t-na', 't-eu'], mover: true },
  { index: 2, tag: 'C', login: 'sales', userId: 'u-sales', insertInto: ['t-eu'], mover: false },
  { index: 3, tag: 'D', login: 'sales', userId: 'u-sales', insertInto: ['t-eu'], mover: false },
  { index: 4, tag: 'E', login: 'manager', userId: 'u-manager', insertInto: ['t-na', 't-eu'], mover: false },
];

export interface SeedResult extends CheckResult {
  seed: number;
  /** The schedule this run followed: recorded (a new run) or replayed. */
  events: TraceEvent[];
  /** The order in which the server answered the operations phase's requests, with its kills and starts (`Trace.server`). */
  server: string[];
  /** Replay only: steps that did not come as recorded (0: the recorded order was followed exactly). */
  slips: number;
  /** Replay only: requests that carried other content than recorded. */
  differs: number;
  /** Replay only: which run of the replay this is (run.ts `--attempts`). */
  attempt: number;
  restarts: number;
  ms: number;
  healed: boolean;
  stats: Record<string, number>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Temporary folders of seeds still running: removed on exit too (Ctrl-C, a crash), not only at a seed's end. */
const TEMP_DIRS = new Set<string>();
process.on('exit', () => {
  for (const d of TEMP_DIRS) rmSync(d, { recursive: true, force: true });
});

function rightsByUser(): Map<string, EffectiveRights> {
  const out = new Map<string, EffectiveRights>();
  for (const u of DEMO_USERS) {
    const p = DEMO_PROFILES.find((x) => x.id === u.profileId);
    out.set(`u-${u.login}`, expandRights(p?.rights ?? [], DEMO_TERRITORIES));
  }
  return out;
}

/** A worker thread running device-worker.ts through tsx, with a small request/answer protocol. */
class DeviceThread {
  private readonly worker: Worker;
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private dead: Error | null = null;

  constructor(init: WorkerInit, log: (line: string) => void) {
    const api = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./device-worker.ts', import.meta.url).href;
    // tsx's loader must be registered inside the thread before the TypeScript entry is imported.
    const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    this.worker = new Worker(code, { eval: true, workerData: init });
    this.worker.on('message', (m: Reply) => {
      if (m.log !== undefined) {
        log(m.log);
        return;
      }
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.ok) w.resolve(m.result);
      else w.reject(new Error(`device ${init.spec.tag}: ${m.error}`));
    });
    const fail = (err: Error): void => {
      this.dead = err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    this.worker.on('error', (err) => fail(new Error(`device ${init.spec.tag} crashed: ${err.stack ?? err.message}`)));
    this.worker.on('exit', (code) => fail(new Error(`device ${init.spec.tag} exited (${code})`)));
  }

  call<T>(command: Command, timeoutMs = 120_000): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`device command ${command.type} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.worker.postMessage({ id, command });
    });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Pulls an entity from seq 0 with a token, page by page; later rows of a record replace earlier ones. */
async function pullAll(url: string, token: string, entity: EntityName): Promise<Map<string, WireDoc>> {
  const out = new Map<string, WireDoc>();
  let seq = 0;
  let scope = '';
  for (let page = 0; page < 1000; page++) {
    const res = await fetch(`${url}/sync/${entity}/pull?seq=${seq}&limit=1000&scope=${encodeURIComponent(scope)}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    if (!res.ok) throw new Error(`pull ${entity} answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as PullResponse;
    if (body.resync) throw new Error(`pull ${entity} asked for a resync`);
    for (const d of body.documents) out.set(d.id, d);
    seq = body.checkpoint.seq;
    scope = body.checkpoint.scope;
    if (body.remaining === 0 || body.documents.length === 0) return out;
  }
  throw new Error(`pull ${entity} did not end`);
}

const live = (m: Map<string, WireDoc>): Map<string, WireDoc> => new Map([...m].filter(([, d]) => !d._deleted));

/** The fresh database: migrated, demo users and profiles, a few companies. Returns the hot set and the seed's values. */
async function prepareDatabase(file: string, seed: number, companies: number): Promise<{ hot: HotSet; seedSeen: Map<string, Seen> }> {
  const store = new SqliteStore(file);
  try {
    await store.migrate();
    await seedDemo(store, { companies });
    const everywhere = { kind: 'territory' as const, territories: DEMO_TERRITORIES.map((t) => t.id) };
    const docs: Partial<Record<EntityName, WireDoc[]>> = {};
    for (const e of RECORD_ENTITIES) docs[e] = (await store.pull(e, 0, 10_000, everywhere)).documents;
    const seedSeen = new Map<string, Seen>();
    for (const e of RECORD_ENTITIES)
      for (const d of docs[e] ?? []) for (const f of TRACKED_FIELDS[e] ?? []) addSeen(seedSeen, seenKey(e, d.id, f, (d as Record<string, unknown>)[f]), 0, 0);
    // The hot set: two companies in Europe (everyone sees them) and one in North America, with their persons and notes.
    const rng = Rng.of(seed, 'hot');
    const pickN = <T>(xs: T[], n: number): T[] => {
      const pool = [...xs];
      const out: T[] = [];
      while (out.length < n && pool.length) out.push(pool.splice(rng.between(0, pool.length - 1), 1)[0]!);
      return out;
    };
    const inT = (t: string): string[] => (docs.company ?? []).filter((c) => c.territoryId === t).map((c) => c.id);
    const company = [...pickN(inT('t-eu'), 2), ...pickN(inT('t-na'), 1)];
    const person = (docs.person ?? []).filter((p) => company.includes(String(p.companyId))).map((p) => p.id);
    const note = (docs.note ?? []).filter((n) => company.includes(String(n.parentId))).map((n) => n.id);
    return { hot: { company, person, note }, seedSeen };
  } finally {
    await store.close();
  }
}

/** The server's change sequence, read straight from the file (a second reader is fine in WAL mode). */
function serverSeq(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('select seq from sync_state where id = 1').get() as { seq: number } | undefined)?.seq ?? -1;
  } finally {
    db.close();
  }
}

export async function runSeed(seed: number, options: Partial<ChaosOptions> = {}): Promise<SeedResult> {
  const opts: ChaosOptions = { ...DEFAULT_OPTIONS, ...options };
  const started = Date.now();
  const vlog = (line: string): void => {
    if (opts.verbose) opts.log(`  [seed ${seed} +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
  };
  const dir = mkdtempSync(join(tmpdir(), 'fieldcrm-chaos-'));
  TEMP_DIRS.add(dir);
  const file = join(dir, 'chaos.db');
  const threads: DeviceThread[] = [];
  const servers: ServerProcess[] = [];
  let lb: Balancer | null = null;
  try {
    const { hot, seedSeen } = await prepareDatabase(file, seed, opts.companies);
    vlog(`hot set: ${JSON.stringify(hot)}`);
    const preload = opts.sabotage === 'lww' ? [join(ROOT, 'test', 'chaos', 'sabotage-lww.ts')] : [];
    for (let i = 0; i < Math.max(1, opts.instances); i++) servers.push(new ServerProcess(file, await freePort(), (line) => vlog(`instance ${i + 1}: ${line}`), {}, preload));
    // Several instances start at once (the start-up lock), and sit behind the balancer the devices talk to.
    await Promise.all(servers.map((s) => s.start()));
    if (servers.length > 1) {
      const why = ensureHaproxy();
      if (why) throw new Error(why);
      lb = await startHaproxy(dir, await freePort(), servers.map((s) => s.port));
      vlog(`${servers.length} instances behind HAProxy at ${lb.url}`);
    }
    const server = { url: lb?.url ?? servers[0]!.url, direct: servers[0]!.url };
    // Which instance each kill hits: drawn from the seed, so a replay kills the same ones in the same order.
    const victims = Rng.of(seed, 'victim');
    let victim = servers[0]!;
    const sharedBuffer = new SharedArrayBuffer(4 * SHARED_SLOTS);
    const shared = new Int32Array(sharedBuffer);
    for (const spec of DEVICES)
      threads.push(new DeviceThread({ url: server.url, seed, spec, ops: opts.ops, hot, faults: opts.faults, shared: sharedBuffer, verbose: opts.verbose, sabotage: opts.sabotage, formEdits: opts.formEdits, replay: opts.replay, serverOrder: opts.replay && opts.replayServer?.length ? opts.replayServer : null }, vlog));
    const tokens = await Promise.all(threads.map((t) => t.call<{ token: string }>({ type: 'open' }).then((r) => r.token)));
    vlog('devices open and synced');
    // Quiet before the operations phase (no catch-up pull still on its way), so every thread starts it from rest and
    // a replay meets the same starting point; from here every step is scheduled (schedule.ts).
    await Promise.all(threads.map((t) => t.call<SettleReport>({ type: 'settle', waitMs: 10_000 })));
    Atomics.store(shared, PHASE, PHASES.operations);

    // ---- the devices work; meanwhile the server dies a few times, preferably with a push in flight. Every step is
    // recorded in the schedule (a replay follows the recorded one instead: schedule.ts).
    let working = true;
    const work = Promise.all(threads.map((t) => t.call<Record<string, number>>({ type: 'run' }, 300_000)))
      .catch(async (err: unknown) => {
        // A device that did not finish its operations: say what each one was doing (a save that never returned?).
        const states = await Promise.all(threads.map((t, i) => t.call<string>({ type: 'status' }, 5000).then((s) => `${DEVICES[i]!.tag}: ${s}`, (e: unknown) => `${DEVICES[i]!.tag}: ${String(e)}`)));
        throw new Error(`${String(err)}\n    ${states.join('\n    ')}`);
      })
      .finally(() => {
        working = false;
      });
    const chaos = Rng.of(seed, 'server');
    const orchestrator = new Schedule(shared, ORCHESTRATOR, null);
    let restarts = 0;
    // A kill takes its ticket once the server is dead, a start before it listens: every request the old server
    // answered was sent before the kill's ticket, every request the new one answers is sent after the start's.
    const marker = (e: TraceEvent): string => `#${e.kind}.${e.n}`;
    const serverPlace = new Map((opts.replayServer ?? []).map((id, place) => [id, place]));
    const monkey = opts.replay
      ? (async () => {
          for (const e of opts.replay!.filter((x) => x.who === ORCHESTRATOR)) {
            await waitTurn(shared, e.t);
            const place = serverPlace.get(marker(e));
            if (place !== undefined) await waitServerTurn(shared, place, opts.stallMs, (p) => vlog(`replay: the server's request #${p} did not come within ${opts.stallMs} ms; moving on`));
            if (e.kind === 'kill') {
              victim = servers[victims.between(0, servers.length - 1)]!;
              await victim.kill();
              restarts++;
              vlog('server SIGKILLed (replay)');
            } else await victim.start();
            if (place !== undefined) passServerTurn(shared, place);
            passTurn(shared, e.t);
          }
        })()
      : (async () => {
          for (let i = 0; i < opts.restarts && working; i++) {
            await sleep(chaos.between(250, 1100));
            if (!working) break;
            for (let w = 0; w < 60 && Atomics.load(shared, PUSHES_IN_FLIGHT) === 0 && working; w++) await sleep(5);
            const inFlight = Atomics.load(shared, PUSHES_IN_FLIGHT);
            victim = servers[victims.between(0, servers.length - 1)]!;
            await victim.kill();
            await orchestrator.step('kill');
            restarts++;
            vlog(`server ${servers.indexOf(victim) + 1} SIGKILLed with ${inFlight} push(es) in flight`);
            await sleep(chaos.between(50, 600));
            await orchestrator.step('up');
            await victim.start();
          }
        })();
    const lastTicket = opts.replay ? Math.max(-1, ...opts.replay.map((e) => e.t)) : -1;
    const stopWatchdog = opts.replay ? watchdog(shared, lastTicket, opts.stallMs, (t) => vlog(`replay: step ${t} did not come within ${opts.stallMs} ms; moving on`)) : () => undefined;
    const [opStats] = await Promise.all([work, monkey])
      // A replay's operations phase ends where the recording's did: after its last step, not with the last operation
      // (the devices went on sending and receiving until every thread had finished).
      .then(async (r) => (opts.replay ? (await waitTurn(shared, lastTicket + 1), r) : r))
      .finally(stopWatchdog);
    Atomics.store(shared, PHASE, PHASES.healing);
    const events = opts.replay ?? [...orchestrator.events, ...(await Promise.all(threads.map((t) => t.call<TraceEvent[]>({ type: 'trace' })))).flat()].sort((a, b) => a.t - b.t);
    const slips = Atomics.load(shared, SLIPS);
    const differs = Atomics.load(shared, DIFFERS);
    // The server's handling order: what each process answered, with the kills and starts between them.
    const kills = events.filter((e) => e.who === ORCHESTRATOR);
    // (One instance only: behind a balancer, three access logs give no single order, and a replay goes without one.)
    const serverOrder = servers.length === 1 ? servers[0]!.answered.flatMap((ids, i) => [...(i > 0 ? kills.filter((e) => e.n === i - 1).map(marker) : []), ...ids]) : [];
    vlog(`operations done: ${opStats.map((s) => `${s.ops} done, ${s.skipped} skipped`).join('; ')}; ${restarts} server kills`);

    // ---- heal: servers up, everyone online, no faults; sync until two rounds in a row change nothing.
    await Promise.all(servers.map((s) => s.start()));
    await Promise.all(threads.map((t) => t.call({ type: 'heal' })));
    const deadline = Date.now() + opts.healTimeoutMs;
    let previous = '';
    let unchanged = 0;
    let healed = false;
    for (let round = 1; Date.now() < deadline; round++) {
      const reports = await Promise.all(threads.map((t) => t.call<SettleReport>({ type: 'settle', waitMs: Math.min(10_000, Math.max(1000, deadline - Date.now())) })));
      const state = JSON.stringify({ f: reports.map((r) => r.fingerprint), seq: serverSeq(file) });
      const pending = reports.reduce((s, r) => s + r.pending, 0);
      vlog(`heal round ${round}: ${pending} pending, ${state === previous ? 'unchanged' : 'changed'}${reports.some((r) => r.pending) ? ` (per device: ${reports.map((r) => r.pending).join('/')})` : ''}`);
      unchanged = state === previous ? unchanged + 1 : 0;
      // Quiet: nothing moved for a round (with changes still counted as waiting, for three rounds: the counter may be stuck).
      if (unchanged >= (pending === 0 ? 1 : 3)) {
        healed = true;
        break;
      }
      previous = state;
      await sleep(300);
    }
    if (!healed) opts.log(`seed ${seed}: the devices did not settle within ${opts.healTimeoutMs} ms; checking anyway`);

    // ---- the checks
    const dumps = await Promise.all(threads.map((t) => t.call<DeviceDump>({ type: 'dump' })));
    const adminToken = tokens[DEVICES.findIndex((d) => d.login === 'admin')]!;
    const all: EntityMaps = {};
    for (const e of RECORD_ENTITIES) all[e] = await pullAll(server.direct, adminToken, e);
    const perDevice: EntityMaps[] = [];
    const conflicts = new Map<string, WireDoc[]>();
    for (const [i, spec] of DEVICES.entries()) {
      const maps: EntityMaps = {};
      for (const e of REPLICATED) maps[e] = live(await pullAll(server.direct, tokens[i]!, e));
      perDevice.push(maps);
      let kept = [...maps.conflict!.values()];
      if (opts.sabotage === 'hide-conflicts') kept = kept.filter((_, n) => n % 3 !== 0);
      if (!conflicts.has(spec.userId)) conflicts.set(spec.userId, kept);
    }
    const state: ServerState = { all, perDevice, conflicts };
    const result = runChecks(DEVICES, rightsByUser(), dumps, state, seedSeen);
    if (opts.verbose) {
      const shown = new Set<string>();
      for (const f of result.findings) {
        const k = `${f.entity}|${f.id}`;
        if (shown.has(k) || !f.id) continue;
        shown.add(k);
        opts.log(`  timeline of ${f.entity} ${f.id}:`);
        for (const line of timeline(DEVICES, dumps, f.entity, f.id, state)) opts.log(`    ${line}`);
      }
      for (const d of dumps) if (d.pending > 0) opts.log(`  device ${DEVICES[d.device]!.tag} still counts waiting changes: ${d.pendingKeys.join(', ')}`);
    }
    const stats: Record<string, number> = {};
    for (const d of dumps) for (const [k, n] of Object.entries(d.stats)) stats[k] = (stats[k] ?? 0) + n;
    return { ...result, seed, restarts, ms: Date.now() - started, healed, stats, events, slips, differs, attempt: 1, server: serverOrder };
  } finally {
    await Promise.all(threads.map((t) => t.call({ type: 'close' }, 10_000).catch(() => undefined)));
    // Bounded: a worker's terminate() once never returned (Node 20, seed 70143), and the run waited for good.
    await Promise.all(threads.map((t) => Promise.race([t.terminate().catch(() => undefined), sleep(10_000)])));
    await lb?.stop().catch(() => undefined);
    await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
    rmSync(dir, { recursive: true, force: true });
    TEMP_DIRS.delete(dir);
  }
}
