// A deletion is a revision that can conflict (decision 0015): a delete on an out-of-date copy, and an edit that meets a
// newer deletion, are each kept for their author; nothing vanishes. Over HTTP as an API client, then with two devices.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ConflictRecord } from '../../shared/entities/index.ts';
import type { PushResponse, WireDoc } from '../../shared/sync.ts';
import { deleteAnyway, restoreWithChanges } from '../../pwa/features/conflicts/settle.ts';
import { openDevice, waitFor, type TestDevice } from '../helpers/client.ts';
import { makeDoc } from '../helpers/docs.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

type Ctx = { server: TestServer; tokens: Record<string, string> };
const http = suite<Ctx>('delete conflicts over HTTP');

http.before(async (ctx) => {
  ctx.server = await startServer({ companies: 0 });
  ctx.tokens = {};
  for (const login of ['admin', 'sales', 'manager']) ctx.tokens[login] = await signIn(ctx.server.url, login);
});
http.after(async ({ server }) => server.close());

async function push(ctx: Ctx, login: string, entity: string, rows: { assumedMasterState: WireDoc | null; newDocumentState: WireDoc }[], lenient = true): Promise<{ status: number; body: PushResponse & Record<string, unknown> }> {
  const res = await fetch(`${ctx.server.url}/sync/${entity}/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctx.tokens[login]}`, 'content-type': 'application/json', ...(lenient ? { prefer: 'handling=lenient' } : {}) },
    body: JSON.stringify(rows),
  });
  return { status: res.status, body: (await res.json()) as PushResponse & Record<string, unknown> };
}
const master = async (ctx: Ctx, entity: 'company' | 'note' | 'person', id: string): Promise<WireDoc> => (await ctx.server.store.getByIds(entity, [id]))[0]!;
const conflictsOf = async (ctx: Ctx, userId: string, recordId: string): Promise<ConflictRecord[]> =>
  ((await ctx.server.store.pull('conflict', 0, 1000, { kind: 'owner', ownerId: userId })).documents as unknown as ConflictRecord[]).filter((c) => c.recordId === recordId);

http('a delete on an out-of-date copy is refused and kept for the deleter; "delete anyway" then deletes', async (ctx) => {
  const x = makeDoc('company', { id: 'x-stale', name: 'Stale Delete Ltd', industry: 'Retail', territoryId: 't-eu' });
  assert.is((await push(ctx, 'admin', 'company', [{ assumedMasterState: null, newDocumentState: x }])).status, 200);
  const seenBySales = await master(ctx, 'company', x.id);
  const r1 = await push(ctx, 'manager', 'company', [{ assumedMasterState: seenBySales, newDocumentState: { ...seenBySales, industry: 'Energy' } }]);
  assert.equal(r1.body.conflicts, []);
  const r2 = await push(ctx, 'sales', 'company', [{ assumedMasterState: seenBySales, newDocumentState: { ...seenBySales, _deleted: true } }]);
  assert.is(r2.status, 200);
  assert.is(r2.body.conflicts.length, 1, 'the deleter is answered with the record as it is');
  assert.equal([r2.body.conflicts[0]!._deleted, r2.body.conflicts[0]!.industry], [false, 'Energy']);
  const now = await master(ctx, 'company', x.id);
  assert.equal([now._deleted, now.industry], [false, 'Energy'], "the manager's newer edit stands");
  const [kept] = await conflictsOf(ctx, 'u-sales', x.id);
  assert.ok(kept, 'the refused delete is kept for the deleter');
  assert.equal([kept!.kind, kept!.field, kept!.winnerBy, kept!.status], ['delete', 'industry', 'u-manager', 'open']);
  assert.equal(JSON.parse(kept!.theirs), { industry: 'Energy' });
  assert.is((JSON.parse(kept!.mine) as WireDoc)._deleted, true);
  assert.equal(await conflictsOf(ctx, 'u-manager', x.id), [], 'the manager lost nothing');
  // Delete anyway: the same delete, now on the current copy.
  const r3 = await push(ctx, 'sales', 'company', [{ assumedMasterState: now, newDocumentState: { ...now, _deleted: true } }]);
  assert.equal(r3.body.conflicts, []);
  assert.is((await master(ctx, 'company', x.id))._deleted, true);
});

