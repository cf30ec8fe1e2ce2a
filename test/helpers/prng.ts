// The tests' seeded PRNG (sfc32): the fuzzer and the chaos simulation draw every random choice from it, so a seed replays.
//
// Timing (how the OS schedules threads, when a response arrives) is not seeded: a chaos replay makes the same
// choices and usually, though not always, meets the same interleavings.

/** Mixes a number into a well-spread 32-bit value (splitmix32's finaliser). */
function mix(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** Mixes a run seed and a case number into one seed: the fuzzer's case `caseNo` of run `seed`. */
export function caseSeed(seed: number, caseNo: number): number {
  return mix(seed ^ Math.imul(caseNo + 1, 0x9e3779b9));
}

/** A 32-bit seed for stream `name` of seed `seed` (FNV-1a over the name, mixed with the seed). */
export function streamSeed(seed: number, name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return mix(h ^ mix(seed + 0x9e3779b9));
}

export class Rng {
  private a = 0x9e3779b9;
  private b = 0x243f6a88;
  private c = 0xb7e15162;
  private d: number;

  constructor(seed: number) {
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** The independent stream `name` of seed `seed` (the chaos simulation keeps one per purpose). */
  static of(seed: number, name: string): Rng {
    return new Rng(streamSeed(seed, name));
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** Picks by weight: `[[weight, value], …]`. */
  weighted<T>(items: readonly (readonly [number, T])[]): T {
    const total = items.reduce((s, [w]) => s + w, 0);
    let r = this.next() * total;
    for (const [w, v] of items) if ((r -= w) < 0) return v;
    return items[items.length - 1]![1];
  }

  /** A short id from the alphabet the validation accepts (letters and digits). */
  id(prefix: string): string {
    const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
    let out = prefix;
    for (let i = 0; i < 10; i++) out += alphabet[this.int(36)];
    return out;
  }
}
