// Demo products with prices in euros, dollars and pounds, and opportunities, quotes and orders on demo companies, priced by shared/pricing.ts.
import { entityDef, type EntityName } from '../../shared/entities/index.ts';
import { documentTotals, priceLine, type DiscountType } from '../../shared/pricing.ts';
import { blankRecord } from '../../shared/records.ts';
import type { WireDoc } from '../../shared/sync.ts';

/** The catalogue: name, code, unit, list prices in minor units (EUR, USD, GBP). */
const PRODUCTS: { name: string; code: string; unit: string; eur: number; usd: number; gbp: number }[] = [
  { name: 'Ergonomic office chair', code: 'CH-200', unit: 'each', eur: 24900, usd: 26900, gbp: 21500 },
  { name: 'Standing desk 160 cm', code: 'DK-160', unit: 'each', eur: 54900, usd: 59900, gbp: 47900 },
  { name: 'Laser printer A4', code: 'PR-A4L', unit: 'each', eur: 32999, usd: 35999, gbp: 28999 },
  { name: 'Copy paper A4, 80 g (box of 5 reams)', code: 'PA-A4-5', unit: 'box', eur: 2499, usd: 2699, gbp: 2199 },
  { name: 'Toner cartridge, black', code: 'TN-BK', unit: 'each', eur: 8950, usd: 9650, gbp: 7750 },
  { name: 'Laptop 14", 16 GB', code: 'LT-14', unit: 'each', eur: 119900, usd: 129900, gbp: 104900 },
  { name: 'Installation and set-up', code: 'SV-INST', unit: 'hour', eur: 8500, usd: 9500, gbp: 7500 },
  { name: 'Maintenance contract', code: 'SV-MAINT', unit: 'month', eur: 14900, usd: 15900, gbp: 12900 },
];

const CURRENCY_OF: Record<string, 'EUR' | 'USD' | 'GBP'> = { 't-eu': 'EUR', 't-na': 'USD', 't-af': 'EUR' };
const TAX_OF: Record<string, number> = { 't-eu': 2000, 't-na': 825, 't-af': 2000 };
const OWNERS: Record<string, string> = { 't-eu': 'u-sales', 't-na': 'u-manager', 't-af': 'u-admin' };

type Make = (entity: EntityName, id: string, territoryId: string, fields: Record<string, unknown>) => WireDoc;

/** Lines as (product index, quantity in thousandths, discount). */
type Line = [number, number, DiscountType, number];
const LINE_SETS: Line[][] = [
  [
    [0, 12_000, 'percent', 1000],
    [1, 4_000, 'percent', 500],
    [6, 3_500, 'amount', 0],
  ],
  [
    [2, 2_000, 'percent', 0],
    [4, 6_000, 'percent', 1250],
    [3, 20_000, 'amount', 199],
  ],
  [
    [5, 5_000, 'percent', 750],
    [7, 12_000, 'percent', 0],
  ],
];

