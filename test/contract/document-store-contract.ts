// The contract every DocumentStore meets (insert with its files, the list within what a user may see, policies, bytes in
// the database, delete); run by test/integration/store-<dialect>.test.ts beside the sync store's contract.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MessageFiledAlready, type DocumentRow, type DocumentVisibility } from '../../sync-server/db/documents.ts';
import type { SyncStore } from '../../sync-server/db/store.ts';
import { makeDoc } from '../helpers/docs.ts';

let n = 0;
function row(fields: Partial<DocumentRow> = {}): DocumentRow {
  const at = new Date(Date.UTC(2026, 2, 1, 9, 0, n)).toISOString();
  return {
    id: `d${String(n++).padStart(4, '0')}-0000-4000-8000-000000000000`,
    entity: 'company',
    recordId: 'c-eu',
    viaEntity: '',
    viaRecordId: '',
    name: 'Offer.pdf',
    contentType: 'application/pdf',
    size: 3,
    sha256: 'a'.repeat(64),
    storage: 'folder',
    policy: 'inherit',
    territoryId: 't-eu',
    ownerId: 'u-sales',
    createdAt: at,
    updatedAt: at,
    updatedBy: 'u-sales',
    ...fields,
  };
}

const SALES: DocumentVisibility = { userId: 'u-sales', admin: false, view: { company: ['t-eu'], person: ['t-eu'], communication: ['t-eu'] } };
const MANAGER: DocumentVisibility = { userId: 'u-manager', admin: false, view: { company: ['t-eu', 't-na'], person: ['t-eu', 't-na'] } };
const ADMIN: DocumentVisibility = { userId: 'u-admin', admin: true, view: { company: ['t-eu', 't-na', 't-af'], person: ['t-eu', 't-na', 't-af'] } };

