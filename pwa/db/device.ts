// One signed-in device's data: its database, sync engine, pending changes and repository, and the start-over a rights change needs.
import { BehaviorSubject, Subject, type Subscription } from 'rxjs';
import { API_PATHS } from '../../shared/api.ts';
import type { SettingKey } from '../../shared/settings.ts';
import type { RxStorage } from 'rxdb';
import { applyCustomization, currentCustomization, replicatedCollections, type Customization } from '../../shared/entities/index.ts';
import { SYNC_LIMITS, type StreamEvent } from '../../shared/sync.ts';
import { FirstPages } from './first-sync.ts';
import type { ApiClient } from '../net/api.ts';
import { databaseName, openDatabase, type FieldDatabase, type OpenOptions } from './database.ts';
import { PendingChanges, type KeyValueStore } from './pending.ts';
import { RecordRepository, type Author } from './repository.ts';
import { SYNC_REQUEST_TIMEOUT_MS, SyncEngine, type SyncStatus } from './sync-engine.ts';

export interface DeviceOptions {
  api: ApiClient;
  storage: () => RxStorage<unknown, unknown>;
  keyValue: KeyValueStore;
  author: Author;
  /** The server's origin: part of the database name and of the checkpoints' identity. */
  origin: string;
  multiInstance: boolean;
  pullBatchSize?: number;
  retryMs?: number;
  /** How often every collection pulls even with no live event (the engine's safety net; tests shorten it). */
  safetyPullMs?: number;
  /** Sync requests not answered by then fail and are retried (the engine's SYNC_REQUEST_TIMEOUT_MS; tests shorten it). */
  requestTimeoutMs?: number;
  /** The live stream silent this long is opened again (tests shorten it). */
  streamSilenceMs?: number;
  /** Database name suffix (tests open several devices for one user). */
  instance?: string;
  /** System settings as the session has them (duplicate e-mail detection…). */
  settings?: () => Partial<Record<SettingKey, boolean>>;
  /** Upgrade tests only: an earlier release's schemas (database.ts `OpenOptions.schemaOf`). */
  schemaOf?: OpenOptions['schemaOf'];
  /** The custom fields the session has (kept with it for offline starts); the collections open with them. */
  customization?: () => Customization | undefined;
  /**
   * Whether the data may be replaced now (a reopen for new custom fields, a start-over after a rights change): screens
   * bound to it are rebuilt, so while the user types in an entry form the app answers false and the device waits.
   */
  mayReplace?: () => boolean;
}

export const INITIAL_STATUS: SyncStatus = { online: false, syncing: false, ready: false, progress: 0, preparing: false, signedOut: false, lastError: '', rescope: false };

export class Device {
  /** The current parts; replaced when the device starts over. */
  db!: FieldDatabase;
  engine!: SyncEngine;
  repo!: RecordRepository;
  readonly pending: PendingChanges;
  readonly status = new BehaviorSubject<SyncStatus>(INITIAL_STATUS);
  /** Bumped each time the data is replaced, so screens resubscribe. */
  readonly generation = new BehaviorSubject(0);
  /** Changes of server-kept sets that are not device collections (settings, notifications), across start-overs. */
  readonly serverEvents = new Subject<StreamEvent>();
  private sub: Subscription | null = null;
  private rescoping = false;

  constructor(private readonly opts: DeviceOptions) {
    this.pending = new PendingChanges(opts.keyValue, `fieldcrm.pending.${opts.author.userId}${opts.instance ?? ''}`);
  }

  private get name(): string {
    return databaseName(`${this.opts.author.userId}${this.opts.instance ?? ''}`, this.opts.origin);
  }

  /**
   * True while the database is closed to be opened again (new custom fields, a start-over): its collections refuse every
   * call (RxDB's COL21, "collection closed"), so the app hands screens no repository until `generation` moves on.
   */
  reopening = false;

  /** The customisation revision the collections are open at. */
  private revision = 0;
  private remodelling: Promise<void> = Promise.resolve();

  async open(): Promise<void> {
    // Only ever forward: a session read before the latest change must not take fields away again.
    const c = this.opts.customization?.();
    if (c && c.revision > currentCustomization().revision) applyCustomization(c);
    this.revision = currentCustomization().revision;
    // A fresh device's first pages are asked for now, while its database opens (first-sync.ts).
    const firstPages = new FirstPages(this.opts.api, this.opts.keyValue, this.name, replicatedCollections(), this.opts.pullBatchSize ?? SYNC_LIMITS.defaultPullLimit, this.opts.requestTimeoutMs ?? SYNC_REQUEST_TIMEOUT_MS);
    this.db = await openDatabase({ name: this.name, storage: this.opts.storage(), multiInstance: this.opts.multiInstance, ...(this.opts.schemaOf ? { schemaOf: this.opts.schemaOf } : {}) });
    const engineOpts = { db: this.db, api: this.opts.api, pending: this.pending, notes: this.opts.keyValue, identifier: this.opts.origin, firstPages } as ConstructorParameters<typeof SyncEngine>[0];
    if (this.opts.pullBatchSize) engineOpts.pullBatchSize = this.opts.pullBatchSize;
    if (this.opts.retryMs) engineOpts.retryMs = this.opts.retryMs;
    if (this.opts.safetyPullMs) engineOpts.safetyPullMs = this.opts.safetyPullMs;
    if (this.opts.requestTimeoutMs) engineOpts.requestTimeoutMs = this.opts.requestTimeoutMs;
    if (this.opts.streamSilenceMs) engineOpts.streamSilenceMs = this.opts.streamSilenceMs;
    this.engine = new SyncEngine(engineOpts);
    const engine = this.engine;
    this.repo = new RecordRepository(this.db, this.pending, this.opts.author, this.opts.settings, (entity, stored) => engine.beforeLocalWrite(entity, stored));
    this.engine.serverEvents.subscribe((e) => {
      // A setting changed, perhaps the custom fields: read them, and reopen the collections if they are newer.
      if (e.collection === 'setting') void this.checkCustomization();
      this.serverEvents.next(e);
    });
    let online = false;
    this.sub = this.engine.status.subscribe((s) => {
      // Back online: a change of custom fields may have been announced while the device was away.
      if (s.online && !online) void this.checkCustomization();
      online = s.online;
      this.status.next(s);
      if (s.rescope) void this.startOver();
    });
    this.engine.start();
  }

