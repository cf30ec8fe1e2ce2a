// A fresh device's first sync: the server's pages written straight into storage, one write per record; RxDB's
// replication takes over from where it stopped (docs/decisions/0014).
import type { BulkWriteRow } from 'rxdb';
import type { AnyRecord, EntityName } from '../../shared/entities/index.ts';
import { PULL_HEADERS, readPullAnswer, SYNC_PATHS, type Checkpoint, type PullAnswer, type PullResponse, type WireDoc } from '../../shared/sync.ts';
import type { ApiClient } from '../net/api.ts';
import type { FieldDatabase } from './database.ts';
import { asPulledFromServer, insertIntoDexie, isUnchangedFromServer, underlyingStorage, writeTime, type Storage, type StoredDoc } from './rxdb-internals.ts';

/** RxDB's storage checkpoint: documents are ordered by last write time, then id. */
export interface StorageCheckpoint {
  id: string;
  lwt: number;
}

/** Where one collection's first sync stands, kept in the database beside its records (a local document). */
export interface FirstSyncState {
  /** Names this first sync: a progress note in the key-value store counts only for the same run (same database). */
  run: string;
  /** The server checkpoint of the last page stored: RxDB's pull goes on from it. */
  down: Checkpoint;
  /** The storage checkpoint after the last page stored: RxDB's push starts after it, so it never re-reads the pages. */
  up: StorageCheckpoint | null;
  /** A local write came in during the first sync: `up` stays before it, so that write is pushed. */
  upFrozen: boolean;
  /** RxDB's replication owns the collection (the first sync finished, or handed over after an error). */
  done: boolean;
  /**
   * Every page is on the device: the first sync stored the last one, or RxDB's replication finished its first round
   * after a hand-over. A later start (an offline reload) is ready at once: nothing is still arriving (decision 0033).
   * Absent in states kept before it existed.
   */
  complete?: boolean;
}

/** Where the progress note of a first sync is kept: synchronous, so it is written the moment a page is stored. */
export interface ProgressNotes {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const CONTEXT = 'fieldcrm-first-sync';
const FIRST_PAGE = 100;
/** Pages asked for beyond the one being read: the next asks go out as each answer's headers arrive. */
const PAGES_AHEAD = 2;

type AskPage = (cp: Checkpoint, limit: number, onHeaders: (h: Headers) => void) => Promise<PullResponse>;

/**
 * One collection's pull pages, asked for in order. A page's checkpoint and remaining count come as headers before its
 * body (`PULL_HEADERS`), so the next page is asked for the moment they arrive, while this one still downloads and is
 * read: on a mobile connection (150 ms a round trip, a slow CPU to parse) a page chain was a round trip plus a
 * download plus a parse per page, with the link idle in between. At most `PAGES_AHEAD` pages wait unread. A server
 * that sends no such headers (or an answer that asks to start over) is followed from the body, as before.
 */
class PageQueue {
  private readonly waiting: Promise<PullResponse>[] = [];
  private readonly asked = new Set<string>();
  /** Where the chain paused for the bound: asked for when a page is taken. */
  private paused: Checkpoint | null = null;

  constructor(
    private readonly fetchPage: AskPage,
    private readonly batchSize: number,
    private readonly stopped: () => boolean,
  ) {}

  ask(cp: Checkpoint, limit = this.batchSize): void {
    const key = `${cp.seq} ${cp.scope}`;
    if (this.asked.has(key) || this.stopped()) return;
    this.asked.add(key);
    this.waiting.push(this.fetchPage(cp, limit, (h) => this.headersOf(h)));
  }

  /** A first page asked for before the queue existed (`FirstPages`): taken as if this queue had asked for it. */
  adopt(cp: Checkpoint, first: EarlyPage): void {
    this.asked.add(`${cp.seq} ${cp.scope}`);
    this.waiting.push(first.page);
    first.listen((h) => this.headersOf(h));
  }

