// Advanced search over the real API on SQLite: a select field's look-up lists every one of its values (674-171544-QA),
// conditions on any kind of field find exactly the matching records the caller may see, bad conditions are refused with
// a code, and a saved search becomes a dynamic group with the same members.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SEARCH_ENTITIES, type SearchField } from '../../shared/advanced-search.ts';
import { entityDef, type SelectField } from '../../shared/entities/index.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { makeDoc } from '../helpers/docs.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

type Caller = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T; text: string }>;
const t = suite<{ server: TestServer; as: Record<string, Caller> }>('advanced search');

t.before(async (ctx) => {
  ctx.server = await startServer({ companies: 0 });
  const place = (city: string) => [{ type: 'business', street: '1 Main Street', city, postcode: '1000', region: '', country: 'France' }];
  await ctx.server.store.insertMany('company', [
    makeDoc('company', { id: 'as-1', name: 'Acme Lyon', type: 'customer', status: 'active', industry: 'Steel', emails: [{ type: 'business', address: 'info@acme.example' }], addresses: place('Lyon') }),
    makeDoc('company', { id: 'as-2', name: 'Acme Paris', type: 'customer', status: 'inactive', industry: 'steel works', addresses: place('Paris') }),
    makeDoc('company', { id: 'as-3', name: 'Bolt SA', type: 'supplier', status: 'active', industry: '', emails: [{ type: 'business', address: 'sales@bolt.example' }] }),
    makeDoc('company', { id: 'as-4', name: 'Acme Boston', type: 'customer', status: 'active', industry: 'Steel', territoryId: 't-na' }),
  ]);
  await ctx.server.store.insertMany('lead', [
    makeDoc('lead', { id: 'ld-1', description: 'Big one', stage: 'qualified', estimatedValue: 250000 }),
    makeDoc('lead', { id: 'ld-2', description: 'Small one', stage: 'qualified', estimatedValue: 900 }),
    makeDoc('lead', { id: 'ld-3', description: 'Unknown value', stage: 'new', estimatedValue: null }),
  ]);
  ctx.as = {};
  for (const login of ['admin', 'sales']) {
    const token = await signIn(ctx.server.url, login);
    ctx.as[login] = async (method, path, body) => {
      const res = await fetch(`${ctx.server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as never, text };
    };
  }
});
t.after(async ({ server }) => {
  await server.close();
});

t('a select field’s look-up lists every one of its values, for every entity (674-171544-QA)', async ({ as }) => {
  let longest = 0;
  for (const entity of SEARCH_ENTITIES) {
    const r = await as.sales!<{ fields: SearchField[] }>('GET', `/api/search/${entity}/fields`);
    assert.is(r.status, 200, r.text);
    const def = entityDef(entity);
    assert.equal(r.body.fields.map((f) => f.name), Object.keys(def.fields), `${entity}: every field`);
    for (const f of r.body.fields.filter((x) => x.kind === 'select')) {
      const options = (def.fields[f.name as keyof typeof def.fields] as unknown as SelectField).options;
      assert.equal(f.options, [...options], `${entity}.${f.name}: all values, in order`);
      longest = Math.max(longest, options.length);
    }
  }
  assert.ok(longest >= 7, 'some select field has more values than a short look-up would show');
});

const ids = (r: { body: { records: { id: string }[] } }): string[] => r.body.records.map((x) => x.id).sort();

t('conditions on text, select, list and number fields find exactly the matching records the caller may see', async ({ as }) => {
  const search = (entity: string, conditions: unknown[], who = 'sales') => as[who]!<{ total: number; records: { id: string }[] }>('POST', `/api/search/${entity}`, { conditions });
  const steel = await search('company', [{ field: 'industry', op: 'contains', value: 'STEEL' }]);
  assert.is(steel.status, 200, steel.text);
  assert.equal(ids(steel), ['as-1', 'as-2'], 'any case; the North American one is not sales’');
  assert.is(steel.body.total, 2);
  assert.equal(ids(await search('company', [{ field: 'industry', op: 'contains', value: 'steel' }], 'admin')), ['as-1', 'as-2', 'as-4']);
  assert.equal(ids(await search('company', [{ field: 'type', op: 'equals', value: 'customer' }, { field: 'status', op: 'equals', value: 'active' }])), ['as-1']);
  assert.equal(ids(await search('company', [{ field: 'type', op: 'not-equals', value: 'customer' }])), ['as-3']);
  assert.equal(ids(await search('company', [{ field: 'emails', op: 'contains', value: '@acme.' }])), ['as-1']);
  assert.equal(ids(await search('company', [{ field: 'emails', op: 'empty', value: '' }])), ['as-2']);
  assert.equal(ids(await search('company', [{ field: 'addresses', op: 'contains', value: 'paris' }])), ['as-2']);
  assert.equal(ids(await search('company', [{ field: 'industry', op: 'empty', value: '' }])), ['as-3']);
  assert.equal(ids(await search('company', [{ field: 'name', op: 'starts-with', value: 'acme' }])), ['as-1', 'as-2']);
  assert.equal(ids(await search('lead', [{ field: 'estimatedValue', op: 'more-than', value: '1000' }])), ['ld-1']);
  assert.equal(ids(await search('lead', [{ field: 'estimatedValue', op: 'empty', value: '' }])), ['ld-3']);
  assert.equal(ids(await search('lead', [{ field: 'stage', op: 'equals', value: 'qualified' }, { field: 'estimatedValue', op: 'less-than', value: '1000' }])), ['ld-2']);
});

t('OR groups: a record matches when every condition of one group holds; a saved group keeps them', async ({ as }) => {
  const search = (conditions: unknown[], text = '') => as.sales!<{ total: number; records: { id: string }[] }>('POST', '/api/search/company', { text, conditions });
  // (customer and inactive) or supplier
  const either = [
    { field: 'type', op: 'equals', value: 'customer' },
    { field: 'status', op: 'equals', value: 'inactive' },
    { field: 'type', op: 'equals', value: 'supplier', group: 1 },
  ];
  const r = await search(either);
  assert.is(r.status, 200, r.text);
  assert.equal(ids(r), ['as-2', 'as-3']);
  assert.is(r.body.total, 2);
  // Groups keep to the caller's territories and to the text (the North American Acme is not sales').
  assert.equal(ids(await search([{ field: 'name', op: 'contains', value: 'lyon' }, { field: 'name', op: 'contains', value: 'boston', group: 3 }])), ['as-1']);
  assert.equal(ids(await search(either, 'acme')), ['as-2']);
  // No group is group 0: the same as before groups existed.
  assert.equal(ids(await search([{ field: 'type', op: 'equals', value: 'customer', group: 0 }, { field: 'status', op: 'equals', value: 'active' }])), ['as-1']);
  const made = await as.sales!<{ id: string; criteria: { conditions: unknown[] } }>('POST', '/api/groups', { name: 'Lapsed customers or suppliers', entity: 'company', kind: 'dynamic', criteria: { text: '', conditions: either } });
  assert.is(made.status, 201, made.text);
  assert.equal(made.body.criteria.conditions, either);
  assert.equal(ids(await as.sales!<{ records: { id: string }[] }>('GET', `/api/groups/${made.body.id}/members?offset=0&limit=100`)), ['as-2', 'as-3']);
  for (const group of [-1, 5, 1.5, '1', null]) {
    const bad = await search([{ field: 'type', op: 'equals', value: 'customer', group }]);
    assert.is(bad.status, 400, `group ${String(group)}`);
  }
});

t('bad conditions are refused with a code, never ignored', async ({ as }) => {
  for (const conditions of [[{ field: 'nope', op: 'equals', value: 'x' }], [{ field: 'type', op: 'equals', value: 'nonsense' }], [{ field: 'type', op: 'contains', value: 'cust' }], [{ field: 'name', op: 'contains', value: '' }], 'x']) {
    const r = await as.sales!('POST', '/api/search/company', { conditions });
    assert.is(r.status, 400, JSON.stringify(conditions));
    assert.is((r.body as { code: string }).code, ERROR_CODES.RECORD_BAD_INPUT);
  }
  assert.is((await as.sales!('POST', '/api/search/setting', { conditions: [] })).status, 404);
});

t('a saved search is a dynamic group with the same members', async ({ as }) => {
  const conditions = [{ field: 'industry', op: 'contains', value: 'steel' }, { field: 'type', op: 'equals', value: 'customer' }];
  const found = await as.sales!<{ records: { id: string }[] }>('POST', '/api/search/company', { conditions });
  const made = await as.sales!<{ id: string; kind: string; criteria: { conditions: unknown[] } }>('POST', '/api/groups', { name: 'Steel customers', entity: 'company', kind: 'dynamic', criteria: { text: '', conditions } });
  assert.is(made.status, 201, made.text);
  assert.equal(made.body.criteria.conditions, conditions);
  const members = await as.sales!<{ records: { id: string }[] }>('GET', `/api/groups/${made.body.id}/members?offset=0&limit=100`);
  assert.is(members.status, 200, members.text);
  assert.equal(ids(members), ids(found));
  assert.equal(ids(members), ['as-1', 'as-2']);
  const bad = await as.sales!('POST', '/api/groups', { name: 'Bad', entity: 'company', kind: 'dynamic', criteria: { conditions: [{ field: 'type', op: 'equals', value: 'nonsense' }] } });
  assert.is((bad.body as { code: string }).code, ERROR_CODES.GROUP_BAD_CRITERIA);
});

t.run();
