// The territory tree and security profiles over REST: add, rename, move (records follow: rights over the new parent
// cover them), delete only when empty; profiles created, copied, renamed, deleted only when unused; every refusal coded.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

function client(server: TestServer, token: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as any };
  };
  return { get: (p: string) => call('GET', p), post: (p: string, b: unknown) => call('POST', p, b), patch: (p: string, b: unknown) => call('PATCH', p, b), del: (p: string) => call('DELETE', p) };
}

test('territories: add, rename, move with its records, delete when empty; loops, the root and non-empty refused', async () => {
  const server = await startServer();
  try {
    const admin = client(server, await signIn(server.url, 'admin'));
    const sales = client(server, await signIn(server.url, 'sales'));
    const made = await admin.post('/api/admin/territories', { name: 'France', parentId: 't-world' });
    assert.is(made.status, 201);
    const fr = String(made.body.id);
    assert.equal((await admin.post('/api/admin/territories', { name: ' ', parentId: 't-world' })).body.issues[0].code, 'required');
    assert.equal((await admin.post('/api/admin/territories', { name: 'X', parentId: 't-mars' })).body.issues[0].code, 'ref-unavailable');
    const sub = await admin.post('/api/admin/territories', { name: 'Paris', parentId: fr });
    const paris = String(sub.body.id);

    // A company in France: the Europe rep does not see it until France moves under Europe; then it follows.
    const doc = { id: 'c-fr-1', name: 'Boulangerie Paris SARL', territoryId: paris, updatedAt: new Date().toISOString(), updatedBy: 'u-admin', _deleted: false };
    await server.store.insertMany('company', [doc as never]);
    assert.equal((await sales.get('/api/records/company?ids=c-fr-1')).body, []);
    const moved = await admin.patch(`/api/admin/territories/${fr}`, { parentId: 't-eu', name: 'France métropolitaine' });
    assert.equal([moved.status, moved.body.parentId, moved.body.name], [200, 't-eu', 'France métropolitaine']);
    assert.equal((await sales.get('/api/records/company?ids=c-fr-1')).body.map((d: { id: string }) => d.id), ['c-fr-1'], 'the record followed its territory');

    const loop = await admin.patch(`/api/admin/territories/${fr}`, { parentId: paris });
    assert.equal([loop.status, loop.body.code], [409, 'FC-ADM-003']);
    const self = await admin.patch(`/api/admin/territories/${fr}`, { parentId: fr });
    assert.is(self.body.code, 'FC-ADM-003');
    const root = await admin.patch('/api/admin/territories/t-world', { parentId: 't-eu' });
    assert.equal([root.status, root.body.code], [409, 'FC-ADM-004']);
    assert.is((await admin.del('/api/admin/territories/t-world')).body.code, 'FC-ADM-004');

    const full = await admin.del(`/api/admin/territories/${fr}`);
    assert.equal([full.status, full.body.code, full.body.detail], [409, 'FC-ADM-005', 'territories: 1']);
    const busy = await admin.del(`/api/admin/territories/${paris}`);
    assert.equal([busy.body.code, busy.body.detail], ['FC-ADM-005', 'company: 1']);
    assert.ok((await server.store.listTerritories()).some((t) => t.id === paris), 'nothing deleted');
    server.store.sqlite.prepare('UPDATE company SET deleted = 1 WHERE id = ?').run('c-fr-1');
    assert.is((await admin.del(`/api/admin/territories/${paris}`)).status, 200, 'deleted records do not keep it');
    assert.is((await admin.del(`/api/admin/territories/${fr}`)).status, 200);
    assert.not.ok((await server.store.listTerritories()).some((t) => t.id === fr || t.id === paris));
    assert.is((await admin.del('/api/admin/territories/t-eu')).body.code, 'FC-ADM-005', 'users and records live in Europe');

    assert.is((await sales.post('/api/admin/territories', { name: 'Mine', parentId: 't-eu' })).status, 403);
    const log = (await admin.get('/api/admin/audit?targetType=territory')).body as { rows: { action: string }[] };
    assert.equal(log.rows.map((r) => r.action), ['territory.delete', 'territory.delete', 'territory.update', 'territory.create', 'territory.create']);
  } finally {
    await server.close();
  }
});

test('profiles: create empty or as a copy, rename, delete only when no user has it', async () => {
  const server = await startServer();
  try {
    const admin = client(server, await signIn(server.url, 'admin'));
    const copy = await admin.post('/api/admin/profiles', { name: 'Sales rep, Europe (senior)', copyFrom: 'p-sales-eu' });
    assert.is(copy.status, 201);
    const id = String(copy.body.id);
    const key = (r: { entity: string; territoryId: string; view: boolean; edit: boolean }) => `${r.entity}@${r.territoryId}:${r.view}${r.edit}`;
    assert.equal((await server.store.profileRights(id)).map(key).sort(), (await server.store.profileRights('p-sales-eu')).map(key).sort());
    const empty = await admin.post('/api/admin/profiles', { name: 'Read nothing' });
    assert.equal(await server.store.profileRights(String(empty.body.id)), []);
    const taken = await admin.post('/api/admin/profiles', { name: 'administrator' });
    assert.equal([taken.status, taken.body.issues[0]], [422, { field: 'name', code: 'name-taken' }]);
    assert.is((await admin.post('/api/admin/profiles', { name: 'X', copyFrom: 'p-nope' })).body.issues[0].code, 'ref-unavailable');
    assert.equal((await admin.patch(`/api/admin/profiles/${id}`, { name: 'Senior rep, Europe' })).body, { id, name: 'Senior rep, Europe' });
    assert.is((await admin.patch(`/api/admin/profiles/${id}`, { name: 'Marketing' })).body.issues[0].code, 'name-taken');

    await admin.patch('/api/admin/users/u-sales', { profileId: id });
    const inUse = await admin.del(`/api/admin/profiles/${id}`);
    assert.equal([inUse.status, inUse.body.code, inUse.body.detail], [409, 'FC-ADM-006', '1']);
    assert.ok((await server.store.profileRights(id)).length > 0, 'nothing deleted');
    await admin.patch('/api/admin/users/u-sales', { profileId: 'p-sales-eu' });
    assert.is((await admin.del(`/api/admin/profiles/${id}`)).status, 200);
    assert.equal([(await server.store.listProfiles()).some((p) => p.id === id), await server.store.profileRights(id)], [false, []]);
    const log = (await admin.get('/api/admin/audit?targetType=profile')).body as { rows: { action: string }[] };
    assert.equal(log.rows.map((r) => r.action), ['profile.delete', 'profile.rename', 'profile.create', 'profile.create']);
  } finally {
    await server.close();
  }
});

test.run();