http('an edit that meets a newer deletion is kept for its author, and restores with the same id and territory', async (ctx) => {
  const x = makeDoc('company', { id: 'x-gone', name: 'Gone Ltd', industry: 'Retail', territoryId: 't-eu' });
  await push(ctx, 'admin', 'company', [{ assumedMasterState: null, newDocumentState: x }]);
  const seen = await master(ctx, 'company', x.id);
  assert.equal((await push(ctx, 'manager', 'company', [{ assumedMasterState: seen, newDocumentState: { ...seen, _deleted: true } }])).body.conflicts, []);
  const r = await push(ctx, 'sales', 'company', [{ assumedMasterState: seen, newDocumentState: { ...seen, industry: 'Typed offline' } }]);
  assert.is(r.body.conflicts.length, 1);
  assert.is(r.body.conflicts[0]!._deleted, true, 'the deletion stands');
  const [kept] = await conflictsOf(ctx, 'u-sales', x.id);
  assert.equal([kept?.kind, kept?.winnerBy], ['deleted', 'u-manager']);
  const mine = JSON.parse(kept!.mine) as WireDoc;
  assert.equal([mine.industry, mine._deleted, mine.territoryId], ['Typed offline', false, 't-eu']);
  assert.is(typeof JSON.parse(kept!.theirs), 'string', 'when it was deleted');
  // Restore with my changes: the author's record over the tombstone they now hold.
  const tomb = await master(ctx, 'company', x.id);
  assert.equal((await push(ctx, 'sales', 'company', [{ assumedMasterState: tomb, newDocumentState: { ...mine, _deleted: false } }])).body.conflicts, []);
  const back = await master(ctx, 'company', x.id);
  assert.equal([back._deleted, back.industry, back.territoryId, back.updatedBy], [false, 'Typed offline', 't-eu', 'u-sales']);
});

http('delete after move, move after delete and undelete on a stale copy follow the same rule', async (ctx) => {
  const a = makeDoc('company', { id: 'x-move1', territoryId: 't-eu' });
  const b = makeDoc('company', { id: 'x-move2', territoryId: 't-eu' });
  await push(ctx, 'admin', 'company', [{ assumedMasterState: null, newDocumentState: a }, { assumedMasterState: null, newDocumentState: b }]);
  const [a0, b0] = [await master(ctx, 'company', a.id), await master(ctx, 'company', b.id)];
  // Delete after move: the manager moves it (still in the sales rep's view? no: t-na); the stale delete cannot win.
  await push(ctx, 'admin', 'company', [{ assumedMasterState: a0, newDocumentState: { ...a0, territoryId: 't-na' } }]);
  const d = await push(ctx, 'manager', 'company', [{ assumedMasterState: a0, newDocumentState: { ...a0, _deleted: true } }]);
  assert.equal([d.body.conflicts[0]?._deleted, d.body.conflicts[0]?.territoryId], [false, 't-na']);
  assert.equal((await conflictsOf(ctx, 'u-manager', a.id)).map((c) => [c.kind, c.field]), [['delete', 'territoryId']]);
  // Move after delete: kept for the mover.
  await push(ctx, 'admin', 'company', [{ assumedMasterState: b0, newDocumentState: { ...b0, _deleted: true } }]);
  const m = await push(ctx, 'manager', 'company', [{ assumedMasterState: b0, newDocumentState: { ...b0, territoryId: 't-na' } }]);
  assert.is(m.body.conflicts[0]?._deleted, true);
  const [moved] = await conflictsOf(ctx, 'u-manager', b.id);
  assert.equal([moved?.kind, (JSON.parse(moved!.mine) as WireDoc).territoryId], ['deleted', 't-na']);
  // Undelete on a copy older than the deletion (restored, edited and deleted again since): kept, not applied.
  const b1 = await master(ctx, 'company', b.id);
  await push(ctx, 'admin', 'company', [{ assumedMasterState: b1, newDocumentState: { ...b1, _deleted: false, name: 'Back again' } }]);
  const b2 = await master(ctx, 'company', b.id);
  await push(ctx, 'admin', 'company', [{ assumedMasterState: b2, newDocumentState: { ...b2, _deleted: true } }]);
  const u = await push(ctx, 'manager', 'company', [{ assumedMasterState: b1, newDocumentState: { ...b1, _deleted: false } }]);
  assert.is(u.body.conflicts[0]?._deleted, true);
  assert.ok((await conflictsOf(ctx, 'u-manager', b.id)).some((c) => c.kind === 'deleted' && (JSON.parse(c.mine) as WireDoc).name === b1.name));
  // Both sides deleting is no conflict, and nothing is kept.
  const before = (await conflictsOf(ctx, 'u-sales', b.id)).length;
  await push(ctx, 'sales', 'company', [{ assumedMasterState: b0, newDocumentState: { ...b0, _deleted: true } }]);
  assert.is((await conflictsOf(ctx, 'u-sales', b.id)).length, before);
  assert.is((await master(ctx, 'company', b.id))._deleted, true);
});

