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
 * A record the first sync stored and the device has not changed since. It carries the mark RxDB's own pull leaves
 * on what it wrote from the server (`_meta.o`): while the record's revision height equals it, a later pull may
 * replace it although RxDB keeps no assumed-master row for it. Its revision is also the first sync's own (`n-<hash>`):
 * once RxDB's pull or a local write has rewritten it (RxDB then names its database in the revision), RxDB has its own
 * row or the change is the device's, and no base needs keeping.
 */
export function isUnchangedFromServer(doc: Record<string, unknown>, hash: string): boolean {
  const o = (doc._meta as Meta | undefined)?.o;
  return !!o && o.hash === hash && doc._rev === `${o._rev}-${hash}`;
}

/** The document as RxDB's pull would have written it from the server state `wire`, over `previous` if stored. */
export function asPulledFromServer(wire: WireDoc, hash: string, lwt: number, previous?: StoredDoc): StoredDoc {
  const height = previous ? getHeightOfRevision(previous._rev) + 1 : 1;
  const meta: Meta = { ...((previous?._meta as Meta | undefined) ?? {}), lwt, o: { _rev: height, hash } };
  return { ...wire, _attachments: {}, _rev: `${height}-${hash}`, _meta: meta } as unknown as StoredDoc;
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