export function documentStoreContract(name: string, open: () => Promise<SyncStore>): void {
  const t = suite<{ store: SyncStore }>(`document store contract: ${name}`, { store: undefined as unknown as SyncStore });
  t.before.each(async (ctx) => {
    ctx.store = await open();
    await ctx.store.migrate();
    await ctx.store.insertMany('company', [makeDoc('company', { id: 'c-eu', territoryId: 't-eu' }), makeDoc('company', { id: 'c-na', territoryId: 't-na' }), { ...makeDoc('company', { id: 'c-gone', territoryId: 't-eu' }), _deleted: true }]);
    await ctx.store.insertMany('person', [makeDoc('person', { id: 'p-eu', territoryId: 't-eu' })]);
  });
  t.after.each(async (ctx) => {
    await ctx.store.close();
  });

  const ids = async (store: SyncStore, v: DocumentVisibility, extra: { record?: { entity: 'company' | 'person'; id: string }; text?: string } = {}) =>
    (await store.documents.list({ visibility: v, text: extra.text ?? '', offset: 0, limit: 100, ...(extra.record ? { record: extra.record } : {}) })).rows.map((r) => r.id);

  t('insert runs beforeCommit inside the transaction: a throw there leaves no row and no bytes', async ({ store }) => {
    const a = row();
    let failed = false;
    try {
      await store.documents.insert([a], new Map([[a.id, new Uint8Array([1, 2, 3])]]), () => {
        throw new Error('the file could not be moved');
      });
    } catch {
      failed = true;
    }
    assert.ok(failed, 'the insert fails with its beforeCommit');
    assert.is(await store.documents.get(a.id), null);
    assert.is(await store.documents.content(a.id), null);
    let ran = false;
    await store.documents.insert([a], new Map([[a.id, new Uint8Array([1, 2, 3])]]), () => {
      ran = true;
    });
    assert.ok(ran);
    assert.equal(await store.documents.get(a.id), a);
    assert.equal([...(await store.documents.content(a.id))!], [1, 2, 3]);
  });

  t('the list holds what the user may see: the record’s territory, live records, and each policy', async ({ store }) => {
    const inherit = row();
    const na = row({ recordId: 'c-na', territoryId: 't-na' });
    const gone = row({ recordId: 'c-gone' });
    const narrowed = row({ policy: 'territory', territoryId: 't-na' });
    const mine = row({ policy: 'private', ownerId: 'u-sales' });
    const theirs = row({ policy: 'private', ownerId: 'u-manager' });
    const onPerson = row({ entity: 'person', recordId: 'p-eu' });
    await store.documents.insert([inherit, na, gone, narrowed, mine, theirs, onPerson], new Map());
    assert.equal((await ids(store, SALES)).sort(), [inherit.id, mine.id, onPerson.id].sort());
    assert.equal((await ids(store, MANAGER)).sort(), [inherit.id, na.id, narrowed.id, theirs.id, onPerson.id].sort());
    assert.equal((await ids(store, ADMIN)).sort(), [inherit.id, na.id, narrowed.id, mine.id, theirs.id, onPerson.id].sort());
    assert.equal(await ids(store, { userId: 'u-x', admin: false, view: {} }), []);
  });

  t('one record’s documents include those dropped on it; the name filter is a contains, any case, wildcards literal', async ({ store }) => {
    const own = row({ name: 'Plan 100% final.PNG' });
    const via = row({ entity: 'communication', recordId: 'm1', viaEntity: 'company', viaRecordId: 'c-eu', name: 'mail.eml' });
    const other = row({ entity: 'person', recordId: 'p-eu', name: 'Plan_b.png' });
    await store.insertMany('communication', [makeDoc('communication', { id: 'm1', territoryId: 't-eu' })]);
    await store.documents.insert([own, via, other], new Map());
    assert.equal((await ids(store, SALES, { record: { entity: 'company', id: 'c-eu' } })).sort(), [own.id, via.id].sort());
    assert.equal(await ids(store, SALES, { text: '100% FINAL' }), [own.id]);
    assert.equal(await ids(store, SALES, { text: 'plan_' }), [other.id]);
    assert.equal(await ids(store, SALES, { text: '%' }), [own.id]);
  });

  t('pages newest first with their total; update changes the policy; delete removes the row and its bytes', async ({ store }) => {
    const rows = Array.from({ length: 5 }, () => row());
    await store.documents.insert(rows, new Map([[rows[0]!.id, new Uint8Array([9])]]));
    const page = await store.documents.list({ visibility: SALES, text: '', offset: 1, limit: 2 });
    assert.equal([page.total, page.rows.map((r) => r.id)], [5, [rows[3]!.id, rows[2]!.id]]);
    const changed = await store.documents.update(rows[1]!.id, { policy: 'territory', territoryId: 't-na', updatedAt: 'later', updatedBy: 'u-manager' });
    assert.equal([changed?.policy, changed?.territoryId, changed?.updatedBy], ['territory', 't-na', 'u-manager']);
    assert.is(await store.documents.update('nope', { policy: 'inherit', territoryId: 't-eu', updatedAt: 'x', updatedBy: 'x' }), null);
    assert.equal((await store.documents.delete(rows[0]!.id))?.id, rows[0]!.id);
    assert.is(await store.documents.content(rows[0]!.id), null);
    assert.is(await store.documents.delete(rows[0]!.id), null);
    assert.is((await store.documents.list({ visibility: SALES, text: '', offset: 0, limit: 100 })).total, 3);
  });

  t('a message is filed once: its filing goes in with the documents; a second is refused; a deleted communication frees it', async ({ store }) => {
    await store.insertMany('communication', [makeDoc('communication', { id: 'm-one', territoryId: 't-eu' })]);
    const key = 'f'.repeat(64);
    const filed = { messageKey: key, communicationId: 'm-one', filedBy: 'u-sales', filedAt: '2026-03-01T09:00:00.000Z' };
    assert.is(await store.documents.filedMessage(key), null);
    const first = row({ entity: 'communication', recordId: 'm-one' });
    await store.documents.insert([first], new Map(), undefined, filed);
    assert.equal(await store.documents.filedMessage(key), filed);
    const second = row({ entity: 'communication', recordId: 'm-one' });
    try {
      await store.documents.insert([second], new Map(), undefined, { ...filed, communicationId: 'm-two' });
      assert.unreachable('filed twice');
    } catch (err) {
      assert.instance(err, MessageFiledAlready);
      assert.is((err as MessageFiledAlready).filed.communicationId, 'm-one');
    }
    assert.is(await store.documents.get(second.id), null, 'nothing of the refused filing');
    // A filing whose communication was deleted since: not filed any more, and a new filing replaces it.
    await store.insertMany('communication', [{ ...makeDoc('communication', { id: 'm-gone', territoryId: 't-eu' }), _deleted: true }, makeDoc('communication', { id: 'm-two', territoryId: 't-eu' })]);
    const other = 'e'.repeat(64);
    await store.documents.insert([row({ entity: 'communication', recordId: 'm-gone' })], new Map(), undefined, { ...filed, messageKey: other, communicationId: 'm-gone' });
    assert.is(await store.documents.filedMessage(other), null);
    await store.documents.insert([second], new Map(), undefined, { ...filed, messageKey: other, communicationId: 'm-two' });
    assert.is((await store.documents.filedMessage(other))?.communicationId, 'm-two');
  });

  t.run();
}
