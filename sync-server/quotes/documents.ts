// Quotes and orders as priced documents: their lines priced by shared/pricing.ts, their totals, and the writes a change of lines makes.
import { randomUUID } from 'node:crypto';
import { entityDef, type EntityName } from '../../shared/entities/index.ts';
import { MAX_LINES } from '../../shared/entities/sales-lines.ts';
import { ERROR_CODES, FIELD_CODES, type FieldIssue } from '../../shared/errors.ts';
import { documentTotals, priceLine, type DiscountType } from '../../shared/pricing.ts';
import { blankRecord } from '../../shared/records.ts';
import type { WireDoc } from '../../shared/sync.ts';
import { validateRecord } from '../../shared/validation.ts';
import { AppError, invalid } from '../errors.ts';
import type { Caller, OnlineRecords, Write } from '../online/records.ts';
import { isObject } from '../../shared/objects.ts';

/** The two kinds of priced document, their lines, and how their references start. */
export const SALES_DOCUMENTS = {
  quote: { entity: 'quote', item: 'quoteItem', parentField: 'quoteId', prefix: 'Q', dateField: 'issuedAt' },
  order: { entity: 'order', item: 'orderItem', parentField: 'orderId', prefix: 'O', dateField: 'orderedAt' },
} as const;
export type SalesKind = keyof typeof SALES_DOCUMENTS;
export const isSalesKind = (e: string): e is SalesKind => e === 'quote' || e === 'order';

/** What a client sends for one line: amounts as whole units (quantity in thousandths, money in minor units, rates in hundredths of a percent). */
export interface LineInput {
  id?: string;
  productId?: string;
  description?: string;
  quantity?: number | null;
  listPrice?: number | null;
  discountType?: DiscountType;
  discountPercent?: number | null;
  discountAmount?: number | null;
}
const LINE_KEYS = ['id', 'productId', 'description', 'quantity', 'listPrice', 'discountType', 'discountPercent', 'discountAmount'];

const bad = (message: string): AppError => new AppError(400, ERROR_CODES.RECORD_BAD_INPUT, message);

/** A short, readable reference from the record's id: Q-2026-3F9A1C. */
export function referenceFor(kind: SalesKind, id: string, now: string): string {
  return `${SALES_DOCUMENTS[kind].prefix}-${now.slice(0, 4)}-${id.replace(/[^A-Za-z0-9]/g, '').slice(0, 6).toUpperCase()}`;
}

/** The header with its totals recomputed from these (priced) lines at its tax rate. */
export function withTotals(header: WireDoc, items: readonly WireDoc[]): { doc: WireDoc; issues: FieldIssue[] } {
  const live = items.filter((i) => !i._deleted);
  const totals = documentTotals(
    live.map((i) => Number(i.lineTotal ?? 0)),
    typeof header.taxRate === 'number' ? header.taxRate : 0,
  );
  if (!totals) return { doc: header, issues: [{ field: 'total', code: FIELD_CODES.AMOUNT_TOO_LARGE }] };
  return { doc: { ...header, ...totals } as WireDoc, issues: [] };
}

/** The product's list price in a currency, when it has one the caller may view. */
async function productPrice(records: OnlineRecords, caller: Caller, productId: string, currency: string): Promise<number | null> {
  const prices = await records.children(caller, 'productPrice', 'productId', productId);
  const p = prices.find((x) => x.currency === currency);
  return typeof p?.listPrice === 'number' ? p.listPrice : null;
}

/**
 * The line records for a new set of lines: kept ids are updated, new ones created, missing ones deleted. Each line is
 * priced (quoted price, line total) with the document's currency; a product's name and list price fill what the line
 * leaves out. Issues name the line as `items.<n>.<field>`; nothing is written if any.
 */
