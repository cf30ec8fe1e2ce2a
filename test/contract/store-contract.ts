// The contract every SyncStore implementation must meet; run by test/integration/store-<dialect>.test.ts.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { SyncStore } from '../../sync-server/db/store.ts';
import { makeDoc } from '../helpers/docs.ts';

const actor = { userId: 'u-test' };

export function storeContract(name: string, open: () => Promise<SyncStore>): void {
  const t = suite<{ store: SyncStore }>(`store contract: ${name}`, { store: undefined as unknown as SyncStore });
  t.before.each(async (ctx) => {
    ctx.store = await open();
    await ctx.store.migrate();
  });
  t.after.each(async (ctx) => {
    await ctx.store.close();
  });

  t('migrate is safe to run twice', async ({ store }) => {
    await store.migrate();
    assert.is(await store.count('company'), 0);
  });

  t('a pushed record comes back on pull, stamped by the server', async ({ store }) => {
    const doc = makeDoc('company', { name: 'Panoply Ltd', emails: [{ type: 'business', address: 'sales@panoply.example' }] });
    const out = await store.push('company', [{ assumedMasterState: null, newDocumentState: doc }], actor);
    assert.equal(out.conflicts, []);
    assert.ok(out.lastSeq !== null);
    const page = await store.pull('company', 0, 10);
    assert.is(page.documents.length, 1);
    const got = page.documents[0]!;
    assert.is(got.name, 'Panoply Ltd');
    assert.equal(got.emails, [{ type: 'business', address: 'sales@panoply.example' }]);
    assert.is(got.updatedBy, 'u-test');
    assert.ok(got.updatedAt !== '');
    assert.is(page.checkpoint.seq, out.lastSeq);
    assert.is(page.remaining, 0);
  });

  t('pull pages oldest first, exactly limit rows while more exist', async ({ store }) => {
    const docs = Array.from({ length: 7 }, (_, i) => makeDoc('person', { id: `p${i}`, lastName: `L${i}` }));
    for (const d of docs) await store.push('person', [{ assumedMasterState: null, newDocumentState: d }], actor);
    const seen: string[] = [];
    let since = 0;
    const sizes: number[] = [];
    for (;;) {
      const page = await store.pull('person', since, 3);
      sizes.push(page.documents.length);
      seen.push(...page.documents.map((d) => d.id));
      if (page.documents.length === 0) break;
      assert.ok(page.checkpoint.seq > since);
      since = page.checkpoint.seq;
    }
    assert.equal(sizes, [3, 3, 1, 0]);
    assert.equal(seen, docs.map((d) => d.id));
  });

  t('an update moves the record to the end of the change order', async ({ store }) => {
    const a = makeDoc('company', { id: 'a' });
    const b = makeDoc('company', { id: 'b' });
    await store.push('company', [{ assumedMasterState: null, newDocumentState: a }, { assumedMasterState: null, newDocumentState: b }], actor);
    const [masterA] = await store.getByIds('company', ['a']);
    await store.push('company', [{ assumedMasterState: masterA!, newDocumentState: { ...masterA!, name: 'A2' } }], actor);
    const page = await store.pull('company', 0, 10);
    assert.equal(page.documents.map((d) => d.id), ['b', 'a']);
    assert.is(page.documents[1]!.name, 'A2');
  });

  t('a retried push applies once and answers without conflict', async ({ store }) => {
    const doc = makeDoc('company', { id: 'r1' });
    const first = await store.push('company', [{ assumedMasterState: null, newDocumentState: doc }], actor);
    const again = await store.push('company', [{ assumedMasterState: null, newDocumentState: doc }], actor);
    assert.equal(again.conflicts, []);
    assert.is(again.lastSeq, null);
    const page = await store.pull('company', 0, 10);
    assert.is(page.documents.length, 1);
    assert.is(page.checkpoint.seq, first.lastSeq);
  });

  t('edits to different fields both survive; same field: master stands and comes back as the conflict', async ({ store }) => {
    const doc = makeDoc('company', { id: 'm1', name: 'Base', industry: 'Retail', website: 'panoply.example' });
    await store.push('company', [{ assumedMasterState: null, newDocumentState: doc }], actor);
    const [base] = await store.getByIds('company', ['m1']);
    await store.push('company', [{ assumedMasterState: base!, newDocumentState: { ...base!, name: 'From A', industry: 'Retail A' } }], actor);
    const out = await store.push('company', [{ assumedMasterState: base!, newDocumentState: { ...base!, industry: 'Retail B', website: 'b.example' } }], { userId: 'u-b' });
    assert.is(out.conflicts.length, 1);
    const [master] = await store.getByIds('company', ['m1']);
    assert.is(master!.name, 'From A');
    assert.is(master!.industry, 'Retail A');
    assert.is(master!.website, 'b.example');
    assert.equal(out.conflicts[0], master);
  });

  t('deletion is a flagged row that pulls like any change', async ({ store }) => {
    const doc = makeDoc('note', { id: 'n1' });
    await store.push('note', [{ assumedMasterState: null, newDocumentState: doc }], actor);
    const [m] = await store.getByIds('note', ['n1']);
    await store.push('note', [{ assumedMasterState: m!, newDocumentState: { ...m!, _deleted: true } }], actor);
    const page = await store.pull('note', 0, 10);
    assert.is(page.documents.length, 1);
    assert.is(page.documents[0]!._deleted, true);
    assert.is(await store.count('note'), 0);
  });

  t('getByIds returns exactly the records asked for (685-171907-QA)', async ({ store }) => {
    await store.insertMany('company', ['x1', 'x2', 'x3', 'x10'].map((id) => makeDoc('company', { id })));
    const got = await store.getByIds('company', ['x1', 'x10', 'missing']);
    assert.equal(got.map((d) => d.id).sort(), ['x1', 'x10']);
  });

  t('users, sessions and territories round-trip', async ({ store }) => {
    await store.insertTerritories([{ id: 't-w', name: 'World', parentId: '' }]);
    await store.insertUsers([{ id: 'u1', login: 'ann', displayName: 'Ann', passwordHash: 'h', role: 'sales', territoryId: 't-w', locale: 'fr', timeZone: 'Europe/Paris' }]);
    assert.is((await store.findUserByLogin('ann'))?.id, 'u1');
    assert.is(await store.findUserByLogin('nobody'), null);
    await store.createSession({ tokenHash: 'th', userId: 'u1', createdAt: '2026-01-01T00:00:00Z', expiresAt: '2026-02-01T00:00:00Z' });
    assert.is((await store.findSession('th'))?.userId, 'u1');
    await store.deleteSession('th');
    assert.is(await store.findSession('th'), null);
    assert.equal(await store.listTerritories(), [{ id: 't-w', name: 'World', parentId: '' }]);
  });

  t.run();
}
