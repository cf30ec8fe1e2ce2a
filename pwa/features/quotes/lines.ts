// The line grid's rules, out of the element: rows as typed, to the API's line input, and the same pricing as the server for the preview.
import type { AnyRecord } from '../../../shared/entities/index.ts';
import { minorDigits, parseDecimal, plainDecimal } from '../../../shared/money.ts';
import { documentTotals, PERCENT_SCALE, priceLine, QUANTITY_SCALE, type DiscountType, type LinePrice, type Totals } from '../../../shared/pricing.ts';

/** A line as the grid holds it: what the user typed, in their language's decimals. */
export interface LineRow {
  id?: string;
  productId: string;
  description: string;
  quantity: string;
  listPrice: string;
  discountType: DiscountType;
  discount: string;
}

/** What PUT /api/{quotes|orders}/:id/lines takes for one line (whole units: thousandths, minor units, hundredths of a percent). */
export interface LineInput {
  id?: string;
  productId: string;
  description: string;
  quantity: number | null;
  listPrice?: number | null;
  discountType: DiscountType;
  discountPercent: number | null;
  discountAmount: number | null;
}

/** Units as the grid shows them: the locale's decimal mark; quantities and percentages without trailing zeros. */
export function unitsText(units: unknown, scale: number, locale: string, trim: boolean): string {
  if (typeof units !== 'number' || !Number.isSafeInteger(units)) return '';
  let text = plainDecimal(units, scale);
  if (trim && text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return locale === 'fr' ? text.replace('.', ',') : text;
}

export function rowOf(item: AnyRecord, locale: string): LineRow {
  const it = item as Record<string, unknown>;
  const digits = minorDigits(String(it.currency ?? ''));
  const type = it.discountType === 'amount' ? 'amount' : 'percent';
  return {
    id: item.id,
    productId: String(it.productId ?? ''),
    description: String(it.description ?? ''),
    quantity: unitsText(it.quantity, QUANTITY_SCALE, locale, true),
    listPrice: unitsText(it.listPrice, digits, locale, false),
    discountType: type,
    discount: type === 'percent' ? unitsText(it.discountPercent, PERCENT_SCALE, locale, true) : unitsText(it.discountAmount, digits, locale, false),
  };
}

export const emptyRow = (): LineRow => ({ productId: '', description: '', quantity: '1', listPrice: '', discountType: 'percent', discount: '' });

/** Parses one typed amount: '' is "none", text that is not a number is NaN (the server says what is wrong, on that line). */
function units(text: string, scale: number, locale?: string): number | null {
  if (text.trim() === '') return null;
  return parseDecimal(text, scale, locale) ?? Number.NaN;
}

/** A row as the API takes it; a list price left empty with a product chosen is the product's, filled by the server. */
export function inputOf(row: LineRow, currency: string, locale?: string): LineInput {
  const digits = minorDigits(currency);
  const d = units(row.discount, row.discountType === 'percent' ? PERCENT_SCALE : digits, locale);
  const out: LineInput = {
    productId: row.productId,
    description: row.description,
    quantity: units(row.quantity, QUANTITY_SCALE, locale),
    discountType: row.discountType,
    discountPercent: row.discountType === 'percent' ? d : null,
    discountAmount: row.discountType === 'amount' ? d : null,
  };
  if (row.id) out.id = row.id;
  const list = units(row.listPrice, digits, locale);
  if (list !== null || !row.productId) out.listPrice = list;
  return out;
}

/** The preview of a row's price, as the server will compute it (same module); null while the row cannot be priced yet. */
export function previewOf(row: LineRow, currency: string, productPrice: number | null, locale?: string): LinePrice | null {
  const input = inputOf(row, currency, locale);
  const listPrice = input.listPrice === undefined ? productPrice : input.listPrice;
  const r = priceLine({ quantity: input.quantity, listPrice, discountType: input.discountType, discountPercent: input.discountPercent, discountAmount: input.discountAmount });
  return r.ok ? r.price : null;
}

export function previewTotals(prices: readonly (LinePrice | null)[], taxRate: number): Totals | null {
  if (prices.some((p) => p === null)) return null;
  return documentTotals(
    prices.map((p) => p!.lineTotal),
    taxRate,
  );
}

/** A problem the server named on a line (`items.2.quantity`): its row and field. */
export function lineIssue(field: string): { row: number; field: string } | null {
  const m = /^items\.(\d+)\.(\w+)$/.exec(field);
  return m ? { row: Number(m[1]), field: m[2]! } : null;
}