  /** The next page in order. */
  take(): Promise<PullResponse> {
    const next = this.waiting.shift();
    if (this.paused && this.waiting.length < PAGES_AHEAD) {
      const cp = this.paused;
      this.paused = null;
      this.ask(cp);
    }
    return next ?? Promise.reject(new Error('first sync: no page was asked for'));
  }

  /** A page has been read and more remain: its successor is asked for, unless its headers asked already. */
  after(cp: Checkpoint): void {
    if (this.paused && this.paused.seq === cp.seq && this.paused.scope === cp.scope) return;
    this.ask(cp);
  }

  private headersOf(h: Headers): void {
    const raw = h.get(PULL_HEADERS.checkpoint);
    const count = Number(h.get(PULL_HEADERS.count));
    const remaining = Number(h.get(PULL_HEADERS.remaining));
    if (!raw || !(count > 0) || !(remaining > 0)) return;
    const [seq, scope] = raw.split(' ');
    const cp: Checkpoint = { seq: Number(seq), scope: decodeURIComponent(scope ?? '') };
    if (!Number.isSafeInteger(cp.seq) || cp.seq < 0) return;
    if (this.waiting.length < PAGES_AHEAD) this.ask(cp);
    else this.paused = cp;
  }
}

/** The path of a first-sync page: `fit=1` (shorter while the server is busy), as columns (decision 0063). */
const pagePath = (entity: EntityName, cp: Checkpoint, limit: number): string => `${SYNC_PATHS.pull(entity)}?seq=${cp.seq}&limit=${limit}&scope=${encodeURIComponent(cp.scope)}&fit=1&form=columns`;

function askPage(api: ApiClient, entity: EntityName, cp: Checkpoint, limit: number, timeoutMs: number | undefined, onHeaders: (h: Headers) => void): Promise<PullResponse> {
  const p = api.get<PullAnswer>(pagePath(entity, cp, limit), undefined, timeoutMs, onHeaders).then(readPullAnswer);
  p.catch(() => undefined); // a page asked ahead that nobody waits for (stopped) must not be an unhandled rejection
  return p;
}

/** A first page on its way, and its headers once they came. */
interface EarlyPage {
  page: Promise<PullResponse>;
  listen(onHeaders: (h: Headers) => void): void;
}

/**
 * The first page of every collection a fresh device will first-sync, asked for before its database is open: opening
 * thirteen collections takes 0.4 s on a slowed phone, a round trip on a mobile link 0.15 s or more, and the two now
 * overlap (decision 0009). A collection counts as fresh when no first sync ever noted progress for it in this
 * database (`ProgressNotes`); the page is used only if the collection's plan starts from the beginning, else dropped
 * (a device that synced before notes existed wastes one short page per collection).
 */
export class FirstPages {
  private readonly early = new Map<EntityName, EarlyPage>();

  constructor(api: ApiClient, notes: ProgressNotes, dbName: string, collections: readonly EntityName[], batchSize: number, timeoutMs?: number) {
    for (const entity of collections) {
      let noted: string | null = null;
      try {
        noted = notes.getItem(noteKey(dbName, entity));
      } catch {
        noted = 'unreadable';
      }
      if (noted !== null) continue;
      let headers: Headers | null = null;
      let listener: ((h: Headers) => void) | null = null;
      const page = askPage(api, entity, START, Math.min(batchSize, FIRST_PAGE), timeoutMs, (h) => {
        headers = h;
        listener?.(h);
      });
      this.early.set(entity, {
        page,
        listen: (fn) => {
          listener = fn;
          if (headers) fn(headers);
        },
      });
    }
  }

