// A device's network: a fetch that goes offline, drops requests and responses, and sends some requests twice.
// It also keeps the books the checks need: every push as it left, when (if ever) its answer came, what it said.
import { entityDef, isEntityName, type EntityName } from '../../shared/entities/index.ts';
import { readPullAnswer, type PullAnswer, type PushResponse, type PushRow, type WireDoc } from '../../shared/sync.ts';
import { PUSHES_IN_FLIGHT, tick, type FaultKind, type FaultRates, type PullRecord, type PushAttempt, type Sabotage } from './protocol.ts';
import { contentDigest, DIFFERS, passServerTurn, requestIdOf, Schedule, waitServerTurn, type TraceEvent } from './schedule.ts';
import type { Rng } from '../helpers/prng.ts';

/** The fields the simulation writes unique values into; the "seen on the server" bookkeeping covers only these. */
export const TRACKED_FIELDS: Partial<Record<EntityName, readonly string[]>> = {
  company: ['name', 'industry', 'website'],
  person: ['lastName', 'firstName', 'title'],
  note: ['text'],
};

export const seenKey = (entity: string, id: string, field: string, value: unknown): string => `${entity}|${id}|${field}|${JSON.stringify(value ?? null)}`;

export interface Seen {
  sent: number;
  done: number;
}

export function addSeen(map: Map<string, Seen>, key: string, sent: number, done: number): void {
  const was = map.get(key);
  if (!was) map.set(key, { sent, done });
  else {
    was.sent = Math.max(was.sent, sent);
    was.done = Math.min(was.done, done);
  }
}

const offlineError = (): Error => new TypeError('fetch failed (chaos: offline)');

