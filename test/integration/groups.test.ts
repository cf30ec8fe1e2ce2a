// Marketing groups over the real API: the name filter across pages (389-171752-QA), static and dynamic members, territory scope, rights, error codes.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { EntityName } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { GROUP_MEMBER_LIMIT } from '../../sync-server/db/groups.ts';
import { resolveMembers } from '../../sync-server/groups/members.ts';
import { fullRights, makeDoc, pushCtx } from '../helpers/docs.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

interface Group {
  id: string;
  name: string;
  entity: string;
  kind: string;
  criteria: { text: string; filters: Record<string, string> };
  ownerId: string;
  ownerName: string;
  mayEdit: boolean;
}
interface Answer<T = unknown> {
  status: number;
  body: T;
}
type Caller = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => Promise<Answer<T>>;

const t = suite<{ server: TestServer; as: Record<string, Caller> }>('groups');

t.before(async (ctx) => {
  ctx.server = await startServer({ companies: 0 });
  ctx.as = {};
  for (const login of ['admin', 'sales', 'manager', 'marketing']) {
    const token = await signIn(ctx.server.url, login);
    ctx.as[login] = async (method, path, body) => {
      const res = await fetch(`${ctx.server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as never };
    };
  }
  const company = (id: string, territoryId: string, fields: Record<string, unknown> = {}) => makeDoc('company', { id, territoryId, name: `Company ${id}`, ...fields });
  await ctx.server.store.insertMany('company', [
    company('eu-1', 't-eu', { name: 'Panoply Paris', type: 'customer', emails: [{ type: 'business', address: 'contact@panoply.fr' }] }),
    company('eu-2', 't-eu', { name: 'Atelier Lyon', type: 'prospect', addresses: [{ type: 'business', street: '1 rue', city: 'Paris', postcode: '', region: '', country: 'FR' }] }),
    company('eu-3', 't-eu', { name: 'Brasserie Paris', type: 'supplier' }),
    company('eu-4', 't-eu', { name: 'Zinc Marseille', type: 'partner' }),
    { ...company('eu-gone', 't-eu', { name: 'Paris Deleted', type: 'customer' }), _deleted: true },
    company('na-1', 't-na', { name: 'Denver Paris Imports', type: 'customer' }),
    company('af-1', 't-af', { name: 'Casablanca Trading', type: 'customer' }),
  ]);
});
t.after(async ({ server }) => {
  await server.close();
});

const create = async (as: Caller, body: Record<string, unknown>): Promise<Group> => {
  const r = await as<Group>('POST', '/api/groups', body);
  assert.is(r.status, 201, JSON.stringify(r.body));
  return r.body;
};
const codeOf = (r: Answer): string => (r.body as { code?: string }).code ?? `(status ${r.status})`;
const idsOf = (records: WireDoc[]): string[] => records.map((r) => r.id).sort();

t('389-171752-QA: filtering groups by name lists every matching group, across pages, and no other', async ({ as }) => {
  // 45 groups: 30 whose name contains "spring" in some case, 15 that do not; created interleaved, so pages mix them.
  const matching = new Set<string>();
  const others = new Set<string>();
  const spellings = ['Spring campaign', '2027 SPRING fair', 'Offsite (spring)'];
  for (let i = 0; i < 45; i++) {
    const hit = i % 3 !== 2;
    const name = hit ? `${spellings[matching.size % 3]} ${i}` : `Autumn mailing ${i}`;
    const g = await create(as.sales!, { name, entity: i % 2 ? 'person' : 'company', kind: 'static' });
    (hit ? matching : others).add(g.id);
  }
  assert.is(matching.size, 30);
  for (const limit of [7, 10, 30, 200]) {
    const seen: Group[] = [];
    let total = -1;
    for (let offset = 0; total < 0 || offset < total; offset += limit) {
      const r = await as.sales!<{ total: number; groups: Group[] }>('GET', `/api/groups?q=sPrInG&offset=${offset}&limit=${limit}`);
      assert.is(r.status, 200);
      total = r.body.total;
      assert.ok(r.body.groups.length <= limit);
      seen.push(...r.body.groups);
    }
    assert.is(total, 30, `total with pages of ${limit}`);
    assert.equal(new Set(seen.map((g) => g.id)), matching, `every matching group exactly once, pages of ${limit}`);
    assert.is(seen.length, 30, `no group twice, pages of ${limit}`);
    assert.ok(seen.every((g) => g.name.toLowerCase().includes('spring') && !others.has(g.id)));
    // By name, case aside.
    const names = seen.map((g) => g.name.toLowerCase());
    assert.equal(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  const everything = await as.sales!<{ total: number }>('GET', '/api/groups?limit=1');
  assert.is(everything.body.total, 45);
  const none = await as.sales!<{ total: number; groups: Group[] }>('GET', '/api/groups?q=winter');
  assert.equal([none.body.total, none.body.groups.length], [0, 0]);
  // LIKE's wildcards typed by the user match themselves.
  const pct = await as.sales!<{ total: number }>('GET', `/api/groups?q=${encodeURIComponent('%')}`);
  assert.is(pct.body.total, 0);
  const paren = await as.sales!<{ total: number }>('GET', `/api/groups?q=${encodeURIComponent('(spring)')}`);
  assert.is(paren.body.total, 10);
});

t('the name filter folds case beyond ASCII (Événements, ÉVÉNEMENTS, év)', async ({ as }) => {
  await create(as.manager!, { name: 'Événements clients', entity: 'company', kind: 'static' });
  await create(as.manager!, { name: 'ÉVÉNEMENTS partenaires', entity: 'company', kind: 'static' });
  const r = await as.manager!<{ total: number; groups: Group[] }>('GET', `/api/groups?q=${encodeURIComponent('évén')}`);
  assert.equal(r.body.groups.map((g) => g.name).sort(), ['Événements clients', 'ÉVÉNEMENTS partenaires'].sort());
});

t('static members: added and removed idempotently; records outside the scope are counted as hidden, never shown', async ({ server, as }) => {
  const g = await create(as.admin!, { name: 'Hand-picked', entity: 'company', kind: 'static' });
  assert.equal([g.ownerId, g.ownerName, g.mayEdit, g.criteria], ['u-admin', 'Alex Admin', true, { text: '', filters: {} }]);
  const add = await as.admin!('POST', `/api/groups/${g.id}/members`, { ids: ['eu-1', 'eu-2', 'na-1', 'af-1'] });
  assert.equal([add.status, add.body], [200, { added: 4, total: 4 }]);
  const again = await as.admin!('POST', `/api/groups/${g.id}/members`, { ids: ['eu-1', 'eu-1', 'na-1'] });
  assert.equal(again.body, { added: 0, total: 4 }, 'adding members already there changes nothing');
  const adminView = await as.admin!<{ total: number; hidden: number; records: WireDoc[] }>('GET', `/api/groups/${g.id}/members`);
  assert.equal([adminView.body.total, adminView.body.hidden], [4, 0]);
  // By name: Atelier, Casablanca, Denver, Panoply.
  assert.equal(adminView.body.records.map((r) => r.id), ['eu-2', 'af-1', 'na-1', 'eu-1']);

  const salesView = await as.sales!<{ total: number; hidden: number; records: WireDoc[] }>('GET', `/api/groups/${g.id}/members`);
  assert.equal([salesView.body.total, salesView.body.hidden, idsOf(salesView.body.records)], [2, 2, ['eu-1', 'eu-2']]);
  const managerView = await as.manager!<{ total: number; hidden: number; records: WireDoc[] }>('GET', `/api/groups/${g.id}/members`);
  assert.equal([managerView.body.total, managerView.body.hidden, idsOf(managerView.body.records)], [3, 1, ['eu-1', 'eu-2', 'na-1']]);

  // Paging the members.
  const p1 = await as.admin!<{ total: number; records: WireDoc[] }>('GET', `/api/groups/${g.id}/members?offset=0&limit=3`);
  const p2 = await as.admin!<{ total: number; records: WireDoc[] }>('GET', `/api/groups/${g.id}/members?offset=3&limit=3`);
  assert.equal([...p1.body.records, ...p2.body.records].map((r) => r.id), ['eu-2', 'af-1', 'na-1', 'eu-1']);

  // A member deleted later no longer shows, nor counts as hidden.
  assert.equal((await as.admin!('POST', `/api/groups/${g.id}/members`, { ids: ['eu-4'] })).body, { added: 1, total: 5 });
  const [eu4] = await server.store.getByIds('company', ['eu-4']);
  await server.store.push('company', [{ assumedMasterState: eu4!, newDocumentState: { ...eu4!, _deleted: true } }], pushCtx('u-admin', { rights: fullRights(['t-eu']) }));
  const afterDelete = await as.sales!<{ total: number; hidden: number; records: WireDoc[] }>('GET', `/api/groups/${g.id}/members`);
  assert.equal([afterDelete.body.total, afterDelete.body.hidden, idsOf(afterDelete.body.records)], [2, 2, ['eu-1', 'eu-2']]);

  const rm = await as.admin!('DELETE', `/api/groups/${g.id}/members`, { ids: ['af-1', 'nobody'] });
  assert.equal([rm.status, rm.body], [200, { removed: 1, total: 3 }]);
  const rmAgain = await as.admin!('DELETE', `/api/groups/${g.id}/members`, { ids: ['af-1'] });
  assert.equal(rmAgain.body, { removed: 0, total: 3 }, 'removing a member twice changes nothing');
  assert.equal((await server.store.groups.memberIds(g.id)).sort(), ['eu-1', 'eu-2', 'eu-4', 'na-1']);

  // A member must be a live record the adder may view, of the group's entity.
  const mine = await create(as.sales!, { name: 'Sales picks', entity: 'company', kind: 'static' });
  for (const ids of [['na-1'], ['eu-gone'], ['eu-4'], ['no-such-id'], ['eu-1', 'af-1']]) {
    const r = await as.sales!('POST', `/api/groups/${mine.id}/members`, { ids });
    assert.equal([r.status, codeOf(r)], [422, ERROR_CODES.GROUP_MEMBER_UNAVAILABLE], ids.join());
  }
  assert.equal(await server.store.groups.memberIds(mine.id), [], 'a refused batch adds nothing');

  // Deleting a group deletes its members with it.
  const del = await as.admin!('DELETE', `/api/groups/${g.id}`);
  assert.equal([del.status, del.body], [200, { deleted: g.id }]);
  assert.equal(await server.store.groups.memberIds(g.id), []);
  const gone = await as.admin!('GET', `/api/groups/${g.id}`);
  assert.equal([gone.status, codeOf(gone)], [404, ERROR_CODES.GROUP_NOT_FOUND]);
});

t('dynamic groups: the saved search (text and select filters) finds live records within the user\'s territories', async ({ as }) => {
  const g = await create(as.admin!, { name: 'Paris customers', entity: 'company', kind: 'dynamic', criteria: { text: ' paris ', filters: { type: 'customer' } } });
  assert.equal(g.criteria, { text: 'paris', filters: { type: 'customer' } });
  const admin = await as.admin!<{ total: number; hidden: number; records: WireDoc[] }>('GET', `/api/groups/${g.id}/members`);
  assert.equal([admin.body.total, admin.body.hidden, idsOf(admin.body.records)], [2, 0, ['eu-1', 'na-1']], 'deleted and non-customer records are left out');
  const sales = await as.sales!<{ total: number; records: WireDoc[] }>('GET', `/api/groups/${g.id}/members`);
  assert.equal(idsOf(sales.body.records), ['eu-1']);
  // Matches inside lists (an address's city), and an empty filter value means any.
  const upd = await as.admin!<Group>('PATCH', `/api/groups/${g.id}`, { criteria: { text: 'Paris', filters: { type: '', status: 'active' } } });
  assert.equal([upd.status, upd.body.criteria], [200, { text: 'Paris', filters: { status: 'active' } }]);
  const wider = await as.admin!<{ records: WireDoc[] }>('GET', `/api/groups/${g.id}/members`);
  assert.equal(idsOf(wider.body.records), ['eu-1', 'eu-2', 'eu-3', 'na-1']);
  // No text: every record passing the filters.
  await as.admin!('PATCH', `/api/groups/${g.id}`, { criteria: { filters: { type: 'customer' } } });
  const all = await as.admin!<{ records: WireDoc[] }>('GET', `/api/groups/${g.id}/members`);
  assert.equal(idsOf(all.body.records), ['af-1', 'eu-1', 'na-1']);
  // Members are the search's, not added by hand.
  const add = await as.admin!('POST', `/api/groups/${g.id}/members`, { ids: ['eu-3'] });
  assert.equal([add.status, codeOf(add)], [409, ERROR_CODES.GROUP_NOT_STATIC]);
});

t('only=missing|invalid|duplicate keeps those members, judged across the whole group (resolveMembers)', async ({ server, as }) => {
  const p = (id: string, address: string | null, territoryId = 't-eu') => makeDoc('person', { id, territoryId, lastName: `Mail ${id}`, emails: address === null ? [] : [{ type: 'business', address }] });
  await server.store.insertMany('person', [p('m-ok', 'ok@example.com'), p('m-none', null), p('m-bad', 'not-an-address'), p('m-dup1', 'Same@Example.com'), p('m-dup2', ' same@example.com'), p('m-af', 'af@example.com', 't-af')]);
  const g = await create(as.admin!, { name: 'Mailing', entity: 'person', kind: 'static' });
  await as.admin!('POST', `/api/groups/${g.id}/members`, { ids: ['m-ok', 'm-none', 'm-bad', 'm-dup1', 'm-dup2', 'm-af'] });
  const only = async (which: string) => (await as.sales!<{ total: number; hidden: number; records: WireDoc[] }>('GET', `/api/groups/${g.id}/members?only=${which}`)).body;
  assert.equal(idsOf((await only('missing')).records), ['m-none']);
  assert.equal(idsOf((await only('invalid')).records), ['m-bad']);
  const dup = await only('duplicate');
  assert.equal([dup.total, dup.hidden, idsOf(dup.records)], [2, 1, ['m-dup1', 'm-dup2']]);
  // Page two of the duplicates: the class is decided over all members, not per page.
  const second = await as.sales!<{ records: WireDoc[] }>('GET', `/api/groups/${g.id}/members?only=duplicate&offset=1&limit=1`);
  assert.is(second.body.records.length, 1);
  const group = (await server.store.groups.get(g.id))!;
  const direct = await resolveMembers(server.store, group, { kind: 'territory', territories: ['t-eu'] }, { offset: 0, limit: GROUP_MEMBER_LIMIT });
  assert.equal([direct.total, direct.hidden, direct.records.length], [5, 1, 5]);
});

t('rights: any signed-in user lists and creates; only the owner or an administrator changes or deletes', async ({ server, as }) => {
  const g = await create(as.sales!, { name: 'Sophie’s group', entity: 'company', kind: 'static' });
  assert.ok(g.mayEdit);
  const seenByManager = await as.manager!<Group>('GET', `/api/groups/${g.id}`);
  assert.equal([seenByManager.status, seenByManager.body.mayEdit, seenByManager.body.ownerName], [200, false, 'Sophie Martin']);
  for (const [method, path, body] of [
    ['PATCH', `/api/groups/${g.id}`, { name: 'Taken over' }],
    ['DELETE', `/api/groups/${g.id}`, undefined],
    ['POST', `/api/groups/${g.id}/members`, { ids: ['eu-1'] }],
    ['DELETE', `/api/groups/${g.id}/members`, { ids: ['eu-1'] }],
  ] as const) {
    const r = await as.manager!(method, path, body);
    assert.equal([r.status, codeOf(r)], [403, ERROR_CODES.FORBIDDEN], `${method} ${path}`);
  }
  const renamed = await as.sales!<Group>('PATCH', `/api/groups/${g.id}`, { name: '  Sophie’s best  ' });
  assert.equal([renamed.status, renamed.body.name], [200, 'Sophie’s best']);
  const byAdmin = await as.admin!<Group>('PATCH', `/api/groups/${g.id}`, { name: 'Checked by Alex' });
  assert.equal([byAdmin.status, byAdmin.body.name, byAdmin.body.ownerId], [200, 'Checked by Alex', 'u-sales']);
  assert.is((await as.admin!('DELETE', `/api/groups/${g.id}`)).status, 200);

  // A user who may view no leads anywhere can neither create nor see lead groups.
  const leads = await create(as.admin!, { name: 'Lead pool', entity: 'lead', kind: 'dynamic' });
  const rights = await server.store.profileRights('p-sales-eu');
  await server.store.setProfileRights('p-sales-eu', rights.filter((r) => r.entity !== ('lead' as EntityName)));
  try {
    const refused = await as.sales!('POST', '/api/groups', { name: 'My leads', entity: 'lead', kind: 'static' });
    assert.equal([refused.status, codeOf(refused)], [403, ERROR_CODES.FORBIDDEN]);
    const hidden = await as.sales!('GET', `/api/groups/${leads.id}`);
    assert.equal([hidden.status, codeOf(hidden)], [404, ERROR_CODES.GROUP_NOT_FOUND]);
    const list = await as.sales!<{ groups: Group[] }>('GET', '/api/groups?q=Lead%20pool');
    assert.equal(list.body.groups, []);
  } finally {
    await server.store.setProfileRights('p-sales-eu', rights);
  }
  const signedOut = await fetch(`${server.url}/api/groups`);
  assert.is(signedOut.status, 401);
});

t('bad input answers stable FC-GRP codes with clear messages', async ({ as }) => {
  const g = await create(as.admin!, { name: 'Target', entity: 'company', kind: 'static' });
  const d = await create(as.admin!, { name: 'Dynamic target', entity: 'lead', kind: 'dynamic', criteria: { text: 'x' } });
  const cases: [string, string, unknown, number, string][] = [
    ['POST', '/api/groups', { name: '', entity: 'company', kind: 'static' }, 400, ERROR_CODES.GROUP_BAD_NAME],
    ['POST', '/api/groups', { name: '   ', entity: 'company', kind: 'static' }, 400, ERROR_CODES.GROUP_BAD_NAME],
    ['POST', '/api/groups', { name: 'x'.repeat(121), entity: 'company', kind: 'static' }, 400, ERROR_CODES.GROUP_BAD_NAME],
    ['POST', '/api/groups', { name: 42, entity: 'company', kind: 'static' }, 400, ERROR_CODES.GROUP_BAD_NAME],
    ['POST', '/api/groups', { name: 'Notes', entity: 'note', kind: 'static' }, 400, ERROR_CODES.GROUP_BAD_INPUT],
    ['POST', '/api/groups', { name: 'Odd', entity: 'company', kind: 'smart' }, 400, ERROR_CODES.GROUP_BAD_INPUT],
    ['POST', '/api/groups', { name: 'Extra', entity: 'company', kind: 'static', owner: 'u-admin' }, 400, ERROR_CODES.GROUP_BAD_INPUT],
    ['POST', '/api/groups', ['not', 'an', 'object'], 400, ERROR_CODES.GROUP_BAD_INPUT],
    ['POST', '/api/groups', { name: 'S', entity: 'company', kind: 'static', criteria: { text: 'paris' } }, 400, ERROR_CODES.GROUP_BAD_CRITERIA],
    ['POST', '/api/groups', { name: 'D', entity: 'company', kind: 'dynamic', criteria: { filters: { name: 'x' } } }, 400, ERROR_CODES.GROUP_BAD_CRITERIA],
    ['POST', '/api/groups', { name: 'D', entity: 'company', kind: 'dynamic', criteria: { filters: { type: 'emperor' } } }, 400, ERROR_CODES.GROUP_BAD_CRITERIA],
    ['POST', '/api/groups', { name: 'D', entity: 'company', kind: 'dynamic', criteria: { filters: { stage: 'new' } } }, 400, ERROR_CODES.GROUP_BAD_CRITERIA],
    ['POST', '/api/groups', { name: 'D', entity: 'company', kind: 'dynamic', criteria: { text: 'x'.repeat(101) } }, 400, ERROR_CODES.GROUP_BAD_CRITERIA],
    ['POST', '/api/groups', { name: 'D', entity: 'company', kind: 'dynamic', criteria: { sql: '1=1' } }, 400, ERROR_CODES.GROUP_BAD_CRITERIA],
    ['POST', '/api/groups', { name: 'D', entity: 'company', kind: 'dynamic', criteria: { filters: { type: 7 } } }, 400, ERROR_CODES.GROUP_BAD_CRITERIA],
    ['PATCH', `/api/groups/${g.id}`, { name: '' }, 400, ERROR_CODES.GROUP_BAD_NAME],
    ['PATCH', `/api/groups/${g.id}`, { entity: 'person' }, 400, ERROR_CODES.GROUP_BAD_INPUT],
    ['PATCH', `/api/groups/${g.id}`, { kind: 'dynamic' }, 400, ERROR_CODES.GROUP_BAD_INPUT],
    ['PATCH', `/api/groups/${g.id}`, { criteria: { text: 'x' } }, 400, ERROR_CODES.GROUP_BAD_CRITERIA],
    ['PATCH', `/api/groups/${d.id}`, { criteria: { filters: { type: 'customer' } } }, 400, ERROR_CODES.GROUP_BAD_CRITERIA],
    ['GET', '/api/groups?limit=0', undefined, 400, ERROR_CODES.GROUP_BAD_INPUT],
    ['GET', '/api/groups?limit=201', undefined, 400, ERROR_CODES.GROUP_BAD_INPUT],
    ['GET', '/api/groups?offset=-1', undefined, 400, ERROR_CODES.GROUP_BAD_INPUT],
    ['GET', '/api/groups?offset=abc', undefined, 400, ERROR_CODES.GROUP_BAD_INPUT],
    ['GET', `/api/groups?q=${'x'.repeat(121)}`, undefined, 400, ERROR_CODES.GROUP_BAD_INPUT],
    ['GET', `/api/groups/${g.id}/members?only=everyone`, undefined, 400, ERROR_CODES.GROUP_BAD_INPUT],
    ['GET', '/api/groups/no-such-group', undefined, 404, ERROR_CODES.GROUP_NOT_FOUND],
    ['GET', `/api/groups/${'x'.repeat(300)}`, undefined, 404, ERROR_CODES.GROUP_NOT_FOUND],
    ['PATCH', '/api/groups/no-such-group', { name: 'x' }, 404, ERROR_CODES.GROUP_NOT_FOUND],
    ['DELETE', '/api/groups/no-such-group', undefined, 404, ERROR_CODES.GROUP_NOT_FOUND],
    ['GET', '/api/groups/no-such-group/members', undefined, 404, ERROR_CODES.GROUP_NOT_FOUND],
    ['POST', `/api/groups/${g.id}/members`, { ids: [] }, 400, ERROR_CODES.GROUP_BAD_INPUT],
    ['POST', `/api/groups/${g.id}/members`, { ids: 'eu-1' }, 400, ERROR_CODES.GROUP_BAD_INPUT],
    ['POST', `/api/groups/${g.id}/members`, { ids: [1, 2] }, 400, ERROR_CODES.GROUP_BAD_INPUT],
    ['POST', `/api/groups/${g.id}/members`, { ids: ['x'.repeat(41)] }, 400, ERROR_CODES.GROUP_BAD_INPUT],
    ['POST', `/api/groups/${g.id}/members`, { ids: Array.from({ length: 1001 }, (_, i) => `id${i}`) }, 400, ERROR_CODES.GROUP_BAD_INPUT],
    ['DELETE', `/api/groups/${g.id}/members`, {}, 400, ERROR_CODES.GROUP_BAD_INPUT],
    ['DELETE', `/api/groups/${d.id}/members`, { ids: ['x'] }, 409, ERROR_CODES.GROUP_NOT_STATIC],
  ];
  for (const [method, path, body, status, code] of cases) {
    const r = await as.admin!(method, path, body);
    assert.equal([r.status, codeOf(r)], [status, code], `${method} ${path.slice(0, 60)} ${JSON.stringify(body)?.slice(0, 80)}`);
    assert.ok(((r.body as { title?: string }).title ?? '').length > 10, 'a clear message');
  }
});

t('a static group holds at most 10,000 members: a batch that would pass the limit adds nothing', async ({ server }) => {
  const g = { id: 'g-full', name: 'Full', entity: 'company' as const, kind: 'static' as const, criteria: { text: '', filters: {} }, ownerId: 'u-admin', createdAt: '', updatedAt: '' };
  await server.store.groups.create(g);
  const ids = Array.from({ length: GROUP_MEMBER_LIMIT - 1 }, (_, i) => `r${i}`);
  assert.is(await server.store.groups.addMembers(g.id, ids, GROUP_MEMBER_LIMIT), GROUP_MEMBER_LIMIT - 1);
  assert.is(await server.store.groups.addMembers(g.id, ['a', 'b'], GROUP_MEMBER_LIMIT), null);
  assert.is(await server.store.groups.addMembers(g.id, ['a', 'r0'], GROUP_MEMBER_LIMIT), 1);
  assert.is((await server.store.groups.memberIds(g.id)).length, GROUP_MEMBER_LIMIT);
  assert.ok(await server.store.groups.delete(g.id));
  assert.not.ok(await server.store.groups.delete(g.id));
});

t.run();