export async function lineWrites(records: OnlineRecords, caller: Caller, kind: SalesKind, header: WireDoc, body: unknown, existing: readonly WireDoc[]): Promise<Write[]> {
  const spec = SALES_DOCUMENTS[kind];
  const list = isObject(body) ? body.items : undefined;
  if (!Array.isArray(list)) throw bad('Send { "items": [ { "productId"?, "description", "quantity", "listPrice"?, "discountType", "discountPercent" | "discountAmount" }, … ] }.');
  if (list.length > MAX_LINES) throw invalid([{ field: 'items', code: FIELD_CODES.TOO_MANY_LINES, detail: MAX_LINES }]);
  const itemDef = entityDef(spec.item);
  const byId = new Map(existing.map((d) => [d.id, d]));
  const currency = String(header.currency);
  const issues: FieldIssue[] = [];
  const writes: Write[] = [];
  const kept = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const raw: unknown = list[i];
    const at = `items.${i}.`;
    if (!isObject(raw)) throw bad(`items[${i}] is not an object.`);
    const unknown = Object.keys(raw).filter((k) => !LINE_KEYS.includes(k));
    if (unknown.length) throw bad(`items[${i}] has unknown keys: ${unknown.slice(0, 5).join(', ')}.`);
    const line = raw as LineInput;
    const master = typeof line.id === 'string' ? byId.get(line.id) : undefined;
    if (typeof line.id === 'string' && !master) throw bad(`items[${i}].id is not a line of this ${kind}.`);
    if (master) kept.add(master.id);
    const id = master?.id ?? randomUUID();
    const base = (master ?? blankRecord(itemDef, id, header.territoryId)) as Record<string, unknown>;
    const productId = typeof line.productId === 'string' ? line.productId : String(base.productId ?? '');
    let description = typeof line.description === 'string' ? line.description.trim() : String(base.description ?? '');
    let listPrice = line.listPrice === undefined ? (base.listPrice as number | null) : line.listPrice;
    if (productId && productId !== base.productId) {
      // A product chosen for the line: it must be one the caller may view; its name and price fill the blanks.
      const product = await records.find(caller, 'product', productId);
      if (!product) {
        issues.push({ field: `${at}productId`, code: FIELD_CODES.REF_UNAVAILABLE });
        continue;
      }
      if (!description) description = String(product.name);
      if (line.listPrice === undefined || line.listPrice === null) {
        listPrice = await productPrice(records, caller, productId, currency);
        if (listPrice === null) {
          issues.push({ field: `${at}listPrice`, code: FIELD_CODES.NO_PRICE_IN_CURRENCY, detail: currency });
          continue;
        }
      }
    }
    const discountType = line.discountType ?? (base.discountType as DiscountType);
    const terms = {
      quantity: line.quantity === undefined ? (base.quantity as number | null) : line.quantity,
      listPrice,
      discountType,
      discountPercent: discountType === 'percent' ? (line.discountPercent === undefined ? (base.discountPercent as number | null) : line.discountPercent) : null,
      discountAmount: discountType === 'amount' ? (line.discountAmount === undefined ? (base.discountAmount as number | null) : line.discountAmount) : null,
    };
    const priced = priceLine(terms, at);
    if (!priced.ok) {
      issues.push(...priced.issues);
      continue;
    }
    const doc = {
      ...base,
      id,
      territoryId: header.territoryId,
      [spec.parentField]: header.id,
      lineNo: i + 1,
      productId,
      description,
      currency,
      ...terms,
      ...priced.price,
      _deleted: false,
    } as Record<string, unknown>;
    for (const issue of validateRecord(itemDef, doc, ['_deleted'])) issues.push({ ...issue, field: `${at}${issue.field}` });
    writes.push({ entity: spec.item, doc: doc as unknown as WireDoc, master: master ?? null });
  }
  if (issues.length) throw invalid(issues);
  for (const d of existing) if (!kept.has(d.id)) writes.push({ entity: spec.item, doc: { ...d, _deleted: true }, master: d });
  return writes;
}