  /** The collection's early first page, once: the first sync of a collection starting from the beginning takes it. */
  take(entity: EntityName): EarlyPage | null {
    const e = this.early.get(entity) ?? null;
    this.early.delete(entity);
    return e;
  }
}

const START: Checkpoint = { seq: 0, scope: '' };
const noteKey = (dbName: string, entity: EntityName): string => `fieldcrm.first-sync.${dbName}.${entity}`;

export interface FirstSyncRun {
  entity: EntityName;
  batchSize: number;
  /** The hash of the collection's replication identifier (see `isUnchangedFromServer`). */
  hash: string;
  /** After each stored page: records stored so far in this run, and what the server said remains. */
  progress(stored: number, remaining: number): void;
  stopped(): boolean;
  /** Resolves when the device stops: a page still on its way is not waited for. */
  stopping: Promise<void>;
}

/**
 * RxDB's replication writes each pulled record twice (the record, and its assumed master state in the
 * replication's meta store) and reads both first: a fresh device's first sync took 2.6× a bulk insert of the same
 * records. Here the pages go into storage in one bulk write each, with the mark RxDB's pull leaves
 * (`isUnchangedFromServer`), and the replication starts from the checkpoints reached. Meta rows come later, one per
 * record the device or the server changes: `EditBases` keeps a record's server state before its first local edit,
 * for the push to carry as its base.
 */
export class FirstSync {
  private readonly states = new Map<EntityName, FirstSyncState>();
  private readonly saving = new Map<EntityName, Promise<unknown>>();

  constructor(
    private readonly db: FieldDatabase,
    private readonly api: ApiClient,
    private readonly notes: ProgressNotes,
    /** A page not answered by then fails; the collection goes on with RxDB's replication (which retries). */
    private readonly timeoutMs?: number,
    /** First pages asked for while the database opened (`FirstPages`). */
    private readonly early?: FirstPages,
  ) {}

  /**
   * This collection's first-sync state: a new one for an empty collection; null for a collection synced before
   * first syncs existed (RxDB's replication owns it, with its own checkpoints). A progress note of the same run
   * that is further on than the stored state wins (it is written as soon as a page is stored).
   */
  async plan(entity: EntityName): Promise<FirstSyncState | null> {
    const doc = await this.db.getLocal<FirstSyncState>(this.key(entity));
    let state = doc ? (doc.toJSON().data as FirstSyncState) : null;
    const note = this.readNote(entity);
    if (!state) {
      if ((await this.db.collections[entity].count().exec()) > 0) {
        // Synced before first syncs existed: RxDB's replication owns it. Noted all the same, or `FirstPages` would
        // ask it for an early page at every start (a note of no run, which no stored state ever matches).
        if (!note) this.writeNote(entity, { run: '', down: { ...START }, up: null, upFrozen: false, done: true });
        return null;
      }
      state = { run: `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`, down: { ...START }, up: null, upFrozen: false, done: false };
    } else if (note && note.run === state.run && note.down.seq > state.down.seq) {
      state = { ...note, upFrozen: state.upFrozen || note.upFrozen, up: state.upFrozen ? state.up : note.up, done: state.done || note.done, complete: state.complete === true || note.complete === true };
    }
    this.states.set(entity, state);
    // A note lost (storage cleared, or kept before notes existed) is written again from the stored state: without
    // one, `FirstPages` asks the collection for an early page at every start.
    if (!note) this.note(entity);
    if (!doc) await this.persist(entity);
    return state;
  }

