// GET /api/records/:entity/list over the real API on SQLite: sort by one or more fields both ways (text, number, amount,
// date), the id as the tie-breaker so paging never repeats nor skips a row, the filter row's terms (options, owner,
// territory, date and amount ranges), clear 400s with stable codes for a bad sort or filter, and the caller's
// territories respected throughout (#23, #21).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { makeDoc } from '../helpers/docs.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

type Rec = WireDoc & Record<string, unknown>;
type Page = { total: number; offset: number; limit: number; records: Rec[]; code?: string; detail?: string; title?: string };
type Get = (path: string) => Promise<{ status: number; body: Page }>;

const t = suite<{ server: TestServer; as: Record<string, Get>; quotes: Rec[]; leads: Rec[] }>('record list: sort and filters');

/** 16 quotes in two territories with ties on every sort key, and 7 leads with numbers (some empty). */
const QUOTES: Record<string, unknown>[] = [
  ['t-eu', 'draft', 5000, '2026-01-10', 'bravo', 'u-sales'],
  ['t-eu', 'sent', 5000, '2026-01-10', 'Alpha', 'u-sales'],
  ['t-na', 'sent', 12000, '2026-02-01', 'charlie', 'u-manager'],
  ['t-eu', 'accepted', 700, '2026-03-15', 'delta', 'u-manager'],
  ['t-eu', 'sent', 5000, '2026-02-01', 'echo', 'u-sales'],
  ['t-na', 'draft', 0, '2025-12-31', 'foxtrot', 'u-manager'],
  ['t-eu', 'declined', 99999, '2026-01-10', 'golf', 'u-sales'],
  ['t-eu', 'sent', 700, '', 'hotel', 'u-sales'],
  ['t-na', 'accepted', 5000, '2026-03-15', 'india', 'u-manager'],
  ['t-eu', 'draft', 250, '2026-02-28', 'juliett', 'u-sales'],
  ['t-eu', 'sent', 5000, '2026-01-10', 'kilo', 'u-sales'],
  ['t-na', 'sent', 700, '2026-01-11', 'lima', 'u-manager'],
  ['t-eu', 'accepted', 12000, '2026-02-01', 'mike', 'u-manager'],
  ['t-eu', 'draft', 5000, '2026-03-01', 'november', 'u-sales'],
  ['t-eu', 'sent', 31000, '2026-01-31', 'oscar', 'u-sales'],
  ['t-na', 'sent', 5000, '2026-01-10', 'papa', 'u-manager'],
].map(([territoryId, status, total, issuedAt, word, ownerId], i) => ({
  // Ids out of insertion order, so the tie-breaker is seen to be the id, not the order rows were written in.
  id: `lq-${String((i * 7) % 16).padStart(2, '0')}`,
  territoryId,
  status,
  total,
  subtotal: total,
  issuedAt,
  description: `Sortable ${word}`,
  reference: `LQ-${String(100 - i)}`,
  ownerId,
  companyId: territoryId === 't-eu' ? 'c-eu' : 'c-na',
  // The last change: one quote a day from 1 April, at 22:30 UTC (the next day in Paris).
  updatedAt: `2026-04-${String(i + 1).padStart(2, '0')}T22:30:00.000Z`,
}));
const LEADS = [null, 1500.5, 20, 1500.5, 3, null, 999999].map((estimatedValue, i) => ({ id: `ll-${i}`, description: `Sortable lead ${i}`, estimatedValue, territoryId: 't-eu' }));

