// Quote and order line prices and document totals (shared/pricing.ts): exact in minor units, rounded per line, half away from zero.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_AMOUNT, formatMoney, minorDigits, parseDecimal, plainDecimal } from '../../shared/money.ts';
import { divideRounded, documentTotals, MAX_QUANTITY, mulDivRounded, priceLine, type LineTerms } from '../../shared/pricing.ts';

const line = (o: Partial<LineTerms>): LineTerms => ({ quantity: 1000, listPrice: 10000, discountType: 'percent', discountPercent: null, discountAmount: null, ...o });
const price = (o: Partial<LineTerms>) => {
  const r = priceLine(line(o));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.price;
};
const issues = (o: Partial<LineTerms>): string[] => {
  const r = priceLine(line(o), 'items.0.');
  return r.ok ? [] : r.issues.map((i) => `${i.field}:${i.code}`);
};

test('741-171250-QA: the quoted price is list price minus the discount, rounded once per line, and the line total is quoted price × quantity', () => {
  // 249.00 € less 10 % = 224.10 €, × 12 = 2,689.20 €
  assert.equal(price({ listPrice: 24900, discountPercent: 1000, quantity: 12000 }), { quotedPrice: 22410, lineTotal: 268920 });
  // 19.99 less 12.5 % = 17.49125 → 17.49, × 3 = 52.47
  assert.equal(price({ listPrice: 1999, discountPercent: 1250, quantity: 3000 }), { quotedPrice: 1749, lineTotal: 5247 });
  // 0.99 less 15 % = 0.8415 → 0.84; × 7 = 5.88 (rounding the total of unrounded prices would say 5.89)
  assert.equal(price({ listPrice: 99, discountPercent: 1500, quantity: 7000 }), { quotedPrice: 84, lineTotal: 588 });
  // An amount discount is exact: 85.00 less 2.50 = 82.50
  assert.equal(price({ listPrice: 8500, discountType: 'amount', discountAmount: 250, quantity: 2000 }), { quotedPrice: 8250, lineTotal: 16500 });
});

test('741-171250-QA: halves round away from zero, on the quoted price (the value the user sees)', () => {
  // 0.01 less 50 % = 0.005 → 0.01 (half away from zero); the discount is what remains (0.00)
  assert.equal(price({ listPrice: 1, discountPercent: 5000 }).quotedPrice, 1);
  // 0.05 less 50 % = 0.025 → 0.03
  assert.equal(price({ listPrice: 5, discountPercent: 5000 }).quotedPrice, 3);
  // 1.15 less 10 % = 1.035 → 1.04 (binary floating point would say 1.0349999… → 1.03)
  assert.equal(price({ listPrice: 115, discountPercent: 1000 }).quotedPrice, 104);
  // A fractional quantity: 0.33 × 1.5 = 0.495 → 0.50
  assert.equal(price({ listPrice: 33, quantity: 1500 }).lineTotal, 50);
  assert.is(divideRounded(5, 2), 3);
  assert.is(divideRounded(-5, 2), -3);
  assert.is(divideRounded(4, 3), 1);
  assert.is(divideRounded(-4, 3), -1);
});

test('741-171250-QA: discounts of 0 %, 100 %, the whole price, and more than the price', () => {
  assert.equal(price({ listPrice: 12345, discountPercent: 0 }), { quotedPrice: 12345, lineTotal: 12345 });
  assert.equal(price({ listPrice: 12345, discountPercent: null }), { quotedPrice: 12345, lineTotal: 12345 });
  assert.equal(price({ listPrice: 12345, discountPercent: 10000 }), { quotedPrice: 0, lineTotal: 0 });
  assert.equal(price({ listPrice: 12345, discountType: 'amount', discountAmount: 12345 }), { quotedPrice: 0, lineTotal: 0 });
  assert.equal(issues({ listPrice: 12345, discountType: 'amount', discountAmount: 12346 }), ['items.0.discountAmount:discount-over-price']);
  assert.equal(issues({ discountPercent: 10001 }), ['items.0.discountPercent:out-of-range']);
  assert.equal(issues({ discountPercent: -1 }), ['items.0.discountPercent:out-of-range']);
  assert.equal(issues({ discountPercent: 12.5 }), ['items.0.discountPercent:bad-number']);
  assert.equal(issues({ discountType: 'free' as never }), ['items.0.discountType:not-in-list']);
});