  /**
   * Stores the server's pages until none remains. The next page is fetched while one is written, and a page's write
   * is started while the one before it is still being committed: waiting for each commit cost 15% on 50,000 records
   * (decision 0009). Records stored already are put right in order, page after page (`fixUp`), and a page counts as
   * stored (progress note, then state) only once it and every page before it are. Any error hands the collection
   * over to RxDB's replication at the last stored page (it retries and reports like any pull).
   */
  async run(r: FirstSyncRun): Promise<{ state: FirstSyncState; complete: boolean }> {
    const state = this.states.get(r.entity);
    if (!state) throw new Error(`first sync of ${r.entity} was not planned`);
    const storage = underlyingStorage(this.db.collections[r.entity]);
    const pages = new PageQueue((cp, limit, onHeaders) => askPage(this.api, r.entity, cp, limit, this.timeoutMs, onHeaders), r.batchSize, r.stopped);
    const early = this.early?.take(r.entity);
    let stored = 0;
    let complete = false;
    let previous: Promise<void> = Promise.resolve();
    try {
      // A small first page: every collection asks at once and the server answers one after another, so storing
      // starts sooner while it prepares the full pages.
      if (early && state.down.seq === START.seq && state.down.scope === START.scope) pages.adopt(state.down, early);
      else pages.ask(state.down, Math.min(r.batchSize, FIRST_PAGE));
      for (;;) {
        const page = await Promise.race([pages.take(), r.stopping.then(() => null)]);
        if (!page || r.stopped() || page.resync) break;
        const more = page.remaining > 0 && page.documents.length > 0;
        if (more) pages.after(page.checkpoint);
        const written = insert(storage, page.documents, r.hash);
        const before = previous;
        const done = (async () => {
          const w = await written;
          await before; // pages are put right and counted in order
          const fixed = w.clash.length ? await fixUp(storage, w.clash, r.hash, w.lwt) : '';
          if (r.stopped()) return;
          state.down = page.checkpoint;
          const id = fixed > w.id ? fixed : w.id;
          if (id && !state.upFrozen) state.up = { id, lwt: w.lwt };
          if (!more) state.done = state.complete = complete = true;
          this.note(r.entity);
          this.persist(r.entity).catch(() => undefined); // not waited for: the note above already counts the page
          stored += page.documents.length;
          r.progress(stored, page.remaining);
        })();
        done.catch(() => undefined);
        // At most two pages' writes at once: this one, and the one before it finishing.
        await before;
        previous = done;
        if (!more) break;
      }
      await previous;
    } catch {
      // Handed over below: RxDB's replication pulls from `down` and reports the error if it lasts.
    }
    if (!r.stopped() && !state.done) state.done = true;
    if (!r.stopped()) {
      this.note(r.entity);
      await this.persist(r.entity);
    }
    return { state, complete };
  }

  /** RxDB's replication finished its first round for a collection handed over to it: its records are all here. */
  async markComplete(entity: EntityName): Promise<void> {
    const state = this.states.get(entity);
    if (!state || state.complete) return;
    state.complete = true;
    this.note(entity);
    await this.persist(entity);
  }

  /**
   * A local write is about to happen. While the collection's first sync runs, RxDB's push must start before it:
   * `up` stops where it is (stored before the write, so a restart cannot move it past the write either). Pages
   * stored after it are pushed too, and the push handler sees they are the server's own (not sent, no conflict).
   */
  async beforeLocalWrite(entity: EntityName): Promise<void> {
    const state = this.states.get(entity);
    if (!state || state.done || state.upFrozen) return;
    state.upFrozen = true;
    this.note(entity);
    await this.persist(entity);
  }

  private key(entity: EntityName): string {
    return `first-sync-${entity}`;
  }

  private noteKey(entity: EntityName): string {
    return noteKey(this.db.name, entity);
  }

  private readNote(entity: EntityName): FirstSyncState | null {
    try {
      const raw = this.notes.getItem(this.noteKey(entity));
      return raw ? (JSON.parse(raw) as FirstSyncState) : null;
    } catch {
      return null;
    }
  }

  /** The progress note: written at once, so a page stored just before the tab closes is not fetched again. */
  private note(entity: EntityName): void {
    const state = this.states.get(entity);
    if (state) this.writeNote(entity, state);
  }

  private writeNote(entity: EntityName, state: FirstSyncState): void {
    try {
      this.notes.setItem(this.noteKey(entity), JSON.stringify(state));
    } catch {
      // No room or no storage: the state in the database is the fallback (a page more may be fetched again).
    }
  }

