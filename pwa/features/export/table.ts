// A list as a table to export: a header row and cells that keep numbers as numbers (so a spreadsheet can sum them)
// and leave an empty value empty (394-171800-QA: an empty numeric cell must not break the export). Plain functions.
import type { AnyRecord, EntityDef, Field } from '../../../shared/entities/index.ts';

export type Cell = string | number | null;
export interface ExportTable {
  /** The sheet's name and the file's base name. */
  name: string;
  header: string[];
  rows: Cell[][];
}

export interface CellText {
  /** The cell as the list shows it (options, dates in the user's zone, first entry of a list). */
  format: (f: Field, value: unknown, record: Record<string, unknown>) => string;
  /** Another record's title for a reference, looked up beforehand. */
  title: (field: string, id: string) => string;
}

/** A value as a cell: amounts and numbers as numbers (an amount in its unit, not its minor unit), the rest as shown. */
export function cellOf(f: Field, field: string, value: unknown, record: Record<string, unknown>, text: CellText): Cell {
  if (value === undefined || value === null || value === '') return null;
  if (f.kind === 'number') return typeof value === 'number' && Number.isFinite(value) ? value : null;
  if (f.kind === 'amount') {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return null;
    const scale = f.scale === 'currency' ? minorDigits(String(record.currency || 'EUR')) : f.scale;
    return Number((value / 10 ** scale).toFixed(scale));
  }
  if (f.kind === 'ref') return text.title(field, String(value)) || String(value);
  const s = text.format(f, value, record);
  return s === '' ? null : s;
}

/** Decimals of a currency's minor unit (ISO 4217), as Intl knows them. */
function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** The table of the given records and columns, in their order. */
export function tableOf(def: EntityDef, name: string, columns: readonly { field: string; label: string }[], records: readonly AnyRecord[], text: CellText): ExportTable {
  return {
    name,
    header: columns.map((c) => c.label),
    rows: records.map((r) => {
      const rec = r as unknown as Record<string, unknown>;
      return columns.map((c) => {
        const f = def.fields[c.field];
        return f ? cellOf(f, c.field, rec[c.field], rec, text) : null;
      });
    }),
  };
}

/**
 * RFC 4180 text: fields with a comma, quote or line break quoted, lines ended by CRLF, a byte-order mark so Excel
 * reads UTF-8. A text cell starting with = + - @ (or a tab or CR) gets a leading apostrophe: a spreadsheet would
 * run it as a formula ("CSV injection"); numbers stay numbers.
 */
export function toCsv(table: ExportTable, separator = ','): string {
  const field = (c: Cell): string => {
    if (c === null) return '';
    let s = typeof c === 'number' ? String(c) : c;
    if (typeof c === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) || s.includes(separator) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [table.header, ...table.rows].map((row) => row.map(field).join(separator));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A name safe as a file name and as a sheet name (at most 31 characters, none of []:*?/\). */
export function safeName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Export';
}
