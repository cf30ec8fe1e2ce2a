// Replicates every collection with the sync server (RxDB replication protocol over our HTTP endpoints) and reports status.
import { BehaviorSubject, Subject } from 'rxjs';
import type { RxReplicationPullStreamItem } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { replicatedCollections, storedDefOf, SYSTEM_FIELDS, type AnyRecord, type EntityName } from '../../shared/entities/index.ts';
import { sameUserState } from '../../shared/records.ts';
import { readPullAnswer, SYNC_LIMITS, SYNC_PATHS, type StreamEvent, type Checkpoint, type PullAnswer, type PullResponse, type PushResponse, type PushRow, type WireDoc } from '../../shared/sync.ts';
import type { ApiClient } from '../net/api.ts';
import { LiveStream } from '../net/live-stream.ts';
import type { FieldDatabase } from './database.ts';
import { EditBases, FirstSync, type FirstPages, type FirstSyncState, type ProgressNotes } from './first-sync.ts';
import { MemoryKeyValue, PendingChanges } from './pending.ts';
import { isUnchangedFromServer, replicationHash, storedDocuments } from './rxdb-internals.ts';

export interface SyncStatus {
  /** The server is reachable (the live stream is connected). */
  online: boolean;
  /** A pull or push is running. */
  syncing: boolean;
  /** The first sync of this device has finished: the data is all here. */
  ready: boolean;
  /** 0..1 while the first sync runs. */
  progress: number;
  /**
   * Some collection's records are not all on the device yet (a first sync to run or to finish): only then is there
   * something to show progress for. False while the engine is still reading its state at start (decision 0033).
   */
  preparing: boolean;
  /** The session ended: the user must sign in again (nothing local is lost). */
  signedOut: boolean;
  /** The last error, for the status tooltip. */
  lastError: string;
  /** The user's rights changed: the device must replace its data (runtime.ts does it once waiting changes are sent). */
  rescope: boolean;
}

export interface SyncEngineOptions {
  db: FieldDatabase;
  api: ApiClient;
  pending: PendingChanges;
  /** Where the first sync notes its progress the moment a page is stored (localStorage in the app). */
  notes?: ProgressNotes;
  /** Distinguishes this server's checkpoints from another's in the same database. */
  identifier: string;
  pullBatchSize?: number;
  pushBatchSize?: number;
  retryMs?: number;
  /**
   * Every collection pulls this often even when no live event came (default 5 minutes): a safety net for an event
   * missed between server instances or by a proxy. Cheap when nothing changed: one empty page per collection.
   */
  safetyPullMs?: number;
  /** A pull page or a push not answered by then fails and is retried (default SYNC_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** The live stream silent this long is opened again (default live-stream.ts STREAM_SILENCE_MS). */
  streamSilenceMs?: number;
  /** First pages asked for while the database opened (first-sync.ts `FirstPages`). */
  firstPages?: FirstPages;
}

/** Only the keys the protocol knows: RxDB's own `_meta`, `_rev`, `_attachments` never go to the server. */
export function toWire(entity: EntityName, doc: Record<string, unknown>): WireDoc {
  // A custom record: its columns and its own entity's custom fields, never another entity's (docs/decisions/0057).
  const def = storedDefOf(entity, doc);
  const out: Record<string, unknown> = {};
  for (const k of [...SYSTEM_FIELDS, ...Object.keys(def.fields)]) out[k] = doc[k];
  out._deleted = doc._deleted === true;
  return out as unknown as WireDoc;
}

/** The safety-net pull's period (SyncEngineOptions.safetyPullMs). */
export const SAFETY_PULL_MS = 5 * 60_000;

/**
 * A sync request (pull page, push) that has not ended after this long fails as a network error and RxDB retries it.
 * A page of 1,000 records is about 40 KB on the wire (decision 0056): seconds even on a poor mobile link, so a minute
 * means the answer stalled, and a stalled answer held its collection's replication until the app was restarted.
 */
export const SYNC_REQUEST_TIMEOUT_MS = 60_000;

