// The Forecasts screen's plain logic: what the banner says about who may edit, amounts typed in a currency.
import { minorDigits, parseDecimal, plainDecimal } from '../../../shared/money.ts';

export type ForecastRight = 'own' | 'reports-to' | 'not-reports-to';

/** The banner's text key and parameters: why the forecasts are editable, or why they are read-only. */
export function rightNotice(right: ForecastRight, user: { displayName: string; reportsToName: string }): { key: string; params: Record<string, string> } {
  if (right === 'own') return { key: 'forecast.own', params: {} };
  if (right === 'reports-to') return { key: 'forecast.reportsTo', params: { name: user.displayName } };
  return user.reportsToName ? { key: 'forecast.readOnlyWho', params: { name: user.displayName, manager: user.reportsToName } } : { key: 'forecast.readOnly', params: { name: user.displayName } };
}

/** A typed amount in the currency's minor units, or null when it is not a number of zero or more. */
export function amountOf(text: string, currency: string, locale: string): number | null {
  const units = parseDecimal(text.trim(), minorDigits(currency), locale);
  return units === null || units < 0 ? null : units;
}

/** An amount for an input: plain digits with the currency's decimals. */
export const amountText = (minor: number, currency: string): string => plainDecimal(minor, minorDigits(currency));
