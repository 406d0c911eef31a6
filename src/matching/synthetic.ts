/**
 * Synthetic populations and histories for tests and benchmarks (pure, seeded). Organisation sizes follow
 * Zipf's law (size of the k-th largest ∝ 1/k^s), about one organisation per 50 people by default, so the
 * largest is big: with s = 1 and 20,000 organisations it is about 9.5% of everyone.
 */
import { HistoryIndex, type PastPair } from './history.js';
import { pairParticipants, type Candidate } from './pair.js';
import { createRng, type Rng } from './rng.js';

export interface PopulationOptions {
  participants: number;
  /** Default: round(participants / peoplePerOrg), at least 1. */
  organisations?: number;
  /** Default 50. */
  peoplePerOrg?: number;
  /** Zipf exponent. Default 1. */
  zipf?: number;
  seed?: number | string;
}

export interface Population {
  participants: Candidate[];
  organisations: number;
  /** The size of the largest organisation. */
  largestOrg: number;
}

/** Organisation sizes summing to n: Zipf shares, rounded by largest remainder, each at least 1 when n allows. */
export function zipfSizes(n: number, orgs: number, s = 1): number[] {
  const k = Math.max(1, Math.min(orgs, n));
  const w = Array.from({ length: k }, (_, i) => 1 / (i + 1) ** s);
  const total = w.reduce((x, y) => x + y, 0);
  const exact = w.map((x) => (x / total) * n);
  const sizes = exact.map((x) => Math.max(1, Math.floor(x)));
  let sum = sizes.reduce((x, y) => x + y, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let j = 0; sum < n; j = (j + 1) % k) {
    sizes[byRemainder[j]![1]]!++;
    sum++;
  }
  for (let i = k - 1; sum > n; i = i > 0 ? i - 1 : k - 1) {
    if (sizes[i]! > 1) {
      sizes[i]!--;
      sum--;
    }
  }
  return sizes;
}

/** People with ids 1..n (in random order relative to organisations) in Zipf-sized organisations. */
export function syntheticPopulation(opts: PopulationOptions): Population {
  const n = opts.participants;
  const rng = createRng(opts.seed ?? 1);
  const orgs = opts.organisations ?? Math.max(1, Math.round(n / (opts.peoplePerOrg ?? 50)));
  const sizes = n > 0 ? zipfSizes(n, orgs, opts.zipf ?? 1) : [];
  // Shuffle which ids go to which organisation.
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i + 1;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = ids[i]!;
    ids[i] = ids[j]!;
    ids[j] = t;
  }
  const participants: Candidate[] = new Array(n);
  let k = 0;
  sizes.forEach((size, o) => {
    const name = `org-${o + 1}.gov.uk`;
    for (let j = 0; j < size; j++, k++) participants[k] = { id: ids[k]!, org: name };
  });
  // Sort by id so input order says nothing about organisation.
  participants.sort((a, b) => a.id - b.id);
  return { participants, organisations: sizes.length, largestOrg: sizes[0] ?? 0 };
}

export interface HistoryOptions {
  rounds: number;
  /** Share of participants taking part in each earlier round. Default 1. */
  participation?: number;
  seed?: number | string;
  /** The first round's number. Default 1. */
  firstRound?: number;
}

/**
 * Earlier rounds produced by pairParticipants itself (each round's pairs avoid the ones before, as in real
 * use), returned both as a list and as an index.
 */
export function syntheticHistory(
  participants: readonly Candidate[],
  opts: HistoryOptions,
): { history: PastPair[]; index: HistoryIndex } {
  const rng: Rng = createRng(opts.seed ?? 2);
  const share = opts.participation ?? 1;
  const index = new HistoryIndex(Math.ceil(participants.length / 2) * opts.rounds);
  const history: PastPair[] = [];
  const first = opts.firstRound ?? 1;
  for (let r = 0; r < opts.rounds; r++) {
    const round = first + r;
    const taking = share >= 1 ? participants : participants.filter(() => rng.next() < share);
    const { groups } = pairParticipants(taking, index, rng);
    for (const g of groups) {
      for (let i = 0; i < g.length; i++) {
        for (let j = i + 1; j < g.length; j++) {
          history.push({ a: g[i]!, b: g[j]!, round });
          index.add(g[i]!, g[j]!, round);
        }
      }
    }
  }
  return { history, index };
}
