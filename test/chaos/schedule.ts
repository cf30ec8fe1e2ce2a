// The order in which a seed's steps ran (every request sent and answered, with its faults; every operation and save;
// every network loss; every server kill and start): recorded on every run, enforced on a replay (docs/decisions/0018).
import type { FaultKind } from './protocol.ts';

/** Slots of the shared Int32Array (protocol.ts CLOCK and PUSHES_IN_FLIGHT come first). */
export const TURN = 2;
export const SLIPS = 3;
/** The ticket of the step that last took its turn (it runs until it passes the turn on). */
export const STARTED = 4;
/** The phase every thread is in: steps are scheduled only in the operations phase (set by the orchestrator). */
export const PHASE = 5;
/** Replay: the place, in the server's recorded handling order, of the next request the server may take. */
export const SERVER_TURN = 6;
/** Replay: requests that carried other content than recorded (`TraceEvent.h`). */
export const DIFFERS = 7;
export const SHARED_SLOTS = 8;
export const PHASES = { opening: 0, operations: 1, healing: 2 } as const;

/** Who took a step: a device's index, or the orchestrator (the server's kills and starts). */
export const ORCHESTRATOR = -1;

export type StepKind = 'send' | 'answer' | 'event' | 'op' | 'save' | 'net' | 'kill' | 'up';

export interface TraceEvent {
  /** The step's place in the global order (its ticket). */
  t: number;
  who: number;
  kind: StepKind;
  /** The n-th step of this kind (for requests: to this method and path) by this thread: how a replay finds it again. */
  n: number;
  /** send, answer: the request's method and path. */
  path?: string;
  /** send: the faults drawn for it; `sab`: the sabotage's choice (-1 none). */
  fault?: FaultKind;
  together?: boolean;
  deliver?: number;
  sab?: number;
  /** send: a digest of what the request carried (a push's rows, a pull's query), server timestamps left out. */
  h?: string;
  /** answer: the HTTP status the device got, or null when it got an error (offline, dropped, server dead). */
  status?: number | null;
  /** net: the device went online (true) or offline (false). */
  online?: boolean;
  /** op / save: the operation number. */
  op?: number;
  /** kill: how many requests of the server's handling order (`Trace.server`) the server had answered before it. */
  handled?: number;
}

export interface Trace {
  version: 2;
  seed: number;
  options: { ops: number; restarts: number; formEdits: boolean; sabotage: string; load: number; instances?: number };
  events: TraceEvent[];
  /**
   * The order in which the server answered the operations phase's requests, as its access log wrote them (each request
   * carries an `X-Request-Id` naming its step and copy: `requestIdOf`). A replay lets the server take each request only
   * in this order: what a push changed is there for exactly the pulls and live events that saw it in the recording.
   */
  server: string[];
  /** What the recorded run ended with, for the replay to compare. */
  outcome: Outcome;
}

export interface Outcome {
  lost: number;
  diverged: number;
  leaked: number;
  /** `kind entity id` of each finding (ticks left out: they differ between runs). */
  findings: string[];
}

/** One thread's view of the schedule: record mode takes tickets; replay mode waits for the recorded ones. */
export class Schedule {
  readonly events: TraceEvent[] = [];
  private readonly counts = new Map<string, number>();
  private readonly recorded: Map<string, TraceEvent> | null;

  constructor(
    readonly view: Int32Array,
    readonly who: number,
    /** This thread's recorded events (replay), or null (record). */
    replay: readonly TraceEvent[] | null,
    /** Told of each step a replay did not find in the recording. */
    private readonly onSlip: (what: string) => void = () => undefined,
  ) {
    this.recorded = replay ? new Map(replay.filter((e) => e.who === who).map((e) => [keyOf(e.kind, e.path, e.n), e])) : null;
  }

  private phase = -1;

  /** Replay: one recorded step of this thread (undefined when recording, or when the recording has no such step). */
  recordedStep(kind: StepKind, path: string | undefined, n: number): TraceEvent | undefined {
    return this.recorded?.get(keyOf(kind, path, n));
  }

  /** Replay: this thread's recorded steps of one kind, in their order (empty when recording). */
  recordedOf(kind: StepKind): TraceEvent[] {
    return [...(this.recorded?.values() ?? [])].filter((e) => e.kind === kind).sort((a, b) => a.n - b.n);
  }

  get replaying(): boolean {
    return this.recorded !== null;
  }

  /**
   * Takes the next step of `kind`. Recording: a ticket now, and the event (fill in its details). Replaying: waits for
   * the recorded ticket's turn and returns the recorded event (undefined when the run went another way: the step
   * runs at once, and counts as a slip). Call `done` once the step has happened, so the next one may go.
   */
  async step(kind: StepKind, info: Partial<TraceEvent> = {}): Promise<{ event: TraceEvent; recorded: TraceEvent | undefined; scheduled: boolean }> {
    // Only the operations phase is scheduled (all threads enter it at once); steps count from its start.
    const phase = Atomics.load(this.view, PHASE);
    if (phase !== this.phase) {
      this.phase = phase;
      this.counts.clear();
    }
    if (phase !== PHASES.operations) return { event: { t: -1, who: this.who, kind, n: -1, ...info }, recorded: undefined, scheduled: false };
    const counter = keyOf(kind, info.path, -1);
    const n = this.counts.get(counter) ?? 0;
    this.counts.set(counter, n + 1);
    if (!this.recorded) {
      const event: TraceEvent = { t: Atomics.add(this.view, TURN, 1), who: this.who, kind, n, ...info };
      this.events.push(event);
      return { event, recorded: undefined, scheduled: true };
    }
    const rec = this.recorded.get(keyOf(kind, info.path, n));
    if (!rec) {
      Atomics.add(this.view, SLIPS, 1);
      this.onSlip(`${kind} ${info.path ?? ''} #${n} (turn ${Atomics.load(this.view, TURN)}) is not in the recording`);
      return { event: { t: -1, who: this.who, kind, n, ...info }, recorded: undefined, scheduled: true };
    }
    await waitTurn(this.view, rec.t);
    return { event: rec, recorded: rec, scheduled: true };
  }

