// Quotes, orders, products and opportunities over the real API on SQLite: create and price, territories and rights,
// convert to an order, refusals with stable codes, and nothing half-written when a line fails (741-171250-QA).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { signIn, startServer, type TestServer } from '../helpers/server.ts';

interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}
type Caller = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => Promise<Answer<T>>;
type Lines = { record: WireDoc & Record<string, unknown>; items: (WireDoc & Record<string, unknown>)[] };

const t = suite<{ server: TestServer; as: Record<string, Caller> }>('quotes');

t.before(async (ctx) => {
  ctx.server = await startServer({ companies: 12 });
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
});
t.after(async ({ server }) => {
  await server.close();
});

const codeOf = (r: Answer): string => String((r.body as { code?: string }).code ?? `(status ${r.status})`);
const issuesOf = (r: Answer): string[] => ((r.body as { issues?: { field: string; code: string }[] }).issues ?? []).map((i) => `${i.field}:${i.code}`);

/** A company in Europe and one in North America, from the demo data. */
async function companies(server: TestServer): Promise<{ eu: WireDoc; na: WireDoc }> {
  const all = (await server.store.pull('company', 0, 100, { kind: 'everyone' })).documents;
  return { eu: all.find((c) => c.territoryId === 't-eu')!, na: all.find((c) => c.territoryId === 't-na')! };
}

t('741-171250-QA: a quote made over the API, its lines priced on the server (percent and amount discounts, a fractional quantity), totals with tax', async ({ server, as }) => {
  const { eu } = await companies(server);
  const made = await as.sales!<WireDoc & Record<string, unknown>>('POST', '/api/records/quote', { companyId: eu.id, description: 'New chairs', currency: 'EUR', taxRate: 2000, territoryId: 't-na' });
  assert.is(made.status, 201, JSON.stringify(made.body));
  const q = made.body;
  assert.is(q.territoryId, 't-eu', "the company's territory, whatever the client said");
  assert.match(String(q.reference), /^Q-\d{4}-[0-9A-F]{6}$/);
  assert.is(q.ownerId, 'u-sales');
  assert.is(q.total, 0);

  const r = await as.sales!<Lines>('PUT', `/api/quotes/${q.id}/lines`, {
    items: [
      { productId: 'pr001', quantity: 12000, discountType: 'percent', discountPercent: 1000 },
      { description: 'Delivery', quantity: 1500, listPrice: 33, discountType: 'amount', discountAmount: 0 },
      { productId: 'pr003', quantity: 1000, listPrice: 115, discountType: 'percent', discountPercent: 1000 },
    ],
  });
  assert.is(r.status, 200, JSON.stringify(r.body));
  const [chair, delivery, printer] = r.body.items;
  // The product's name and its euro list price fill what the line left out: 249.00 less 10 % = 224.10, × 12 = 2,689.20.
  assert.equal([chair!.description, chair!.listPrice, chair!.quotedPrice, chair!.lineTotal, chair!.currency, chair!.lineNo], ['Ergonomic office chair', 24900, 22410, 268920, 'EUR', 1]);
  // 0.33 × 1.5 = 0.495 → 0.50 (half away from zero)
  assert.equal([delivery!.quotedPrice, delivery!.lineTotal], [33, 50]);
  // A typed list price wins over the product's: 1.15 less 10 % = 1.035 → 1.04
  assert.equal([printer!.quotedPrice, printer!.lineTotal], [104, 104]);
  assert.equal([r.body.record.subtotal, r.body.record.tax, r.body.record.total], [269074, 53815, 322889]);
  // What the server stored is what it answered.
  const [stored] = await server.store.getByIds('quote', [q.id]);
  assert.is(stored!.total, 322889);
  const listed = await as.sales!<{ total: number; records: WireDoc[] }>('GET', `/api/records/quoteItem/list?field=quoteId&value=${q.id}`);
  assert.equal(listed.body.records.map((i) => i.lineNo), [1, 2, 3]);

  // Lines changed: one kept (by id) with another quantity, one removed, one added.
  const again = await as.sales!<Lines>('PUT', `/api/quotes/${q.id}/lines`, { items: [{ id: chair!.id, quantity: 1000 }, { productId: 'pr004', quantity: 2000 }] });
  assert.is(again.status, 200, JSON.stringify(again.body));
  assert.equal(again.body.items.map((i) => [i.id === chair!.id, i.lineTotal]), [[true, 22410], [false, 4998]]);
  assert.is(again.body.record.subtotal, 27408);
  assert.is((await server.store.getByIds('quoteItem', [delivery!.id]))[0]!._deleted, true);
});

