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
  /** A reference into the string pool (binary stream columns are not). */
  string: boolean;
}

/** A row's raw cells: string ids for string columns, the decoded integer (or null) for the others. */
export type RawRow = (number | null)[];

export const tableStreamName = (table: string): string => encodeStreamName(table, true);

const isBinary = (type: number): boolean => (type & ~TYPE_NULLABLE) === (TYPE_STRING | TYPE_VALID);

function width(type: number, refSize: number): number {
  if (isBinary(type)) return 2; // a stream column: the cell holds no string id
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
    out.push({ n: number, col: { name, type, key: (type & TYPE_KEY) !== 0, string: (type & TYPE_STRING) !== 0 && !isBinary(type) } });
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
      row.push(c.string || isBinary(c.type) ? raw : raw === 0 ? null : raw ^ (w === 2 ? 0x8000 : 0x80000000));
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
      writeCell(out, at, w, c.string || isBinary(c.type) ? (v ?? 0) : v === null ? 0 : (v ^ (w === 2 ? 0x8000 : 0x80000000)) >>> 0);
      at += w;
    }
  });
  return out;
}

/**
 * How many cells of all tables refer to each string id. The pool's own counts cannot be trusted (wixl writes 1 for
 * strings used several times), and freeing a string still in use would change another table.
 */
export function countReferences(streams: Map<string, Buffer>, pool: StringPool): number[] {
  const counts: number[] = [];
  const r = pool.refSize;
  const add = (id: number): void => void (id !== 0 && (counts[id] = (counts[id] ?? 0) + 1));
  const tables = streams.get(tableStreamName('_Tables')) ?? Buffer.alloc(0);
  const names: string[] = [];
  for (let i = 0; i + r <= tables.length; i += r) {
    const id = readCell(tables, i, r);
    add(id);
    names.push(pool.get(id));
  }
  const meta = streams.get(tableStreamName('_Columns')) ?? Buffer.alloc(0);
  const metaRows = meta.length / (2 * r + 4);
  for (let i = 0; i < metaRows; i++) {
    add(readCell(meta, i * r, r));
    add(readCell(meta, metaRows * (r + 2) + i * r, r));
  }
  for (const name of names) {
    const stream = streams.get(tableStreamName(name));
    if (!stream) continue;
    const columns = columnsOf(streams, pool, name);
    for (const row of readRows(stream, columns, r)) columns.forEach((c, i) => c.string && add(row[i] ?? 0));
  }
  return counts;
}