test('741-171250-QA: zero and large quantities; amounts past the largest kept are refused, never rounded through a float', () => {
  assert.equal(price({ listPrice: 99999, quantity: 0 }), { quotedPrice: 99999, lineTotal: 0 });
  // A million units at 9,999,999.99: 9,999,999,990,000.00, exact
  assert.equal(price({ listPrice: 999_999_999, quantity: MAX_QUANTITY }), { quotedPrice: 999_999_999, lineTotal: 999_999_999_000_000 });
  assert.equal(issues({ listPrice: 1_000_000_000, quantity: MAX_QUANTITY }), ['items.0.lineTotal:amount-too-large']);
  assert.equal(issues({ quantity: MAX_QUANTITY + 1 }), ['items.0.quantity:out-of-range']);
  assert.equal(issues({ quantity: 1.5 }), ['items.0.quantity:bad-number']);
  assert.equal(issues({ quantity: null, listPrice: null }), ['items.0.quantity:required', 'items.0.listPrice:required']);
  // Products beyond 2^53 that come back under it are still exact: 999,999,999,999,999 × 0.999 (thousandths) ÷ 1000
  assert.is(mulDivRounded(MAX_AMOUNT, 999, 1000), 998_999_999_999_999); // 998,999,999,999,999.001
  assert.is(mulDivRounded(MAX_AMOUNT, 1001, 1000), null);
});

test('741-171250-QA: several currencies: minor units from ISO 4217 (JPY 0, EUR 2, BHD 3), formatted exactly', () => {
  assert.is(minorDigits('JPY'), 0);
  assert.is(minorDigits('EUR'), 2);
  assert.is(minorDigits('BHD'), 3);
  // ¥1,235 less 12.5 % = 1,080.625 → ¥1,081 (whole yen)
  assert.is(price({ listPrice: 1235, discountPercent: 1250 }).quotedPrice, 1081);
  // BD 1.235 less 10 % = 1.1115 → BD 1.112 (fils)
  assert.is(price({ listPrice: 1235, discountPercent: 1000 }).quotedPrice, 1112);
  assert.is(formatMoney(1081, 'JPY', 'en'), 'JP¥1,081');
  assert.is(formatMoney(1112, 'BHD', 'en'), 'BHD\u00a01.112');
  assert.is(formatMoney(268920, 'EUR', 'fr'), '2\u202f689,20\u00a0€');
  assert.is(formatMoney(268920, 'GBP', 'en'), '£2,689.20');
  assert.is(formatMoney(MAX_AMOUNT, 'USD', 'en'), 'US$9,999,999,999,999.99');
  assert.is(plainDecimal(5, 2), '0.05');
  assert.is(parseDecimal('2 689,20', 2), 268920);
  assert.is(parseDecimal('1,5', 3), 1500);
  assert.is(parseDecimal('0.125', 2), null, 'more decimals than the currency has: refused, not rounded');
  assert.is(parseDecimal('1e3', 2), null);
  assert.is(parseDecimal('-1', 2), -100, 'negative: the field\'s rules say whether it is allowed (NEGATIVE)');
});

test('741-171250-QA: document totals: the sum of rounded line totals, tax at the document rate rounded once', () => {
  // 2,689.20 + 2,086.20 + 297.50 = 5,072.90; 20 % = 1,014.58; total 6,087.48
  assert.equal(documentTotals([268920, 208620, 29750], 2000), { subtotal: 507290, tax: 101458, total: 608748 });
  // 8.25 % of 0.10 = 0.00825 → 0.01; of 0.06 = 0.00495 → 0.00
  assert.equal(documentTotals([10], 825), { subtotal: 10, tax: 1, total: 11 });
  assert.equal(documentTotals([6], 825), { subtotal: 6, tax: 0, total: 6 });
  assert.equal(documentTotals([], 2000), { subtotal: 0, tax: 0, total: 0 });
  assert.is(documentTotals([MAX_AMOUNT, 1], 0), null);
  assert.is(documentTotals([MAX_AMOUNT], 2000), null);
  assert.is(documentTotals([100], 10001), null);
});

test('typed decimals follow the user\'s language; a minus sign is kept for the rules to judge', () => {
  assert.is(parseDecimal('1,234', 3, 'en'), 1234000, 'an English comma groups thousands');
  assert.is(parseDecimal('1,234.5', 2, 'en'), 123450);
  assert.is(parseDecimal('12,5', 2, 'en'), null, 'not a number in English rather than a guess');
  assert.is(parseDecimal('1,234', 3, 'fr'), 1234, 'a French comma is the decimal mark');
  assert.is(parseDecimal('12.5', 2, 'fr'), 1250, "a numeric keypad's dot, once, is the decimal mark too");
  assert.is(parseDecimal('1 234,5', 2, 'fr'), 123450);
  assert.is(parseDecimal('-2', 3, 'en'), -2000);
  assert.is(parseDecimal('\u22122,5', 3, 'fr'), -2500);
  assert.is(parseDecimal('-0', 2), 0);
  assert.is(parseDecimal('-', 2), null);
});

test.run();