/** The header's own rules on every write through the generic path: defaults, a locked currency, totals from its lines. */
export async function prepareHeader(records: OnlineRecords, caller: Caller, kind: SalesKind, write: Write): Promise<Write[]> {
  const spec = SALES_DOCUMENTS[kind];
  const doc = write.doc as unknown as Record<string, unknown>;
  if (!doc.reference) doc.reference = referenceFor(kind, String(doc.id), caller.now);
  if (!write.master && !doc[spec.dateField]) doc[spec.dateField] = caller.now.slice(0, 10);
  const items = write.master ? await records.children(caller, spec.item, spec.parentField, String(doc.id)) : [];
  if (write.master && doc.currency !== write.master.currency && items.length)
    throw new AppError(409, ERROR_CODES.QUOTE_CURRENCY_LOCKED, `The ${kind} has lines priced in ${String(write.master.currency)}: remove them before changing its currency.`);
  // Its lines follow it when it moves territory (another company): the store moves related records in the same write.
  const { doc: totalled, issues } = withTotals(write.doc, items);
  if (issues.length) throw invalid(issues);
  write.doc = totalled;
  return [];
}

/** Sets a document's lines (all of them, in order) and its totals, in one transaction. */
export async function saveLines(records: OnlineRecords, caller: Caller, kind: SalesKind, id: string, body: unknown): Promise<{ record: WireDoc; items: WireDoc[] }> {
  const spec = SALES_DOCUMENTS[kind];
  const header = await records.get(caller, spec.entity, id);
  const existing = await records.children(caller, spec.item, spec.parentField, id);
  const lines = await lineWrites(records, caller, kind, header, body, existing);
  const { doc, issues } = withTotals(header, lines.map((w) => w.doc));
  if (issues.length) throw invalid(issues);
  // The header is written too (its totals, its change stamp), so the edit right on it is checked with the lines'.
  await records.commit(caller, [{ entity: spec.entity, doc, master: header }, ...lines]);
  return { record: doc, items: lines.filter((w) => !w.doc._deleted).map((w) => w.doc) };
}

/** A quote becomes an order: header and lines copied, priced as they were, the quote marked ordered, in one transaction. */
export async function convertToOrder(records: OnlineRecords, caller: Caller, quoteId: string): Promise<{ order: WireDoc; items: WireDoc[] }> {
  const q = await records.get(caller, 'quote', quoteId);
  if (q.status === 'ordered') throw new AppError(409, ERROR_CODES.QUOTE_ALREADY_ORDERED, 'This quote was already converted to an order.');
  const lines = await records.children(caller, 'quoteItem', 'quoteId', quoteId);
  const id = randomUUID();
  const order = {
    ...(blankRecord(entityDef('order'), id, q.territoryId) as Record<string, unknown>),
    reference: referenceFor('order', id, caller.now),
    description: q.description,
    companyId: q.companyId,
    personId: q.personId,
    opportunityId: q.opportunityId,
    quoteId: q.id,
    status: 'open',
    orderedAt: caller.now.slice(0, 10),
    ownerId: caller.user.id,
    currency: q.currency,
    taxRate: q.taxRate,
    notes: q.notes,
    _deleted: false,
  } as unknown as WireDoc;
  const items = lines.map((l) => {
    const { quoteId: _q, ...rest } = l as Record<string, unknown>;
    return { ...rest, id: randomUUID(), orderId: id, _deleted: false } as unknown as WireDoc;
  });
  const { doc, issues } = withTotals(order, items);
  if (issues.length) throw invalid(issues);
  await records.commit(caller, [
    { entity: 'order', doc, master: null },
    ...items.map((d) => ({ entity: 'orderItem' as EntityName, doc: d, master: null })),
    { entity: 'quote', doc: { ...q, status: 'ordered' } as WireDoc, master: q },
  ]);
  return { order: doc, items };
}
