// How a report's cells, captions and group keys read on screen, in the user's language (plain functions, tested in Node).
import { formatDecimal, formatMoney } from '../../../shared/money.ts';
import type { Cell, ReportColumn, ReportRow } from '../../../shared/reports.ts';
import { runtime } from '../../app/runtime.ts';
import { formatDate, formatInstant } from '../../forms/format.ts';
import { fieldLabel, locale, optionLabel, t } from '../../i18n/index.ts';

export function columnCaption(entity: string, col: ReportColumn): string {
  const [name = ''] = col.key.split(':');
  const label = fieldLabel(entity, name);
  return col.kind === 'month' ? t('report.monthOf', { field: label }) : label;
}

/** A group's key (an option, a month, a name) as shown; empty as "(empty)". */
export function groupLabel(col: ReportColumn | undefined, key: string): string {
  if (!key) return t('report.noValue');
  if (col?.kind === 'choice' && col.key !== 'currency') return optionLabel(key);
  return key;
}

export function cellText(col: ReportColumn, row: ReportRow, value: Cell | undefined, first: boolean): string {
  if (value === null || value === undefined || value === '') return first && row.kind === 'total' ? t('report.total') : '';
  switch (col.kind) {
    case 'amount':
      return typeof value === 'number' ? formatMoney(value, row.currency ?? 'EUR', locale()) : '';
    case 'number':
    case 'percent':
      return typeof value === 'number' ? formatDecimal(value, col.scale ?? 0, locale(), { percent: col.kind === 'percent', trim: true }) : '';
    case 'date':
      return formatDate(String(value));
    case 'datetime':
      return formatInstant(String(value), runtime.current?.session.user.timeZone ?? 'UTC');
    case 'choice':
      return col.key === 'currency' ? String(value) : optionLabel(String(value));
    case 'boolean':
      return value ? t('report.yes') : t('report.no');
    default:
      return String(value);
  }
}

/** A measured value as the chart's label says it. */
export function measureText(col: ReportColumn | undefined, value: number, currency: string): string {
  if (!col) return String(value);
  if (col.kind === 'amount') return formatMoney(value, currency || 'EUR', locale());
  return formatDecimal(value, col.scale ?? 0, locale(), { percent: col.kind === 'percent', trim: true });
}
