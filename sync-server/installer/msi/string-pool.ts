// The MSI string pool: `_StringPool` holds (length, reference count) per string id, `_StringData` the bytes end to end.
// Ids are positions: tables refer to strings by id, so existing ids never move; a string no longer used frees its id.

export class StringPool {
  private constructor(
    /** The codepage word of the pool's header; 0 is "neutral", for which only ASCII is safe. */
    readonly codepage: number,
    /** 3-byte string references in tables instead of 2 (bit 31 of the header). */
    readonly longRefs: boolean,
    private readonly strings: string[],
    private readonly refs: number[],
  ) {}

  static read(pool: Buffer, data: Buffer): StringPool {
    const header = pool.length >= 4 ? pool.readUInt32LE(0) : 0;
    const strings = [''];
    const refs = [0];
    let offset = 0;
    for (let i = 4; i + 4 <= pool.length; ) {
      let length = pool.readUInt16LE(i);
      const count = pool.readUInt16LE(i + 2);
      i += 4;
      // A string of 64 KiB or more: a (0, refs) entry, then the length's low and high words.
      if (length === 0 && count !== 0 && i + 4 <= pool.length) {
        length = pool.readUInt16LE(i) + pool.readUInt16LE(i + 2) * 0x10000;
        i += 4;
      }
      strings.push(data.toString('latin1', offset, offset + length));
      refs.push(count);
      offset += length;
    }
    return new StringPool(header & 0xffff, (header & 0x80000000) !== 0, strings, refs);
  }

  /** Bytes per string reference in table streams. */
  get refSize(): 2 | 3 {
    return this.longRefs ? 3 : 2;
  }

  get(id: number): string {
    return this.strings[id] ?? '';
  }

  /** Replaces the reference counts with counted ones; strings no one refers to are dropped and their ids freed. */
  setReferences(counts: number[]): void {
    for (let id = 1; id < this.strings.length; id++) {
      this.refs[id] = counts[id] ?? 0;
      if (this.refs[id] === 0) this.strings[id] = '';
    }
  }

  /** Counts one more use of `value` and returns its id: an existing one, a freed one, or a new one at the end. */
  acquire(value: string): number {
    if (!/^[\x20-\x7e]*$/.test(value)) throw new RangeError('MSI strings here must be printable ASCII');
    if (value === '') return 0;
    let id = this.strings.findIndex((s, i) => i > 0 && s === value && (this.refs[i] ?? 0) > 0);
    if (id < 0) id = this.strings.findIndex((_, i) => i > 0 && (this.refs[i] ?? 0) === 0);
    if (id < 0) id = this.strings.push('') - 1;
    if (id >= (this.longRefs ? 0xffffff : 0xffff)) throw new RangeError('the string pool is full');
    this.strings[id] = value;
    this.refs[id] = (this.refs[id] ?? 0) + 1;
    return id;
  }

  /** Counts one use fewer; at zero the id is free for another string. */
  release(id: number): void {
    if (id === 0) return;
    const left = (this.refs[id] ?? 0) - 1;
    this.refs[id] = Math.max(0, left);
    if (left <= 0) this.strings[id] = '';
  }

  write(): { pool: Buffer; data: Buffer } {
    const entries: number[] = [];
    const data: Buffer[] = [];
    for (let id = 1; id < this.strings.length; id++) {
      const s = this.strings[id] ?? '';
      const count = this.refs[id] ?? 0;
      if (s.length > 0xffff) entries.push(0, count, s.length & 0xffff, s.length >>> 16);
      else entries.push(s.length, count);
      data.push(Buffer.from(s, 'latin1'));
    }
    const pool = Buffer.alloc(4 + entries.length * 2);
    pool.writeUInt32LE((this.codepage | (this.longRefs ? 0x80000000 : 0)) >>> 0, 0);
    entries.forEach((v, i) => pool.writeUInt16LE(v, 4 + i * 2));
    return { pool, data: Buffer.concat(data) };
  }
}