/** How long a pull waits for this device's pushes of the same collection to settle before it goes anyway. */
const SETTLE_WAIT_MS = 10_000;

export class SyncEngine {
  readonly status: BehaviorSubject<SyncStatus>;
  private readonly replications = new Map<EntityName, RxReplicationState<AnyRecord, Checkpoint>>();
  private readonly streams = new Map<EntityName, Subject<RxReplicationPullStreamItem<AnyRecord, Checkpoint>>>();
  private readonly live: LiveStream;
  private readonly pulled = new Map<EntityName, number>();
  private readonly remaining = new Map<EntityName, number>();
  private readonly active = new Map<EntityName, boolean>();
  /** Records in a push on its way, per collection (id → pushes), from the push handler until RxDB has settled the answer. */
  private readonly sending = new Map<EntityName, Map<string, number>>();
  /** Collections whose last pull page stopped before a record with unsent changes: pulled again once those settle. */
  private readonly held = new Set<EntityName>();
  /** Pulls waiting for the collection's pushes to settle. */
  private readonly waiting = new Map<EntityName, (() => void)[]>();
  /** Changes of server-kept sets that are not device collections (settings, notifications). */
  readonly serverEvents = new Subject<StreamEvent>();
  private readonly first: FirstSync;
  private readonly bases: EditBases;
  /** Per collection: its first sync (if it needs one), then its replication started. */
  private readonly opening = new Map<EntityName, Promise<void>>();
  /** Per collection: its data is all here (a first sync stored every page, or RxDB's initial replication ended). */
  private readonly initial = new Map<EntityName, Promise<void>>();
  private readonly hashes = new Map<EntityName, Promise<string>>();
  /** Collections in their first sync, or whose replication has not finished its first round: the device is syncing. */
  private readonly catchingUp = new Set<EntityName>();
  private stopped = false;
  private safetyTimer: ReturnType<typeof setInterval> | undefined;
  private stopSignal: () => void = () => undefined;
  private readonly stopping = new Promise<void>((r) => (this.stopSignal = r));

  private get timeoutMs(): number {
    return this.opts.requestTimeoutMs ?? SYNC_REQUEST_TIMEOUT_MS;
  }

  constructor(private readonly opts: SyncEngineOptions) {
    this.status = new BehaviorSubject<SyncStatus>({ online: false, syncing: false, ready: false, progress: 0, preparing: false, signedOut: false, lastError: '', rescope: false });
    this.first = new FirstSync(opts.db, opts.api, opts.notes ?? new MemoryKeyValue(), this.timeoutMs, opts.firstPages);
    this.bases = new EditBases(opts.db);
    this.live = new LiveStream(opts.api, {
      onOpen: () => {
        this.patch({ online: true });
        this.resync();
      },
      onChange: (e) => {
        const stream = this.streams.get(e.collection);
        if (stream) stream.next('RESYNC');
        else this.serverEvents.next(e); // settings, notifications: the runtime fetches them
      },
      onDown: (reason) => this.patch(reason === 'unauthorized' ? { online: false, signedOut: true } : { online: false }),
    }, opts.streamSilenceMs);
  }

  private patchSyncing(): void {
    const syncing = this.catchingUp.size > 0 || [...this.active.values()].some(Boolean);
    if (syncing !== this.status.value.syncing) this.patch({ syncing });
  }

  private patch(p: Partial<SyncStatus>): void {
    this.status.next({ ...this.status.value, ...p });
  }

  /** The collections this database opened with (the custom records' one only while a custom entity is kept on devices). */
  private readonly collections: readonly EntityName[] = replicatedCollections().filter((e) => e in this.opts.db.collections);