  /** The step with ticket `t` has happened: the next one may go (replay; nothing to do when recording). */
  done(event: TraceEvent): void {
    if (!this.recorded || event.t < 0) return;
    passTurn(this.view, event.t);
  }
}

/**
 * The `X-Request-Id` of one copy of a scheduled request (a duplicated request is sent twice): its device, method and
 * path, and its count for that path, which is how a replay finds the step again (`step()`).
 */
export const requestIdOf = (who: number, path: string, n: number, copy: number): string => `chaos.${who}.${path.replace(/[^A-Za-z0-9]+/g, '-')}.${n}.${copy}`;

/**
 * Replay: waits until the server may take the request at `place` of the recorded handling order. When the order stops
 * moving for `stallMs` (the request before it does not come: the run went another way), it moves on by one, as a slip.
 */
export async function waitServerTurn(view: Int32Array, place: number, stallMs: number, onSlip: (place: number) => void): Promise<void> {
  let seen = Atomics.load(view, SERVER_TURN);
  let since = Date.now();
  for (;;) {
    const now = Atomics.load(view, SERVER_TURN);
    if (now >= place) return;
    if (now !== seen) {
      seen = now;
      since = Date.now();
    } else if (Date.now() - since >= stallMs && Atomics.compareExchange(view, SERVER_TURN, now, now + 1) === now) {
      Atomics.add(view, SLIPS, 1);
      Atomics.notify(view, SERVER_TURN);
      onSlip(now);
      continue;
    }
    const w = Atomics.waitAsync(view, SERVER_TURN, now, 100);
    if (w.async) await w.value;
  }
}

/** Replay: the server has answered the request at `place`; the next may go. */
export function passServerTurn(view: Int32Array, place: number): void {
  for (;;) {
    const now = Atomics.load(view, SERVER_TURN);
    if (now > place) return;
    if (Atomics.compareExchange(view, SERVER_TURN, now, place + 1) === now) {
      Atomics.notify(view, SERVER_TURN);
      return;
    }
  }
}

/** A short digest of a request's content, without the `…At` timestamps the server stamps (they differ on a replay). */
export function contentDigest(query: string, body: unknown): string {
  const text = JSON.stringify(typeof body === 'string' ? JSON.parse(body) : null, (k, v: unknown) => (k.endsWith('At') ? undefined : v));
  let h = 0x811c9dc5;
  for (const ch of `${query}|${text}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(36);
}

const keyOf = (kind: StepKind, path: string | undefined, n: number): string => `${kind} ${path ?? ''} ${n}`;

/** Resolves once ticket `t` may go (the turn reached it, or a stalled replay was moved past it). */
export async function waitTurn(view: Int32Array, t: number): Promise<void> {
  for (;;) {
    const now = Atomics.load(view, TURN);
    if (now >= t) {
      Atomics.store(view, STARTED, t);
      return;
    }
    const w = Atomics.waitAsync(view, TURN, now, 200);
    if (w.async) await w.value;
  }
}

export function passTurn(view: Int32Array, t: number): void {
  if (Atomics.compareExchange(view, TURN, t, t + 1) === t) Atomics.notify(view, TURN);
}

/**
 * A replay whose next step does not come (the run went another way, or the step is waiting for something the
 * schedule does not order) would stop for good: after `stallMs` without progress the turn moves on, as a slip.
 */
export function watchdog(view: Int32Array, last: number, stallMs: number, onSlip: (t: number) => void, runningMs = 60_000): () => void {
  let seen = Atomics.load(view, TURN);
  let since = Date.now();
  const timer = setInterval(() => {
    const now = Atomics.load(view, TURN);
    if (now > last) return;
    if (now !== seen) {
      seen = now;
      since = Date.now();
      return;
    }
    // A step that took its turn is running (a server starting, a write): it gets longer before the replay moves on.
    if (Date.now() - since < (Atomics.load(view, STARTED) === now ? runningMs : stallMs)) return;
    if (Atomics.compareExchange(view, TURN, now, now + 1) === now) {
      Atomics.add(view, SLIPS, 1);
      Atomics.notify(view, TURN);
      onSlip(now);
    }
    seen = now + 1;
    since = Date.now();
  }, 100);
  return () => clearInterval(timer);
}

export function outcomeOf(r: { lost: number; diverged: number; leaked: number; findings: { kind: string; entity: string; id: string }[] }): Outcome {
  return { lost: r.lost, diverged: r.diverged, leaked: r.leaked, findings: [...new Set(r.findings.map((f) => `${f.kind} ${f.entity} ${f.id}`))].sort() };
}

export function sameOutcome(a: Outcome, b: Outcome): boolean {
  return a.lost === b.lost && a.diverged === b.diverged && a.leaked === b.leaked && JSON.stringify(a.findings) === JSON.stringify(b.findings);
}
