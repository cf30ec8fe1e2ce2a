// The permission matrix: for each demo user, entity and territory, what pull, push and the REST API let them see and change.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RECORD_ENTITIES, type EntityName } from '../../shared/entities/index.ts';
import type { PullResponse, WireDoc } from '../../shared/sync.ts';
import { makeDoc } from '../helpers/docs.ts';
import { signIn, startServer } from '../helpers/server.ts';

const TERRITORIES = ['t-eu', 't-na', 't-af'] as const;
type T = (typeof TERRITORIES)[number];
type Matrix = Record<EntityName, { view: T[]; insert: T[]; edit: T[]; delete: T[] }>;
const all: T[] = ['t-eu', 't-na', 't-af'];
const same = (v: T[], i: T[], e: T[], d: T[]) => ({ view: v, insert: i, edit: e, delete: d });
const each = (m: ReturnType<typeof same>, over: Partial<Record<EntityName, ReturnType<typeof same>>> = {}): Matrix =>
  Object.fromEntries(RECORD_ENTITIES.map((e) => [e, over[e] ?? m])) as Matrix;

/** Written by hand from the demo profiles (sync-server/demo/seed.ts), not computed: the test must be able to disagree. */
const EXPECTED: Record<string, Matrix> = {
  admin: each(same(all, all, all, all)),
  sales: each(same(['t-eu'], ['t-eu'], ['t-eu'], ['t-eu'])),
  manager: each(same(['t-eu', 't-na'], ['t-eu', 't-na'], ['t-eu', 't-na'], ['t-eu', 't-na'])),
  marketing: each(same(all, ['t-af'], ['t-af'], []), { communication: same([], [], [], []) }),
};

test('pull, push, find-by-ids and admin routes follow each user\'s rights, with no leaks', async () => {
  const server = await startServer({ companies: 0 });
  try {
    // One record per entity and territory to read, one to edit, one to delete, for each user.
    for (const entity of RECORD_ENTITIES) {
      const docs: WireDoc[] = [];
      for (const t of TERRITORIES) {
        docs.push(makeDoc(entity, { id: `${entity}-${t}-read`, territoryId: t }));
        for (const u of Object.keys(EXPECTED)) for (const k of ['edit', 'delete']) docs.push(makeDoc(entity, { id: `${entity}-${t}-${u}-${k}`, territoryId: t }));
      }
      await server.store.insertMany(entity, docs);
    }
    let checks = 0;
    for (const [login, matrix] of Object.entries(EXPECTED)) {
      const token = await signIn(server.url, login);
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const push = async (entity: EntityName, assumed: WireDoc | null, doc: WireDoc): Promise<number> =>
        (await fetch(`${server.url}/sync/${entity}/push`, { method: 'POST', headers, body: JSON.stringify([{ assumedMasterState: assumed, newDocumentState: doc }]) })).status;
      for (const entity of RECORD_ENTITIES) {
        const m = matrix[entity];
        const res = (await (await fetch(`${server.url}/sync/${entity}/pull?seq=0&limit=1000`, { headers })).json()) as PullResponse;
        const seen = new Set(res.documents.map((d) => d.territoryId));
        assert.equal([...seen].sort(), [...m.view].sort(), `${login} pulls ${entity} of ${m.view.join(',')}`);
        const ids = TERRITORIES.map((t) => `${entity}-${t}-read`).join(',');
        const found = (await (await fetch(`${server.url}/api/records/${entity}?ids=${ids}`, { headers })).json()) as WireDoc[];
        assert.equal(found.map((d) => d.territoryId).sort(), [...m.view].sort(), `${login} finds ${entity} by id`);
        const hits = (await (await fetch(`${server.url}/api/records/${entity}/search?q=${entity === 'note' ? 'Note' : entity === 'lead' ? 'Lead' : entity === 'communication' ? 'Call' : entity === 'person' ? 'Person' : 'Company'}&limit=100`, { headers })).json()) as WireDoc[];
        assert.ok(hits.length > 0 || m.view.length === 0, `${login} search ${entity} finds something`);
        assert.ok(hits.every((d) => (m.view as string[]).includes(d.territoryId)), `${login} search ${entity} stays in scope`);
        for (const t of TERRITORIES) {
          const ins = await push(entity, null, makeDoc(entity, { id: `${entity}-${t}-${login}-new`, territoryId: t }));
          assert.is(ins, m.insert.includes(t) ? 200 : 403, `${login} inserts ${entity} in ${t}`);
          const [ed] = await server.store.getByIds(entity, [`${entity}-${t}-${login}-edit`]);
          const changed = entity === 'note' ? { text: 'changed' } : entity === 'person' ? { lastName: 'Changed' } : entity === 'lead' ? { description: 'Changed' } : entity === 'company' ? { name: 'Changed' } : { subject: 'Changed' };
          const st = await push(entity, ed!, { ...ed!, ...changed });
          assert.is(st, m.edit.includes(t) && m.view.includes(t) ? 200 : 403, `${login} edits ${entity} in ${t}`);
          const [de] = await server.store.getByIds(entity, [`${entity}-${t}-${login}-delete`]);
          const dt = await push(entity, de!, { ...de!, _deleted: true });
          assert.is(dt, m.delete.includes(t) && m.view.includes(t) ? 200 : 403, `${login} deletes ${entity} in ${t}`);
          // A refused write changed nothing.
          const [after] = await server.store.getByIds(entity, [`${entity}-${t}-${login}-delete`]);
          assert.is(after!._deleted, m.delete.includes(t) && m.view.includes(t));
          checks += 4;
        }
      }
      const admin = await fetch(`${server.url}/api/admin/users`, { headers });
      assert.is(admin.status, login === 'admin' ? 200 : 403, `${login} and the admin API`);
      if (login === 'admin') assert.not.ok(JSON.stringify(await admin.json()).includes('scrypt'), 'password hashes never leave the server');
    }
    assert.ok(checks > 200);
  } finally {
    await server.close();
  }
});

test('moving a record to a territory one may not insert into is refused', async () => {
  const server = await startServer({ companies: 0 });
  try {
    await server.store.insertMany('company', [makeDoc('company', { id: 'c-eu', territoryId: 't-eu' })]);
    const token = await signIn(server.url, 'sales');
    const [c] = await server.store.getByIds('company', ['c-eu']);
    const res = await fetch(`${server.url}/sync/company/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ assumedMasterState: c, newDocumentState: { ...c, territoryId: 't-na' } }]),
    });
    assert.is(res.status, 403);
    assert.is((await server.store.getByIds('company', ['c-eu']))[0]!.territoryId, 't-eu');
  } finally {
    await server.close();
  }
});

test.run();
