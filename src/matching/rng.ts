import { randomBytes } from 'node:crypto';

/** A seeded source of randomness. The grouping code takes one of these and never touches Math.random. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n), uniform (no modulo bias); n must be a positive integer ≤ 2^32. */
  int(n: number): number;
}

/** A 32-bit hash of a string (FNV-1a followed by a murmur3 finaliser), for string seeds. */
export function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), its 128-bit state filled from the seed
 * by splitmix32. Same seed, same sequence; a number seed is taken modulo 2^32, a string seed is hashed.
 */
export function createRng(seed: number | string): Rng {
  let s = typeof seed === 'string' ? hashSeed(seed) : Number.isFinite(seed) ? Math.trunc(seed) >>> 0 : 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) | 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const u32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32(); // warm up
  return {
    next: () => u32() / 4294967296,
    int: (n: number): number => {
      if (!(n >= 1 && n <= 4294967296) || !Number.isInteger(n)) throw new RangeError(`rng.int: bad range ${n}`);
      // Rejection sampling on the top of the 32-bit range removes modulo bias.
      const limit = 4294967296 - (4294967296 % n);
      let x = u32();
      while (x >= limit) x = u32();
      return x % n;
    },
  };
}

/** A fresh unpredictable 32-bit seed (from the OS), to record with a round so it can be replayed. */
export function newSeed(): number {
  return randomBytes(4).readUInt32LE(0);
}