  start(): void {
    for (const entity of this.collections) this.streams.set(entity, new Subject<RxReplicationPullStreamItem<AnyRecord, Checkpoint>>());
    this.live.start();
    this.safetyTimer = setInterval(() => {
      if (this.status.value.online && !this.status.value.signedOut) this.resync();
    }, this.opts.safetyPullMs ?? SAFETY_PULL_MS);
    // Every collection's state is read before any first sync starts: reads queued behind the first pages' writes
    // held the last collections back by up to 0.7 s (docs/decisions/0009).
    const plans = new Map(this.collections.map((e) => [e, this.first.plan(e)] as const));
    for (const entity of this.collections) this.opening.set(entity, this.openCollection(entity, plans));
    void this.awaitInitial().then(
      () => this.patch({ ready: true, progress: 1, preparing: false }),
      () => undefined,
    );
  }

  private replicationIdentifier(entity: EntityName): string {
    return `fieldcrm-${entity}-${this.opts.identifier}`;
  }

  /** The hash RxDB marks the records its pull wrote with (`_meta.o.hash`), for this collection's replication. */
  private hash(entity: EntityName): Promise<string> {
    let h = this.hashes.get(entity);
    if (!h) {
      h = replicationHash(this.opts.db, this.replicationIdentifier(entity));
      this.hashes.set(entity, h);
    }
    return h;
  }

  /** A fresh collection's first sync (first-sync.ts), then RxDB's replication from where it stopped. */
  private async openCollection(entity: EntityName, plans: Map<EntityName, Promise<FirstSyncState | null>>): Promise<void> {
    this.catchingUp.add(entity);
    this.patchSyncing();
    let state: FirstSyncState | null = null;
    let complete = false;
    try {
      await Promise.allSettled(plans.values());
      state = (await plans.get(entity)) ?? null;
      if (state?.complete !== true && !this.status.value.preparing) this.patch({ preparing: true });
      if (state && !state.done && !this.stopped) {
        ({ state, complete } = await this.first.run({
          entity,
          batchSize: this.opts.pullBatchSize ?? SYNC_LIMITS.defaultPullLimit,
          hash: await this.hash(entity),
          stopped: () => this.stopped,
          stopping: this.stopping,
          progress: (stored, remaining) => {
            this.pulled.set(entity, stored);
            this.remaining.set(entity, remaining);
            this.reportProgress();
          },
        }));
      }
    } catch (err) {
      // The first-sync state could not be read or kept: RxDB's replication alone is slower, never wrong (the push
      // handler recognises stored server records it has no meta row for).
      this.patch({ lastError: err instanceof Error ? err.message : String(err) });
    }
    if (this.stopped) return;
    this.startCollection(entity, state);
    const caughtUp = (): void => {
      this.catchingUp.delete(entity);
      this.patchSyncing();
    };
    const replication = this.replications.get(entity)!;
    void replication.awaitInitialReplication().then(() => {
      caughtUp();
      if (state) void this.first.markComplete(entity).catch(() => undefined);
    }, caughtUp);
    // A collection whose first sync stored every page, now or at an earlier start (an offline reload: its replication
    // cannot run its first round until the network is back), is ready now: its replication catches up like a live change.
    const initial = complete || state?.complete === true ? Promise.resolve() : replication.awaitInitialReplication();
    initial.catch(() => undefined); // rejects when the device closes first; awaitInitial's callers see it
    this.initial.set(entity, initial);
  }

