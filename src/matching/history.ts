/** Two people who were grouped together in a round (a trio counts as three pairs). */
export interface PastPair {
  a: number;
  b: number;
  /** An increasing integer: larger = more recent. Must fit in a signed 32-bit integer. */
  round: number;
}

const MAX_LOAD = 0.7;
const TWO_32 = 4294967296;
const CHUNK = 1 << 20;

function checkId(id: number): void {
  if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) {
    throw new RangeError(`participant id must be an integer in [0, 2^31): ${id}`);
  }
}

function checkRound(round: number): void {
  if (!Number.isInteger(round) || round < -0x80000000 || round > 0x7fffffff) {
    throw new RangeError(`round must be a 32-bit integer: ${round}`);
  }
}

function hash(lo: number, hi: number): number {
  let h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi ^ 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 13;
  return h >>> 0;
}

/**
 * Who has met whom: an open-addressing (linear probing) hash table keyed by the unordered pair of ids,
 * holding the most recent round the pair met in. Keys are two int32s per slot (~low id, high id; 0 marks
 * an empty slot, as ~id is never 0 for id ≥ 0) and rounds a parallel int32 array: 12 bytes a slot at
 * most 70% full, about 86 MB for 5M pairs. Build it once (buildHistoryIndex) and add each round's pairs.
 */
export class HistoryIndex {
  private keys: Int32Array;
  private rounds: Int32Array;
  private cap: number;
  /** cap / 2^32: a hash h's home slot is floor(h * scale) (range reduction by multiplication). */
  private scale: number;
  private count = 0;

  constructor(expectedPairs = 16) {
    this.cap = Math.max(16, Math.ceil(expectedPairs / MAX_LOAD));
    this.scale = this.cap / TWO_32;
    this.keys = new Int32Array(this.cap * 2);
    this.rounds = new Int32Array(this.cap);
  }

  /** The number of distinct pairs held. */
  get size(): number {
    return this.count;
  }

  /** Records that a and b met in `round`; a pair that met more than once keeps its latest round. */
  add(a: number, b: number, round: number): void {
    checkId(a);
    checkId(b);
    checkRound(round);
    if (a === b) return;
    if (this.count + 1 > this.cap * MAX_LOAD) this.resize(this.cap * 2);
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    this.putAt(Math.floor(hash(lo, hi) * this.scale), lo, hi, round);
  }

  private putAt(home: number, lo: number, hi: number, round: number): void {
    const keys = this.keys;
    const cap = this.cap;
    const nlo = ~lo;
    let i = home;
    for (;;) {
      const l = keys[2 * i]!;
      if (l === 0) {
        keys[2 * i] = nlo;
        keys[2 * i + 1] = hi;
        this.rounds[i] = round;
        this.count++;
        return;
      }
      if (l === nlo && keys[2 * i + 1] === hi) {
        if (round > this.rounds[i]!) this.rounds[i] = round;
        return;
      }
      i = i + 1 === cap ? 0 : i + 1;
    }
  }

  private resize(cap: number): void {
    const keys = this.keys;
    const rounds = this.rounds;
    const old = this.cap;
    this.cap = cap;
    this.scale = cap / TWO_32;
    this.keys = new Int32Array(cap * 2);
    this.rounds = new Int32Array(cap);
    this.count = 0;
    for (let i = 0; i < old; i++) {
      const l = keys[2 * i]!;
      if (l !== 0) {
        const lo = ~l;
        const hi = keys[2 * i + 1]!;
        this.putAt(Math.floor(hash(lo, hi) * this.scale), lo, hi, rounds[i]!);
      }
    }
  }

  /**
   * Adds many pairs at once. Random inserts into a table of tens of MB cost a cache (and TLB) miss each,
   * so each chunk of pairs is first bucketed by the region of the table it lands in (about 100 KB each)
   * and then inserted region by region.
   */
  addAll(history: readonly PastPair[]): void {
    const m = history.length;
    if (this.count + m > this.cap * MAX_LOAD) {
      let cap = this.cap;
      while (this.count + m > cap * MAX_LOAD) cap *= 2;
      this.resize(cap);
    }
    if (m < 1 << 14) {
      for (let i = 0; i < m; i++) {
        const p = history[i]!;
        this.add(p.a, p.b, p.round);
      }
      return;
    }
    const partBits = Math.max(0, Math.min(12, Math.floor(Math.log2(this.cap / 8192))));
    const parts = 1 << partBits;
    const shift = 32 - partBits; // the top partBits of the hash pick the region (home is monotone in it)
    const size = Math.min(m, CHUNK);
    const tLo = new Int32Array(size);
    const tHi = new Int32Array(size);
    const tRd = new Int32Array(size);
    const tH = new Float64Array(size);
    const counts = new Int32Array(parts + 1);
    const scale = this.scale;
    for (let start = 0; start < m; start += CHUNK) {
      const end = Math.min(m, start + CHUNK);
      counts.fill(0);
      for (let i = start; i < end; i++) {
        const p = history[i]!;
        const a = p.a;
        const b = p.b;
        checkId(a);
        checkId(b);
        checkRound(p.round);
        if (a === b) continue;
        const h = a < b ? hash(a, b) : hash(b, a);
        counts[(partBits ? h >>> shift : 0) + 1]!++;
      }
      for (let j = 0; j < parts; j++) counts[j + 1]! += counts[j]!;
      for (let i = start; i < end; i++) {
        const p = history[i]!;
        const a = p.a;
        const b = p.b;
        if (a === b) continue;
        const lo = a < b ? a : b;
        const hi = a < b ? b : a;
        const h = hash(lo, hi);
        const k = counts[partBits ? h >>> shift : 0]!++;
        tLo[k] = lo;
        tHi[k] = hi;
        tRd[k] = p.round;
        tH[k] = h;
      }
      const filled = counts[parts - 1]!;
      for (let k = 0; k < filled; k++) this.putAt(Math.floor(tH[k]! * scale), tLo[k]!, tHi[k]!, tRd[k]!);
    }
  }

  /** The slot holding the pair, or -1. Internal hot path: ids are assumed valid. */
  slotOf(a: number, b: number): number {
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    const keys = this.keys;
    const cap = this.cap;
    const nlo = ~lo;
    let i = Math.floor(hash(lo, hi) * this.scale);
    for (;;) {
      const l = keys[2 * i]!;
      if (l === 0) return -1;
      if (l === nlo && keys[2 * i + 1] === hi) return i;
      i = i + 1 === cap ? 0 : i + 1;
    }
  }

  /** The round at a slot returned by slotOf. */
  roundAt(slot: number): number {
    return this.rounds[slot]!;
  }

  has(a: number, b: number): boolean {
    return this.slotOf(a, b) >= 0;
  }

  /** The latest round a and b met in, or undefined if they never have. */
  lastRound(a: number, b: number): number | undefined {
    const s = this.slotOf(a, b);
    return s < 0 ? undefined : this.rounds[s];
  }
}

/** Builds the index once from a list of past pairs (ids: integers in [0, 2^31); rounds: 32-bit integers). */
export function buildHistoryIndex(history: readonly PastPair[]): HistoryIndex {
  const index = new HistoryIndex(history.length);
  index.addAll(history);
  return index;
}

/** The pairs a round's groups make (a trio makes three), to append to the history. */
export function pastPairsOf(groups: readonly (readonly number[])[], round: number): PastPair[] {
  const out: PastPair[] = [];
  for (const g of groups) {
    for (let i = 0; i < g.length; i++) {
      for (let j = i + 1; j < g.length; j++) out.push({ a: g[i]!, b: g[j]!, round });
    }
  }
  return out;
}
