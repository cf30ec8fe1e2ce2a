// Partial replication under territory rights: records leave and enter a device's scope, rights change, refused and lost edits are kept.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ConflictRecord } from '../../shared/entities/index.ts';
import { openDevice, waitFor, type TestDevice } from '../helpers/client.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

const t = suite<{ server: TestServer; admin: TestDevice; sales: TestDevice; adminToken: string }>('scope and rights');

t.before.each(async (ctx) => {
  ctx.server = await startServer({ companies: 9 });
  ctx.adminToken = await signIn(ctx.server.url, 'admin');
  ctx.admin = await openDevice(ctx.server.url, ctx.adminToken, { userId: 'u-admin', territoryId: 't-eu' });
  ctx.sales = await openDevice(ctx.server.url, await signIn(ctx.server.url, 'sales'), { userId: 'u-sales', territoryId: 't-eu' });
  await ctx.admin.engine.awaitInitial();
  await ctx.sales.engine.awaitInitial();
});
t.after.each(async ({ server, admin, sales }) => {
  await admin.close();
  await sales.close();
  await server.close();
});

const territoriesOn = async (d: TestDevice, entity: 'company' | 'person' | 'note'): Promise<Set<string>> =>
  new Set((await d.db.collections[entity].find().exec()).map((x) => x.territoryId));

t('a device holds only its territories', async ({ admin, sales }) => {
  assert.equal([...(await territoriesOn(sales, 'company'))], ['t-eu']);
  assert.equal([...(await territoriesOn(sales, 'person'))], ['t-eu']);
  assert.is(await admin.db.collections.company.count().exec(), 9);
  assert.is(await sales.db.collections.company.count().exec(), 3);
});

t('a company moved out of the territory leaves the device with its persons and notes; moved back, it returns', async ({ admin, sales }) => {
  // c00000 is in Europe (demo data rotates territories) with its persons p00000x and note n00000.
  const persons = (await sales.db.collections.person.find({ selector: { companyId: 'c00000' } }).exec()).map((p) => p.id);
  assert.ok(persons.length >= 1);
  const c = (await admin.repo.get('company', 'c00000'))!;
  await admin.repo.save('company', { ...c, territoryId: 't-na' });
  await waitFor('company gone from sales', async () => (await sales.repo.get('company', 'c00000')) === null);
  await waitFor('persons gone', async () => (await sales.db.collections.person.findByIds(persons).exec()).size === 0);
  await waitFor('note gone', async () => (await sales.repo.get('note', 'n00000')) === null);
  assert.is((await admin.repo.get('company', 'c00000'))?.territoryId, 't-na');

  const moved = (await admin.repo.get('company', 'c00000'))!;
  await admin.repo.save('company', { ...moved, territoryId: 't-eu' });
  await waitFor('company back on sales', () => sales.repo.get('company', 'c00000'));
  await waitFor('persons back', async () => (await sales.db.collections.person.findByIds(persons).exec()).size === persons.length);
  await waitFor('note back', () => sales.repo.get('note', 'n00000'));
});

t('an offline edit to a record that left the scope is refused and kept for its author, not lost', async ({ admin, sales }) => {
  sales.online = false;
  const mine = (await sales.repo.get('company', 'c00003'))!;
  await sales.repo.save('company', { ...mine, industry: 'Edited offline by Sophie' });
  const c = (await admin.repo.get('company', 'c00003'))!;
  await admin.repo.save('company', { ...c, territoryId: 't-na' });
  await waitFor('move on server', async () => (await admin.engine.awaitInSync(), true));
  sales.online = true;
  sales.engine.resync();
  const kept = await waitFor('rejection on the sales device', async () => {
    const all = (await sales.db.collections.conflict.find().exec()).map((d) => d.toJSON() as unknown as ConflictRecord);
    return all.find((k) => k.kind === 'rejected' && k.recordId === 'c00003');
  });
  assert.is(kept.reason, 'FC-AUTH-003');
  assert.is((JSON.parse(kept.mine) as { industry: string }).industry, 'Edited offline by Sophie');
  await waitFor('record gone from sales', async () => (await sales.repo.get('company', 'c00003')) === null);
  await waitFor('nothing pending', () => sales.pending.count === 0);
});

t('same field edited on two devices: the loser sees a conflict and can re-apply it', async ({ admin, sales }) => {
  admin.online = false;
  sales.online = false;
  const a = (await admin.repo.get('company', 'c00006'))!;
  const s = (await sales.repo.get('company', 'c00006'))!;
  await admin.repo.save('company', { ...a, industry: 'Admin value' });
  await sales.repo.save('company', { ...s, industry: 'Sales value', website: 'https://sales.example' });
  admin.online = true;
  admin.engine.resync();
  await waitFor('admin pushed', () => admin.pending.count === 0);
  sales.online = true;
  sales.engine.resync();
  const conflict = await waitFor('conflict on sales', async () => {
    const all = (await sales.db.collections.conflict.find().exec()).map((d) => d.toJSON() as unknown as ConflictRecord);
    return all.find((k) => k.kind === 'conflict' && k.recordId === 'c00006');
  });
  assert.equal([conflict.field, JSON.parse(conflict.mine), JSON.parse(conflict.theirs), conflict.winnerBy], ['industry', 'Sales value', 'Admin value', 'u-admin']);
  const merged = await waitFor('merged on sales', async () => {
    const c = await sales.repo.get('company', 'c00006');
    return c?.website === 'https://sales.example' && c.industry === 'Admin value' ? c : null;
  });
  assert.ok(merged, 'the other field survived');
  // One click: re-apply.
  const { reapply } = await import('../../pwa/features/conflicts/settle.ts');
  const r = await reapply(sales.repo, conflict);
  assert.ok(r.ok);
  await waitFor('re-applied on admin', async () => (await admin.repo.get('company', 'c00006'))?.industry === 'Sales value');
  await waitFor('conflict closed on server', async () => (await sales.repo.get('conflict', conflict.id))?.status === 'reapplied');
});

t('when the user gains or loses rights, the device starts over: new records arrive, others are purged', async ({ server, sales, adminToken }) => {
  const patch = (profileId: string) =>
    fetch(`${server.url}/api/admin/users/u-sales`, { method: 'PATCH', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ profileId }) });
  assert.is((await patch('p-manager')).status, 200);
  // No resync() here: the server nudges connected devices itself.
  await waitFor('north america arrives', async () => (await territoriesOn(sales, 'company')).has('t-na'), 10_000);
  assert.is(await sales.db.collections.company.count().exec(), 6);
  assert.is((await patch('p-sales-eu')).status, 200);
  sales.engine.resync();
  await waitFor('north america purged', async () => !(await territoriesOn(sales, 'company')).has('t-na') && (await sales.db.collections.company.count().exec()) === 3, 10_000);
});

t.run();
