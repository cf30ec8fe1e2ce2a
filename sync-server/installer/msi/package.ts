// Customises an MSI package: sets rows of its Property table and gives it a new package code. Every other table and
// stream keeps its bytes; signature streams are dropped, since any change breaks them (sign afterwards).
import { randomUUID } from 'node:crypto';
import { readCompoundFile, writeCompoundFile, type CompoundFile } from './cfb.ts';
import { StringPool } from './string-pool.ts';
import { PID_REVNUMBER, readSummaryString, SUMMARY_STREAM, writeSummaryString } from './summary.ts';
import { columnsOf, countReferences, readRows, tableStreamName, writeRows } from './tables.ts';

export const SIGNATURE_STREAMS = ['\u0005DigitalSignature', '\u0005MsiDigitalSignatureEx'] as const;
const POOL = tableStreamName('_StringPool');
const DATA = tableStreamName('_StringData');
const PROPERTY = tableStreamName('Property');

export interface Customisation {
  /** Property rows to set (added, or replaced when the package has them). Names and values: printable ASCII. */
  properties: Record<string, string>;
  /** The new package code, `{XXXXXXXX-…}`; a random one when omitted. */
  packageCode?: string;
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
  const code = change.packageCode ?? newPackageCode();
  if (!/^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/.test(code)) throw new RangeError('a package code is an upper-case GUID in braces');
  streams.set(SUMMARY_STREAM, writeSummaryString(summary, PID_REVNUMBER, code));
  return { clsid: cf.clsid, streams };
}

export const packageCodeOf = (cf: CompoundFile): string | undefined => {
  const s = cf.streams.get(SUMMARY_STREAM);
  return s && readSummaryString(s, PID_REVNUMBER);
};

export function customiseMsi(msi: Buffer, change: Customisation): Buffer {
  return writeCompoundFile(customisePackage(readCompoundFile(msi), change));
}
