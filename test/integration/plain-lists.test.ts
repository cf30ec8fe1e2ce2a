// The document and group lists sort and filter with the record lists' rules (shared/list-query.ts, decision 0041):
// `?sort=-size`, `filter[entity]=company`, `filter[createdAt.from]=…`, pages stable across ties, bad terms refused with
// FC-REC-003 / FC-REC-004, and only what the caller may see.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UPLOAD_HEADER, type DocumentInfo } from '../../shared/documents.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { makeDoc } from '../helpers/docs.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

const t = suite<{ server: TestServer; admin: string; sales: string }>('document and group lists: sort and filters');

t.before(async (ctx) => {
  ctx.server = await startServer({ companies: 0 });
  ctx.admin = await signIn(ctx.server.url, 'admin');
  ctx.sales = await signIn(ctx.server.url, 'sales');
  await ctx.server.store.insertMany('company', [makeDoc('company', { id: 'eu-1', territoryId: 't-eu', name: 'Panoply Paris' }), makeDoc('company', { id: 'na-1', territoryId: 't-na', name: 'Denver Imports' })]);
  await ctx.server.store.insertMany('person', [makeDoc('person', { id: 'p-eu', territoryId: 't-eu', firstName: 'Anna', lastName: 'Durand', companyId: 'eu-1' })]);
});
t.after(async ({ server }) => server.close());

const get = async <T>(ctx: { server: TestServer }, token: string, path: string): Promise<{ status: number; body: T }> => {
  const res = await fetch(ctx.server.url + path, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as T };
};

async function upload(ctx: { server: TestServer }, token: string, entity: string, recordId: string, name: string, size: number): Promise<void> {
  const q = new URLSearchParams({ entity, recordId, name }).toString();
  const res = await fetch(`${ctx.server.url}/api/documents/upload?${q}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain', [UPLOAD_HEADER]: '1' }, body: 'x'.repeat(size) });
  assert.is(res.status, 201, await res.text());
}

type DocPage = { total: number; documents: DocumentInfo[] };

t('documents: sorted by name, size or date both ways, filtered by kind of record and date, pages stable, bad terms refused', async (ctx) => {
  await upload(ctx, ctx.admin, 'company', 'eu-1', 'beta.txt', 30);
  await upload(ctx, ctx.admin, 'company', 'eu-1', 'Alpha.txt', 10);
  await upload(ctx, ctx.admin, 'person', 'p-eu', 'gamma.txt', 20);
  await upload(ctx, ctx.admin, 'company', 'na-1', 'delta.txt', 20);
  const names = (p: DocPage): string[] => p.documents.map((d) => d.name);
  assert.equal(names((await get<DocPage>(ctx, ctx.admin, '/api/documents?sort=name')).body), ['Alpha.txt', 'beta.txt', 'delta.txt', 'gamma.txt'], 'by name, whatever the case');
  assert.equal(names((await get<DocPage>(ctx, ctx.admin, '/api/documents?sort=-name')).body), ['gamma.txt', 'delta.txt', 'beta.txt', 'Alpha.txt']);
  const bySize = names((await get<DocPage>(ctx, ctx.admin, '/api/documents?sort=-size')).body);
  assert.equal([bySize[0], bySize[3]], ['beta.txt', 'Alpha.txt']);
  // Ties (two of 20 bytes) split across pages of one: each document once.
  const paged: string[] = [];
  for (let offset = 0; offset < 4; offset++) paged.push(...names((await get<DocPage>(ctx, ctx.admin, `/api/documents?sort=size&limit=1&offset=${offset}`)).body));
  assert.equal(new Set(paged).size, 4);
  assert.equal(names((await get<DocPage>(ctx, ctx.admin, '/api/documents?sort=name&filter[entity]=person')).body), ['gamma.txt']);
  const future = new Date(Date.now() + 86_400_000).toISOString();
  assert.is((await get<DocPage>(ctx, ctx.admin, `/api/documents?filter[createdAt.from]=${future}`)).body.total, 0);
  assert.is((await get<DocPage>(ctx, ctx.admin, `/api/documents?filter[createdAt.to]=${future}`)).body.total, 4);
  // The filters stay inside what the caller may see: sales sees no North American document.
  assert.equal(names((await get<DocPage>(ctx, ctx.sales, '/api/documents?sort=name')).body), ['Alpha.txt', 'beta.txt', 'gamma.txt']);
  for (const [q, code] of [
    ['sort=sha256', ERROR_CODES.LIST_BAD_SORT],
    ['sort=name,name', ERROR_CODES.LIST_BAD_SORT],
    ['filter[entity]=users', ERROR_CODES.LIST_BAD_FILTER],
    ['filter[storage]=db', ERROR_CODES.LIST_BAD_FILTER],
    ['filter[createdAt.from]=yesterday', ERROR_CODES.LIST_BAD_FILTER],
    ['filter[size]=10', ERROR_CODES.LIST_BAD_FILTER],
  ] as const) {
    const r = await get<{ code: string }>(ctx, ctx.admin, `/api/documents?${q}`);
    assert.equal([r.status, r.body.code], [400, code], q);
  }
});

t('groups: sorted by name, kind or entity both ways, filtered by entity and kind, bad terms refused', async (ctx) => {
  const make = async (name: string, entity: string, kind: string): Promise<void> => {
    const res = await fetch(`${ctx.server.url}/api/groups`, { method: 'POST', headers: { authorization: `Bearer ${ctx.admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ name, entity, kind }) });
    assert.is(res.status, 201, await res.text());
  };
  await make('zeta partners', 'company', 'static');
  await make('Alpha prospects', 'company', 'dynamic');
  await make('mid persons', 'person', 'static');
  type GroupPage = { total: number; groups: { name: string }[] };
  const names = (p: GroupPage): string[] => p.groups.map((g) => g.name);
  assert.equal(names((await get<GroupPage>(ctx, ctx.admin, '/api/groups')).body), ['Alpha prospects', 'mid persons', 'zeta partners'], 'by name by default');
  assert.equal(names((await get<GroupPage>(ctx, ctx.admin, '/api/groups?sort=-name')).body), ['zeta partners', 'mid persons', 'Alpha prospects']);
  assert.equal(names((await get<GroupPage>(ctx, ctx.admin, '/api/groups?sort=entity,-name')).body), ['zeta partners', 'Alpha prospects', 'mid persons']);
  assert.equal(names((await get<GroupPage>(ctx, ctx.admin, '/api/groups?filter[entity]=company&filter[kind]=dynamic')).body), ['Alpha prospects']);
  for (const [q, code] of [
    ['sort=criteria', ERROR_CODES.LIST_BAD_SORT],
    ['filter[kind]=magic', ERROR_CODES.LIST_BAD_FILTER],
    ['filter[ownerId]=u-admin', ERROR_CODES.LIST_BAD_FILTER],
  ] as const) {
    const r = await get<{ code: string }>(ctx, ctx.admin, `/api/groups?${q}`);
    assert.equal([r.status, r.body.code], [400, code], q);
  }
});

t.run();
