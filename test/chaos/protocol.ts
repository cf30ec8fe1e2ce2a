// What the chaos orchestrator and its device workers say to each other, and the bookkeeping the checks read.
import type { EntityName } from '../../shared/entities/index.ts';
import type { PushRow, WireDoc } from '../../shared/sync.ts';
import type { TraceEvent } from './schedule.ts';

/** One simulated device: a user signed in on its own RxDB database (its own worker thread). */
export interface DeviceSpec {
  index: number;
  /** A letter naming the device in values and reports (A, B, …). */
  tag: string;
  login: 'admin' | 'sales' | 'manager';
  userId: string;
  /** Territories where this user may create records, as the demo profiles say. */
  insertInto: string[];
  /** May move companies between t-eu and t-na (the administrators). */
  mover: boolean;
}

/** Records picked per seed that every device works on, so concurrent edits of the same fields really happen. */
export interface HotSet {
  company: string[];
  person: string[];
  note: string[];
}

export interface FaultRates {
  /** Share of requests rejected without being sent. */
  dropRequest: number;
  /** Share of requests sent, answered, and then rejected before the device reads the answer. */
  dropResponse: number;
  /** Share of requests sent twice (together or one after the other); the device gets one answer. */
  duplicate: number;
  /** Chance, per network tick, that the device goes offline for a while. */
  offline: number;
}

/**
 * Harness self-tests: deliberately break the system from the device's side to show that the checks catch it.
 * `fake-ack` strips a row from some pushes (the server acknowledges what it never got); `lww` breaks the server itself:
 * it ignores every push's assumed state and lets the last write win (`sabotage-lww.ts`, preloaded into the server
 * process); `leak` slips an out-of-scope record into some pulls
 * of the sales devices; `hide-conflicts` makes the checks read the kept conflicts without some of them.
 */
export type Sabotage = 'none' | 'fake-ack' | 'lww' | 'leak' | 'hide-conflicts';
export const SABOTAGES: readonly Sabotage[] = ['none', 'fake-ack', 'lww', 'leak', 'hide-conflicts'];

export interface WorkerInit {
  url: string;
  seed: number;
  spec: DeviceSpec;
  ops: number;
  hot: HotSet;
  faults: FaultRates;
  /** Int32Array view: [0] the global logical clock, [1] pushes in flight (all devices). */
  shared: SharedArrayBuffer;
  verbose: boolean;
  sabotage: Sabotage;
  /** Some edits keep the record open for a while before saving it whole, as the entry form does. */
  formEdits: boolean;
  /** A replay: the recorded schedule this run must follow (schedule.ts); absent, the run records its own. */
  replay: TraceEvent[] | null;
  /** A replay: the server's recorded handling order of the requests (`Trace.server`). */
  serverOrder: string[] | null;
}

export const CLOCK = 0;
export const PUSHES_IN_FLIGHT = 1;

/** What the faulty network does to one request. */
export type FaultKind = 'none' | 'drop-request' | 'drop-response' | 'duplicate';

/** Takes the next tick of the clock shared by every thread: tick order respects real-time order across threads. */
export function tick(view: Int32Array): number {
  return Atomics.add(view, CLOCK, 1) + 1;
}

/** A write the device's user made through the repository. */
export interface WriteOp {
  device: number;
  /** Operation number on this device (values written by it carry it, so every edited value is unique). */
  op: number;
  kind: 'create' | 'edit' | 'delete' | 'move';
  entity: EntityName;
  id: string;
  /** The fields this operation set (for a delete: `_deleted: true`). */
  values: Record<string, unknown>;
  /** The tick at which the save started (a push carrying it can only leave after it). */
  at: number;
  /** For an edit made as the entry form makes it: the tick the record was read (the form opened). */
  readAt?: number;
  /**
   * For a move: the territory the record had in the latest server answer this device had received when it saved.
   * When that is already the move's target, the device has nothing to send (its save equals the master it knows).
   */
  knownTerritory?: string;
  /**
   * The save wrote nothing: the record on the device already had these values when the repository read it (a pull
   * or a settled conflict brought them between the operation's read and its save). Nothing waits to be sent.
   */
  unchanged?: true;
}

/**
 * One HTTP push as it left the device (a duplicated request is two attempts). `doneAt` is the tick at which the
 * answer reached the wrapper (null: no answer — refused connection, killed server, dropped before sending);
 * `delivered` says whether the device got that answer.
 */
export interface PushAttempt {
  device: number;
  entity: EntityName;
  rows: PushRow[];
  sentAt: number;
  doneAt: number | null;
  status: number | null;
  delivered: boolean;
  /** The answer's conflicts (200 only), delivered or not. */
  conflicts: WireDoc[] | null;
  fault: 'none' | 'drop-response' | 'duplicate';
}

/** A pull as the device received it (for the timelines of findings; the checks do not need it). */
export interface PullRecord {
  device: number;
  entity: EntityName;
  since: number;
  next: number;
  sentAt: number;
  doneAt: number;
  docs: WireDoc[];
}

/** Per device, what the final checks need from it. */
export interface DeviceDump {
  device: number;
  token: string;
  /** Non-deleted records on the device after the heal, per replicated entity, as they travel on the wire. */
  docs: Record<string, WireDoc[]>;
  pending: number;
  /** The pending counter's keys (`entity:id`) still held after the heal. */
  pendingKeys: string[];
  writes: WriteOp[];
  attempts: PushAttempt[];
  pulls: PullRecord[];
  /** Ticks at which this device got a server answer showing a record in a territory, keyed `entity|id|territory`. */
  territorySeen: [string, number[]][];
  /**
   * When the server was seen holding a value (from any 200 answer: pushes, delivered or dropped, and pulls), keyed
   * `entity|id|field|json`, only for the fields the simulation writes unique values into: see FaultyNetwork.seen.
   */
  seen: [string, { sent: number; done: number }][];
  stats: Record<string, number>;
}

export type Command =
  | { type: 'open' }
  | { type: 'run' }
  | { type: 'trace' }
  | { type: 'heal' }
  | { type: 'settle'; waitMs: number }
  | { type: 'dump' }
  | { type: 'status' }
  | { type: 'close' };

export interface SettleReport {
  pending: number;
  fingerprint: string;
  error: string;
}

export type Request = { id: number; command: Command };
export type Reply = { id: number; ok: true; result: unknown; log?: undefined } | { id: number; ok: false; error: string; log?: undefined } | { id: -1; log: string };