  private startCollection(entity: EntityName, first: FirstSyncState | null): void {
    const { db, api, pending } = this.opts;
    const stream$ = this.streams.get(entity)!;
    const collection = db.collections[entity];
    const state = replicateRxCollection<AnyRecord, Checkpoint>({
      collection,
      replicationIdentifier: this.replicationIdentifier(entity),
      live: true,
      retryTime: this.opts.retryMs ?? 5000,
      waitForLeadership: false,
      autoStart: true,
      pull: {
        batchSize: this.opts.pullBatchSize ?? SYNC_LIMITS.defaultPullLimit,
        // Used by RxDB only when it has no checkpoint of its own yet (just after a first sync).
        ...(first ? { initialCheckpoint: first.down } : {}),
        stream$: stream$.asObservable(),
        handler: async (checkpoint, batchSize) => {
          const since = checkpoint?.seq ?? 0;
          const scope = encodeURIComponent(checkpoint?.scope ?? '');
          // A pull fetched after this device's pushes have settled is newer than their answers (see untilUnsent).
          await this.sent(entity, SETTLE_WAIT_MS);
          const res = readPullAnswer(await api.get<PullAnswer>(`${SYNC_PATHS.pull(entity)}?seq=${since}&limit=${batchSize}&scope=${scope}&form=columns`, undefined, this.timeoutMs));
          if (res.resync) {
            // Keep the checkpoint and take nothing: the runtime replaces this device's data after sending what waits.
            if (!this.status.value.rescope) this.patch({ rescope: true });
            return { documents: [], checkpoint: checkpoint ?? res.checkpoint };
          }
          const page = this.untilUnsent(entity, res, since);
          this.pulled.set(entity, (this.pulled.get(entity) ?? 0) + page.documents.length);
          this.remaining.set(entity, res.remaining + res.documents.length - page.documents.length);
          this.reportProgress();
          return { documents: page.documents as AnyRecord[] as never, checkpoint: page.checkpoint };
        },
      },
      push: {
        batchSize: this.opts.pushBatchSize ?? 100,
        ...(first?.up ? { initialCheckpoint: first.up } : {}),
        handler: async (rows) => {
          const all: PushRow[] = rows.map((r) => ({
            assumedMasterState: r.assumedMasterState ? toWire(entity, r.assumedMasterState as Record<string, unknown>) : null,
            newDocumentState: toWire(entity, r.newDocumentState as Record<string, unknown>),
          }));
          const ids = all.map((r) => r.newDocumentState.id);
          this.markSending(entity, ids);
          let based: string[] = [];
          try {
            const snapshot = pending.snapshot(entity, ids);
            const prepared = await this.prepare(entity, all);
            const { body, outdated, unsent } = prepared;
            based = prepared.based;
            // What was not sent is not confirmed: its newer state still waits.
            PendingChanges.drop(snapshot, entity, [...outdated.map((d) => d.id), ...unsent]);
            if (body.length === 0) return outdated as AnyRecord[] as never;
            // Lenient: a row the server refuses comes back as a kept rejected change, never as an error that blocks the queue.
            const res = await api.post<PushResponse>(SYNC_PATHS.push(entity), body, { Prefer: 'handling=lenient' }, this.timeoutMs);
            pending.confirm(snapshot);
            // A conflict answer means the server may have kept a lost value or a refused change for this user: fetch
            // those now rather than wait for the live stream (which may still be reconnecting after an outage).
            if (res.conflicts.length > 0 && entity !== 'conflict') this.streams.get('conflict')?.next('RESYNC');
            return [...res.conflicts, ...outdated] as AnyRecord[] as never;
          } catch (err) {
            based = []; // not answered: the bases are needed again when RxDB retries
            throw err;
          } finally {
            // RxDB writes the answer (conflict resolutions, assumed masters) after this returns, in the same link of
            // its upstream queue: the records count as being sent until that link has run. Then RxDB has its own
            // meta row for a record pushed with a kept base, and the base can go.
            const up = this.replications.get(entity)?.internalReplicationState?.streamQueue.up ?? Promise.resolve();
            const settled = (): void => {
              this.doneSending(entity, ids);
              if (based.length) void this.bases.forget(entity, based).catch(() => undefined);
            };
            void up.then(settled, settled);
          }
        },
      },
    });
    let settling = false;
    state.active$.subscribe((a) => {
      this.active.set(entity, a);
      this.patchSyncing();
      // A page held back for a write RxDB never needed to send: try again once it is settled below.
      if (!a && this.held.has(entity) && !this.sending.get(entity)?.size) setTimeout(() => this.release(entity), 250);
      // A write RxDB never needed to send (set back to the server's value before it went up) is not waiting: once the
      // collection is in sync, forget what was counted before, unless it was written again meanwhile.
      if (!a && !settling && pending.snapshotCollection(entity).size > 0) {
        settling = true;
        const snap = pending.snapshotCollection(entity);
        void state.awaitInSync().then(
          () => {
            settling = false;
            pending.confirm(snap);
          },
          () => (settling = false),
        );
      }
    });
    state.error$.subscribe((err) => {
      const inner = (err as { parameters?: { errors?: unknown[] } }).parameters?.errors?.[0];
      this.patch({ lastError: inner instanceof Error ? inner.message : String(err.message ?? err) });
    });
    this.replications.set(entity, state);
  }

