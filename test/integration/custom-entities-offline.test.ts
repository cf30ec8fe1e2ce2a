// Issue #24, custom entities kept on devices (docs/decisions/0057): an administrator adds an offline entity and a field
// on it on a running server; a device opens the one custom records' collection, syncs, sees a record made through the
// REST API, edits it offline and sends the edit when back online; a user without the entity's view right receives
// none of its records; pushes are checked as the REST routes check them (rights, parent, territory from the parent).
import { firstValueFrom, of } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { API_PATHS } from '../../shared/api.ts';
import { applyCustomization, EMPTY_CUSTOMIZATION, REPLICATED, type AnyRecord, type ConflictRecord } from '../../shared/entities/index.ts';
import { rejectedRecord, screenEntity } from '../../pwa/features/conflicts/settle.ts';
import type { PullResponse, WireDoc } from '../../shared/sync.ts';
import { openDevice, waitFor, type TestDevice } from '../helpers/client.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';
import { callApi } from '../helpers/http.ts';

interface Ctx {
  server: TestServer;
  tokens: Record<string, string>;
  eu: AnyRecord;
  eu2: AnyRecord;
  na: AnyRecord;
  device: TestDevice | null;
  siteId: string;
}
const t = suite<Ctx>('custom entities kept on devices');

