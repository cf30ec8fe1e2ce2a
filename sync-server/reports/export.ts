// A report's rows as an Excel workbook (write-excel-file: real number, date and currency cells) or as CSV.
// Empty numeric cells stay empty cells, without a word in the log (seed 394-171800-QA).
import writeXlsxFile, { type Cell, type SheetData } from 'write-excel-file/node';
import { minorDigits } from '../../shared/money.ts';
import { displayNumber, isNumeric, type ReportColumn, type ReportResult, type ReportRow } from '../../shared/reports.ts';
import { say } from './service.ts';

/** A column's caption in the caller's language (`Close date (month)` for a month column). */
export function caption(locale: string, entity: string, col: ReportColumn): string {
  const [name = ''] = col.key.split(':');
  const specific = say(locale, `field.${entity}.${name}`);
  // A custom entity's own fields (name, parent, owner, details) are captioned as customRecord's (docs/decisions/0050).
  const shared = entity.startsWith('x_') ? say(locale, `field.customRecord.${name}`) : `field.customRecord.${name}`;
  const label = specific !== `field.${entity}.${name}` ? specific : shared !== `field.customRecord.${name}` ? shared : say(locale, `field.${name}`);
  return col.kind === 'month' ? say(locale, 'report.monthOf', { field: label }) : label;
}

/** Excel's number format for an amount in `currency` (its minor-unit digits, the code after it). */
export function currencyFormat(currency: string | undefined): string {
  const digits = minorDigits(currency ?? '');
  const number = digits ? `#,##0.${'0'.repeat(digits)}` : '#,##0';
  return currency ? `${number} "${currency}"` : number;
}

/** What a row's cell shows as text: an option in the caller's language, the first text cell of a total says so. */
function textOf(locale: string, col: ReportColumn, row: ReportRow, value: string | number | boolean | null, first: boolean): string | null {
  if (value === null || value === '') {
    if (first && row.kind === 'total') return say(locale, 'report.total');
    return null;
  }
  // Currencies show as their ISO code, as beside an amount.
  if (col.kind === 'choice' && col.key !== 'currency') return say(locale, `option.${value}`);
  if (col.kind === 'boolean') return say(locale, value ? 'report.yes' : 'report.no');
  return String(value);
}

function xlsxCell(locale: string, col: ReportColumn, row: ReportRow, first: boolean): Cell {
  const value = row.cells[col.key] ?? null;
  const bold = row.kind === 'record' ? {} : { fontWeight: 'bold' as const };
  if (isNumeric(col)) {
    // An empty number is an empty cell: nothing to convert, nothing to report.
    if (typeof value !== 'number') return null;
    if (col.kind === 'amount') return { type: Number, value: displayNumber(col, value, row.currency), format: currencyFormat(row.currency), ...bold };
    if (col.kind === 'percent') return { type: Number, value: displayNumber(col, value, undefined) / 100, format: '0.00%', ...bold };
    const scale = col.scale ?? 0;
    return { type: Number, value: displayNumber(col, value, undefined), format: scale ? `#,##0.${'0'.repeat(scale)}` : '#,##0', ...bold };
  }
  if ((col.kind === 'date' || col.kind === 'datetime' || col.kind === 'month') && typeof value === 'string' && value) {
    const when = col.kind === 'month' ? new Date(`${value}-01T00:00:00Z`) : col.kind === 'date' ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : new Date(value);
    if (!Number.isNaN(when.getTime())) return { type: Date, value: when, format: col.kind === 'month' ? 'yyyy-mm' : col.kind === 'date' ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm', ...bold };
  }
  const text = textOf(locale, col, row, value, first);
  return text === null ? null : { type: String, value: text, ...bold };
}

/** The whole report as one sheet: a header row, then its rows (records, subtotals, totals) in order. */
export async function reportXlsx(result: ReportResult, locale: string): Promise<Buffer> {
  const header: Cell[] = result.columns.map((c) => ({ type: String, value: caption(locale, result.entity, c), fontWeight: 'bold' as const }));
  const data: SheetData = [header, ...result.rows.map((row) => result.columns.map((col, i) => xlsxCell(locale, col, row, i === 0)))];
  const columns = result.columns.map((c) => ({ width: isNumeric(c) ? 16 : c.kind === 'text' ? 28 : 14 }));
  return writeXlsxFile(data, { columns, sheet: sheetName(result.name) }).toBuffer();
}

/** Excel's sheet names: at most 31 characters, none of []:*?/\. */
const sheetName = (name: string): string => name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Report';

/** A cell for CSV: plain decimals with a dot, ISO dates, and text that a spreadsheet would run as a formula made inert. */
function csvCell(locale: string, col: ReportColumn, row: ReportRow, first: boolean): string {
  const value = row.cells[col.key] ?? null;
  let text: string;
  if (isNumeric(col)) {
    if (typeof value !== 'number') return '';
    const digits = col.kind === 'amount' ? minorDigits(row.currency ?? '') : (col.scale ?? 0);
    text = displayNumber(col, value, row.currency).toFixed(digits);
  } else text = textOf(locale, col, row, value, first) ?? '';
  if (/^[=+\-@\t\r]/.test(text) && !isNumeric(col)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The report as CSV (UTF-8 with a byte-order mark, so Excel reads accents right), with a currency column for amounts. */
export function reportCsv(result: ReportResult, locale: string): string {
  const lines = [result.columns.map((c) => caption(locale, result.entity, c)).map((h) => (/[",\r\n]/.test(h) ? `"${h.replace(/"/g, '""')}"` : h)).join(',')];
  for (const row of result.rows) lines.push(result.columns.map((col, i) => csvCell(locale, col, row, i === 0)).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