/** The sales records for the given demo companies and their persons (every fourth company gets an opportunity and a quote). */
export function demoSales(companies: readonly WireDoc[], persons: readonly WireDoc[], make: Make): Partial<Record<EntityName, WireDoc[]>> {
  const out: Record<'product' | 'productPrice' | 'opportunity' | 'quote' | 'quoteItem' | 'order' | 'orderItem', WireDoc[]> = {
    product: [],
    productPrice: [],
    opportunity: [],
    quote: [],
    quoteItem: [],
    order: [],
    orderItem: [],
  };
  PRODUCTS.forEach((p, i) => {
    const id = `pr${String(i + 1).padStart(3, '0')}`;
    out.product.push(make('product', id, 't-world', { name: p.name, code: p.code, unit: p.unit, status: 'active' }));
    for (const [currency, price] of [['EUR', p.eur], ['USD', p.usd], ['GBP', p.gbp]] as const) out.productPrice.push(make('productPrice', `${id}-${currency.toLowerCase()}`, 't-world', { productId: id, currency, listPrice: price }));
  });
  const firstPerson = new Map<string, WireDoc>();
  for (const p of persons) if (!firstPerson.has(String(p.companyId))) firstPerson.set(String(p.companyId), p);
  let n = 0;
  companies.forEach((c, i) => {
    if (i % 4 !== 0) return;
    n++;
    const t = c.territoryId;
    // London companies buy in pounds.
    const london = JSON.stringify(c.addresses ?? []).includes('London');
    const currency = london ? 'GBP' : (CURRENCY_OF[t] ?? 'EUR');
    const key = currency.toLowerCase() as 'eur' | 'usd' | 'gbp';
    const person = firstPerson.get(c.id);
    const owner = OWNERS[t] ?? 'u-admin';
    const num = String(n).padStart(4, '0');
    const oppId = `op${num}`;
    const lines = LINE_SETS[(n - 1) % LINE_SETS.length]!;
    const qid = `qu${num}`;
    const items: WireDoc[] = [];
    lines.forEach(([pi, quantity, discountType, discount], k) => {
      const p = PRODUCTS[pi]!;
      const terms = { quantity, listPrice: p[key], discountType, discountPercent: discountType === 'percent' ? discount : null, discountAmount: discountType === 'amount' ? discount : null };
      const priced = priceLine(terms);
      if (!priced.ok) throw new Error(`demo line ${qid}/${k} does not price: ${JSON.stringify(priced.issues)}`);
      items.push(make('quoteItem', `${qid}-${k + 1}`, t, { quoteId: qid, lineNo: k + 1, productId: `pr${String(pi + 1).padStart(3, '0')}`, description: p.name, currency, ...terms, ...priced.price }));
    });
    const taxRate = london ? 2000 : (TAX_OF[t] ?? 2000);
    const totals = documentTotals(
      items.map((x) => Number(x.lineTotal)),
      taxRate,
    )!;
    const month = String(1 + (n % 10)).padStart(2, '0');
    out.opportunity.push(
      make('opportunity', oppId, t, {
        description: `Office refit for ${String(c.name)}`,
        companyId: c.id,
        personId: person?.id ?? '',
        stage: n % 3 === 0 ? 'won' : 'proposal',
        currency,
        forecast: totals.total,
        closeDate: `2026-${month}-28`,
        ownerId: owner,
      }),
    );
    const ordered = n % 3 === 0;
    out.quote.push(
      make('quote', qid, t, {
        reference: `Q-2026-${num}`,
        description: `Office refit for ${String(c.name)}`,
        companyId: c.id,
        personId: person?.id ?? '',
        opportunityId: oppId,
        status: ordered ? 'ordered' : n % 3 === 1 ? 'sent' : 'draft',
        issuedAt: `2026-${month}-02`,
        validUntil: `2026-${month}-30`,
        ownerId: owner,
        currency,
        taxRate,
        ...totals,
        notes: 'Delivery within three weeks of the order. Installation on site included where listed.',
      }),
    );
    out.quoteItem.push(...items);
    if (ordered) {
      const oid = `or${num}`;
      out.order.push(
        make('order', oid, t, {
          reference: `O-2026-${num}`,
          description: `Office refit for ${String(c.name)}`,
          companyId: c.id,
          personId: person?.id ?? '',
          opportunityId: oppId,
          quoteId: qid,
          status: 'confirmed',
          orderedAt: `2026-${month}-12`,
          deliveryDate: `2026-${month}-26`,
          ownerId: owner,
          currency,
          taxRate,
          ...totals,
          notes: 'Deliver to the reception desk, weekdays 9:00–17:00.',
        }),
      );
      items.forEach((it, k) => {
        const { quoteId: _q, ...line } = it as unknown as Record<string, unknown>;
        out.orderItem.push({ ...(blankRecord(entityDef('orderItem'), '', t) as Record<string, unknown>), ...line, id: `${oid}-${k + 1}`, orderId: oid } as unknown as WireDoc);
      });
    }
  });
  return out;
}
