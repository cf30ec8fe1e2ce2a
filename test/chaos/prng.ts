// The chaos simulation's only source of randomness: a small seeded PRNG (sfc32), split into independent streams.
//
// Every random decision of a seed (which operation, which record, which fault, when the server dies) is drawn
// from a stream derived from the seed and a stream name, so a seed makes the same decisions on every run.
// Timing (how the OS schedules threads, when a response arrives) is not seeded: a replay makes the same
// choices, and usually, though not always, meets the same interleavings.

/** Mixes a number into a well-spread 32-bit value (splitmix32's finaliser). */
function mix(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
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

  /** The stream `name` of seed `seed`. */
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

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from an empty list');
    return xs[Math.floor(this.next() * xs.length)]!;
  }

  /** Picks by weight: `[[weight, value], …]`. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((s, [w]) => s + w, 0);
    let r = this.next() * total;
    for (const [w, v] of choices) {
      if (r < w) return v;
      r -= w;
    }
    return choices[choices.length - 1]![1];
  }

  /** A short id from the alphabet the validation accepts (letters and digits). */
  id(prefix: string): string {
    const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
    let out = prefix;
    for (let i = 0; i < 10; i++) out += alphabet[Math.floor(this.next() * 36)];
    return out;
  }
}