/**
 * A body read that ends when its request is aborted, even if the read itself ignores the signal: under load, Node's
 * fetch once left a push's `text()` pending after the abort (seed 70000), and the books then counted that push in
 * flight for ever.
 */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal, ignored?: () => void): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason ?? offlineError());
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const onAbort = (): void => {
      reject(signal.reason ?? offlineError());
      // Counted when the read itself is still pending 5 s after its abort: the hole this race closes.
      const timer = setTimeout(() => !settled && ignored?.(), 5000);
      (timer as { unref?: () => void }).unref?.();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => ((settled = true), signal.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => ((settled = true), signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}

export class FaultyNetwork {
  online = true;
  /** Off for the final heal: every request goes through once, untouched. */
  faults = true;
  readonly attempts: PushAttempt[] = [];
  /** Pulls whose answer the device received (not dropped ones). */
  readonly pulls: PullRecord[] = [];
  /**
   * Values seen on the server: per `entity|id|field|json`, the earliest tick an answer showing it arrived (`done`) and
   * the latest tick a request whose answer showed it was sent (`sent`). The value was there at some instant between
   * a request's send and its answer; so `done(w) < sent(v)` proves w was there before v.
   */
  readonly seen = new Map<string, Seen>();
  /** The territory each record had in the latest server answer the device itself got (`entity|id`), deleted or not. */
  readonly lastTerritory = new Map<string, string>();
  /** Ticks at which the device got a server answer showing a record in a territory (`entity|id|territory`). */
  readonly territorySeen = new Map<string, number[]>();
  readonly stats: Record<string, number> = { requests: 0, droppedRequests: 0, droppedResponses: 0, duplicated: 0, offlineRejects: 0, pushes: 0, pulls: 0, deadlines: 0, ignoredAborts: 0 };
  private readonly inflight = new Set<AbortController>();

  constructor(
    private readonly device: number,
    private readonly rates: FaultRates,
    private readonly rng: Rng,
    private readonly shared: Int32Array,
    private readonly sabotage: Sabotage = 'none',
    /** Territories this device's user may not see (for the `leak` sabotage). */
    private readonly foreignTerritory: string | null = null,
    /** The order of steps: recorded, or enforced on a replay. */
    readonly schedule: Schedule = new Schedule(shared, device, null),
    /** A replay: each request id's place in the server's recorded handling order (schedule.ts `Trace.server`). */
    private readonly serverOrder: ReadonlyMap<string, number> | null = null,
    private readonly onSlip: (what: string) => void = () => undefined,
    private readonly stallMs = 4000,
  ) {}

  setOnline(v: boolean): void {
    this.online = v;
    // Losing the network ends every connection at once (the live stream too, and pushes whose fate is then unknown).
    if (!v) for (const c of [...this.inflight]) c.abort(offlineError());
  }

  /** Records a value as present on the server at some instant between ticks `sent` and `done`. */
  private see(entity: EntityName, doc: Record<string, unknown>, sent: number, done: number, delivered: boolean): void {
    if (delivered && typeof doc.id === 'string' && typeof doc.territoryId === 'string') {
      this.lastTerritory.set(`${entity}|${doc.id}`, doc.territoryId);
      const k = `${entity}|${doc.id}|${doc.territoryId}`;
      const ticks = this.territorySeen.get(k) ?? [];
      ticks.push(done);
      this.territorySeen.set(k, ticks);
    }
    const fields = TRACKED_FIELDS[entity];
    if (!fields || doc._deleted === true || typeof doc.id !== 'string') return;
    for (const f of fields) addSeen(this.seen, seenKey(entity, doc.id, f, doc[f]), sent, done);
  }

  /** Reads a 200 answer's body for the books (a push's conflicts, a pull's documents). */
  private note(kind: 'push' | 'pull', entity: EntityName, text: string, sent: number, at: number, attempt: PushAttempt | null, delivered = false, url: URL | null = null): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    if (kind === 'pull') {
      // Devices ask for pages as columns (decision 0063): read in either form.
      const body = readPullAnswer(json as PullAnswer);
      const docs = body.documents ?? [];
      for (const d of docs) this.see(entity, d as Record<string, unknown>, sent, at, delivered);
      if (delivered && docs.length > 0) this.pulls.push({ device: this.device, entity, since: Number(url?.searchParams.get('seq') ?? 0), next: body.checkpoint?.seq ?? -1, sentAt: sent, doneAt: at, docs });
      return;
    }
    const conflicts = ((json as PushResponse).conflicts ?? []) as WireDoc[];
    if (attempt) attempt.conflicts = conflicts;
    // After a push, each row's master is its answer (a conflict) or exactly what was sent (applied, or already there).
    // Tombstone answers are skipped: one may stand for "you may not see this record", not the master.
    const answered = new Map(conflicts.map((d) => [d.id, d]));
    for (const row of attempt?.rows ?? []) {
      const doc = answered.get(row.newDocumentState.id) ?? row.newDocumentState;
      this.see(entity, doc as Record<string, unknown>, sent, at, delivered);
    }
  }

  /**
   * The device's fetch. Each request is two steps of the schedule (schedule.ts): the device sending it, and its answer
   * reaching the device (recorded when it arrives). A replay takes the faults recorded for it and makes the exchange
   * itself at its answer's turn, so the server handles the requests one at a time in the order their answers came;
   * where the recording got no answer (offline, dropped, the server dead), the device gets an error this time too.
   */
  readonly fetch: typeof fetch = async (input, init = {}) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const path = `${init.method ?? 'GET'} ${url.pathname}`;
    let h: string | undefined;
    try {
      h = contentDigest(url.search, init.body);
    } catch {
      h = undefined;
    }
    const dbg = process.env.CHAOS_BODIES ? JSON.stringify(typeof init.body === 'string' ? JSON.parse(init.body) : url.search, (k, v: unknown) => (k.endsWith('At') ? undefined : v)) : undefined;
    const { event: send, recorded, scheduled } = await this.schedule.step('send', { path, h, ...(dbg ? { b: dbg } : {}) } as Partial<TraceEvent>);
    if (recorded && recorded.h !== h) {
      Atomics.add(this.shared, DIFFERS, 1);
      this.onSlip(`${path} #${send.n} carries other content than recorded${dbg ? `\n   rec ${(recorded as { b?: string }).b}\n   now ${dbg}` : ''}`);
    }
    let res: Response | null = null;
    let error: unknown = null;
    const exchange = async (): Promise<void> => {
      try {
        res = await this.exchange(input, init, url, send, recorded, scheduled && send.n >= 0 ? (copy: number) => requestIdOf(this.device, path, send.n, copy) : null);
      } catch (err) {
        error = err;
      } finally {
        this.schedule.done(send);
      }
    };
    if (!scheduled) await exchange();
    else if (!this.schedule.replaying) {
      await exchange();
      const { event: answer } = await this.schedule.step('answer', { path });
      answer.status = res ? (res as Response).status : null;
      this.schedule.done(answer);
    } else {
      // Offline when it was sent: it never left (the network steps run in the recorded order).
      if (!this.online) {
        this.stats.offlineRejects!++;
        error = offlineError();
      }
      // A live stream that got no answer in the recording (the server was dead or still starting) gets none now,
      // even if this server is up already; other requests follow the server's recorded order (exchange()).
      if (!error && url.pathname === '/sync/stream' && recorded && this.schedule.recordedStep('answer', path, send.n)?.status == null) {
        error = new TypeError('fetch failed (chaos replay: this stream got no answer in the recording)');
      }
      this.schedule.done(send);
      // The exchange starts now and reaches the server at its place in the recorded handling order; the device sees
      // the answer at the answer's recorded turn.
      const exchanged = error ? Promise.resolve() : exchange();
      const { event: answer, recorded: was } = await this.schedule.step('answer', { path });
      await exchanged;
      if (was && was.status === null && res) {
        void (res as Response).body?.cancel().catch(() => undefined);
        res = null;
        error = new TypeError('fetch failed (chaos replay: this request got no answer in the recording)');
      }
      this.schedule.done(answer);
    }
    const got = res as Response | null;
    if (got && url.pathname === '/sync/stream' && got.body) return this.gatedStream(got, path);
    if (got) return got;
    throw error;
  };

  /**
   * The live stream's events reach the device one by one, each as a step of the schedule named by its collection
   * (`event change company`): a replay delivers them in the recorded order, however the network cut them into chunks.
   */
  private gatedStream(res: Response, path: string): Response {
    const reader = res.body!.getReader();
    const schedule = this.schedule;
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    let buffered = '';
    const body = new ReadableStream<Uint8Array>({
      async pull(ctl) {
        try {
          for (;;) {
            const end = buffered.indexOf('\n\n');
            if (end >= 0) {
              const text = buffered.slice(0, end + 2);
              buffered = buffered.slice(end + 2);
              const kind = /^event: (\S+)/m.exec(text)?.[1];
              // Keep-alive comments come by the clock, not by anything the devices do: not a step.
              if (!kind) {
                ctl.enqueue(encoder.encode(text));
                return;
              }
              const collection = /"collection":"([^"]+)"/.exec(text)?.[1] ?? '';
              const { event } = await schedule.step('event', { path: `${path} ${kind} ${collection}` });
              ctl.enqueue(encoder.encode(text));
              schedule.done(event);
              return;
            }
            const { done, value } = await reader.read();
            if (done) return ctl.close();
            buffered += decoder.decode(value, { stream: true });
          }
        } catch (err) {
          ctl.error(err);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  }

  private async exchange(input: Parameters<typeof fetch>[0], init: RequestInit, url: URL, send: TraceEvent, recorded: TraceEvent | undefined, idOf: ((copy: number) => string) | null): Promise<Response> {
    this.stats.requests!++;
    const m = /^\/sync\/([^/]+)\/(pull|push)$/.exec(url.pathname);
    const kind = m && isEntityName(m[1]!) ? (m[2] as 'pull' | 'push') : null;
    const entity = (m?.[1] ?? 'company') as EntityName;
    const isStream = url.pathname === '/sync/stream';
    if (!this.online) {
      this.stats.offlineRejects!++;
      throw offlineError();
    }
    // The faults are drawn as always (the stream of draws stays the same); a replay then takes the recorded ones.
    let fault: FaultKind = 'none';
    if (this.faults) {
      const r = this.rng.next();
      if (r < this.rates.dropRequest) fault = 'drop-request';
      else if (!isStream && r < this.rates.dropRequest + this.rates.dropResponse) fault = 'drop-response';
      else if (!isStream && r < this.rates.dropRequest + this.rates.dropResponse + this.rates.duplicate) fault = 'duplicate';
    }
    let together = fault === 'duplicate' && this.rng.chance(0.5);
    let deliver = fault === 'duplicate' ? this.rng.between(0, 1) : 0;
    const rows: PushRow[] = kind === 'push' && typeof init.body === 'string' ? (JSON.parse(init.body) as PushRow[]) : [];
    // Sabotage (harness self-test only): what goes on the wire is not what the device sent; the books keep the latter.
    let sab = -1;
    if (fault !== 'drop-request' && kind === 'push' && this.sabotage === 'fake-ack' && rows.length > 0 && this.rng.chance(0.2)) sab = this.rng.between(0, rows.length - 1);
    if (recorded) ({ fault = 'none', together = false, deliver = 0, sab = -1 } = recorded);
    else if (!this.schedule.replaying) Object.assign(send, { fault, together, deliver, sab });
    if (fault === 'drop-request') {
      this.stats.droppedRequests!++;
      throw new TypeError('fetch failed (chaos: request dropped)');
    }
    if (kind === 'push' && this.sabotage === 'fake-ack' && sab >= 0) init = { ...init, body: JSON.stringify(rows.filter((_, i) => i !== sab)) };
    if (kind === 'push') this.stats.pushes!++;
    if (kind === 'pull') this.stats.pulls!++;

    /** One HTTP exchange; for pushes and pulls the body is read here, so the books see it even if the device will not. */
    const once = async (copy: number): Promise<{ res: Response; text: string | null }> => {
      // A scheduled request names its step (the server's access log then gives the order it took them in); a replay
      // sends it only at its place in that recorded order, or not at all when the server never answered it.
      const rid = idOf?.(copy);
      const place = rid && this.serverOrder && !isStream ? this.serverOrder.get(rid) : undefined;
      if (rid && this.serverOrder && !isStream && place === undefined) throw new TypeError('fetch failed (chaos replay: the server never answered this request in the recording)');
      if (place !== undefined) await waitServerTurn(this.shared, place, this.stallMs, (p) => this.onSlip(`the server's request #${p} did not come within ${this.stallMs} ms; moving on`));
      const ctl = new AbortController();
      const outer = init.signal;
      const onAbort = (): void => {
        // The device gave up waiting (its sync deadline, decision 0059), not the network: counted for the report.
        if (String((outer?.reason as Error | undefined)?.message ?? '').startsWith('No answer within')) this.stats.deadlines!++;
        ctl.abort(outer?.reason);
      };
      if (outer?.aborted) ctl.abort(outer.reason);
      outer?.addEventListener('abort', onAbort);
      // On a replay, losing the network does not cut a request the server answered in the recording (the recorded
      // answer decides what the device sees).
      if (place === undefined) this.inflight.add(ctl);
      const attempt: PushAttempt | null =
        kind === 'push'
          ? { device: this.device, entity, rows, sentAt: 0, doneAt: null, status: null, delivered: false, conflicts: null, fault }
          : null;
      const sent = tick(this.shared);
      if (attempt) {
        Atomics.add(this.shared, PUSHES_IN_FLIGHT, 1);
        attempt.sentAt = sent;
        this.attempts.push(attempt);
      }
      try {
        const headers = new Headers(init.headers);
        if (rid) headers.set('X-Request-Id', rid);
        const res = await untilAborted(fetch(input, { ...init, headers, signal: ctl.signal }), ctl.signal, () => this.stats.ignoredAborts!++);
        if (isStream) {
          // The stream's body is read by the device; an abort (offline) ends it.
          const done = (): void => {
            this.inflight.delete(ctl);
            outer?.removeEventListener('abort', onAbort);
          };
          ctl.signal.addEventListener('abort', done);
          return { res, text: null };
        }
        let text = await untilAborted(res.text(), ctl.signal, () => this.stats.ignoredAborts!++);
        if (kind === 'pull' && this.sabotage === 'leak' && this.foreignTerritory && res.status === 200 && this.rng.chance(0.2)) {
          const body = readPullAnswer(JSON.parse(text) as PullAnswer);
          const first = body.documents.find((d) => !d._deleted);
          if (first) body.documents.push({ ...first, id: `leak${this.stats.pulls}x${this.device}`, territoryId: this.foreignTerritory });
          text = JSON.stringify(body);
        }
        const at = tick(this.shared);
        if (attempt) {
          attempt.doneAt = at;
          attempt.status = res.status;
          attempt.delivered = fault === 'none' || (fault === 'duplicate' && copy === deliver);
        }
        if (res.status === 200 && kind) this.note(kind, entity, text, sent, at, attempt, fault === 'none' || (fault === 'duplicate' && copy === deliver), url);
        return { res, text };
      } finally {
        if (place !== undefined) passServerTurn(this.shared, place);
        if (attempt) Atomics.sub(this.shared, PUSHES_IN_FLIGHT, 1);
        if (!isStream) {
          this.inflight.delete(ctl);
          outer?.removeEventListener('abort', onAbort);
        }
      }
    };

    const rebuild = (r: { res: Response; text: string | null }): Response =>
      r.text === null ? r.res : new Response(r.text, { status: r.res.status, statusText: r.res.statusText, headers: r.res.headers });

    if (fault === 'duplicate') {
      this.stats.duplicated!++;
      const results = together ? await Promise.allSettled([once(0), once(1)]) : [await once(0).then((v) => ({ status: 'fulfilled' as const, value: v }), (e: unknown) => ({ status: 'rejected' as const, reason: e })), await once(1).then((v) => ({ status: 'fulfilled' as const, value: v }), (e: unknown) => ({ status: 'rejected' as const, reason: e }))];
      const chosen = results[deliver]!;
      if (chosen.status === 'rejected') throw chosen.reason;
      return rebuild(chosen.value);
    }
    const got = await once(0);
    if (fault === 'drop-response') {
      this.stats.droppedResponses!++;
      throw new TypeError('fetch failed (chaos: response dropped)');
    }
    return rebuild(got);
  }
}

/** The user-editable keys of an entity, as the server compares them. */
export const userKeysOf = (entity: EntityName): string[] => [...Object.keys(entityDef(entity).fields), 'territoryId', '_deleted'];
