// Prices of quote and order lines and their document totals, exact in whole minor units: the same code prices a line in the form and on the server (741-171250-QA).
import { FIELD_CODES, type FieldIssue } from './errors.ts';
import { MAX_AMOUNT } from './money.ts';

/** A quantity is kept in thousandths (1.5 hours is 1500): at most 1,000,000 of anything. */
export const QUANTITY_SCALE = 3;
export const MAX_QUANTITY = 1_000_000_000;
/** A percentage (discount, tax rate) is kept in hundredths of a percent (12.5 % is 1250): at most 100 %. */
export const PERCENT_SCALE = 2;
export const HUNDRED_PERCENT = 10_000;

export const DISCOUNT_TYPES = ['percent', 'amount'] as const;
export type DiscountType = (typeof DISCOUNT_TYPES)[number];

/** What a line says about its price; amounts in minor units of the document's currency. */
export interface LineTerms {
  /** Thousandths. */
  quantity: number | null;
  listPrice: number | null;
  discountType: DiscountType;
  /** Hundredths of a percent, when `discountType` is `percent`. */
  discountPercent: number | null;
  /** Minor units off each unit, when `discountType` is `amount`. */
  discountAmount: number | null;
}

export interface LinePrice {
  /** The unit price after the discount, rounded once, half away from zero: what the user sees everywhere. */
  quotedPrice: number;
  /** quotedPrice × quantity, rounded half away from zero (a whole quantity needs no rounding). */
  lineTotal: number;
}

export interface Totals {
  subtotal: number;
  tax: number;
  total: number;
}

/** n / d rounded to a whole number, half away from zero (2.5 → 3, −2.5 → −3); n whole and safe, d whole and > 0. */
export function divideRounded(n: number, d: number): number {
  if (n < 0) return -divideRounded(-n, d);
  let q = Math.floor(n / d);
  let r = n - q * d;
  // The float quotient can be one off when n / d is within a rounding error of a whole number: correct it exactly.
  while (r < 0) {
    q -= 1;
    r += d;
  }
  while (r >= d) {
    q += 1;
    r -= d;
  }
  return r * 2 >= d ? q + 1 : q;
}

/**
 * a × b / d rounded half away from zero, exactly, or null past MAX_AMOUNT. a × b may pass 2^53 where the result does
 * not: a = q·d + r, so a·b/d = q·b + r·b/d, and r·b < d·b stays small for our scales (d ≤ 10^4, b ≤ 10^9).
 */
export function mulDivRounded(a: number, b: number, d: number): number | null {
  if (a < 0 || b < 0) return null;
  let q = Math.floor(a / d);
  let r = a - q * d;
  if (r < 0) {
    q -= 1;
    r += d;
  } else if (r >= d) {
    q += 1;
    r -= d;
  }
  const whole = q * b;
  if (!Number.isSafeInteger(whole) || whole > MAX_AMOUNT) return null;
  const out = whole + divideRounded(r * b, d);
  return out <= MAX_AMOUNT ? out : null;
}

const whole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/**
 * Prices one line. Quoted price = list price − discount: a percent discount is applied and the *quoted price* is
 * rounded once, half away from zero, to the currency's minor unit (so 50 % of 0.01 quotes 0.01, not 0.00; the
 * discount is whatever remains). An amount discount is exact. Then line total = quoted price × quantity.
 * Issues name the line's fields (prefix `items.3.` given by the caller): nothing is priced if any is wrong.
 */
export function priceLine(line: LineTerms, prefix = ''): { ok: true; price: LinePrice } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const at = (f: string): string => `${prefix}${f}`;
  if (!whole(line.quantity)) issues.push({ field: at('quantity'), code: line.quantity === null ? FIELD_CODES.REQUIRED : FIELD_CODES.BAD_NUMBER });
  else if (line.quantity < 0) issues.push({ field: at('quantity'), code: FIELD_CODES.NEGATIVE });
  else if (line.quantity > MAX_QUANTITY) issues.push({ field: at('quantity'), code: FIELD_CODES.OUT_OF_RANGE, detail: `0..${MAX_QUANTITY}` });
  if (!whole(line.listPrice)) issues.push({ field: at('listPrice'), code: line.listPrice === null ? FIELD_CODES.REQUIRED : FIELD_CODES.BAD_NUMBER });
  else if (line.listPrice < 0) issues.push({ field: at('listPrice'), code: FIELD_CODES.NEGATIVE });
  else if (line.listPrice > MAX_AMOUNT) issues.push({ field: at('listPrice'), code: FIELD_CODES.OUT_OF_RANGE, detail: `0..${MAX_AMOUNT}` });
  let discount = 0;
  if (line.discountType === 'percent') {
    const p = line.discountPercent ?? 0;
    if (!whole(p)) issues.push({ field: at('discountPercent'), code: FIELD_CODES.BAD_NUMBER });
    else if (p < 0 || p > HUNDRED_PERCENT) issues.push({ field: at('discountPercent'), code: FIELD_CODES.OUT_OF_RANGE, detail: `0..${HUNDRED_PERCENT}` });
    else discount = p;
  } else if (line.discountType === 'amount') {
    const a = line.discountAmount ?? 0;
    if (!whole(a) || a < 0) issues.push({ field: at('discountAmount'), code: whole(a) ? FIELD_CODES.OUT_OF_RANGE : FIELD_CODES.BAD_NUMBER, detail: `0..${MAX_AMOUNT}` });
    else if (whole(line.listPrice) && a > line.listPrice) issues.push({ field: at('discountAmount'), code: FIELD_CODES.DISCOUNT_OVER_PRICE });
    else discount = a;
  } else issues.push({ field: at('discountType'), code: FIELD_CODES.NOT_IN_LIST, detail: DISCOUNT_TYPES.join(',') });
  if (issues.length) return { ok: false, issues };
  const list = line.listPrice as number;
  const quotedPrice = line.discountType === 'percent' ? (mulDivRounded(list, HUNDRED_PERCENT - discount, HUNDRED_PERCENT) as number) : list - discount;
  const lineTotal = mulDivRounded(quotedPrice, line.quantity as number, 10 ** QUANTITY_SCALE);
  if (lineTotal === null) return { ok: false, issues: [{ field: at('lineTotal'), code: FIELD_CODES.AMOUNT_TOO_LARGE, detail: MAX_AMOUNT }] };
  return { ok: true, price: { quotedPrice, lineTotal } };
}

/**
 * A document's totals: the sum of its line totals (already rounded per line), tax on that sum at the document's
 * rate, rounded once, half away from zero. Null when a figure would pass MAX_AMOUNT.
 */
export function documentTotals(lineTotals: readonly number[], taxRate: number): Totals | null {
  let subtotal = 0;
  for (const t of lineTotals) {
    subtotal += t;
    if (subtotal > MAX_AMOUNT) return null;
  }
  if (!whole(taxRate) || taxRate < 0 || taxRate > HUNDRED_PERCENT) return null;
  const tax = mulDivRounded(subtotal, taxRate, HUNDRED_PERCENT);
  if (tax === null || subtotal + tax > MAX_AMOUNT) return null;
  return { subtotal, tax, total: subtotal + tax };
}