t.before(async (ctx) => {
  ctx.server = await startServer({ companies: 2 });
  ctx.quotes = QUOTES.map((q) => makeDoc('quote', q) as Rec);
  ctx.leads = LEADS.map((l) => makeDoc('lead', l) as Rec);
  await ctx.server.store.insertMany('quote', ctx.quotes);
  await ctx.server.store.insertMany('lead', ctx.leads);
  ctx.as = {};
  for (const login of ['admin', 'sales']) {
    const token = await signIn(ctx.server.url, login);
    ctx.as[login] = async (path) => {
      const res = await fetch(`${ctx.server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: (await res.json()) as Page };
    };
  }
});
t.after(async ({ server }) => {
  await server.close();
});

type Key = [field: string, dir: 1 | -1];
/** The order the server must give: the keys, then the id ascending; '' and null first ascending, as SQL orders them. */
function expected(rows: readonly Rec[], keys: readonly Key[]): string[] {
  const v = (r: Rec, f: string): string | number => {
    const x = r[f];
    return x === null || x === undefined ? -Infinity : (x as string | number);
  };
  return [...rows]
    .sort((a, b) => {
      for (const [f, dir] of keys) {
        const x = v(a, f);
        const y = v(b, f);
        if (x === y) continue;
        // Code-point order for text, as SQLite's default collation compares.
        return (x < y ? -1 : 1) * dir;
      }
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    })
    .map((r) => r.id);
}

const ids = (p: Page): string[] => p.records.map((r) => r.id);
const q = '&q=Sortable';

t('sort on text both ways: description ascending, then descending (code-point order, id breaks ties)', async ({ as, quotes }) => {
  const up = await as.admin!(`/api/records/quote/list?sort=description&limit=100${q}`);
  assert.is(up.status, 200, JSON.stringify(up.body));
  assert.is(up.body.total, 16);
  assert.equal(ids(up.body), expected(quotes, [['description', 1]]));
  assert.is(up.body.records[0]!.description, 'Sortable Alpha', 'capital A sorts before lower-case letters in SQLite');
  const down = await as.admin!(`/api/records/quote/list?sort=-description&limit=100${q}`);
  assert.equal(ids(down.body), expected(quotes, [['description', -1]]));
});

t('sort on an amount both ways (quote total), ties broken by id ascending either way', async ({ as, quotes }) => {
  const up = await as.admin!(`/api/records/quote/list?sort=total&limit=100${q}`);
  assert.equal(ids(up.body), expected(quotes, [['total', 1]]));
  assert.equal(up.body.records.map((r) => r.total).slice(0, 4), [0, 250, 700, 700]);
  const down = await as.admin!(`/api/records/quote/list?sort=-total&limit=100${q}`);
  assert.equal(ids(down.body), expected(quotes, [['total', -1]]));
  assert.is(down.body.records[0]!.total, 99999);
  // Within the six quotes at 50.00 the ids go up, in both directions of the amount.
  const tied = down.body.records.filter((r) => r.total === 5000).map((r) => r.id);
  assert.equal(tied, [...tied].sort());
});

t('sort on a number both ways (a lead’s estimated value; empty values first ascending, last descending)', async ({ as, leads }) => {
  const up = await as.admin!('/api/records/lead/list?sort=estimatedValue&limit=100&q=Sortable lead');
  assert.is(up.status, 200, JSON.stringify(up.body));
  assert.equal(ids(up.body), expected(leads, [['estimatedValue', 1]]));
  assert.equal(up.body.records.map((r) => r.estimatedValue), [null, null, 3, 20, 1500.5, 1500.5, 999999]);
  const down = await as.admin!('/api/records/lead/list?sort=-estimatedValue&limit=100&q=Sortable lead');
  assert.equal(down.body.records.map((r) => r.estimatedValue), [999999, 1500.5, 1500.5, 20, 3, null, null]);
  assert.equal(ids(down.body), expected(leads, [['estimatedValue', -1]]));
});

t('sort on a date both ways (issuedAt), and the entity’s own order (newest first) when no sort is given', async ({ as, quotes }) => {
  const up = await as.admin!(`/api/records/quote/list?sort=issuedAt&limit=100${q}`);
  assert.equal(ids(up.body), expected(quotes, [['issuedAt', 1]]));
  assert.is(up.body.records[0]!.issuedAt, '', 'a quote without a date sorts first ascending');
  const down = await as.admin!(`/api/records/quote/list?sort=-issuedAt&limit=100${q}`);
  assert.equal(ids(down.body), expected(quotes, [['issuedAt', -1]]));
  const own = await as.admin!(`/api/records/quote/list?limit=100${q}`);
  assert.equal(ids(own.body), ids(down.body));
});

t('several keys: status ascending, then total descending, then issuedAt ascending, then the id', async ({ as, quotes }) => {
  const r = await as.admin!(`/api/records/quote/list?sort=status,-total,%2BissuedAt&limit=100${q}`);
  assert.is(r.status, 200, JSON.stringify(r.body));
  assert.equal(ids(r.body), expected(quotes, [['status', 1], ['total', -1], ['issuedAt', 1]]));
});

t('paging with ties: pages of 3 by total (then by issuedAt descending) never repeat nor skip a row', async ({ as, quotes }) => {
  for (const sort of ['total', '-total', '-issuedAt', 'status']) {
    const seen: string[] = [];
    for (let offset = 0; offset < 16; offset += 3) {
      const p = await as.admin!(`/api/records/quote/list?sort=${encodeURIComponent(sort)}&offset=${offset}&limit=3${q}`);
      assert.is(p.body.total, 16);
      assert.is(p.body.offset, offset);
      seen.push(...ids(p.body));
    }
    assert.is(new Set(seen).size, 16, `${sort}: no row twice`);
    const whole = await as.admin!(`/api/records/quote/list?sort=${encodeURIComponent(sort)}&limit=100${q}`);
    assert.equal(seen, ids(whole.body), `${sort}: the pages are the whole list cut in three`);
  }
  assert.ok(quotes.length === 16);
});

t('filters: an option, the owner, the territory, a date range, an amount range and the last change, all combined with the sort', async ({ as, quotes }) => {
  const get = async (f: string, sort = 'total') => ids((await as.admin!(`/api/records/quote/list?sort=${sort}&limit=100${q}&${f}`)).body);
  const keep = (test: (r: Rec) => boolean, sort: Key[] = [['total', 1]]) => expected(quotes.filter(test), sort);
  assert.equal(await get('filter[status]=sent'), keep((r) => r.status === 'sent'));
  assert.equal(await get('filter[ownerId]=u-manager'), keep((r) => r.ownerId === 'u-manager'));
  assert.equal(await get('filter[territoryId]=t-na'), keep((r) => r.territoryId === 't-na'));
  // Both ends of a date range are kept; a quote without a date is in no range.
  assert.equal(await get('filter[issuedAt.from]=2026-01-10&filter[issuedAt.to]=2026-02-01'), keep((r) => String(r.issuedAt) >= '2026-01-10' && String(r.issuedAt) <= '2026-02-01' && r.issuedAt !== ''));
  assert.equal(await get('filter[issuedAt.to]=2026-01-10'), keep((r) => r.issuedAt !== '' && String(r.issuedAt) <= '2026-01-10'));
  assert.equal(await get('filter[total.from]=700&filter[total.to]=5000'), keep((r) => Number(r.total) >= 700 && Number(r.total) <= 5000));
  assert.equal(await get('filter[status]=sent&filter[territoryId]=t-eu&filter[total.from]=5000', '-total'), keep((r) => r.status === 'sent' && r.territoryId === 't-eu' && Number(r.total) >= 5000, [['total', -1]]));
  // The last change: instants in UTC, `from` kept, `to` excluded (the PWA sends a user's days as their midnights).
  assert.equal(await get('filter[updatedAt.from]=2026-04-03T22:30:00.000Z&filter[updatedAt.to]=2026-04-06T22:30:00Z'), keep((r) => String(r.updatedAt) >= '2026-04-03T22:30' && String(r.updatedAt) < '2026-04-06T22:30'));
  assert.is((await get('filter[updatedAt.from]=2026-04-03T22:30:00.000Z&filter[updatedAt.to]=2026-04-06T22:30:00Z')).length, 3);
  // An empty value is no filter.
  assert.is((await get('filter[status]=')).length, 16);
  // With paging, the total counts what the filter keeps.
  const page = await as.admin!(`/api/records/quote/list?sort=-total&limit=2${q}&filter[status]=sent`);
  assert.equal([page.body.total, ids(page.body)], [8, keep((r) => r.status === 'sent', [['total', -1]]).slice(0, 2)]);
});

t('a bad sort is a 400 FC-REC-003 that names the field and what may be sorted; a bad filter a 400 FC-REC-004', async ({ as }) => {
  const cases: [string, string, RegExp][] = [
    ['sort=nope', ERROR_CODES.LIST_BAD_SORT, /quote has no field "nope"; sortable fields: reference, description, status, issuedAt/],
    ['sort=companyId', ERROR_CODES.LIST_BAD_SORT, /quote cannot be sorted by "companyId"/],
    ['sort=notes', ERROR_CODES.LIST_BAD_SORT, /cannot be sorted by "notes"/],
    ['sort=total,', ERROR_CODES.LIST_BAD_SORT, /sort key is empty/],
    ['sort=total,-total', ERROR_CODES.LIST_BAD_SORT, /given twice/],
    ['sort=total,status,issuedAt,reference', ERROR_CODES.LIST_BAD_SORT, /at most 3/],
    ['sort=total&sort=status', ERROR_CODES.LIST_BAD_SORT, /once/],
    ['filter[nope]=1', ERROR_CODES.LIST_BAD_FILTER, /quote has no filter "nope"/],
    ['filter[status]=bogus', ERROR_CODES.LIST_BAD_FILTER, /"bogus" is not an option of status \(draft, sent, accepted, declined, ordered\)/],
    ['filter[issuedAt.from]=2026-13-01', ERROR_CODES.LIST_BAD_FILTER, /issuedAt.from must be a date/],
    ['filter[updatedAt.from]=2026-01-01', ERROR_CODES.LIST_BAD_FILTER, /must be an instant in UTC/],
    ['filter[total.from]=1.5', ERROR_CODES.LIST_BAD_FILTER, /whole number/],
    ['filter[issuedAt]=2026-01-01', ERROR_CODES.LIST_BAD_FILTER, /filtered by a range/],
    ['filter[status.from]=a', ERROR_CODES.LIST_BAD_FILTER, /one value/],
    ['filter[issuedAt.since]=2026-01-01', ERROR_CODES.LIST_BAD_FILTER, /no filter "issuedAt.since"/],
  ];
  for (const [query, code, message] of cases) {
    const r = await as.admin!(`/api/records/quote/list?${query}`);
    assert.is(r.status, 400, query);
    assert.is(r.body.code, code, query);
    assert.match(`${r.body.detail ?? ''} ${r.body.title ?? ''}`, message, `${query}: ${JSON.stringify(r.body)}`);
  }
});

t('the caller’s territories: a sales rep in Europe sorts and pages only the European quotes, whatever the filter asks', async ({ as, quotes }) => {
  const eu = quotes.filter((r) => r.territoryId === 't-eu');
  const r = await as.sales!(`/api/records/quote/list?sort=-total&limit=100${q}`);
  assert.is(r.status, 200, JSON.stringify(r.body));
  assert.is(r.body.total, eu.length);
  assert.equal(ids(r.body), expected(eu, [['total', -1]]));
  // Asking for another territory's quotes finds none; a page past the rep's rows is empty.
  const na = await as.sales!(`/api/records/quote/list?filter[territoryId]=t-na${q}`);
  assert.equal([na.status, na.body.total, na.body.records.length], [200, 0, 0]);
  const seen: string[] = [];
  for (let offset = 0; offset < eu.length; offset += 4) seen.push(...ids((await as.sales!(`/api/records/quote/list?sort=issuedAt&offset=${offset}&limit=4${q}`)).body));
  assert.equal(seen, expected(eu, [['issuedAt', 1]]));
});

t.run();