t('nothing is half-written: a failing line refuses the whole change, the quote and its lines stay as they were', async ({ server, as }) => {
  const { eu } = await companies(server);
  const q = (await as.sales!<WireDoc>('POST', '/api/records/quote', { companyId: eu.id, currency: 'EUR', taxRate: 2000 })).body;
  const first = await as.sales!<Lines>('PUT', `/api/quotes/${q.id}/lines`, { items: [{ productId: 'pr002', quantity: 1000 }] });
  assert.is(first.status, 200);
  const before = await server.store.getByIds('quote', [q.id]);
  const bad = await as.sales!('PUT', `/api/quotes/${q.id}/lines`, {
    items: [
      { productId: 'pr001', quantity: 2000 },
      { description: 'Too generous', quantity: 1000, listPrice: 500, discountType: 'amount', discountAmount: 600 },
      { description: 'No quantity', listPrice: 100 },
    ],
  });
  assert.is(bad.status, 422);
  assert.is(codeOf(bad), ERROR_CODES.VALIDATION_FAILED);
  assert.equal(issuesOf(bad), ['items.1.discountAmount:discount-over-price', 'items.2.quantity:required']);
  assert.equal(await server.store.getByIds('quote', [q.id]), before);
  const lines = (await server.store.listRecords('quoteItem', { equals: { quoteId: q.id } }, { kind: 'everyone' }, { offset: 0, limit: 10 })).records;
  assert.equal(lines.map((l) => l.description), ['Standing desk 160 cm']);
  // A product without a price in the quote's currency, and no typed price: said so, on that line.
  const yen = (await as.sales!<WireDoc>('POST', '/api/records/quote', { companyId: eu.id, currency: 'JPY' })).body;
  const none = await as.sales!('PUT', `/api/quotes/${yen.id}/lines`, { items: [{ productId: 'pr001', quantity: 1000 }] });
  assert.equal(issuesOf(none), ['items.0.listPrice:no-price-in-currency']);
});

t('bad input gets stable codes: unknown keys, lines written alone, a locked currency, sync refusing online records', async ({ server, as }) => {
  const { eu } = await companies(server);
  assert.is(codeOf(await as.sales!('POST', '/api/records/quote', { companyId: eu.id, discount: 5 })), ERROR_CODES.RECORD_BAD_INPUT);
  assert.is(codeOf(await as.sales!('POST', '/api/records/quoteItem', { quoteId: 'x' })), ERROR_CODES.RECORD_NOT_WRITABLE_HERE);
  assert.is(codeOf(await as.sales!('POST', '/api/records/company', { name: 'x' })), ERROR_CODES.RECORD_NOT_WRITABLE_HERE);
  assert.is(codeOf(await as.sales!('POST', '/api/records/invoice', {})), ERROR_CODES.UNKNOWN_COLLECTION);
  const missing = await as.sales!('POST', '/api/records/quote', { currency: 'EUR' });
  assert.equal(issuesOf(missing), ['companyId:required']);
  assert.equal(issuesOf(await as.sales!('POST', '/api/records/quote', { companyId: eu.id, currency: 'XXX', taxRate: 12.5 })), ['currency:not-in-list', 'taxRate:bad-number']);
  const q = (await as.sales!<WireDoc>('POST', '/api/records/quote', { companyId: eu.id, currency: 'EUR' })).body;
  await as.sales!('PUT', `/api/quotes/${q.id}/lines`, { items: [{ productId: 'pr001', quantity: 1000 }] });
  assert.is(codeOf(await as.sales!('PATCH', `/api/records/quote/${q.id}`, { currency: 'USD' })), ERROR_CODES.QUOTE_CURRENCY_LOCKED);
  // The tax rate may change: the totals follow.
  const taxed = await as.sales!<WireDoc>('PATCH', `/api/records/quote/${q.id}`, { taxRate: 550 });
  assert.equal([taxed.body.subtotal, taxed.body.tax, taxed.body.total], [24900, 1370, 26270]);
  assert.is(codeOf(await as.sales!('PUT', `/api/quotes/${q.id}/lines`, { lines: [] })), ERROR_CODES.RECORD_BAD_INPUT);
  const sync = await as.sales!('GET', '/sync/quote/pull?seq=0');
  assert.equal([sync.status, codeOf(sync)], [404, ERROR_CODES.UNKNOWN_COLLECTION]);
  assert.is((await as.sales!('GET', '/api/records/quote/list?limit=501')).status, 400);
  assert.is(codeOf(await as.sales!('GET', '/api/records/quote/list?field=nothing&value=1')), ERROR_CODES.RECORD_BAD_INPUT);
  assert.is(server.store.dialect, 'sqlite');
});

