// Microsoft cabinet files (MS-CAB), as far as an MSI's embedded cabinet needs: read (stored or MSZIP, as wixl writes them)
// and write (one folder, stored: the plug-in's files are a few kilobytes, and every reader takes stored data).
import { inflateRawSync } from 'node:zlib';

export interface CabinetFile {
  /** The name inside the cabinet: for an MSI, the File table's key. */
  name: string;
  bytes: Buffer;
}

const HEADER = 36;
const FOLDER = 8;
const DATA_HEADER = 8;
/** A CFDATA block holds at most 32 KiB of uncompressed data. */
const BLOCK = 0x8000;
const NONE = 0;
const MSZIP = 1;

/** The files of a cabinet with one or more folders, each stored or MSZIP-compressed. */
export function readCabinet(cab: Buffer): CabinetFile[] {
  if (cab.length < HEADER || cab.toString('latin1', 0, 4) !== 'MSCF') throw new Error('not a cabinet');
  const flags = cab.readUInt16LE(30);
  if (flags & 0x0004) throw new Error('cabinets with reserved areas are not supported');
  const folders = cab.readUInt16LE(26);
  const files = cab.readUInt16LE(28);
  const folderData: Buffer[] = [];
  for (let f = 0; f < folders; f++) {
    const at = HEADER + f * FOLDER;
    let pos = cab.readUInt32LE(at);
    const blocks = cab.readUInt16LE(at + 4);
    const type = cab.readUInt16LE(at + 6) & 0x0f;
    if (type !== NONE && type !== MSZIP) throw new Error(`cabinet compression ${type} is not supported`);
    const out: Buffer[] = [];
    let history = Buffer.alloc(0);
    for (let b = 0; b < blocks; b++) {
      const size = cab.readUInt16LE(pos + 4);
      const data = cab.subarray(pos + DATA_HEADER, pos + DATA_HEADER + size);
      pos += DATA_HEADER + size;
      if (type === NONE) out.push(data);
      else {
        if (data.toString('latin1', 0, 2) !== 'CK') throw new Error('damaged MSZIP block');
        // Each MSZIP block is a deflate stream of its own whose window is the previous block's output.
        const block = inflateRawSync(data.subarray(2), history.length ? { dictionary: history } : {});
        out.push(block);
        history = block.length >= BLOCK ? block : Buffer.concat([history, block]).subarray(-BLOCK);
      }
    }
    folderData.push(Buffer.concat(out));
  }
  const list: CabinetFile[] = [];
  let pos = cab.readUInt32LE(16);
  for (let i = 0; i < files; i++) {
    const size = cab.readUInt32LE(pos);
    const offset = cab.readUInt32LE(pos + 4);
    const folder = cab.readUInt16LE(pos + 8);
    const end = cab.indexOf(0, pos + 16);
    const name = cab.toString('latin1', pos + 16, end);
    pos = end + 1;
    const data = folderData[folder];
    if (!data || offset + size > data.length) throw new Error(`cabinet file ${name} lies outside its folder`);
    list.push({ name, bytes: Buffer.from(data.subarray(offset, offset + size)) });
  }
  return list;
}

/** A cabinet holding `files` in this order, stored (no compression), dated `when` (DOS date and time). */
export function writeCabinet(files: readonly CabinetFile[], when = new Date(Date.UTC(2026, 0, 1))): Buffer {
  const names = files.map((f) => Buffer.from(`${f.name}\0`, 'latin1'));
  const data = Buffer.concat(files.map((f) => f.bytes));
  const blocks = Math.max(1, Math.ceil(data.length / BLOCK));
  const filesAt = HEADER + FOLDER;
  const dataAt = filesAt + names.reduce((n, b) => n + 16 + b.length, 0);
  const total = dataAt + blocks * DATA_HEADER + data.length;
  if (files.length > 0xffff || blocks > 0xffff) throw new RangeError('too many files for one cabinet');
  const cab = Buffer.alloc(total);
  cab.write('MSCF', 0, 'latin1');
  cab.writeUInt32LE(total, 8);
  cab.writeUInt32LE(filesAt, 16);
  cab.writeUInt8(3, 24); // version 1.3
  cab.writeUInt8(1, 25);
  cab.writeUInt16LE(1, 26); // one folder
  cab.writeUInt16LE(files.length, 28);
  cab.writeUInt32LE(dataAt, HEADER);
  cab.writeUInt16LE(blocks, HEADER + 4);
  cab.writeUInt16LE(NONE, HEADER + 6);
  const dosDate = ((when.getUTCFullYear() - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate();
  const dosTime = (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | (when.getUTCSeconds() >> 1);
  let pos = filesAt;
  let offset = 0;
  files.forEach((f, i) => {
    cab.writeUInt32LE(f.bytes.length, pos);
    cab.writeUInt32LE(offset, pos + 4);
    cab.writeUInt16LE(0, pos + 8);
    cab.writeUInt16LE(dosDate, pos + 10);
    cab.writeUInt16LE(dosTime, pos + 12);
    cab.writeUInt16LE(0x20, pos + 14); // archive
    (names[i] as Buffer).copy(cab, pos + 16);
    pos += 16 + (names[i] as Buffer).length;
    offset += f.bytes.length;
  });
  for (let b = 0; b < blocks; b++) {
    const chunk = data.subarray(b * BLOCK, (b + 1) * BLOCK);
    cab.writeUInt16LE(chunk.length, pos + 4);
    cab.writeUInt16LE(chunk.length, pos + 6);
    // The format allows 0 for "no checksum", but libgcab (msitools) checks it anyway: computed as MS-CAB says.
    cab.writeUInt32LE(checksum(cab.subarray(pos + 4, pos + 8), checksum(chunk, 0)), pos);
    chunk.copy(cab, pos + DATA_HEADER);
    pos += DATA_HEADER + chunk.length;
  }
  return cab;
}

/** MS-CAB's CFDATA checksum: XOR of little-endian 32-bit words, the last partial word read high byte first. */
function checksum(bytes: Buffer, seed: number): number {
  let sum = seed >>> 0;
  const whole = bytes.length - (bytes.length % 4);
  for (let i = 0; i < whole; i += 4) sum = (sum ^ bytes.readUInt32LE(i)) >>> 0;
  let last = 0;
  for (let i = whole; i < bytes.length; i++) last = (last << 8) | (bytes[i] as number);
  return (sum ^ last) >>> 0;
}