http('a push about a record the user cannot see answers exactly as one about an id that does not exist', async (ctx) => {
  const hidden = makeDoc('company', { id: 'x-hidden', territoryId: 't-na', name: 'Hidden Inc' });
  await push(ctx, 'admin', 'company', [{ assumedMasterState: null, newDocumentState: hidden }]);
  const probe = (id: string) => makeDoc('company', { id, territoryId: 't-af', name: 'Probe' });
  // Every answer has its own request id; apart from it and the ids asked about, the answers must be the same.
  const strip = (body: unknown): string => JSON.stringify({ ...(body as object), requestId: '' }).replaceAll('x-hidden', 'ID').replaceAll('x-nothing', 'ID');
  for (const lenient of [true, false]) {
    const real = await push(ctx, 'sales', 'company', [{ assumedMasterState: null, newDocumentState: probe('x-hidden') }], lenient);
    const none = await push(ctx, 'sales', 'company', [{ assumedMasterState: null, newDocumentState: probe('x-nothing') }], lenient);
    assert.is(real.status, none.status);
    assert.is(strip(real.body), strip(none.body), `same answer (${lenient ? 'lenient' : 'strict'})`);
    assert.not.match(JSON.stringify(real.body), 't-na');
  }
  // An edit with the real territory in it fares no better.
  const withTerritory = await push(ctx, 'sales', 'company', [{ assumedMasterState: null, newDocumentState: { ...hidden, name: 'Mine now' } }]);
  assert.is(withTerritory.body.conflicts[0]?._deleted, true);
  assert.is((await master(ctx, 'company', hidden.id)).name, 'Hidden Inc');
});

http('a note, person or communication pointing at a record the author cannot see is refused with ref-unavailable', async (ctx) => {
  const na = makeDoc('company', { id: 'x-na-parent', territoryId: 't-na' });
  const naPerson = makeDoc('person', { id: 'x-na-person', territoryId: 't-na', companyId: na.id });
  await push(ctx, 'admin', 'company', [{ assumedMasterState: null, newDocumentState: na }]);
  await push(ctx, 'admin', 'person', [{ assumedMasterState: null, newDocumentState: naPerson }]);
  const cases: [string, WireDoc, string][] = [
    ['note', makeDoc('note', { id: 'x-n1', territoryId: 't-eu', parentType: 'company', parentId: na.id }), 'parentId'],
    ['note', makeDoc('note', { id: 'x-n2', territoryId: 't-eu', parentType: 'person', parentId: naPerson.id }), 'parentId'],
    ['person', makeDoc('person', { id: 'x-p1', territoryId: 't-eu', companyId: na.id }), 'companyId'],
    ['communication', makeDoc('communication', { id: 'x-c1', territoryId: 't-eu', personId: naPerson.id }), 'personId'],
  ];
  for (const [entity, doc, field] of cases) {
    const strict = await push(ctx, 'sales', entity, [{ assumedMasterState: null, newDocumentState: doc }], false);
    assert.is(strict.status, 422, `${entity} strict`);
    assert.equal((strict.body.issues as { field: string; code: string }[]).map((i) => `${i.field}:${i.code}`), [`${field}:ref-unavailable`]);
    const lenient = await push(ctx, 'sales', entity, [{ assumedMasterState: null, newDocumentState: doc }]);
    assert.is(lenient.body.conflicts[0]?._deleted, true, `${entity} answered as gone`);
    const [kept] = await conflictsOf(ctx, 'u-sales', doc.id);
    assert.equal([kept?.kind, JSON.parse(kept!.issues)], ['rejected', [{ field, code: 'ref-unavailable' }]]);
  }
  // The manager sees North America: the same note is fine for them.
  const ok = await push(ctx, 'manager', 'note', [{ assumedMasterState: null, newDocumentState: makeDoc('note', { id: 'x-n3', territoryId: 't-eu', parentType: 'company', parentId: na.id }) }], false);
  assert.is(ok.status, 200);
});

http.run();

