// Every use of RxDB's private storage layout in one place, each pinned by test/unit/rxdb-internals.test.ts: an RxDB
// upgrade that changes one of them fails that test, instead of silently losing edits (docs/decisions/0014).
import { getHeightOfRevision, now, type RxCollection, type RxDocumentData, type RxStorageInstance } from 'rxdb';
import type { AnyRecord } from '../../shared/entities/index.ts';
import type { WireDoc } from '../../shared/sync.ts';

export type StoredDoc = RxDocumentData<AnyRecord>;
export type Storage = RxStorageInstance<AnyRecord, unknown, unknown>;

/** RxDB's `_meta.o`: the revision height and replication hash of the last state its pull wrote from the server. */
type Meta = { lwt: number; o?: { _rev: number; hash: string } } & Record<string, unknown>;

/**
 * The hash RxDB's replication marks the records its pull wrote with (`_meta.o.hash`): its `identifierHash`, the
 * database's hash function over `'rxdbreplication' + identifier` (rxdb/src/plugins/replication-protocol/index.ts).
 */
export function replicationHash(db: { hashFunction(input: string): Promise<string> | string }, identifier: string): Promise<string> {
  return Promise.resolve(db.hashFunction(`rxdbreplication${identifier}`));
}

/**
 * The revision suffix of a record the first sync (or its `fixUp`) wrote: RxDB names its database (a 10-character
 * token) in the revisions it writes, so a record still carrying this suffix at the height of its mark has not been
 * rewritten by RxDB's pull or a local write since. Records stored before it existed carry the replication hash
 * instead (64 characters, on every record: a tenth of what a stored record weighs), which is still recognised.
 */
export const FIRST_SYNC_REV = 'fs';

/**
 * A record the first sync stored and the device has not changed since. It carries the mark RxDB's own pull leaves
 * on what it wrote from the server (`_meta.o`): while the record's revision height equals it, a later pull may
 * replace it although RxDB keeps no assumed-master row for it. Its revision is also the first sync's own
 * (`n-fs`, or `n-<hash>` as first syncs wrote it before): once RxDB's pull or a local write has rewritten it (RxDB then
 * names its database in the revision), RxDB has its own row or the change is the device's, and no base needs keeping.
 */
export function isUnchangedFromServer(doc: Record<string, unknown>, hash: string): boolean {
  const o = (doc._meta as Meta | undefined)?.o;
  return !!o && o.hash === hash && (doc._rev === `${o._rev}-${FIRST_SYNC_REV}` || doc._rev === `${o._rev}-${hash}`);
}

/** The document as RxDB's pull would have written it from the server state `wire`, over `previous` if stored. */
export function asPulledFromServer(wire: WireDoc, hash: string, lwt: number, previous?: StoredDoc): StoredDoc {
  const height = previous ? getHeightOfRevision(previous._rev) + 1 : 1;
  const meta: Meta = { ...((previous?._meta as Meta | undefined) ?? {}), lwt, o: { _rev: height, hash } };
  return { ...wire, _attachments: {}, _rev: `${height}-${FIRST_SYNC_REV}`, _meta: meta } as unknown as StoredDoc;
}

/** RxDB's write time for `_meta.lwt` (monotonic within the page). */
export const writeTime = (): number => now();

/**
 * The storage under a collection's RxDB wrapper (`originalStorageInstance`): writes there skip RxDB's hooks and
 * change events, which the first sync does not need (it announces nothing; the lists read once it is ready).
 */
export function underlyingStorage(collection: RxCollection<AnyRecord>): Storage {
  return (collection.storageInstance as unknown as { originalStorageInstance: Storage }).originalStorageInstance;
}

/** The stored documents with these ids, deleted ones included, with RxDB's `_meta` and `_rev`. */
export async function storedDocuments(collection: RxCollection<AnyRecord>, ids: readonly string[]): Promise<Record<string, unknown>[]> {
  return (await collection.storageInstance.findDocumentsById([...ids], true)) as unknown as Record<string, unknown>[];
}

/** What RxDB's Dexie storage keeps per collection (`RxStorageInstanceDexie.internals`, rxdb/src/plugins/storage-dexie). */
interface DexieInternals {
  dexieDb: { transaction(mode: 'rw', table: unknown, scope: () => Promise<void>): Promise<void> };
  dexieTable: { bulkAdd(docs: Record<string, unknown>[]): Promise<unknown> };
  booleanIndexes: string[];
}

/** An RxDB storage event bulk, as `categorizeBulkWriteRows` builds it for an insert (rxdb/src/rx-storage-helper.ts). */
interface InsertEventBulk {
  id: string;
  events: { documentId: string; operation: 'INSERT'; documentData: StoredDoc; previousDocumentData: undefined }[];
  checkpoint: { id: string; lwt: number };
  context: string;
}

let bulkIds = 0;

/**
 * New documents written straight into the Dexie table under a storage instance, in RxDB's stored form, with the change
 * event RxDB's own write would emit; null when the storage is not Dexie (another storage: use `bulkWrite`). Ids stored
 * already are left as they are and listed in `existing`.
 *
 * RxDB's `bulkWrite` first reads every id (a 409 check), builds a write row and an event per document, deep-copies
 * each document to rename keys starting with `|` and stores booleans as '1'/'0' for its indexes: for a fresh device's
 * first sync, where nearly every id is new, that was a quarter of the storage time on a desktop and 30% on a slowed
 * phone (docs/decisions/0009). Here a document is copied once, with its boolean indexes as RxDB's Dexie storage keeps
 * them (`fromStorageToDexie`); an existing id fails its add alone (Dexie's BulkError, caught inside the transaction,
 * so the others commit). Our documents have no key starting with `|` or `__`, which RxDB would rename.
 */
export async function insertIntoDexie(storage: Storage, docs: StoredDoc[], context: string): Promise<{ existing: Set<string> } | null> {
  const inst = storage as unknown as { internals?: Promise<DexieInternals>; changes$?: { next(e: InsertEventBulk): void } };
  if (!inst.internals || !inst.changes$) return null;
  const state = await inst.internals;
  if (!state?.dexieTable || !state.dexieDb || !Array.isArray(state.booleanIndexes) || state.booleanIndexes.some((k) => k.includes('.'))) return null;
  const flags = state.booleanIndexes;
  const rows = docs.map((d) => {
    const row: Record<string, unknown> = { ...(d as unknown as Record<string, unknown>) };
    for (const k of flags) row[k] = row[k] ? '1' : '0';
    return row;
  });
  const existing = new Set<string>();
  await state.dexieDb.transaction('rw', state.dexieTable, async () => {
    try {
      await state.dexieTable.bulkAdd(rows);
    } catch (err) {
      const failures = (err as { name?: string; failuresByPos?: Record<number, { name?: string }> }).failuresByPos;
      if ((err as { name?: string }).name !== 'BulkError' || !failures) throw err;
      for (const [pos, f] of Object.entries(failures)) {
        if (f?.name !== 'ConstraintError') throw err;
        existing.add(docs[Number(pos)]!.id);
      }
    }
  });
  const events = docs.filter((d) => !existing.has(d.id)).map((d) => ({ documentId: d.id, operation: 'INSERT' as const, documentData: d, previousDocumentData: undefined }));
  const last = events[events.length - 1]?.documentData;
  if (last) inst.changes$.next({ id: `${context}-${Date.now().toString(36)}-${bulkIds++}`, events, checkpoint: { id: last.id, lwt: (last._meta as Meta).lwt }, context });
  return { existing };
}
