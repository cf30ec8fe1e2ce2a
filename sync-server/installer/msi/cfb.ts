// Reads and writes the compound files (OLE structured storage) that hold an MSI: a root storage of named streams.
// Written here, not with the `cfb` package, because its writer always adds a stream of its own (docs/decisions/0008).

const SIGNATURE = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const FREE = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;
const FAT_SECTOR = 0xfffffffd;
const DIFAT_SECTOR = 0xfffffffc;
const NO_STREAM = 0xffffffff;
const MINI_CUTOFF = 4096;
const MINI_SIZE = 64;
const SECTOR = 512;
const ENTRY = 128;

export interface CompoundFile {
  /** The root storage's class id (MSI: {000C1084-0000-0000-C000-000000000046}); the Authenticode digest ends with it. */
  clsid: Buffer;
  /** The root's streams by name, in no particular order. MSI packages have no sub-storages. */
  streams: Map<string, Buffer>;
}

export class CompoundFileError extends Error {}

function readName(dir: Buffer, at: number): string {
  const len = dir.readUInt16LE(at + 64);
  return len < 2 ? '' : dir.toString('utf16le', at, at + Math.min(len, 64) - 2);
}

export function readCompoundFile(file: Buffer): CompoundFile {
  if (file.length < SECTOR || !file.subarray(0, 8).equals(SIGNATURE)) throw new CompoundFileError('not a compound file');
  const shift = file.readUInt16LE(30);
  const size = 1 << shift;
  if (size !== 512 && size !== 4096) throw new CompoundFileError(`bad sector size ${size}`);
  const sector = (n: number): Buffer => {
    const start = size + n * size;
    if (start >= file.length) throw new CompoundFileError(`sector ${n} is past the end`);
    return file.subarray(start, Math.min(start + size, file.length));
  };
  // The FAT's own sectors: 109 listed in the header, the rest in the DIFAT chain.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) fatSectors.push(file.readUInt32LE(76 + i * 4));
  let difat = file.readUInt32LE(68);
  for (let guard = 0; difat !== END_OF_CHAIN && difat !== FREE && guard < 1 << 20; guard++) {
    const s = sector(difat);
    for (let i = 0; i < size / 4 - 1; i++) fatSectors.push(s.readUInt32LE(i * 4));
    difat = s.readUInt32LE(size - 4);
  }
  const fat: number[] = [];
  for (const n of fatSectors.slice(0, file.readUInt32LE(44))) {
    if (n >= FAT_SECTOR) continue;
    const s = sector(n);
    for (let i = 0; i < s.length / 4; i++) fat.push(s.readUInt32LE(i * 4));
  }
  const chain = (start: number, table: number[]): number[] => {
    const out: number[] = [];
    for (let n = start; n !== END_OF_CHAIN; n = table[n] ?? END_OF_CHAIN) {
      if (n >= table.length || out.length > table.length) throw new CompoundFileError('broken sector chain');
      out.push(n);
    }
    return out;
  };
  const readChain = (start: number): Buffer => Buffer.concat(chain(start, fat).map(sector));
  const dir = readChain(file.readUInt32LE(48));
  const miniFatBytes = file.readUInt32LE(60) === END_OF_CHAIN ? Buffer.alloc(0) : readChain(file.readUInt32LE(60));
  const miniFat: number[] = [];
  for (let i = 0; i + 4 <= miniFatBytes.length; i += 4) miniFat.push(miniFatBytes.readUInt32LE(i));
  if (dir.length < ENTRY || dir[66] !== 5) throw new CompoundFileError('no root entry');
  const miniStream = dir.readUInt32LE(116) === END_OF_CHAIN ? Buffer.alloc(0) : readChain(dir.readUInt32LE(116));

  const streams = new Map<string, Buffer>();
  // Walk the root's children: a binary tree through left, right and child links.
  const visit = (id: number, depth: number): void => {
    if (id === NO_STREAM) return;
    if (depth > 10_000 || (id + 1) * ENTRY > dir.length) throw new CompoundFileError('broken directory');
    const at = id * ENTRY;
    visit(dir.readUInt32LE(at + 68), depth + 1);
    visit(dir.readUInt32LE(at + 72), depth + 1);
    const type = dir[at + 66];
    if (type === 1) throw new CompoundFileError('sub-storages are not supported');
    if (type === 2) {
      const length = Number(dir.readBigUInt64LE(at + 120) & 0xffffffffn);
      const start = dir.readUInt32LE(at + 116);
      const data =
        length < MINI_CUTOFF
          ? Buffer.concat(chain(start, miniFat).map((n) => miniStream.subarray(n * MINI_SIZE, (n + 1) * MINI_SIZE)))
          : readChain(start);
      if (data.length < length) throw new CompoundFileError('stream shorter than its size');
      streams.set(readName(dir, at), Buffer.from(data.subarray(0, length)));
    }
  };
  visit(dir.readUInt32LE(76), 0);
  return { clsid: Buffer.from(dir.subarray(80, 96)), streams };
}