// ---- the same on devices: two users, the real server, the device's Conflicts actions.
type Two = { server: TestServer; sales: TestDevice; manager: TestDevice };
const devices = suite<Two>('delete conflicts on devices');
devices.before.each(async (ctx) => {
  ctx.server = await startServer({ companies: 4 });
  ctx.sales = await openDevice(ctx.server.url, await signIn(ctx.server.url, 'sales'), { userId: 'u-sales', territoryId: 't-eu' });
  ctx.manager = await openDevice(ctx.server.url, await signIn(ctx.server.url, 'manager'), { userId: 'u-manager', territoryId: 't-na' });
  await waitFor('ready', () => ctx.sales.engine.status.value.ready && ctx.manager.engine.status.value.ready);
});
devices.after.each(async (ctx) => {
  await ctx.sales.close();
  await ctx.manager.close();
  await ctx.server.close();
});

const euCompany = async (d: TestDevice): Promise<string> => (await waitFor('an EU company', async () => (await d.db.collections.company.find({ selector: { territoryId: 't-eu' } }).exec())[0]?.id))!;
const openConflict = (d: TestDevice, id: string, kind: string): Promise<ConflictRecord> =>
  waitFor(`${kind} conflict on the device`, async () => (await d.db.collections.conflict.find().exec()).map((c) => c.toJSON() as unknown as ConflictRecord).find((c) => c.recordId === id && c.kind === kind && c.status === 'open'), 8000);

devices('a delete made offline on a stale copy comes back as a conflict; Delete anyway deletes it everywhere', async ({ server, sales, manager }) => {
  const id = await euCompany(sales);
  await waitFor('on the manager', () => manager.repo.get('company', id));
  sales.online = false;
  await manager.repo.update('company', id, { industry: 'Changed by Dan' });
  await waitFor('on the server', async () => (await server.store.getByIds('company', [id]))[0]?.industry === 'Changed by Dan');
  await sales.repo.remove('company', id);
  sales.online = true;
  sales.engine.resync();
  const c = await openConflict(sales, id, 'delete');
  const back = await waitFor('the record back on the device', () => sales.repo.get('company', id));
  assert.is(back.industry, 'Changed by Dan');
  assert.is(c.winnerBy, 'u-manager');
  const r = await deleteAnyway(sales.repo, c);
  assert.ok(r.ok);
  await waitFor('deleted on the server', async () => (await server.store.getByIds('company', [id]))[0]?._deleted === true);
  await waitFor('gone on the manager', async () => (await manager.repo.get('company', id)) === null);
});

devices('an edit made offline on a record deleted meanwhile is kept; Restore with my changes brings it back for everyone', async ({ server, sales, manager }) => {
  const id = await euCompany(sales);
  await waitFor('on the manager', () => manager.repo.get('company', id));
  sales.online = false;
  await sales.repo.update('company', id, { industry: 'Typed in the car park' });
  await manager.repo.remove('company', id);
  await waitFor('deleted on the server', async () => (await server.store.getByIds('company', [id]))[0]?._deleted === true);
  sales.online = true;
  sales.engine.resync();
  const c = await openConflict(sales, id, 'deleted');
  await waitFor('gone on the device', async () => (await sales.repo.get('company', id)) === null);
  assert.is(c.winnerBy, 'u-manager');
  const r = await restoreWithChanges(sales.repo, c);
  assert.ok(r.ok);
  await waitFor('restored on the server', async () => {
    const m = (await server.store.getByIds('company', [id]))[0];
    return m && !m._deleted && m.industry === 'Typed in the car park' && m.territoryId === 't-eu';
  });
  await waitFor('back on the manager', async () => (await manager.repo.get('company', id))?.industry === 'Typed in the car park');
  assert.is((await sales.db.collections.conflict.findOne(c.id).exec())?.status, 'reapplied');
});

devices('the device refuses a reference to a record it does not hold, before sync', async ({ sales }) => {
  const note = sales.repo.blank('note', { parentType: 'company', parentId: 'not-on-this-device', text: 'Hello' });
  const r = await sales.repo.save('note', note);
  assert.equal(r.ok ? [] : r.issues.map((i) => `${i.field}:${i.code}`), ['parentId:ref-unavailable']);
  const person = sales.repo.blank('person', { lastName: 'Nobody', companyId: 'c-unknown' });
  const p = await sales.repo.save('person', person);
  assert.equal(p.ok ? [] : p.issues.map((i) => `${i.field}:${i.code}`), ['companyId:ref-unavailable']);
});

devices.run();
