// The `\u0005SummaryInformation` property set (MS-OLEPS): reads its properties and rewrites one string property,
// keeping every other property's bytes as they are. The package code is property 9 (PID_REVNUMBER).

export const SUMMARY_STREAM = '\u0005SummaryInformation';
export const PID_REVNUMBER = 9;
const VT_LPSTR = 30;

interface Section {
  start: number;
  ids: number[];
  values: Map<number, Buffer>;
}

function parse(stream: Buffer): Section {
  if (stream.length < 48 || stream.readUInt16LE(0) !== 0xfffe) throw new Error('not a property set stream');
  if (stream.readUInt32LE(24) !== 1) throw new Error('the summary information has more than one section');
  const start = stream.readUInt32LE(44);
  const size = stream.readUInt32LE(start);
  const count = stream.readUInt32LE(start + 4);
  const entries: { id: number; offset: number }[] = [];
  for (let i = 0; i < count; i++) entries.push({ id: stream.readUInt32LE(start + 8 + i * 8), offset: stream.readUInt32LE(start + 12 + i * 8) });
  // Each value runs to the next value's offset (or the section's end): copied whole, padding included.
  const offsets = [...new Set(entries.map((e) => e.offset)), size].sort((a, b) => a - b);
  const values = new Map<number, Buffer>();
  for (const e of entries) {
    const end = offsets.find((o) => o > e.offset) ?? size;
    values.set(e.id, Buffer.from(stream.subarray(start + e.offset, start + end)));
  }
  return { start, ids: entries.map((e) => e.id), values };
}

export function readSummaryString(stream: Buffer, id: number): string | undefined {
  const value = parse(stream).values.get(id);
  if (!value || value.readUInt32LE(0) !== VT_LPSTR) return undefined;
  const length = value.readUInt32LE(4);
  return value.toString('latin1', 8, 8 + length).replace(/\0+$/, '');
}

export function writeSummaryString(stream: Buffer, id: number, text: string): Buffer {
  const section = parse(stream);
  const bytes = Buffer.from(`${text}\0`, 'latin1');
  const value = Buffer.alloc(8 + Math.ceil(bytes.length / 4) * 4);
  value.writeUInt32LE(VT_LPSTR, 0);
  value.writeUInt32LE(bytes.length, 4);
  bytes.copy(value, 8);
  if (!section.values.has(id)) section.ids.push(id);
  section.values.set(id, value);
  const table = Buffer.alloc(8 + section.ids.length * 8);
  const parts: Buffer[] = [];
  let offset = table.length;
  section.ids.forEach((pid, i) => {
    const v = section.values.get(pid) as Buffer;
    table.writeUInt32LE(pid, 8 + i * 8);
    table.writeUInt32LE(offset, 12 + i * 8);
    parts.push(v);
    offset += v.length;
  });
  table.writeUInt32LE(offset, 0);
  table.writeUInt32LE(section.ids.length, 4);
  return Buffer.concat([stream.subarray(0, section.start), table, ...parts]);
}
