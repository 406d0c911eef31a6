/**
 * The grouping core of a round: who meets whom. Pure: no I/O, no clock, randomness only from the Rng.
 *
 * Rules, in order of importance:
 *  1. Two people of the same organisation are never grouped (org strings compared exactly).
 *  2. As many people as possible are placed. If one organisation has more than half of everyone, its
 *     surplus cannot be paired across organisations: those people (lowest priority first, then at random)
 *     are returned in `unplaced` with a reason. They are never placed with a colleague.
 *  3. People with a higher `priority` are placed before others when not everyone can be.
 *  4. Nobody is paired again with someone they have met before, unless that is impossible; then with the
 *     partner they met least recently (a pair's recency is the latest round it met in).
 *  5. Groups are pairs, plus exactly one trio when the number placed is odd.
 *
 * Algorithm (linear-ish): map orgs to integers; drop the largest organisation's surplus (rule 2); shuffle
 * everyone with the Rng and pair neighbours (uniformly random); then repair each bad pair (same org or a
 * repeat) by swapping partners with another pair: (1) a few random pairs, (2) a scan with a moving cursor,
 * (3) best-improvement swaps on a cost where same-org ≫ repeat, and a recent repeat > an older one, (4) best rearrangement
 * of the bad pair with any two other pairs (all 15 ways; exhaustive for ≤ 200 pairs, otherwise only pairs
 * offering a cheaper partner); finally the odd one out joins a pair that suits them. Pair lookups use a
 * HistoryIndex (hash table of id pairs), built once. Populations of up to `exactLimit` (12) whose grouping
 * is not perfect after that are solved again by exhaustive search (exact.ts), so small awkward rounds get
 * the best grouping there is. At 1M people in Zipf-sized organisations a round took 0.4-1.0 s given a
 * prebuilt index of 5M past pairs (1.9-2.4 s including building it; shared 2-core machine), with no
 * same-org pairs or repeats (bench/match-pairing.ts).
 */
import { exactGrouping } from './exact.js';
import { buildHistoryIndex, HistoryIndex, type PastPair } from './history.js';
import type { Rng } from './rng.js';

export { buildHistoryIndex, HistoryIndex, pastPairsOf, type PastPair } from './history.js';

export interface Candidate {
  id: number;
  org: string;
  /** Higher = should be placed first (e.g. was unplaced last round). Default 0. */
  priority?: number;
}

export interface Grouping {
  /** Pairs of ids, and at most one trio when the number placed is odd. */
  groups: number[][];
  unplaced: Array<{ id: number; reason: string }>;
  /** A recount of the groups: same-org pairs, pairs that met before (a trio counts 3 pairs), trios. */
  stats: { sameOrg: number; repeats: number; trios: number };
}

export interface PairOptions {
  /** Populations up to this size are re-solved exhaustively when the heuristic is not perfect. Default 12. */
  exactLimit?: number;
}

export const UNPLACED = {
  /** Everyone else taking part is from the person's own organisation. */
  noOtherOrganisation: 'no one from another organisation is taking part this round',
  /** The person's organisation is more than half of the round. */
  organisationSurplus:
    'more than half of this round is from one organisation, so not everyone from it can be paired with someone from another',
  /** What is left cannot form a group without two people of one organisation. */
  noGroupWithoutColleague: 'no group could be made without someone from the same organisation',
} as const;

const SAME = 2 ** 50;
const REPEAT = 2 ** 35;
const RANDOM_TRIES = 24;
/** Rounds of up to this many pairs get the exhaustive three-pair search in phase 4. */
const SMALL_ROUND = 200;
/** The 15 ways to split six people (0..5) into three pairs, as index triples of pairs. */
const MATCHINGS = (() => {
  const out: number[] = [];
  for (let x = 1; x < 6; x++) {
    const rest = [1, 2, 3, 4, 5].filter((i) => i !== x);
    const [r0, r1, r2, r3] = rest as [number, number, number, number];
    out.push(0, x, r0, r1, r2, r3, 0, x, r0, r2, r1, r3, 0, x, r0, r3, r1, r2);
  }
  return Int8Array.from(out);
})();
/** Cap on pair-cost lookups in the last-resort phases 3-4 (about a second; only hit in pathological rounds). */
const SCAN_BUDGET = 30_000_000;