/** Directory order of siblings: shorter names first, then by upper-cased UTF-16 code units (MS-CFB 2.6.4). */
export function compareNames(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    const d = upper(a.charCodeAt(i)) - upper(b.charCodeAt(i));
    if (d !== 0) return d;
  }
  return 0;
}

function upper(code: number): number {
  const u = String.fromCharCode(code).toUpperCase();
  return u.length === 1 ? u.charCodeAt(0) : code;
}

interface Node {
  left: number;
  right: number;
  black: boolean;
}

/**
 * A balanced tree over the sorted names: the middle is the root of each range. Nodes on the deepest level are red,
 * the rest black, so every path has the same number of black nodes and no red node has a red child.
 */
function balancedTree(count: number): { root: number; nodes: Node[] } {
  const nodes: Node[] = Array.from({ length: count }, () => ({ left: NO_STREAM, right: NO_STREAM, black: true }));
  const depthOf: number[] = [];
  const build = (lo: number, hi: number, depth: number): number => {
    if (lo > hi) return NO_STREAM;
    const mid = (lo + hi) >> 1;
    depthOf[mid] = depth;
    const node = nodes[mid] as Node;
    node.left = build(lo, mid - 1, depth + 1);
    node.right = build(mid + 1, hi, depth + 1);
    return mid;
  };
  const root = build(0, count - 1, 0);
  const deepest = Math.max(0, ...depthOf);
  if (deepest > 0) depthOf.forEach((d, i) => d === deepest && ((nodes[i] as Node).black = false));
  return { root, nodes };
}