  /**
   * The pulled page up to the first record this device still has unsent changes to (waiting, or in a push whose
   * answer RxDB has not settled yet), with the checkpoint just before it. RxDB skips such a record and trusts its
   * own push to settle it, but still moves the checkpoint past it; when that push was answered before the pulled
   * change landed on the server and settled after the pull, the device keeps the older state for good (diverged),
   * and a later push of it can even undo the newer change. Stopping the page there makes the record come again
   * once the push has settled (`release`).
   */
  private untilUnsent(entity: EntityName, res: PullResponse, since: number): { documents: WireDoc[]; checkpoint: Checkpoint } {
    const sending = this.sending.get(entity);
    const i = res.documents.findIndex((d) => this.opts.pending.has(entity, d.id) || (sending?.has(d.id) ?? false));
    if (i < 0 || !Array.isArray(res.seqs)) return { documents: res.documents, checkpoint: res.checkpoint };
    this.held.add(entity);
    return { documents: res.documents.slice(0, i), checkpoint: { seq: i > 0 ? (res.seqs[i - 1] ?? since) : since, scope: res.checkpoint.scope } };
  }

  /**
   * What goes to the server, from the rows RxDB hands the push handler:
   * - Rows whose pushed state is no longer the record on the device are not sent (`outdated`). RxDB pushes the
   *   state a local write had when it was made, with the assumed master it reads when it pushes; a pull applied in
   *   between (say, after two edits that cancelled out) makes that pair claim the pulled values were changed back,
   *   and the server would undo them. The device's current state is answered as their master, so RxDB keeps what
   *   it has, and any newer local write goes up in its own turn.
   * - A row with no assumed master whose record the first sync stored gets its kept base (`EditBases`), so the
   *   server merges the edit rather than taking it for a create.
   * - A row with no assumed master whose record is still the server's own (stored by the first sync, never changed
   *   here) is not sent (`unsent`): answered as accepted, RxDB writes its meta row and moves on.
   */
  private async prepare(entity: EntityName, rows: PushRow[]): Promise<{ body: PushRow[]; outdated: WireDoc[]; unsent: string[]; based: string[] }> {
    const stored = await storedDocuments(this.opts.db.collections[entity], rows.map((r) => r.newDocumentState.id));
    const byId = new Map(stored.map((d) => [String(d.id), d]));
    const hash = await this.hash(entity);
    // Only rows RxDB has no assumed master for can have a kept base: read those at once, not one after another.
    const bases = new Map(
      await Promise.all(rows.filter((r) => !r.assumedMasterState).map(async (r) => [r.newDocumentState.id, await this.bases.get(entity, r.newDocumentState.id)] as const)),
    );
    const body: PushRow[] = [];
    const outdated: WireDoc[] = [];
    const unsent: string[] = [];
    const based: string[] = [];
    for (const r of rows) {
      const doc = byId.get(r.newDocumentState.id);
      const current = doc ? toWire(entity, doc) : undefined;
      if (current && !sameUserState(storedDefOf(entity, current), current, r.newDocumentState)) {
        outdated.push(current);
        continue;
      }
      if (!r.assumedMasterState) {
        const base = bases.get(r.newDocumentState.id);
        if (base) {
          body.push({ ...r, assumedMasterState: base });
          based.push(r.newDocumentState.id);
          continue;
        }
        if (doc && isUnchangedFromServer(doc, hash)) {
          unsent.push(r.newDocumentState.id);
          continue;
        }
      }
      body.push(r);
    }
    return { body, outdated, unsent, based };
  }

