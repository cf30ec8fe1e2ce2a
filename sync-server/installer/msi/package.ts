// Customises an MSI package: sets rows of its Property table and gives it a new package code. Every other table and
// stream keeps its bytes; signature streams are dropped, since any change breaks them (sign afterwards).
import { createHash, randomUUID } from 'node:crypto';
import { readCabinet, writeCabinet } from './cabinet.ts';
import { readCompoundFile, writeCompoundFile, type CompoundFile } from './cfb.ts';
import { encodeStreamName } from './names.ts';
import { StringPool } from './string-pool.ts';
import { PID_REVNUMBER, readSummaryString, SUMMARY_STREAM, writeSummaryString } from './summary.ts';
import { columnsOf, countReferences, readRows, tableStreamName, writeRows, type Column, type RawRow } from './tables.ts';

export const SIGNATURE_STREAMS = ['\u0005DigitalSignature', '\u0005MsiDigitalSignatureEx'] as const;
const POOL = tableStreamName('_StringPool');
const DATA = tableStreamName('_StringData');
const PROPERTY = tableStreamName('Property');

export interface Customisation {
  /** Property rows to set (added, or replaced when the package has them). Names and values: printable ASCII. */
  properties: Record<string, string>;
  /** The new package code, `{XXXXXXXX-…}`; a random one when omitted. */
  packageCode?: string;
  /**
   * Files to replace, by their File table key (the add-in manifest written for this server): their bytes go into the
   * embedded cabinet, their FileSize and MsiFileHash rows follow. Every other file keeps its bytes.
   */
  files?: Record<string, Buffer>;
}

export const newPackageCode = (): string => `{${randomUUID().toUpperCase()}}`;

export function customisePackage(cf: CompoundFile, change: Customisation): CompoundFile {
  const streams = new Map(cf.streams);
  for (const s of SIGNATURE_STREAMS) streams.delete(s);
  const poolStream = streams.get(POOL);
  const dataStream = streams.get(DATA);
  const propertyStream = streams.get(PROPERTY);
  const summary = streams.get(SUMMARY_STREAM);
  if (!poolStream || !dataStream || !propertyStream || !summary) throw new Error('not an MSI package (no string pool, Property table or summary information)');
  const pool = StringPool.read(poolStream, dataStream);
  pool.setReferences(countReferences(streams, pool));
  const files = change.files && Object.keys(change.files).length ? readFileTables(streams, pool) : null;
  const columns = columnsOf(streams, pool, 'Property');
  if (columns.length !== 2 || !columns.every((c) => c.string)) throw new Error('unexpected Property table columns');
  const rows = readRows(propertyStream, columns, pool.refSize);
  for (const [name, value] of Object.entries(change.properties)) {
    if (!/^[A-Za-z_][A-Za-z0-9_.]{0,71}$/.test(name)) throw new RangeError(`bad property name: ${name}`);
    const row = rows.find((r) => pool.get(r[0] ?? 0) === name);
    if (row) {
      pool.release(row[1] ?? 0);
      row[1] = pool.acquire(value);
    } else rows.push([pool.acquire(name), pool.acquire(value)]);
  }
  const written = pool.write();
  streams.set(POOL, written.pool);
  streams.set(DATA, written.data);
  streams.set(PROPERTY, writeRows(rows, columns, pool.refSize));
  if (files && change.files) replaceFiles(streams, pool, files, change.files);
  const code = change.packageCode ?? newPackageCode();
  if (!/^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/.test(code)) throw new RangeError('a package code is an upper-case GUID in braces');
  streams.set(SUMMARY_STREAM, writeSummaryString(summary, PID_REVNUMBER, code));
  return { clsid: cf.clsid, streams };
}

interface FileTables {
  file: { columns: Column[]; rows: RawRow[] };
  hash: { columns: Column[]; rows: RawRow[] } | null;
  /** The embedded cabinet's stream name (encoded). */
  cabinet: string;
}

/** The File and MsiFileHash rows and the one embedded cabinet, read before the string pool changes. */
function readFileTables(streams: Map<string, Buffer>, pool: StringPool): FileTables {
  const table = (name: string) => {
    const stream = streams.get(tableStreamName(name));
    if (!stream) return null;
    const columns = columnsOf(streams, pool, name);
    return { columns, rows: readRows(stream, columns, pool.refSize) };
  };
  const file = table('File');
  const media = table('Media');
  if (!file || !media) throw new Error('the package has no File or Media table');
  const cabinets = media.rows.map((r) => pool.get(r[3] ?? 0)).filter((c) => c.startsWith('#'));
  if (cabinets.length !== 1) throw new Error('files can be replaced only in a package with one embedded cabinet');
  return { file, hash: table('MsiFileHash'), cabinet: encodeStreamName((cabinets[0] as string).slice(1), false) };
}

/** MsiFileHash keeps a file's MD5 as four little-endian 32-bit integers. */
function md5Parts(bytes: Buffer): number[] {
  const d = createHash('md5').update(bytes).digest();
  return [0, 4, 8, 12].map((i) => d.readInt32LE(i));
}

function replaceFiles(streams: Map<string, Buffer>, pool: StringPool, tables: FileTables, replaced: Record<string, Buffer>): void {
  const old = streams.get(tables.cabinet);
  if (!old) throw new Error('the embedded cabinet is missing');
  const inCab = new Map(readCabinet(old).map((f) => [f.name, f.bytes]));
  const keyOf = (r: RawRow): string => pool.get(r[0] ?? 0);
  for (const key of Object.keys(replaced)) if (!tables.file.rows.some((r) => keyOf(r) === key)) throw new Error(`the package has no file ${key}`);
  const sizeAt = tables.file.columns.findIndex((c) => c.name === 'FileSize');
  const seqAt = tables.file.columns.findIndex((c) => c.name === 'Sequence');
  for (const row of tables.file.rows) {
    const bytes = replaced[keyOf(row)];
    if (bytes) row[sizeAt] = bytes.length;
  }
  // The cabinet holds the files in Sequence order, named by their File key.
  const ordered = [...tables.file.rows].sort((a, b) => (a[seqAt] ?? 0) - (b[seqAt] ?? 0));
  const cab = ordered.map((row) => {
    const name = keyOf(row);
    const bytes = replaced[name] ?? inCab.get(name);
    if (!bytes) throw new Error(`the cabinet has no file ${name}`);
    return { name, bytes };
  });
  streams.set(tables.cabinet, writeCabinet(cab));
  streams.set(tableStreamName('File'), writeRows(tables.file.rows, tables.file.columns, pool.refSize));
  if (tables.hash) {
    for (const row of tables.hash.rows) {
      const bytes = replaced[keyOf(row)];
      if (bytes) md5Parts(bytes).forEach((part, i) => (row[2 + i] = part));
    }
    streams.set(tableStreamName('MsiFileHash'), writeRows(tables.hash.rows, tables.hash.columns, pool.refSize));
  }
}

export const packageCodeOf = (cf: CompoundFile): string | undefined => {
  const s = cf.streams.get(SUMMARY_STREAM);
  return s && readSummaryString(s, PID_REVNUMBER);
};

export function customiseMsi(msi: Buffer, change: Customisation): Buffer {
  return writeCompoundFile(customisePackage(readCompoundFile(msi), change));
}
