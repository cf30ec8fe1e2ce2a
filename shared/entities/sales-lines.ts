// What quotes and orders share: the header fields of a priced document and the fields of its lines (shared/pricing.ts prices them).
import { CURRENCIES, MAX_AMOUNT } from '../money.ts';
import { DISCOUNT_TYPES, HUNDRED_PERCENT, MAX_QUANTITY, PERCENT_SCALE, QUANTITY_SCALE } from '../pricing.ts';
import { amount, number, ref, select, text } from './fields.ts';

/** The most lines one quote or order holds. */
export const MAX_LINES = 200;

const money = (o: { computed?: boolean; required?: boolean } = {}) => amount('currency', 0, MAX_AMOUNT, o);

/** Currency, tax and the totals the server computes from the lines. */
export const documentMoney = {
  currency: select(CURRENCIES, 'EUR', { required: true }),
  /** Hundredths of a percent (20 % VAT is 2000). */
  taxRate: amount(PERCENT_SCALE, 0, HUNDRED_PERCENT, { percent: true }),
  subtotal: money({ computed: true }),
  tax: money({ computed: true }),
  total: money({ computed: true }),
} as const;

/** A line: a product (or free text), how many, at what price and discount; quoted price and total are computed. */
export const lineFields = {
  lineNo: number(1, MAX_LINES, { required: true }),
  productId: ref(['product'], { indexed: true }),
  description: text(200, { required: true }),
  /** Thousandths (1.5 is 1500). */
  quantity: amount(QUANTITY_SCALE, 0, MAX_QUANTITY, { required: true }),
  /** The document's currency, copied onto the line so its amounts read alone. */
  currency: select(CURRENCIES, 'EUR', { computed: true }),
  listPrice: money({ required: true }),
  discountType: select(DISCOUNT_TYPES, 'percent'),
  discountPercent: amount(PERCENT_SCALE, 0, HUNDRED_PERCENT, { percent: true }),
  discountAmount: money(),
  quotedPrice: money({ computed: true }),
  lineTotal: money({ computed: true }),
} as const;

export const LINE_LIST = ['lineNo', 'description', 'quantity', 'listPrice', 'quotedPrice', 'lineTotal'] as const;
export const LINE_FORM = ['lineNo', 'productId', 'description', 'quantity', 'listPrice', 'discountType', 'discountPercent', 'discountAmount', 'quotedPrice', 'lineTotal'] as const;