const call = (ctx: Ctx, who: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => callApi(ctx.server.url, ctx.tokens[who], method, path, body, headers);
const pullAll = async (ctx: Ctx, who: string): Promise<WireDoc[]> => {
  const r = await call(ctx, who, 'GET', '/sync/customRecord/pull?seq=0&limit=1000');
  assert.is(r.status, 200, JSON.stringify(r.json));
  return (r.json as unknown as PullResponse).documents;
};

const RW = { view: true, insert: true, edit: true, delete: true };
const SITE = {
  code: 'site',
  label: { en: 'Site', fr: 'Site' },
  plural: { en: 'Sites', fr: 'Sites' },
  parent: 'company',
  territory: 'parent',
  offline: true,
  // The manager has no right on sites at all.
  rights: [
    { profileId: 'p-admin', territoryId: 't-world', ...RW },
    { profileId: 'p-sales-eu', territoryId: 't-eu', ...RW },
  ],
};

t.before(async (ctx) => {
  ctx.server = await startServer({ companies: 12 });
  ctx.tokens = {};
  ctx.device = null;
  for (const login of ['admin', 'sales', 'manager']) ctx.tokens[login] = await signIn(ctx.server.url, login);
  const companies = (await call(ctx, 'admin', 'GET', '/api/records/company/list?limit=100')).json.records as unknown as AnyRecord[];
  const eus = companies.filter((c) => c.territoryId === 't-eu');
  ctx.eu = eus[0]!;
  ctx.eu2 = eus[1]!;
  ctx.na = companies.find((c) => c.territoryId === 't-na')!;
  assert.ok(ctx.eu && ctx.eu2 && ctx.na, 'the demo has two companies in Europe and one in North America');
});
t.after(async (ctx) => {
  await ctx.device?.close();
  await ctx.server.close();
  applyCustomization(EMPTY_CUSTOMIZATION);
});

t('with no offline entity a device opens only the built-in collections, and the sync route has no custom records', async (ctx) => {
  // An online-only entity changes nothing on devices (docs/decisions/0050).
  const online = await call(ctx, 'admin', 'POST', API_PATHS.customEntities, { code: 'contract', label: { en: 'Contract', fr: 'Contrat' }, parent: 'company', rights: [{ profileId: 'p-sales-eu', territoryId: 't-eu', ...RW }] });
  assert.is(online.status, 201, JSON.stringify(online.json));
  assert.is((online.json.entity as Record<string, unknown>).offline, false, 'online only unless asked');
  ctx.device = await openDevice(ctx.server.url, ctx.tokens.sales!, { userId: 'u-sales', territoryId: 't-eu' });
  await ctx.device.engine.awaitInitial();
  assert.equal(Object.keys(ctx.device.db.collections).sort(), [...REPLICATED].sort());
  assert.is((await call(ctx, 'sales', 'GET', '/sync/customRecord/pull?seq=0')).status, 404);
});

t('an offline entity and its field, added on the running server, reach the device with a record made over REST', async (ctx) => {
  const made = await call(ctx, 'admin', 'POST', API_PATHS.customEntities, SITE);
  assert.is(made.status, 201, JSON.stringify(made.json));
  assert.is((made.json.entity as Record<string, unknown>).offline, true);
  const floor = { entity: 'x_site', code: 'floors', kind: 'number', label: { en: 'Floors', fr: 'Étages' }, screens: { form: true, list: true, search: false } };
  assert.is((await call(ctx, 'admin', 'POST', API_PATHS.customFields, floor)).status, 201);
  // The device reopens with the custom records' collection (a new schema version: its waiting changes kept).
  const device = ctx.device!;
  await waitFor('the custom records collection on the device', () => device.db.collections.customRecord && device.db.collections.customRecord.schema.jsonSchema.properties.c_floors, 15_000);

  const created = await call(ctx, 'admin', 'POST', '/api/records/x_site', { name: 'Lyon warehouse', companyId: ctx.eu.id, c_floors: 3 });
  assert.is(created.status, 201, JSON.stringify(created.json));
  assert.is(created.json.territoryId, 't-eu', "the parent's territory");
  ctx.siteId = String(created.json.id);
  const seen = await waitFor('the site on the device', () => device.repo.get('x_site' as never, ctx.siteId), 15_000);
  assert.is(seen.name, 'Lyon warehouse');
  assert.is(seen.c_floors, 3);
  // Read like any device entity: its list, filtered by its key, and under its parent.
  const list = await firstValueFrom(device.repo.list$('x_site' as never, of('')));
  assert.equal(list.map((r) => r.id), [ctx.siteId]);
  assert.is(await device.repo.get('x_contract' as never, ctx.siteId), null, "another entity's key does not read it");
});

t('edited offline on the device, the edit reaches the server when it is back online', async (ctx) => {
  const device = ctx.device!;
  device.online = false;
  const edit = await device.repo.update('x_site' as never, ctx.siteId, { c_floors: 4, name: 'Lyon warehouse (north)' });
  assert.ok(edit.ok, JSON.stringify(edit));
  // A new site made offline under another European company: it takes that company's territory.
  const fresh = device.repo.blank('x_site' as never, { name: 'Marseille depot', companyId: ctx.eu2.id, c_floors: 1 });
  const saved = await device.repo.save('x_site' as never, fresh);
  assert.ok(saved.ok, JSON.stringify(saved));
  // Invalid input writes nothing: the parent is required when the territory is the parent's.
  const bad = await device.repo.save('x_site' as never, device.repo.blank('x_site' as never, { name: 'Nowhere' }));
  assert.not.ok(bad.ok);
  assert.ok(device.pending.count >= 2, 'the changes wait');
  const before = (await ctx.server.store.getByIds('customRecord', [ctx.siteId]))[0] as unknown as Record<string, unknown>;
  assert.is(before.c_floors, 3, 'nothing went while offline');

  device.online = true;
  device.engine.resync();
  await waitFor('the edit on the server', async () => ((await ctx.server.store.getByIds('customRecord', [ctx.siteId]))[0] as unknown as Record<string, unknown>)?.c_floors === 4, 15_000);
  const after = (await call(ctx, 'admin', 'GET', `/api/records/x_site?ids=${ctx.siteId}`)).json[0] as Record<string, unknown>;
  assert.is(after.name, 'Lyon warehouse (north)');
  assert.is(after.c_floors, 4);
  const made = await waitFor('the new site on the server', async () => (await ctx.server.store.getByIds('customRecord', [fresh.id]))[0], 15_000);
  assert.is((made as unknown as Record<string, unknown>).entityKey, 'x_site');
  assert.is(made.territoryId, 't-eu');
  await waitFor('nothing waiting', () => device.pending.count === 0, 10_000);
});

t('a change made over REST while the device is open reaches it live, and both keep every custom value', async (ctx) => {
  const device = ctx.device!;
  const r = await call(ctx, 'admin', 'PATCH', `/api/records/x_site/${ctx.siteId}`, { c_floors: 7 });
  assert.is(r.status, 200, JSON.stringify(r.json));
  await waitFor('the REST change on the device', async () => (await device.repo.get('x_site' as never, ctx.siteId))?.c_floors === 7, 15_000);
  assert.is((await device.repo.get('x_site' as never, ctx.siteId))?.name, 'Lyon warehouse (north)');
});

t('a user without the entity’s view right receives none of its records; one with it only those of their territories', async (ctx) => {
  assert.equal(await pullAll(ctx, 'manager'), [], 'the manager has no right on sites');
  const na = await call(ctx, 'admin', 'POST', '/api/records/x_site', { name: 'Denver yard', companyId: ctx.na.id, c_floors: 2 });
  assert.is(na.status, 201);
  const sales = await pullAll(ctx, 'sales');
  assert.ok(sales.length >= 2);
  assert.ok(sales.every((d) => (d as unknown as Record<string, unknown>).entityKey === 'x_site' && d.territoryId === 't-eu'), 'European sites only');
  // No online-only entity's record is replicated (the contract made earlier is kept by the server).
  const contract = await call(ctx, 'sales', 'POST', '/api/records/x_contract', { name: 'Service contract', companyId: ctx.eu.id });
  assert.is(contract.status, 201, JSON.stringify(contract.json));
  assert.not.ok((await pullAll(ctx, 'sales')).some((d) => d.id === contract.json.id));
  assert.ok((await pullAll(ctx, 'admin')).some((d) => d.id === na.json.id));
  assert.is(await ctx.device!.repo.get('x_site' as never, String(na.json.id)), null, 'not on the European device');
});

t('a site that follows its company out of the user’s territories leaves the device (a per-entity move)', async (ctx) => {
  const device = ctx.device!;
  const sites = (await pullAll(ctx, 'sales')).filter((d) => d.companyId === ctx.eu2.id && !d._deleted);
  assert.is(sites.length, 1, 'the Marseille depot, under the second European company');
  const site = sites[0]!;
  await waitFor('the depot on the device', () => device.repo.get('x_site' as never, site.id), 10_000);
  // The administrator moves the company to North America (a sync push, as a device would): its sites follow it.
  const [company] = await ctx.server.store.getByIds('company', [ctx.eu2.id]);
  const moved = await call(ctx, 'admin', 'POST', '/sync/company/push', [{ assumedMasterState: company, newDocumentState: { ...company, territoryId: 't-na' } }]);
  assert.is(moved.status, 200, JSON.stringify(moved.json));
  assert.is((await ctx.server.store.getByIds('customRecord', [site.id]))[0]?.territoryId, 't-na', 'the site followed its company');
  await waitFor('the depot gone from the European device', async () => (await device.repo.get('x_site' as never, site.id)) === null, 15_000);
  assert.not.ok((await pullAll(ctx, 'sales')).some((d) => d.id === site.id && !d._deleted));
});

t('pushes are checked like REST writes: the entity kept on devices, rights, parent, territory from the parent', async (ctx) => {
  const base = { territoryId: 't-eu', updatedAt: '', updatedBy: '', companyId: ctx.eu.id, personId: '', ownerId: 'u-sales', details: '', _deleted: false };
  const push = (who: string, doc: Record<string, unknown>) => call(ctx, who, 'POST', '/sync/customRecord/push', [{ assumedMasterState: null, newDocumentState: doc }]);
  // A record of an online-only entity cannot be written through sync.
  assert.is((await push('sales', { ...base, id: 'p-contract', entityKey: 'x_contract', name: 'Via sync' })).status, 422);
  // A field the entity does not have: refused (a `c_` key of a purged field is dropped, as for built-in entities).
  assert.is((await push('sales', { ...base, id: 'p-unknown', entityKey: 'x_site', name: 'Unknown', colour: 'red' })).status, 422);
  // A parent the pusher may not view: refused (strict push: 422, nothing written).
  assert.is((await push('sales', { ...base, id: 'p-hidden', entityKey: 'x_site', name: 'Hidden parent', companyId: ctx.na.id, c_floors: 1 })).status, 422);
  // No right on the entity: the manager is refused (403 on a strict push).
  assert.is((await push('manager', { ...base, id: 'p-manager', entityKey: 'x_site', name: 'Manager site', territoryId: 't-na', companyId: ctx.na.id })).status, 403);
  // The territory sent is replaced by the parent's: the device is answered with the record as written.
  const placed = await push('admin', { ...base, id: 'p-placed', entityKey: 'x_site', name: 'Placed', territoryId: 't-na', c_floors: 5 });
  assert.is(placed.status, 200, JSON.stringify(placed.json));
  const answered = (placed.json as unknown as { conflicts: WireDoc[] }).conflicts.find((d) => d.id === 'p-placed');
  assert.is(answered?.territoryId, 't-eu');
  assert.equal((await ctx.server.store.getByIds('customRecord', ['p-unknown', 'p-hidden', 'p-manager', 'p-contract'])).length, 0, 'nothing refused was written');
  // A lenient push (the devices'): the refused row is kept for its author as a rejected change.
  const lenient = await call(ctx, 'sales', 'POST', '/sync/customRecord/push', [{ assumedMasterState: null, newDocumentState: { ...base, id: 'p-lenient', entityKey: 'x_site', name: 'Hidden parent', companyId: ctx.na.id } }], { prefer: 'handling=lenient' });
  assert.is(lenient.status, 200);
  const conflicts = (await call(ctx, 'sales', 'GET', '/sync/conflict/pull?seq=0&limit=1000')).json as unknown as PullResponse;
  assert.ok(conflicts.documents.some((d) => (d as unknown as Record<string, unknown>).recordId === 'p-lenient'), 'kept as a rejected change');
  // On the author's device, under Conflicts, it opens on the site's screen; fixed (a company they may see) and sent again.
  const device = ctx.device!;
  const kept = await waitFor('the refusal on the device', async () => {
    const all = await firstValueFrom(device.repo.list$('conflict', of('')));
    return all.find((c) => c.recordId === 'p-lenient') as unknown as ConflictRecord | undefined;
  }, 10_000);
  assert.is(screenEntity(kept), 'x_site');
  const fixed = await device.repo.save('x_site' as never, { ...device.repo.blank('x_site' as never), ...rejectedRecord(kept)!, companyId: ctx.eu.id });
  assert.ok(fixed.ok, JSON.stringify(fixed));
  await waitFor('the fixed site on the server', async () => (await ctx.server.store.getByIds('customRecord', ['p-lenient']))[0]?.companyId === ctx.eu.id, 10_000);
});

t('OpenAPI documents the offline entity and the custom records’ sync collection', async (ctx) => {
  const doc = (await (await fetch(`${ctx.server.url}/api/openapi.json`)).json()) as { components: { schemas: Record<string, { properties: Record<string, unknown> }> }; paths: Record<string, Record<string, { parameters?: { name: string; schema: { enum?: string[] } }[] }>> };
  assert.ok(doc.components.schemas.X_site?.properties.c_floors, 'x_site with its field');
  const pull = doc.paths['/sync/{collection}/pull']?.get;
  assert.ok(pull?.parameters?.find((p) => p.name === 'collection')?.schema.enum?.includes('customRecord'), JSON.stringify(pull?.parameters));
});

t('kept on devices or not is fixed once made', async (ctx) => {
  const r = await call(ctx, 'admin', 'PATCH', `${API_PATHS.customEntities}/x_site`, { offline: false });
  assert.is(r.status, 422, JSON.stringify(r.json));
  assert.is((await call(ctx, 'admin', 'PATCH', `${API_PATHS.customEntities}/x_site`, { offline: true, label: { en: 'Site', fr: 'Site' } })).status, 200);
  assert.is((await call(ctx, 'admin', 'POST', API_PATHS.customEntities, { ...SITE, code: 'bad_flag', offline: 'yes' })).status, 422);
});

t('the view right on the entity taken away: the device starts over and keeps none of its records', async (ctx) => {
  const device = ctx.device!;
  // (The labels changed just before: the device may be reopening at the new revision.)
  await waitFor('the site on the device', () => device.repo.get('x_site' as never, ctx.siteId), 15_000);
  const rights = (await ctx.server.store.profileRights('p-sales-eu')).filter((r) => r.entity !== 'x_site');
  assert.is((await call(ctx, 'admin', 'PUT', '/api/admin/profiles/p-sales-eu/rights', rights)).status, 200);
  await waitFor('the sites gone from the device', async () => (await device.repo.get('x_site' as never, ctx.siteId)) === null, 20_000);
  // Its other records are all still there (a fresh pull under the new rights).
  await waitFor('the companies back', async () => (await device.repo.get('company', ctx.eu.id)) !== null, 20_000);
  assert.equal(await pullAll(ctx, 'sales'), []);
});

t('an entity removed: its records leave the device; with none left, the device reopens without the custom records’ collection', async (ctx) => {
  const device = ctx.device!;
  const rights = await ctx.server.store.profileRights('p-sales-eu');
  assert.is((await call(ctx, 'admin', 'PUT', '/api/admin/profiles/p-sales-eu/rights', [...rights, { entity: 'x_site', territoryId: 't-eu', ...RW }])).status, 200);
  // A second offline entity, so the custom records' collection stays open when the sites go.
  assert.is((await call(ctx, 'admin', 'POST', API_PATHS.customEntities, { ...SITE, code: 'depot', label: { en: 'Depot', fr: 'Dépôt' }, plural: { en: 'Depots', fr: 'Dépôts' } })).status, 201);
  const depot = await call(ctx, 'sales', 'POST', '/api/records/x_depot', { name: 'North depot', companyId: ctx.eu.id });
  assert.is(depot.status, 201, JSON.stringify(depot.json));
  const stored = async (id: string): Promise<boolean> => 'customRecord' in device.db.collections && (await device.db.collections.customRecord!.findOne(id).exec()) !== null;
  await waitFor('the site and the depot on the device', async () => (await stored(ctx.siteId)) && (await stored(String(depot.json.id))), 20_000);
  const removed = await call(ctx, 'admin', 'DELETE', `${API_PATHS.customEntities}/x_site?confirm=x_site`);
  assert.is(removed.status, 200, JSON.stringify(removed.json));
  assert.ok(Number(removed.json.removedRecords) >= 1);
  await waitFor('the site gone from the device, the depot kept', async () => !(await stored(ctx.siteId)) && (await stored(String(depot.json.id))), 20_000);
  // The last offline entity removed: the device reopens with the built-in collections only.
  assert.is((await call(ctx, 'admin', 'DELETE', `${API_PATHS.customEntities}/x_depot?confirm=x_depot`)).status, 200);
  await waitFor('the device without custom records', async () => !('customRecord' in device.db.collections), 20_000);
  await waitFor('the companies still there', async () => (await device.repo.get('company', ctx.eu.id)) !== null, 20_000);
  assert.is((await call(ctx, 'sales', 'GET', '/sync/customRecord/pull?seq=0&limit=10')).status, 404, 'the sync route has no custom records');
});

t.run();