t('territories: a quote belongs to its company\'s territory; users see and change only what their rights allow', async ({ server, as }) => {
  const { eu, na } = await companies(server);
  // Sophie (sales, Europe) cannot point a quote at a company she cannot see.
  assert.equal(issuesOf(await as.sales!('POST', '/api/records/quote', { companyId: na.id })), ['companyId:ref-unavailable']);
  const naQuote = await as.manager!<WireDoc>('POST', '/api/records/quote', { companyId: na.id, currency: 'USD' });
  assert.is(naQuote.body.territoryId, 't-na');
  const salesList = await as.sales!<{ records: WireDoc[] }>('GET', '/api/records/quote/list?limit=500');
  assert.ok(salesList.body.records.length > 0);
  assert.ok(salesList.body.records.every((r) => r.territoryId === 't-eu'));
  assert.is((await as.sales!('PATCH', `/api/records/quote/${naQuote.body.id}`, { description: 'mine now' })).status, 404);
  assert.is((await as.sales!('PUT', `/api/quotes/${naQuote.body.id}/lines`, { items: [] })).status, 404);
  assert.equal(await as.sales!('GET', `/api/records/quote?ids=${naQuote.body.id}`).then((r) => r.body), []);
  // Amina (marketing) views every quote but may not write one.
  const seen = await as.marketing!<{ total: number }>('GET', '/api/records/quote/list');
  assert.ok(seen.body.total >= salesList.body.records.length + 1);
  const refused = await as.marketing!('POST', '/api/records/quote', { companyId: eu.id });
  assert.equal([refused.status, codeOf(refused)], [403, ERROR_CODES.FORBIDDEN]);
  assert.is((await as.marketing!('POST', '/api/records/product', { name: 'Pens' })).status, 403);
  // Products are a catalogue everyone views; a sales rep may not change it, a manager may.
  assert.is((await as.sales!('PATCH', '/api/records/product/pr001', { name: 'Chair' })).status, 403);
  const product = await as.manager!<WireDoc>('POST', '/api/records/product', { name: 'Desk lamp', code: 'LM-1', territoryId: 't-world' });
  assert.is(product.status, 201);
  const price = await as.manager!<WireDoc>('POST', '/api/records/productPrice', { productId: product.body.id, currency: 'EUR', listPrice: 3990 });
  assert.equal([price.status, price.body.territoryId], [201, 't-world']);
  assert.equal(issuesOf(await as.manager!('POST', '/api/records/productPrice', { productId: product.body.id, currency: 'EUR', listPrice: 1 })), ['currency:currency-taken']);
  // Deleting a quote deletes its lines with it.
  const q = (await as.sales!<WireDoc>('POST', '/api/records/quote', { companyId: eu.id })).body;
  const lines = (await as.sales!<Lines>('PUT', `/api/quotes/${q.id}/lines`, { items: [{ productId: product.body.id, quantity: 1000 }] })).body.items;
  assert.is(lines[0]!.listPrice, 3990);
  assert.is((await as.sales!('DELETE', `/api/records/quote/${q.id}`)).status, 200);
  assert.is((await server.store.getByIds('quoteItem', [lines[0]!.id]))[0]!._deleted, true);
});

