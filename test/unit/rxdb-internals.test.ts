// Pins each RxDB internal the first sync and the restore rely on (pwa/db/rxdb-internals.ts): an RxDB upgrade that
// changes one fails here, by name, rather than losing edits on devices.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getHeightOfRevision } from 'rxdb';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openDatabase, type FieldDatabase } from '../../pwa/db/database.ts';
import { asPulledFromServer, FIRST_SYNC_REV, isUnchangedFromServer, replicationHash, storedDocuments, underlyingStorage, writeTime } from '../../pwa/db/rxdb-internals.ts';
import type { AnyRecord } from '../../shared/entities/index.ts';
import type { Checkpoint, WireDoc } from '../../shared/sync.ts';
import { makeDoc } from '../helpers/docs.ts';

let n = 0;
const open = (): Promise<FieldDatabase> => openDatabase({ name: `internals${n++}x${Date.now()}`, storage: getRxStorageMemory(), multiInstance: false });

/**
 * A replication of companies from a scripted server; `calls` records the checkpoints RxDB asked from. It has a push
 * side, as the device's has: a pull-only replication keeps no pull meta (`_meta.o`) at all.
 */
function replicate(db: FieldDatabase, identifier: string, pages: WireDoc[][], initialCheckpoint?: Checkpoint) {
  const calls: (Checkpoint | undefined)[] = [];
  const state = replicateRxCollection<AnyRecord, Checkpoint>({
    collection: db.collections.company,
    replicationIdentifier: identifier,
    live: false,
    waitForLeadership: false,
    pull: {
      batchSize: 10,
      ...(initialCheckpoint ? { initialCheckpoint } : {}),
      handler: async (cp) => {
        calls.push(cp);
        const docs = pages.shift() ?? [];
        return { documents: docs as AnyRecord[] as never, checkpoint: { seq: (cp?.seq ?? 0) + docs.length, scope: 's' } };
      },
    },
    push: { handler: async () => [] },
  });
  return { state, calls };
}

test("RxDB's pull marks what it wrote with _meta.o = {height, hash of 'rxdbreplication' + identifier}", async () => {
  const db = await open();
  try {
    // RxDB's storage wrapper gives an inserted record a fresh `_meta`; the mark shows from the pull's first update.
    for (const name of ['One', 'Two']) {
      const { state } = replicate(db, 'pin-a', [[makeDoc('company', { id: 'c1', name })]]);
      await state.awaitInitialReplication();
      await state.cancel();
    }
    const [doc] = await storedDocuments(db.collections.company, ['c1']);
    const o = (doc!._meta as { o?: { _rev: number; hash: string } }).o;
    assert.ok(o, 'the pulled record carries _meta.o');
    assert.is(o!.hash, await replicationHash(db, 'pin-a'));
    assert.is(o!._rev, getHeightOfRevision(String(doc!._rev)));
    // RxDB names its database in the revisions it writes: a record it pulled is not the first sync's own.
    assert.not.ok(isUnchangedFromServer(doc!, o!.hash));
  } finally {
    await db.close();
  }
});

test('a record written under the wrapper with the pull mark is read back, and later pulls replace it as their own', async () => {
  const db = await open();
  try {
    const hash = await replicationHash(db, 'pin-b');
    const first = makeDoc('company', { id: 'c2', name: 'First' });
    await underlyingStorage(db.collections.company).bulkWrite([{ document: asPulledFromServer(first, hash, writeTime()) }], 'pin');
    const [stored] = await storedDocuments(db.collections.company, ['c2']);
    assert.ok(isUnchangedFromServer(stored!, hash));
    assert.is((await db.collections.company.findOne('c2').exec())?.name, 'First');
    // RxDB starts from the initial checkpoint when it has none, and takes the newer server state over the marked one.
    const { state, calls } = replicate(db, 'pin-b', [[{ ...first, name: 'Newer' }]], { seq: 7, scope: 's' });
    await state.awaitInitialReplication();
    await state.cancel();
    assert.equal(calls[0], { seq: 7, scope: 's' });
    assert.is((await db.collections.company.findOne('c2').exec())?.name, 'Newer');
    // With a checkpoint of its own, RxDB ignores the initial one.
    const again = replicate(db, 'pin-b', [[]], { seq: 1, scope: 's' });
    await again.state.awaitInitialReplication();
    await again.state.cancel();
    assert.equal(again.calls[0], { seq: 8, scope: 's' });
  } finally {
    await db.close();
  }
});

test('a local edit rewrites the revision (no longer the server\'s own); a deleted record is still read by id; an insert over it continues its revisions', async () => {
  const db = await open();
  try {
    const hash = await replicationHash(db, 'pin-c');
    await underlyingStorage(db.collections.company).bulkWrite([{ document: asPulledFromServer(makeDoc('company', { id: 'c3' }), hash, writeTime()) }], 'pin');
    const doc = (await db.collections.company.findOne('c3').exec())!;
    await doc.incrementalPatch({ name: 'Edited' });
    const [edited] = await storedDocuments(db.collections.company, ['c3']);
    assert.not.ok(isUnchangedFromServer(edited!, hash));
    await (await db.collections.company.findOne('c3').exec())!.remove();
    const [gone] = await storedDocuments(db.collections.company, ['c3']);
    assert.is(gone!._deleted, true);
    const height = getHeightOfRevision(String(gone!._rev));
    await db.collections.company.insert({ ...makeDoc('company', { id: 'c3', name: 'Restored' }) } as unknown as AnyRecord);
    const [back] = await storedDocuments(db.collections.company, ['c3']);
    assert.is(back!._deleted, false);
    assert.is(getHeightOfRevision(String(back!._rev)), height + 1);
  } finally {
    await db.close();
  }
});

test('records first-synced before the short revision suffix are still the first sync\'s own; RxDB\'s token never equals the suffix', async () => {
  const db = await open();
  try {
    const hash = await replicationHash(db, 'pin-rev');
    const now = asPulledFromServer(makeDoc('company', { id: 'r1' }), hash, writeTime());
    assert.is(now._rev, `1-${FIRST_SYNC_REV}`);
    assert.ok(isUnchangedFromServer(now as unknown as Record<string, unknown>, hash));
    const before = { ...now, _rev: `1-${hash}` };
    assert.ok(isUnchangedFromServer(before as unknown as Record<string, unknown>, hash), 'the old form (the replication hash) is recognised');
    assert.not.ok(isUnchangedFromServer({ ...now, _rev: `1-${db.token}` } as unknown as Record<string, unknown>, hash), 'RxDB\'s own revision at the same height is not');
    assert.is.not(db.token, FIRST_SYNC_REV);
  } finally {
    await db.close();
  }
});

test.run();
