// Turns stored values into text for lists and summaries, in the user's language and time zone.
import type { AddressEntry, EmailEntry, EntityDef, Field, PhoneEntry } from '../../shared/entities/index.ts';
import { locale, optionLabel, t } from '../i18n/index.ts';
import { formatDecimal, formatMoney } from '../../shared/money.ts';
import { wallDate } from '../../shared/time/wall-time.ts';
import { zoneRules } from '../time/zones.ts';

/** The organisation's currency for amounts (one currency until quotes and orders bring per-record currencies). */
export const CURRENCY = 'EUR';

/**
 * Date and time in a zone; explicit parts because Safari 13 has no dateStyle/timeStyle. The wall time comes from the
 * shipped zone rules and Intl only spells it, in UTC: a phone's own zone data may be years old (decision 0016).
 */
export function formatInstant(iso: string, timeZone: string, withTime = true): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const zone = timeZone && zoneRules.has(timeZone) ? timeZone : 'UTC';
  const opts: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' };
  if (withTime) Object.assign(opts, { hour: '2-digit', minute: '2-digit' });
  return new Intl.DateTimeFormat(locale() === 'fr' ? 'fr-FR' : 'en-GB', opts).format(wallDate(zoneRules, zone, d.getTime()));
}

export function formatAddress(a: AddressEntry): string {
  return [a.street, [a.postcode, a.city].filter(Boolean).join(' '), a.region, a.country].filter(Boolean).join(', ');
}

/** Short text of a value for a list cell (first entry of a list, option caption, formatted date); `record` gives an amount its currency. */
export function formatValue(f: Field, value: unknown, timeZone: string, long = false, record: Record<string, unknown> = {}): string {
  switch (f.kind) {
    case 'amount':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return '';
      return f.scale === 'currency' ? formatMoney(value, String(record.currency || 'EUR'), locale()) : formatDecimal(value, f.scale, locale(), { percent: f.percent === true, trim: true });
    case 'date':
      return formatDate(String(value ?? ''));
    case 'select':
      return value ? optionLabel(String(value)) : '';
    case 'boolean':
      return value === true ? '✓' : '';
    case 'number':
      if (typeof value !== 'number') return '';
      return new Intl.NumberFormat(locale() === 'fr' ? 'fr-FR' : 'en-GB', f.format === 'currency' ? { style: 'currency', currency: CURRENCY, maximumFractionDigits: 0 } : {}).format(value);
    case 'datetime':
      return formatInstant(String(value ?? ''), timeZone);
    case 'emails': {
      const list = (value as EmailEntry[] | undefined) ?? [];
      return long ? list.map((e) => `${e.address} (${optionLabel(e.type)})`).join('\n') : (list[0]?.address ?? '');
    }
    case 'phones': {
      const list = (value as PhoneEntry[] | undefined) ?? [];
      return long ? list.map((p) => `${p.number} (${optionLabel(p.type)})`).join('\n') : (list[0]?.number ?? '');
    }
    case 'addresses': {
      const list = (value as AddressEntry[] | undefined) ?? [];
      return long ? list.map((a) => `${formatAddress(a)} (${optionLabel(a.type)})`).join('\n') : [list[0]?.city, list[0]?.country].filter(Boolean).join(', ');
    }
    default:
      return String(value ?? '');
  }
}

export const emptyText = (): string => t('ui.none');

/** A calendar date (no time, no zone) in the user's language. */
export function formatDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return new Intl.DateTimeFormat(locale() === 'fr' ? 'fr-FR' : 'en-GB', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
}

/** The line under a record's title in a list: its list fields other than the title, formatted, joined. */
export function secondaryText(def: EntityDef, rec: Record<string, unknown>, timeZone: string): string {
  return def.listFields
    .filter((f) => !def.title.includes(f) && def.fields[f]?.kind !== 'ref') // references: their record's title, shown by the screen
    .map((f) => {
      const field = def.fields[f];
      return field ? formatValue(field, rec[f], timeZone, false, rec) : '';
    })
    .filter(Boolean)
    .join(' · ');
}