t('a company moving territory takes its quotes and their lines along', async ({ server, as }) => {
  const { eu } = await companies(server);
  const q = (await as.admin!<WireDoc>('POST', '/api/records/quote', { companyId: eu.id })).body;
  const [line] = (await as.admin!<Lines>('PUT', `/api/quotes/${q.id}/lines`, { items: [{ productId: 'pr001', quantity: 1000 }] })).body.items;
  const [company] = await server.store.getByIds('company', [eu.id]);
  const res = await fetch(`${server.url}/sync/company/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await signIn(server.url, 'admin')}`, 'content-type': 'application/json' },
    body: JSON.stringify([{ assumedMasterState: company, newDocumentState: { ...company, territoryId: 't-af' } }]),
  });
  assert.is(res.status, 200);
  assert.is((await server.store.getByIds('quote', [q.id]))[0]!.territoryId, 't-af');
  assert.is((await server.store.getByIds('quoteItem', [line!.id]))[0]!.territoryId, 't-af');
  // Moved out of Sophie's territory: gone from her list.
  assert.is((await as.sales!('PATCH', `/api/records/quote/${q.id}`, { description: 'x' })).status, 404);
});

t('a quote converts to an order once: lines and totals copied, the quote marked ordered, in one transaction', async ({ server, as }) => {
  const { eu } = await companies(server);
  const q = (await as.sales!<WireDoc>('POST', '/api/records/quote', { companyId: eu.id, currency: 'GBP', taxRate: 2000, description: 'Printers' })).body;
  const priced = (await as.sales!<Lines>('PUT', `/api/quotes/${q.id}/lines`, { items: [{ productId: 'pr003', quantity: 2000, discountType: 'percent', discountPercent: 750 }, { productId: 'pr005', quantity: 5000 }] })).body;
  const conv = await as.sales!<{ order: WireDoc & Record<string, unknown>; items: (WireDoc & Record<string, unknown>)[] }>('POST', `/api/quotes/${q.id}/convert`);
  assert.is(conv.status, 201, JSON.stringify(conv.body));
  const o = conv.body.order;
  assert.equal([o.quoteId, o.companyId, o.currency, o.total, o.territoryId, o.status], [q.id, eu.id, 'GBP', priced.record.total, 't-eu', 'open']);
  assert.match(String(o.reference), /^O-/);
  assert.equal(
    conv.body.items.map((i) => [i.orderId, i.description, i.quotedPrice, i.lineTotal]),
    priced.items.map((i) => [o.id, i.description, i.quotedPrice, i.lineTotal]),
  );
  assert.is((await server.store.getByIds('quote', [q.id]))[0]!.status, 'ordered');
  const twice = await as.sales!('POST', `/api/quotes/${q.id}/convert`);
  assert.equal([twice.status, codeOf(twice)], [409, ERROR_CODES.QUOTE_ALREADY_ORDERED]);
  // The order's lines are edited like the quote's.
  const changed = await as.sales!<Lines>('PUT', `/api/orders/${o.id}/lines`, { items: [{ id: conv.body.items[0]!.id, quantity: 1000 }] });
  assert.is(changed.status, 200);
  assert.is(changed.body.record.subtotal, 26824);
  // Marketing may view the quote but not convert it.
  const other = (await as.sales!<WireDoc>('POST', '/api/records/quote', { companyId: eu.id })).body;
  assert.is((await as.marketing!('POST', `/api/quotes/${other.id}/convert`)).status, 403);
  assert.is((await as.sales!('POST', '/api/quotes/nope/convert')).status, 404);
});

t('opportunities: made on a company, a quote may belong to one', async ({ server, as }) => {
  const { eu } = await companies(server);
  const opp = await as.sales!<WireDoc>('POST', '/api/records/opportunity', { description: 'New headquarters', companyId: eu.id, stage: 'proposal', currency: 'EUR', forecast: 5000000, closeDate: '2027-03-31' });
  assert.is(opp.status, 201, JSON.stringify(opp.body));
  assert.equal([opp.body.territoryId, opp.body.ownerId], ['t-eu', 'u-sales']);
  const q = await as.sales!<WireDoc>('POST', '/api/records/quote', { companyId: eu.id, opportunityId: opp.body.id });
  assert.is(q.status, 201);
  const ofOpp = await as.sales!<{ records: WireDoc[] }>('GET', `/api/records/quote/list?field=opportunityId&value=${opp.body.id}`);
  assert.equal(ofOpp.body.records.map((r) => r.id), [q.body.id]);
  assert.equal(issuesOf(await as.sales!('POST', '/api/records/quote', { companyId: eu.id, opportunityId: 'nope' })), ['opportunityId:ref-unavailable']);
  assert.is(server.store.dialect, 'sqlite');
});

t.run();