  /**
   * A local write is about to happen (the repository calls this first): the first sync, if it runs, keeps RxDB's
   * push starting before it, and a record the first sync stored unchanged keeps its server state as the edit's base.
   */
  async beforeLocalWrite(entity: EntityName, stored: Record<string, unknown> | null): Promise<void> {
    await this.first.beforeLocalWrite(entity);
    if (stored && isUnchangedFromServer(stored, await this.hash(entity))) await this.bases.keep(entity, toWire(entity, stored));
  }

  /** Resolves once no push of this collection is on its way, or after `ms` (a push may be stuck while offline). */
  private sent(entity: EntityName, ms: number): Promise<void> {
    if ((this.sending.get(entity)?.size ?? 0) === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const waiters = this.waiting.get(entity) ?? [];
      waiters.push(resolve);
      this.waiting.set(entity, waiters);
      setTimeout(resolve, ms);
    });
  }

  private markSending(entity: EntityName, ids: readonly string[]): void {
    const m = this.sending.get(entity) ?? new Map<string, number>();
    for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
    this.sending.set(entity, m);
  }

  private doneSending(entity: EntityName, ids: readonly string[]): void {
    const m = this.sending.get(entity);
    if (!m) return;
    for (const id of ids) {
      const n = (m.get(id) ?? 1) - 1;
      if (n > 0) m.set(id, n);
      else m.delete(id);
    }
    if (m.size === 0) {
      for (const w of this.waiting.get(entity) ?? []) w();
      this.waiting.delete(entity);
      this.release(entity);
    }
  }

  /** Pulls a held-back collection again. */
  private release(entity: EntityName): void {
    if (this.held.delete(entity)) this.streams.get(entity)?.next('RESYNC');
  }

  private reportProgress(): void {
    if (this.status.value.ready) return;
    let done = 0;
    let total = 0;
    for (const e of this.collections) {
      const p = this.pulled.get(e) ?? 0;
      done += p;
      total += p + (this.remaining.get(e) ?? 0);
    }
    this.patch({ progress: total === 0 ? 0 : done / total });
  }

  /** Pull every collection now and push what waits (after the network returns, or a new sign-in). */
  resync(): void {
    for (const r of this.replications.values()) r.reSync();
  }

  /** The server answered 401: the user must sign in again; local data and waiting changes stay. */
  markSignedOut(): void {
    if (!this.status.value.signedOut) this.patch({ signedOut: true });
  }

  /** After signing in again: clear the signed-out state, reconnect the stream, send what waited. */
  resume(): void {
    this.patch({ signedOut: false, lastError: '' });
    this.live.restart();
    this.resync();
  }

  /** Resolves when every collection has sent what waits (used before replacing the device's data). */
  async awaitPushed(timeoutMs: number): Promise<boolean> {
    const idle = Promise.all([...this.opening.values()])
      .then(() => Promise.all([...this.replications.values()].map((r) => r.awaitInSync())))
      .then(() => true);
    return Promise.race([idle, new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs))]);
  }

  /** Resolves when every collection has pushed and pulled everything it knows of. */
  async awaitInSync(): Promise<void> {
    await Promise.all([...this.opening.values()]);
    await Promise.all([...this.replications.values()].map((r) => r.awaitInSync()));
  }

  async awaitInitial(): Promise<void> {
    await Promise.all([...this.opening.values()]);
    await Promise.all([...this.initial.values()]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.safetyTimer);
    this.stopSignal();
    this.live.stop();
    await Promise.all([...this.opening.values()]);
    // RxDB's replication, canceled before its first round has started, leaves a rejected promise nobody handles
    // (it subscribes to its completed `canceled` subject): let a replication that just started get going, for at
    // most a second (offline it never finishes its first round).
    const started = Promise.allSettled([...this.replications.values()].map((r) => r.awaitInitialReplication()));
    await Promise.race([started, new Promise((r) => setTimeout(r, 1000))]);
    await Promise.all([...this.replications.values()].map((r) => r.cancel()));
    this.replications.clear();
  }
}