export function writeCompoundFile(cf: CompoundFile): Buffer {
  const names = [...cf.streams.keys()].sort(compareNames);
  for (const n of names) if (n.length > 31 || n.length === 0) throw new CompoundFileError(`bad stream name length: ${n.length}`);
  const sectorsFor = (bytes: number): number => Math.ceil(bytes / SECTOR);

  // Small streams live in the mini stream (64-byte pieces inside the root's own chain); large ones in sectors.
  const mini: Buffer[] = [];
  const miniFat: number[] = [];
  const placement = new Map<string, { start: number; mini: boolean }>();
  let miniCount = 0;
  for (const name of names) {
    const data = cf.streams.get(name) as Buffer;
    if (data.length === 0 || data.length >= MINI_CUTOFF) continue;
    const pieces = Math.ceil(data.length / MINI_SIZE);
    placement.set(name, { start: miniCount, mini: true });
    for (let i = 0; i < pieces; i++) miniFat.push(i === pieces - 1 ? END_OF_CHAIN : miniCount + i + 1);
    mini.push(data, Buffer.alloc(pieces * MINI_SIZE - data.length));
    miniCount += pieces;
  }
  const miniStream = Buffer.concat(mini);
  const dirSectors = sectorsFor((names.length + 1) * ENTRY);
  const miniFatSectors = sectorsFor(miniFat.length * 4);
  const miniStreamSectors = sectorsFor(miniStream.length);
  const big = names.filter((n) => (cf.streams.get(n) as Buffer).length >= MINI_CUTOFF);
  const bigSectors = big.reduce((sum, n) => sum + sectorsFor((cf.streams.get(n) as Buffer).length), 0);
  const dataSectors = dirSectors + miniFatSectors + miniStreamSectors + bigSectors;
  // The FAT covers itself and the DIFAT: grow both until they cover everything.
  let fatSectors = 0;
  let difatSectors = 0;
  for (;;) {
    const total = dataSectors + fatSectors + difatSectors;
    const needFat = Math.ceil(total / (SECTOR / 4));
    const needDifat = Math.max(0, Math.ceil((needFat - 109) / (SECTOR / 4 - 1)));
    if (needFat === fatSectors && needDifat === difatSectors) break;
    fatSectors = needFat;
    difatSectors = needDifat;
  }
  const total = dataSectors + fatSectors + difatSectors;
  const fat = new Array<number>(fatSectors * (SECTOR / 4)).fill(FREE);
  let next = 0;
  const allocate = (count: number): number => {
    if (count === 0) return END_OF_CHAIN;
    const start = next;
    for (let i = 0; i < count; i++) fat[start + i] = i === count - 1 ? END_OF_CHAIN : start + i + 1;
    next += count;
    return start;
  };
  // The FAT first: osslsigncode refuses a directory that starts at sector 0.
  const fatStart = next;
  for (let i = 0; i < fatSectors; i++) fat[next++] = FAT_SECTOR;
  const difatStart = next;
  for (let i = 0; i < difatSectors; i++) fat[next++] = DIFAT_SECTOR;
  const dirStart = allocate(dirSectors);
  const miniFatStart = allocate(miniFatSectors);
  const miniStreamStart = allocate(miniStreamSectors);
  for (const name of big) placement.set(name, { start: allocate(sectorsFor((cf.streams.get(name) as Buffer).length)), mini: false });

  const out = Buffer.alloc(SECTOR + total * SECTOR);
  const at = (n: number): number => SECTOR + n * SECTOR;
  // Header.
  SIGNATURE.copy(out, 0);
  out.writeUInt16LE(0x3e, 24);
  out.writeUInt16LE(3, 26);
  out.writeUInt16LE(0xfffe, 28);
  out.writeUInt16LE(9, 30);
  out.writeUInt16LE(6, 32);
  out.writeUInt32LE(fatSectors, 44);
  out.writeUInt32LE(dirStart, 48);
  out.writeUInt32LE(MINI_CUTOFF, 56);
  out.writeUInt32LE(miniFatSectors ? miniFatStart : END_OF_CHAIN, 60);
  out.writeUInt32LE(miniFatSectors, 64);
  out.writeUInt32LE(difatSectors ? difatStart : END_OF_CHAIN, 68);
  out.writeUInt32LE(difatSectors, 72);
  for (let i = 0; i < 109; i++) out.writeUInt32LE(i < fatSectors ? fatStart + i : FREE, 76 + i * 4);
  for (let d = 0; d < difatSectors; d++) {
    const base = at(difatStart + d);
    for (let i = 0; i < SECTOR / 4 - 1; i++) {
      const k = 109 + d * (SECTOR / 4 - 1) + i;
      out.writeUInt32LE(k < fatSectors ? fatStart + k : FREE, base + i * 4);
    }
    out.writeUInt32LE(d === difatSectors - 1 ? END_OF_CHAIN : difatStart + d + 1, base + SECTOR - 4);
  }
  fat.forEach((v, i) => out.writeUInt32LE(v, at(fatStart) + i * 4));
  miniFat.forEach((v, i) => out.writeUInt32LE(v, at(miniFatStart) + i * 4));
  for (let i = miniFat.length; i < miniFatSectors * (SECTOR / 4); i++) out.writeUInt32LE(FREE, at(miniFatStart) + i * 4);
  miniStream.copy(out, at(miniStreamStart));
  for (const name of big) (cf.streams.get(name) as Buffer).copy(out, at((placement.get(name) as { start: number }).start));

  // Directory: the root first, then the streams in sorted order as a red-black tree under it.
  const dir = out.subarray(at(dirStart), at(dirStart) + dirSectors * SECTOR);
  for (let i = 0; i < dirSectors * (SECTOR / ENTRY); i++) {
    dir.writeUInt32LE(NO_STREAM, i * ENTRY + 68);
    dir.writeUInt32LE(NO_STREAM, i * ENTRY + 72);
    dir.writeUInt32LE(NO_STREAM, i * ENTRY + 76);
  }
  const entry = (id: number, name: string, type: number, black: boolean, start: number, size: number): number => {
    const e = id * ENTRY;
    dir.write(name, e, 'utf16le');
    dir.writeUInt16LE((name.length + 1) * 2, e + 64);
    dir[e + 66] = type;
    dir[e + 67] = black ? 1 : 0;
    dir.writeUInt32LE(start, e + 116);
    dir.writeUInt32LE(size, e + 120);
    return e;
  };
  const tree = balancedTree(names.length);
  const root = entry(0, 'Root Entry', 5, true, miniStream.length ? miniStreamStart : END_OF_CHAIN, miniStream.length);
  cf.clsid.copy(dir, root + 80);
  dir.writeUInt32LE(names.length ? tree.root + 1 : NO_STREAM, root + 76);
  names.forEach((name, i) => {
    const data = cf.streams.get(name) as Buffer;
    const node = tree.nodes[i] as Node;
    const e = entry(i + 1, name, 2, node.black, placement.get(name)?.start ?? END_OF_CHAIN, data.length);
    dir.writeUInt32LE(node.left === NO_STREAM ? NO_STREAM : node.left + 1, e + 68);
    dir.writeUInt32LE(node.right === NO_STREAM ? NO_STREAM : node.right + 1, e + 72);
  });
  return out;
}
