// The first sync's direct write into RxDB's Dexie storage (pwa/db/rxdb-internals.ts `insertIntoDexie`), on RxDB's real
// Dexie storage over an in-memory IndexedDB (fake-indexeddb): what it stores must be exactly what RxDB's own
// bulkWrite stores, be found by RxDB's queries and indexes, and be announced as RxDB announces its writes.
import 'fake-indexeddb/auto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getChangedDocumentsSince } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { openDatabase, type FieldDatabase } from '../../pwa/db/database.ts';
import { asPulledFromServer, insertIntoDexie, storedDocuments, underlyingStorage, writeTime } from '../../pwa/db/rxdb-internals.ts';
import { makeDoc } from '../helpers/docs.ts';

let n = 0;
const open = (): Promise<FieldDatabase> => openDatabase({ name: `dexieinsert${n++}x${Date.now()}`, storage: getRxStorageDexie(), multiInstance: false });

test('a document written straight into Dexie reads back as the same document RxDB writes, by id, query and index', async () => {
  const db = await open();
  try {
    const storage = underlyingStorage(db.collections.company);
    const lwt = writeTime();
    const direct = asPulledFromServer(makeDoc('company', { id: 'c-direct', name: 'Direct', territoryId: 't-eu', emails: [{ address: 'a@example.com', type: 'business' }] }), 'h', lwt);
    const viaRxdb = asPulledFromServer(makeDoc('company', { id: 'c-rxdb', name: 'Direct', territoryId: 't-eu', emails: [{ address: 'a@example.com', type: 'business' }] }), 'h', lwt);
    const res = await insertIntoDexie(storage, [direct], 'test');
    assert.ok(res, 'the storage is Dexie');
    assert.equal([...res!.existing], []);
    await storage.bulkWrite([{ document: viaRxdb }], 'test');
    const [a, b] = await storedDocuments(db.collections.company, ['c-direct', 'c-rxdb']);
    assert.equal({ ...a, id: 'x' }, { ...b, id: 'x' }, 'stored alike');
    assert.is(a!._deleted, false, 'the boolean index reads back as a boolean');
    // RxDB's queries: by the territory index, sorted by name, and the count (which reads `_deleted` through its index).
    const found = await db.collections.company.find({ selector: { territoryId: 't-eu' }, sort: [{ name: 'asc' }, { id: 'asc' }] }).exec();
    assert.equal(found.map((d) => d.id), ['c-direct', 'c-rxdb']);
    assert.is(await db.collections.company.count().exec(), 2);
    // RxDB's changes since a checkpoint (what its push reads) include it, ordered by write time then id.
    const since = await getChangedDocumentsSince(storage, 10, { id: '', lwt: 0 });
    assert.equal(since.documents.map((d) => (d as unknown as { id: string }).id), ['c-direct', 'c-rxdb']);
  } finally {
    await db.close();
  }
});

test('an id stored already is reported and left as it was; the others of the page are stored', async () => {
  const db = await open();
  try {
    const storage = underlyingStorage(db.collections.company);
    const old = asPulledFromServer(makeDoc('company', { id: 'c1', name: 'Kept' }), 'h', writeTime());
    await insertIntoDexie(storage, [old], 'test');
    const page = ['c0', 'c1', 'c2'].map((id) => asPulledFromServer(makeDoc('company', { id, name: `New ${id}` }), 'h', writeTime()));
    const res = await insertIntoDexie(storage, page, 'test');
    assert.equal([...res!.existing], ['c1']);
    const docs = await db.collections.company.find({ sort: [{ id: 'asc' }] }).exec();
    assert.equal(docs.map((d) => `${d.id}:${d.name}`), ['c0:New c0', 'c1:Kept', 'c2:New c2']);
  } finally {
    await db.close();
  }
});

test('the write is announced as RxDB announces its own: an open query sees the new documents', async () => {
  const db = await open();
  try {
    const seen: number[] = [];
    const sub = db.collections.company.find().$.subscribe((docs) => seen.push(docs.length));
    await db.collections.company.find().exec();
    const page = ['a', 'b', 'c'].map((id) => asPulledFromServer(makeDoc('company', { id, name: id }), 'h', writeTime()));
    await insertIntoDexie(underlyingStorage(db.collections.company), page, 'test');
    for (let i = 0; i < 50 && seen[seen.length - 1] !== 3; i++) await new Promise((r) => setTimeout(r, 10));
    sub.unsubscribe();
    assert.is(seen[seen.length - 1], 3, `the open query saw ${JSON.stringify(seen)}`);
  } finally {
    await db.close();
  }
});

test('another storage is not Dexie: the caller writes through RxDB', async () => {
  const { getRxStorageMemory } = await import('rxdb/plugins/storage-memory');
  const db = await openDatabase({ name: `mem${Date.now()}`, storage: getRxStorageMemory(), multiInstance: false });
  try {
    assert.is(await insertIntoDexie(underlyingStorage(db.collections.company), [asPulledFromServer(makeDoc('company', { id: 'm1' }), 'h', writeTime())], 'test'), null);
  } finally {
    await db.close();
  }
});

test.run();
