// Exact decimals as whole numbers of their smallest unit: currencies and their minor units, parsing typed text, formatting for a locale.

/**
 * The currencies a price, quote or order may be in, with their minor-unit digits from ISO 4217. Amounts are kept
 * in minor units (cents; fils for the Bahraini dinar, which has 1000; whole yen), never as binary fractions.
 */
export const CURRENCY_DIGITS = {
  EUR: 2,
  USD: 2,
  GBP: 2,
  CHF: 2,
  CAD: 2,
  MAD: 2,
  ZAR: 2,
  KES: 2,
  JPY: 0,
  BHD: 3,
  KWD: 3,
} as const;
export type Currency = keyof typeof CURRENCY_DIGITS;
export const CURRENCIES = Object.keys(CURRENCY_DIGITS) as Currency[];
export const isCurrency = (c: unknown): c is Currency => typeof c === 'string' && Object.prototype.hasOwnProperty.call(CURRENCY_DIGITS, c);

/** Decimals of a currency's minor unit (2 for an unknown one, as most currencies have). */
export function minorDigits(currency: string): number {
  return isCurrency(currency) ? CURRENCY_DIGITS[currency] : 2;
}

/** The largest amount any money field holds, in minor units: below 2^53, so every sum and product checked against it is exact. */
export const MAX_AMOUNT = 999_999_999_999_999;

/**
 * Text typed by a user (`1 234,56`, `1,234.56`, `1234.5`, `12,5`, `12`, `-2`) to a whole number of units of `scale`
 * decimals, exactly (string arithmetic, no floating point). With both `.` and `,` the last one is the decimal
 * separator. Otherwise the user's `locale` decides: in English a comma groups thousands (`1,234` is one thousand
 * two hundred and thirty-four, and `12,5` is no number at all rather than a guess); in French a comma is the decimal
 * mark, and so is a single dot (a numeric keypad's). Without a locale, one mark used once is the decimal mark. A
 * leading minus makes it negative (the field's rules then say whether that is allowed). Null when it is not a plain
 * decimal, or has more decimals than the scale allows (we never round what the user typed).
 */
export function parseDecimal(text: string, scale: number, locale?: string): number | null {
  // Spaces of any kind (French groups with a narrow no-break space) and apostrophes (Swiss) are group separators.
  let s = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  const negative = /^[-\u2212]/.test(s);
  if (negative) s = s.slice(1);
  if (s === '') return null;
  const dots = s.split('.').length - 1;
  const commas = s.split(',').length - 1;
  let decimal = '';
  if (dots && commas) decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
  else if (locale?.startsWith('en') && commas) {
    // English: commas only group thousands, in threes.
    if (!/^\d{1,3}(,\d{3})+$/.test(s)) return null;
  } else if (dots === 1) decimal = '.';
  else if (commas === 1) decimal = ',';
  if (decimal) s = s.split(decimal === '.' ? ',' : '.').join('');
  else s = s.replace(/[.,]/g, '');
  const [whole = '', fraction = '', extra] = decimal ? s.split(decimal) : [s];
  if (extra !== undefined || !/^\d*$/.test(whole) || !/^\d*$/.test(fraction) || (whole === '' && fraction === '')) return null;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > scale) return null;
  const digits = (whole.replace(/^0+/, '') || '0') + significant.padEnd(scale, '0');
  if (digits.length > 16) return null;
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) return null;
  return negative && n !== 0 ? -n : n;
}

/** Units back to plain text with a dot (`123456, 2` → `1234.56`): for inputs and JSON, never shown to users as is. */
export function plainDecimal(units: number, scale: number): string {
  const neg = units < 0;
  const digits = String(Math.abs(Math.trunc(units))).padStart(scale + 1, '0');
  const out = scale ? `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}` : digits;
  return neg ? `-${out}` : out;
}

const localeTag = (locale: string): string => (locale.startsWith('fr') ? 'fr-FR' : 'en-GB');

/**
 * Units formatted for a locale, exactly: the whole part goes through Intl (grouping, currency sign and its place),
 * the decimals are our own digits (Intl would round a huge amount through a binary fraction). With `currency`
 * the amount is money in that currency; `percent` adds the locale's percent sign.
 */
export function formatDecimal(units: number, scale: number, locale: string, opts: { currency?: string; percent?: boolean; trim?: boolean } = {}): string {
  if (!Number.isFinite(units)) return '';
  const neg = units < 0;
  const plain = plainDecimal(Math.abs(units), scale);
  const [whole = '0', fraction0 = ''] = plain.split('.');
  // Quantities and rates drop trailing zeros (2 rather than 2.000); money keeps its minor unit (2.00 €).
  const fraction = opts.trim ? fraction0.replace(/0+$/, '') : fraction0;
  const shown = fraction.length;
  const options: Intl.NumberFormatOptions = opts.currency
    ? { style: 'currency', currency: opts.currency, minimumFractionDigits: shown, maximumFractionDigits: shown }
    : opts.percent
      ? { style: 'percent', minimumFractionDigits: shown, maximumFractionDigits: shown }
      : { minimumFractionDigits: shown, maximumFractionDigits: shown };
  let parts: Intl.NumberFormatPart[];
  try {
    // Percent style multiplies by 100: give it the whole part divided back.
    parts = new Intl.NumberFormat(localeTag(locale), options).formatToParts(opts.percent ? Number(whole) / 100 : Number(whole));
  } catch {
    parts = new Intl.NumberFormat(localeTag(locale), { minimumFractionDigits: shown, maximumFractionDigits: shown }).formatToParts(Number(whole));
  }
  const text = parts.map((p) => (p.type === 'fraction' ? fraction : p.value)).join('');
  return neg ? `-${text}` : text;
}

/** Money in minor units as a locale shows it (`1 234,56 €`, `€1,234.56`, `¥1,235`, `BHD 1.235`). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  return formatDecimal(minor, minorDigits(currency), locale, { currency });
}