  /** Writes the collection's current state; calls are chained so the last one written is the newest. */
  private persist(entity: EntityName): Promise<unknown> {
    const state = this.states.get(entity);
    // A copy of the moment (no structuredClone: old phones lack it, decision 0006).
    const snapshot = state ? { ...state, down: { ...state.down }, up: state.up ? { ...state.up } : null } : null;
    const p = (this.saving.get(entity) ?? Promise.resolve()).then(() => this.db.upsertLocal(this.key(entity), snapshot as FirstSyncState & Record<string, unknown>));
    this.saving.set(entity, p.catch(() => undefined));
    return p;
  }
}

/**
 * One page's new records, inserted in one bulk write. Records stored already (a page fetched again after a restart,
 * or a record the server changed during the sync) and deletions come back as `clash`, for `fixUp` once every page
 * before this one is put right. Returns the storage checkpoint after the page.
 */
async function insert(storage: Storage, docs: WireDoc[], hash: string): Promise<{ id: string; clash: WireDoc[]; lwt: number }> {
  const lwt = writeTime();
  const fresh: StoredDoc[] = [];
  const clash: WireDoc[] = [];
  let id = '';
  for (const d of docs) {
    if (d._deleted) {
      clash.push(d);
      continue;
    }
    fresh.push(asPulledFromServer(d, hash, lwt));
  }
  const byId = new Map(docs.map((d) => [d.id, d]));
  // Straight into Dexie when the storage is Dexie (the device's): a quarter of the write time (rxdb-internals.ts).
  const direct = fresh.length ? await insertIntoDexie(storage, fresh, CONTEXT) : { existing: new Set<string>() };
  let refused: string[];
  if (direct) refused = [...direct.existing];
  else {
    const res = await storage.bulkWrite(fresh.map((document) => ({ document })), CONTEXT);
    refused = [];
    for (const e of res.error) {
      if (e.status !== 409) throw new Error(`first sync: storage refused ${e.documentId} (${e.status})`);
      refused.push(e.documentId);
    }
  }
  for (const r of refused) {
    const wire = byId.get(r);
    if (wire) clash.push(wire);
  }
  const stored = new Set(refused);
  for (const d of fresh) if (!stored.has(d.id) && d.id > id) id = d.id;
  return { id, clash, lwt }; // the highest id inserted, with the page's lwt: the page's storage checkpoint
}

/**
 * Records of a page that were stored already, or deleted on the server: read afresh (a later page may have changed
 * them meanwhile) and replaced only if the device has not changed them. A 409 here means a local write came in
 * meanwhile: it stays, and its push merges with the server's state.
 */
async function fixUp(storage: Storage, clash: WireDoc[], hash: string, lwt: number): Promise<string> {
  const byId = new Map(clash.map((d) => [d.id, d]));
  const rows: BulkWriteRow<AnyRecord>[] = [];
  for (const inDb of await storage.findDocumentsById([...byId.keys()], false)) {
    const wire = byId.get(String((inDb as unknown as { id: string }).id));
    if (wire && isUnchangedFromServer(inDb as unknown as Record<string, unknown>, hash)) rows.push({ previous: inDb, document: asPulledFromServer(wire, hash, lwt, inDb) });
  }
  if (rows.length) await storage.bulkWrite(rows, CONTEXT);
  let id = '';
  for (const r of rows) if (r.document.id > id) id = r.document.id;
  return id; // the highest id written (with the page's lwt), for the page's storage checkpoint
}

/**
 * A record's server state kept just before its first local edit, for records the first sync stored without an
 * RxDB meta row: RxDB pushes such an edit with no assumed master, and the server needs the base for its three-way
 * merge (without it the edit would look like a create and every differing field like a conflict). Kept in the
 * database as local documents, so every tab and a restart see them; dropped once the push is settled, when RxDB
 * has written its own meta row.
 */
export class EditBases {
  constructor(private readonly db: FieldDatabase) {}

  async keep(entity: EntityName, base: WireDoc): Promise<void> {
    await this.db.upsertLocal(baseKey(entity, base.id), { doc: base });
  }

  async get(entity: EntityName, id: string): Promise<WireDoc | null> {
    const d = await this.db.getLocal<{ doc: WireDoc }>(baseKey(entity, id));
    return d ? (d.toJSON().data as { doc: WireDoc }).doc : null;
  }

  async forget(entity: EntityName, ids: readonly string[]): Promise<void> {
    await Promise.all(ids.map(async (id) => (await this.db.getLocal(baseKey(entity, id)))?.remove()));
  }
}

const baseKey = (entity: EntityName, id: string): string => `base-${entity}-${id}`;