  /**
   * The user's rights changed. Send what waits (the server keeps anything it now refuses as a rejected change,
   * which comes back in the new data), then replace the local data with a fresh pull under the new rights.
   */
  private async startOver(): Promise<void> {
    if (this.rescoping || this.closed) return;
    this.rescoping = true;
    try {
      // Never replace data that still has changes waiting: try again later (offline, server busy).
      const pushed = await this.engine.awaitPushed(15_000);
      const later = (): void => void setTimeout(() => void this.startOver(), this.opts.retryMs ?? 5000);
      if (!pushed || this.pending.count > 0 || (this.opts.mayReplace && !this.opts.mayReplace())) return later();
      // One reopen at a time: a change of customisation announced with the rights change (an offline custom entity
      // removed changes both) waits for this one, or this one for it; two opening the same database at once fail.
      await this.oneReopenAtATime(async () => {
        // A reopen just before may have let new changes in: they go up first, as above.
        if (this.closed) return;
        if (this.pending.count > 0) return later();
        this.reopening = true;
        this.sub?.unsubscribe();
        await this.engine.stop();
        await this.db.remove();
        this.pending.clear();
        if (this.closed) return;
        await this.open();
        this.reopening = false;
        this.generation.next(this.generation.value + 1);
      });
    } finally {
      this.rescoping = false;
      this.reopening = false;
    }
  }

  /** Runs a close-and-open of the database after any other one under way (start-overs and remodels alike). */
  private oneReopenAtATime(reopen: () => Promise<void>): Promise<void> {
    const run = this.remodelling.then(reopen);
    this.remodelling = run.catch(() => undefined);
    return run;
  }

  /**
   * Custom fields changed (a newer customisation came with the session): close the database and open it at the new
   * schema version, so RxDB migrates the stored documents. Nothing is removed: changes waiting to go up stay, and go.
   */
  remodel(c: Customization): Promise<void> {
    return this.oneReopenAtATime(async () => {
      if (c.revision <= this.revision || this.closed) return;
      if (this.opts.mayReplace && !this.opts.mayReplace()) {
        // The user is typing in an entry form that a reopen would rebuild: the new fields can wait until they are done.
        if (this.remodelRetry) clearTimeout(this.remodelRetry);
        this.remodelRetry = setTimeout(() => void this.remodel(c), this.opts.retryMs ?? 5000);
        return;
      }
      this.reopening = true;
      try {
        this.sub?.unsubscribe();
        await this.engine.stop();
        await this.db.close();
        // Closed meanwhile (signed out, a test ending): opening again would leave a database and its sync running.
        if (this.closed) return;
        if (c.revision > currentCustomization().revision) applyCustomization(c);
        await this.open();
      } finally {
        this.reopening = false;
      }
      this.generation.next(this.generation.value + 1);
    });
  }

  private retryCheck: ReturnType<typeof setTimeout> | null = null;
  private remodelRetry: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private async checkCustomization(): Promise<void> {
    if (this.retryCheck) clearTimeout(this.retryCheck);
    this.retryCheck = null;
    try {
      // Small, and it decides the schema the device opens at: a stalled answer must not hold it (decision 0059).
      await this.remodel(await this.opts.api.get<Customization>(API_PATHS.customization, undefined, this.opts.requestTimeoutMs ?? SYNC_REQUEST_TIMEOUT_MS));
    } catch {
      // Offline (the news came on a stream still open) or signed out: try again, as the engine retries its pulls.
      if (!this.closed) this.retryCheck = setTimeout(() => void this.checkCustomization(), this.opts.retryMs ?? 5000);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryCheck) clearTimeout(this.retryCheck);
    if (this.remodelRetry) clearTimeout(this.remodelRetry);
    this.sub?.unsubscribe();
    await this.engine.stop();
    // A reopen under way (new custom fields or entities) finishes first; it then stops short of opening again.
    await this.remodelling.catch(() => undefined);
    this.sub?.unsubscribe();
    await this.engine.stop();
    await this.db.close();
  }
}