function checkId(id: number): void {
  if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) {
    throw new RangeError(`participant id must be an integer in [0, 2^31): ${id}`);
  }
}

function checkDistinct(ids: Int32Array, maxId: number): void {
  if (maxId < 2 ** 28) {
    const seen = new Uint32Array((maxId >>> 5) + 1);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const w = id >>> 5;
      const bit = 1 << (id & 31);
      if (seen[w]! & bit) throw new RangeError(`participant id listed twice: ${id}`);
      seen[w] = seen[w]! | bit;
    }
  } else {
    const seen = new Set<number>();
    for (let i = 0; i < ids.length; i++) {
      if (seen.has(ids[i]!)) throw new RangeError(`participant id listed twice: ${ids[i]}`);
      seen.add(ids[i]!);
    }
  }
}

function shuffle(a: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/**
 * Groups the participants for one round. `history` is every earlier pair (or an index of them built once
 * with buildHistoryIndex). Same rng state, same grouping. Throws on a duplicate or invalid id.
 */
export function pairParticipants(
  participants: readonly Candidate[],
  history: readonly PastPair[] | HistoryIndex,
  rng: Rng,
  options: PairOptions = {},
): Grouping {
  const hist = history instanceof HistoryIndex ? history : buildHistoryIndex(history);
  const exactLimit = options.exactLimit ?? 12;
  const n = participants.length;
  const ids = new Int32Array(n);
  const org = new Int32Array(n);
  const prio = new Float64Array(n);
  const orgOf = new Map<string, number>();
  let maxId = 0;
  let anyPriority = false;
  for (let i = 0; i < n; i++) {
    const c = participants[i]!;
    checkId(c.id);
    ids[i] = c.id;
    if (c.id > maxId) maxId = c.id;
    let o = orgOf.get(c.org);
    if (o === undefined) {
      o = orgOf.size;
      orgOf.set(c.org, o);
    }
    org[i] = o;
    const p = c.priority ?? 0;
    if (!Number.isFinite(p)) throw new RangeError(`priority must be a finite number: ${p} (id ${c.id})`);
    prio[i] = p;
    if (p !== 0) anyPriority = true;
  }
  checkDistinct(ids, maxId);

  const unplaced: Array<{ id: number; reason: string }> = [];
  const out = (i: number, reason: string): void => {
    unplaced.push({ id: ids[i]!, reason });
  };

  // Rule 2: the surplus of an organisation with more than half of everyone.
  const size = new Int32Array(orgOf.size);
  for (let i = 0; i < n; i++) size[org[i]!]!++;
  let big = 0;
  for (let o = 1; o < size.length; o++) if (size[o]! > size[big]!) big = o;
  const largest = size.length ? size[big]! : 0;
  const surplus = Math.max(0, largest - (n - largest));
  const dropped = new Uint8Array(n);
  if (surplus > 0) {
    const members = new Int32Array(largest);
    let k = 0;
    for (let i = 0; i < n; i++) if (org[i] === big) members[k++] = i;
    shuffle(members, rng);
    const ranked = anyPriority ? Array.from(members).sort((a, b) => prio[b]! - prio[a]!) : members;
    const reason = largest === n ? UNPLACED.noOtherOrganisation : UNPLACED.organisationSurplus;
    for (let j = largest - surplus; j < largest; j++) {
      const i = ranked[j]!;
      dropped[i] = 1;
      out(i, reason);
    }
  }
  const active = new Int32Array(n - surplus);
  {
    let k = 0;
    for (let i = 0; i < n; i++) if (!dropped[i]) active[k++] = i;
  }
  shuffle(active, rng);

  const { groups, ...stats } = groupActive(active, ids, org, hist, rng, out);

  let result: Grouping = { groups, unplaced, stats };
  const s = result.stats;
  if (n <= exactLimit && (s.sameOrg > 0 || s.repeats > 0 || result.unplaced.length > surplus)) {
    const best = exactGrouping(ids, org, prio, hist, rng);
    const exactUnplaced = best.unplaced.map((i) => ({
      id: ids[i]!,
      reason: size[org[i]!] === n ? UNPLACED.noOtherOrganisation : UNPLACED.noGroupWithoutColleague,
    }));
    result = toGrouping(best.groups, ids, org, hist, exactUnplaced);
  }
  return result;
}

/** Converts groups of indices to ids and counts the stats (for the exhaustive path). */
function toGrouping(
  groups: readonly (readonly number[])[],
  ids: Int32Array,
  org: Int32Array,
  hist: HistoryIndex,
  unplaced: Array<{ id: number; reason: string }>,
): Grouping {
  const out: number[][] = new Array(groups.length);
  let sameOrg = 0;
  let repeats = 0;
  let trios = 0;
  for (let g = 0; g < groups.length; g++) {
    const grp = groups[g]!;
    const len = grp.length;
    if (len === 3) trios++;
    const row = new Array<number>(len);
    for (let i = 0; i < len; i++) {
      const a = grp[i]!;
      row[i] = ids[a]!;
      for (let j = i + 1; j < len; j++) {
        const b = grp[j]!;
        if (org[a] === org[b]) sameOrg++;
        if (hist.slotOf(ids[a]!, ids[b]!) >= 0) repeats++;
      }
    }
    out[g] = row;
  }
  return { groups: out, unplaced, stats: { sameOrg, repeats, trios } };
}

/**
 * Pairs up `active` (already shuffled) and repairs conflicts. Returns groups of indices; anyone it cannot
 * place goes to `out` with a reason.
 */
function groupActive(
  active: Int32Array,
  ids: Int32Array,
  org: Int32Array,
  hist: HistoryIndex,
  rng: Rng,
  out: (i: number, reason: string) => void,
): { groups: number[][]; sameOrg: number; repeats: number; trios: number } {
  const total = active.length;
  const extra = total % 2 === 1 ? active[total - 1]! : -1;
  const P = total >>> 1;
  const s = active; // pair p is (s[2p], s[2p+1]); the extra, if any, sits at the end and is not touched

  const good = (a: number, b: number): boolean => org[a] !== org[b] && hist.slotOf(ids[a]!, ids[b]!) < 0;
  const cost = (a: number, b: number): number => {
    if (org[a] === org[b]) return SAME;
    const slot = hist.slotOf(ids[a]!, ids[b]!);
    return slot < 0 ? 0 : REPEAT + hist.roundAt(slot);
  };

  /** Tries to fix bad pair p by a swap with pair q that leaves both good. */
  const trySwap = (p: number, q: number): boolean => {
    const a = s[2 * p]!;
    const b = s[2 * p + 1]!;
    const c = s[2 * q]!;
    const d = s[2 * q + 1]!;
    if (good(a, c) && good(b, d)) {
      s[2 * p + 1] = c;
      s[2 * q] = b;
      return true;
    }
    if (good(a, d) && good(b, c)) {
      s[2 * p + 1] = d;
      s[2 * q + 1] = b;
      return true;
    }
    return false;
  };

  // Phase 1: random swaps.
  const hard: number[] = [];
  if (P > 1) {
    for (let p = 0; p < P; p++) {
      if (good(s[2 * p]!, s[2 * p + 1]!)) continue;
      let fixed = false;
      for (let t = 0; t < RANDOM_TRIES && !fixed; t++) {
        const q = rng.int(P);
        if (q !== p) fixed = trySwap(p, q);
      }
      if (!fixed) hard.push(p);
    }
  } else if (P === 1 && !good(s[0]!, s[1]!)) {
    hard.push(0);
  }

  // Phase 2: scan for a fixing swap, from a cursor that moves on (so a run of bad pairs costs ~ one sweep).
  const stuck: number[] = [];
  const inStuck = new Uint8Array(P);
  const markStuck = (p: number): void => {
    if (!inStuck[p]) {
      inStuck[p] = 1;
      stuck.push(p);
    }
  };
  if (hard.length && P > 1) {
    let cursor = rng.int(P);
    for (const p of hard) {
      if (good(s[2 * p]!, s[2 * p + 1]!)) continue;
      let fixed = false;
      for (let k = 0; k < P && !fixed; k++) {
        const q = cursor;
        cursor = cursor + 1 === P ? 0 : cursor + 1;
        if (q !== p) fixed = trySwap(p, q);
      }
      if (!fixed) markStuck(p);
    }
  } else {
    for (const p of hard) markStuck(p);
  }

  // Phase 3: no swap makes both pairs good. Best-improvement swaps on the total cost, which prefers a
  // cross-organisation repeat over a same-organisation pair and an older repeat over a newer one.
  let budget = SCAN_BUDGET;
  if (stuck.length && P > 1) {
    let improved = true;
    while (improved && budget > 0) {
      improved = false;
      for (const p of stuck) {
        const a = s[2 * p]!;
        const b = s[2 * p + 1]!;
        const before = cost(a, b);
        if (before === 0) continue;
        let bestDelta = 0;
        let bestQ = -1;
        let bestOpt = 0;
        for (let q = 0; q < P; q++) {
          if (q === p) continue;
          const c = s[2 * q]!;
          const d = s[2 * q + 1]!;
          const base = before + cost(c, d);
          const d1 = cost(a, c) + cost(b, d) - base;
          if (d1 < bestDelta) {
            bestDelta = d1;
            bestQ = q;
            bestOpt = 1;
          }
          const d2 = cost(a, d) + cost(b, c) - base;
          if (d2 < bestDelta) {
            bestDelta = d2;
            bestQ = q;
            bestOpt = 2;
          }
        }
        budget -= 4 * P;
        if (bestQ >= 0) {
          improved = true;
          if (bestOpt === 1) {
            s[2 * p + 1] = s[2 * bestQ]!;
            s[2 * bestQ] = b;
          } else {
            s[2 * p + 1] = s[2 * bestQ + 1]!;
            s[2 * bestQ + 1] = b;
          }
          markStuck(bestQ); // b moved there: it may still be imperfect
        }
        if (budget <= 0) break;
      }
    }
  }

  // Phase 4: still not perfect. Rearrange three pairs at once (all 15 ways of pairing six people): the
  // bad pair, any pair q, and any pair r. For a large round only pairs q offering one of the bad pair a
  // cheaper partner are tried (e.g. someone who has met everyone else: their least-recent partner's pair).
  if (stuck.length && P > 2) {
    const six = new Int32Array(6);
    const c6 = new Float64Array(36);
    let improved = true;
    while (improved && budget > 0) {
      improved = false;
      for (const p of stuck) {
        const a = s[2 * p]!;
        const b = s[2 * p + 1]!;
        const before = cost(a, b);
        if (before === 0) continue;
        let bestDelta = 0;
        let bestQ = -1;
        let bestR = -1;
        let bestM = -1;
        for (let q = 0; q < P && budget > 0; q++) {
          if (q === p) continue;
          const c = s[2 * q]!;
          const d = s[2 * q + 1]!;
          if (P > SMALL_ROUND && Math.min(cost(a, c), cost(a, d), cost(b, c), cost(b, d)) >= before) continue;
          budget -= 15 * P;
          const cq = cost(c, d);
          for (let r = 0; r < P; r++) {
            if (r === p || r === q) continue;
            six[0] = a;
            six[1] = b;
            six[2] = c;
            six[3] = d;
            six[4] = s[2 * r]!;
            six[5] = s[2 * r + 1]!;
            for (let i = 0; i < 6; i++) for (let j = i + 1; j < 6; j++) c6[i * 6 + j] = cost(six[i]!, six[j]!);
            const base = before + cq + c6[4 * 6 + 5]!;
            for (let m = 0; m < 15; m++) {
              const o = m * 6;
              const t =
                c6[MATCHINGS[o]! * 6 + MATCHINGS[o + 1]!]! +
                c6[MATCHINGS[o + 2]! * 6 + MATCHINGS[o + 3]!]! +
                c6[MATCHINGS[o + 4]! * 6 + MATCHINGS[o + 5]!]! -
                base;
              if (t < bestDelta) {
                bestDelta = t;
                bestQ = q;
                bestR = r;
                bestM = m;
              }
            }
          }
        }
        if (bestQ >= 0) {
          improved = true;
          six[0] = a;
          six[1] = b;
          six[2] = s[2 * bestQ]!;
          six[3] = s[2 * bestQ + 1]!;
          six[4] = s[2 * bestR]!;
          six[5] = s[2 * bestR + 1]!;
          const o = bestM * 6;
          s[2 * p] = six[MATCHINGS[o]!]!;
          s[2 * p + 1] = six[MATCHINGS[o + 1]!]!;
          s[2 * bestQ] = six[MATCHINGS[o + 2]!]!;
          s[2 * bestQ + 1] = six[MATCHINGS[o + 3]!]!;
          s[2 * bestR] = six[MATCHINGS[o + 4]!]!;
          s[2 * bestR + 1] = six[MATCHINGS[o + 5]!]!;
          // The rearranged pairs may now be the imperfect ones: keep looking at them too.
          markStuck(bestQ);
          markStuck(bestR);
        }
        if (budget <= 0) break;
      }
    }
  }

  // Output, with stats: pairs never looked at after phase 2 are good (checked, or made by a checked swap);
  // the ones phases 3-4 touched are costed again here.
  const removed = new Uint8Array(P);
  let repeats = 0;
  for (let k = 0; k < stuck.length; k++) {
    const p = stuck[k]!;
    if (removed[p]) continue;
    const a = s[2 * p]!;
    const b = s[2 * p + 1]!;
    const c = cost(a, b);
    if (c >= SAME) {
      removed[p] = 1;
      out(a, UNPLACED.noGroupWithoutColleague);
      out(b, UNPLACED.noGroupWithoutColleague);
    } else if (c > 0) {
      repeats++;
    }
  }
  let G = P;
  for (let p = 0; p < P; p++) G -= removed[p]!;

  // The odd one out joins a pair: a few random tries for a perfect fit, then the best fit by scanning.
  let target = -1;
  if (extra >= 0) {
    for (let t = 0; t < RANDOM_TRIES && G > 0; t++) {
      const p = rng.int(P);
      if (!removed[p] && good(extra, s[2 * p]!) && good(extra, s[2 * p + 1]!)) {
        target = p;
        break;
      }
    }
    if (target < 0 && G > 0) {
      let bestCost = SAME;
      const start = rng.int(P);
      for (let k = 0; k < P; k++) {
        const p = (start + k) % P;
        if (removed[p]) continue;
        const c = cost(extra, s[2 * p]!) + cost(extra, s[2 * p + 1]!);
        if (c < bestCost) {
          bestCost = c;
          target = p;
          if (c === 0) break;
        }
      }
    }
    if (target >= 0) {
      if (hist.slotOf(ids[extra]!, ids[s[2 * target]!]!) >= 0) repeats++;
      if (hist.slotOf(ids[extra]!, ids[s[2 * target + 1]!]!) >= 0) repeats++;
    } else {
      out(extra, G === 0 ? UNPLACED.noOtherOrganisation : UNPLACED.noGroupWithoutColleague);
    }
  }

  const groups: number[][] = new Array(G);
  let g = 0;
  for (let p = 0; p < P; p++) {
    if (removed[p]) continue;
    groups[g++] = p === target ? [ids[s[2 * p]!]!, ids[s[2 * p + 1]!]!, ids[extra]!] : [ids[s[2 * p]!]!, ids[s[2 * p + 1]!]!];
  }
  return { groups, sameOrg: 0, repeats, trios: target >= 0 ? 1 : 0 };
}
