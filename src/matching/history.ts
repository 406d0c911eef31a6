/** Two people who were grouped together in a round (a trio counts as three pairs). */
export interface PastPair {
  a: number;
  b: number;
  /** An increasing integer: larger = more recent. Must fit in a signed 32-bit integer. */
  round: number;
}

const EMPTY = -1;
const MAX_LOAD = 0.6;

function checkId(id: number): void {
  if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) {
    throw new RangeError(`participant id must be an integer in [0, 2^31): ${id}`);
  }
}

/**
 * Who has met whom: an open-addressing hash table keyed by the unordered pair of ids, holding the most
 * recent round the pair met in. Slots are 4 int32s (low id, high id, round, unused) in one array, so a
 * lookup is usually one cache miss. Build it once (buildHistoryIndex) and add each round's pairs to it.
 */
export class HistoryIndex {
  /** [lo, hi, round, 0] per slot; lo = -1 marks an empty slot. */
  private table: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expectedPairs = 16) {
    let cap = 16;
    while (cap * MAX_LOAD < expectedPairs) cap *= 2;
    this.table = new Int32Array(cap * 4).fill(EMPTY);
    this.mask = cap - 1;
  }

  /** The number of distinct pairs held. */
  get size(): number {
    return this.count;
  }

  private static hash(lo: number, hi: number): number {
    let h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi ^ 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h;
  }

  /** Records that a and b met in `round`; a pair that met more than once keeps its latest round. */
  add(a: number, b: number, round: number): void {
    checkId(a);
    checkId(b);
    if (!Number.isInteger(round) || round < -0x80000000 || round > 0x7fffffff) {
      throw new RangeError(`round must be a 32-bit integer: ${round}`);
    }
    if (a === b) return;
    if ((this.count + 1) > (this.mask + 1) * MAX_LOAD) this.grow();
    this.put(a < b ? a : b, a < b ? b : a, round);
  }

  private put(lo: number, hi: number, round: number): void {
    const t = this.table;
    const mask = this.mask;
    let i = HistoryIndex.hash(lo, hi) & mask;
    for (;;) {
      const k = i << 2;
      const l = t[k]!;
      if (l === EMPTY) {
        t[k] = lo;
        t[k + 1] = hi;
        t[k + 2] = round;
        this.count++;
        return;
      }
      if (l === lo && t[k + 1] === hi) {
        if (round > t[k + 2]!) t[k + 2] = round;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.table;
    const cap = (this.mask + 1) * 2;
    this.table = new Int32Array(cap * 4).fill(EMPTY);
    this.mask = cap - 1;
    this.count = 0;
    for (let k = 0; k < old.length; k += 4) {
      if (old[k] !== EMPTY) this.put(old[k]!, old[k + 1]!, old[k + 2]!);
    }
  }

  /** The slot holding the pair, or -1. Internal hot path: ids are assumed valid. */
  slotOf(a: number, b: number): number {
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    const t = this.table;
    const mask = this.mask;
    let i = HistoryIndex.hash(lo, hi) & mask;
    for (;;) {
      const k = i << 2;
      const l = t[k]!;
      if (l === EMPTY) return -1;
      if (l === lo && t[k + 1] === hi) return k;
      i = (i + 1) & mask;
    }
  }

  /** The round at a slot returned by slotOf. */
  roundAt(slot: number): number {
    return this.table[slot + 2]!;
  }

  has(a: number, b: number): boolean {
    return this.slotOf(a, b) >= 0;
  }

  /** The latest round a and b met in, or undefined if they never have. */
  lastRound(a: number, b: number): number | undefined {
    const s = this.slotOf(a, b);
    return s < 0 ? undefined : this.table[s + 2];
  }
}

/** Builds the index once from a list of past pairs (ids: integers in [0, 2^31); rounds: 32-bit integers). */
export function buildHistoryIndex(history: readonly PastPair[]): HistoryIndex {
  const index = new HistoryIndex(history.length);
  for (let i = 0; i < history.length; i++) {
    const p = history[i]!;
    index.add(p.a, p.b, p.round);
  }
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
