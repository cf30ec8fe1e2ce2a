// MSI table streams: column-major, one fixed-width cell per row and column; column types come from `_Columns`.
// Integers are stored XOR 0x8000 (2 bytes) or XOR 0x80000000 (4 bytes) so that 0 means null; strings are pool ids.
import { encodeStreamName } from './names.ts';
import type { StringPool } from './string-pool.ts';

const TYPE_STRING = 0x0800;
const TYPE_NULLABLE = 0x1000;
const TYPE_KEY = 0x2000;
const TYPE_VALID = 0x0100;

export interface Column {
  name: string;
  /** The type word from `_Columns` (width, string, nullable, key bits). */
  type: number;
  key: boolean;
  string: boolean;
}

/** A row's raw cells: string ids for string columns, the decoded integer (or null) for the others. */
export type RawRow = (number | null)[];

export const tableStreamName = (table: string): string => encodeStreamName(table, true);

function width(type: number, refSize: number): number {
  if ((type & ~TYPE_NULLABLE) === (TYPE_STRING | TYPE_VALID)) return 2; // a binary (stream) column
  if (type & TYPE_STRING) return refSize;
  return (type & 0xff) <= 2 ? 2 : 4;
}

function readCell(buf: Buffer, at: number, size: number): number {
  return size === 2 ? buf.readUInt16LE(at) : size === 3 ? buf.readUIntLE(at, 3) : buf.readUInt32LE(at);
}

function writeCell(buf: Buffer, at: number, size: number, value: number): void {
  if (size === 2) buf.writeUInt16LE(value, at);
  else if (size === 3) buf.writeUIntLE(value, at, 3);
  else buf.writeUInt32LE(value >>> 0, at);
}

/** The columns of `table`, in order, read from the `_Columns` table (Table, Number, Name, Type). */
export function columnsOf(streams: Map<string, Buffer>, pool: StringPool, table: string): Column[] {
  const meta = streams.get(tableStreamName('_Columns'));
  if (!meta) throw new Error('no _Columns table');
  const r = pool.refSize;
  const rowSize = 2 * r + 4;
  const rows = meta.length / rowSize;
  const out: { n: number; col: Column }[] = [];
  for (let i = 0; i < rows; i++) {
    const t = readCell(meta, i * r, r);
    if (pool.get(t) !== table) continue;
    const number = readCell(meta, rows * r + i * 2, 2) ^ 0x8000;
    const name = pool.get(readCell(meta, rows * (r + 2) + i * r, r));
    const type = readCell(meta, rows * (2 * r + 2) + i * 2, 2) ^ 0x8000;
    out.push({ n: number, col: { name, type, key: (type & TYPE_KEY) !== 0, string: (type & TYPE_STRING) !== 0 } });
  }
  if (out.length === 0) throw new Error(`no table ${table}`);
  return out.sort((a, b) => a.n - b.n).map((c) => c.col);
}

export function readRows(stream: Buffer, columns: Column[], refSize: number): RawRow[] {
  const widths = columns.map((c) => width(c.type, refSize));
  const rowSize = widths.reduce((a, b) => a + b, 0);
  if (stream.length % rowSize !== 0) throw new Error('table stream is not a whole number of rows');
  const count = stream.length / rowSize;
  const rows: RawRow[] = Array.from({ length: count }, () => []);
  let at = 0;
  columns.forEach((c, ci) => {
    const w = widths[ci] as number;
    for (const row of rows) {
      const raw = readCell(stream, at, w);
      at += w;
      row.push(c.string ? raw : raw === 0 ? null : raw ^ (w === 2 ? 0x8000 : 0x80000000));
    }
  });
  return rows;
}

/** Writes rows sorted by their primary key cells (string ids compare as numbers, as Windows Installer stores them). */
export function writeRows(rows: RawRow[], columns: Column[], refSize: number): Buffer {
  const widths = columns.map((c) => width(c.type, refSize));
  const keys = columns.map((c, i) => (c.key ? i : -1)).filter((i) => i >= 0);
  const sorted = [...rows].sort((a, b) => {
    for (const k of keys) {
      const d = (a[k] ?? 0) - (b[k] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  });
  const out = Buffer.alloc(sorted.length * widths.reduce((a, b) => a + b, 0));
  let at = 0;
  columns.forEach((c, ci) => {
    const w = widths[ci] as number;
    for (const row of sorted) {
      const v = row[ci] ?? null;
      writeCell(out, at, w, c.string ? (v ?? 0) : v === null ? 0 : (v ^ (w === 2 ? 0x8000 : 0x80000000)) >>> 0);
      at += w;
    }
  });
  return out;
}
