import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildHistoryIndex,
  pairParticipants,
  pastPairsOf,
  UNPLACED,
  type Candidate,
  type Grouping,
  type PastPair,
} from '../../src/matching/pair.js';
import { createRng, hashSeed, newSeed } from '../../src/matching/rng.js';
import { syntheticPopulation, zipfSizes } from '../../src/matching/synthetic.js';

/** fast-check's seed: fixed so a run can be repeated, printed so a failure names it; FC_SEED=n tries another. */
const FC_SEED = Number(process.env.FC_SEED ?? 20261201);
console.info(`pair.test.ts: fast-check seed ${FC_SEED} (repeat with FC_SEED=${FC_SEED})`);

// ---- independent helpers (deliberately not sharing code with the implementation) ----

const pairKey = (a: number, b: number): string => (a < b ? `${a}-${b}` : `${b}-${a}`);

/** The latest round each pair met in. */
function lastRounds(history: readonly PastPair[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const h of history) m.set(pairKey(h.a, h.b), Math.max(m.get(pairKey(h.a, h.b)) ?? -Infinity, h.round));
  return m;
}

function recount(groups: number[][], people: readonly Candidate[], history: readonly PastPair[]) {
  const orgOf = new Map(people.map((p) => [p.id, p.org]));
  const met = lastRounds(history);
  let sameOrg = 0;
  let repeats = 0;
  let roundSum = 0;
  for (const g of groups) {
    for (let i = 0; i < g.length; i++) {
      for (let j = i + 1; j < g.length; j++) {
        if (orgOf.get(g[i]!) === orgOf.get(g[j]!)) sameOrg++;
        const r = met.get(pairKey(g[i]!, g[j]!));
        if (r !== undefined) {
          repeats++;
          roundSum += r;
        }
      }
    }
  }
  return { sameOrg, repeats, roundSum, trios: groups.filter((g) => g.length === 3).length };
}

/** Everyone is in exactly one group or unplaced; group sizes 2, plus at most one 3. */
function expectPartition(people: readonly Candidate[], result: Grouping): void {
  const seen = new Map<number, number>();
  for (const g of result.groups) for (const id of g) seen.set(id, (seen.get(id) ?? 0) + 1);
  for (const u of result.unplaced) {
    seen.set(u.id, (seen.get(u.id) ?? 0) + 1);
    expect(u.reason.length).toBeGreaterThan(0);
  }
  expect(seen.size).toBe(people.length);
  for (const p of people) expect(seen.get(p.id)).toBe(1);
  for (const g of result.groups) expect([2, 3]).toContain(g.length);
  expect(result.groups.filter((g) => g.length === 3).length).toBeLessThanOrEqual(1);
  const placed = people.length - result.unplaced.length;
  expect(result.groups.filter((g) => g.length === 3).length).toBe(placed % 2);
}

/**
 * Exhaustive search over every grouping (pairs, at most one trio, anyone may be left out) with no two people
 * of one organisation together: the lexicographically smallest (unplaced, repeats, sum of repeat rounds).
 */
function optimum(people: readonly Candidate[], history: readonly PastPair[]): [number, number, number] {
  const met = lastRounds(history);
  const n = people.length;
  let best: [number, number, number] = [Infinity, Infinity, Infinity];
  const used = new Array<boolean>(n).fill(false);
  const cost = (i: number, j: number): [number, number] | null => {
    if (people[i]!.org === people[j]!.org) return null;
    const r = met.get(pairKey(people[i]!.id, people[j]!.id));
    return r === undefined ? [0, 0] : [1, r];
  };
  const better = (a: [number, number, number], b: [number, number, number]): boolean =>
    a[0] !== b[0] ? a[0] < b[0] : a[1] !== b[1] ? a[1] < b[1] : a[2] < b[2];
  const go = (u: number, rep: number, sum: number, trio: boolean): void => {
    const i = used.indexOf(false);
    if (i < 0) {
      if (better([u, rep, sum], best)) best = [u, rep, sum];
      return;
    }
    used[i] = true;
    go(u + 1, rep, sum, trio);
    for (let j = i + 1; j < n; j++) {
      if (used[j]) continue;
      const cij = cost(i, j);
      if (!cij) continue;
      used[j] = true;
      go(u, rep + cij[0], sum + cij[1], trio);
      if (!trio) {
        for (let k = j + 1; k < n; k++) {
          if (used[k]) continue;
          const cik = cost(i, k);
          const cjk = cost(j, k);
          if (!cik || !cjk) continue;
          used[k] = true;
          go(u, rep + cij[0] + cik[0] + cjk[0], sum + cij[1] + cik[1] + cjk[1], true);
          used[k] = false;
        }
      }
      used[j] = false;
    }
    used[i] = false;
  };
  go(0, 0, 0, false);
  return best;
}

/** A random small population with random history among its members. */
const smallCase = (maxPeople: number, maxOrgs: number) =>
  fc
    .record({
      orgs: fc.array(fc.integer({ min: 0, max: maxOrgs - 1 }), { minLength: 0, maxLength: maxPeople }),
      pairs: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 20 })), { maxLength: 30 }),
      seed: fc.integer({ min: 0, max: 0xffffffff }),
    })
    .map(({ orgs, pairs, seed }) => {
      const people: Candidate[] = orgs.map((o, i) => ({ id: 100 + i, org: `org${o}` }));
      const n = people.length;
      const history: PastPair[] =
        n < 2
          ? []
          : pairs
              .map(([x, y, round]) => ({ a: people[x % n]!.id, b: people[y % n]!.id, round }))
              .filter((h) => h.a !== h.b);
      return { people, history, seed };
    });

describe('pairParticipants: everyone accounted for', () => {
  it('when any population is grouped, then each person is in exactly one group or unplaced, groups are pairs plus one trio only for an odd count placed, and stats equal a recount', () => {
    fc.assert(
      fc.property(
        fc.record({
          orgs: fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 80 }),
          prios: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 80 }),
          pairs: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 9 })), { maxLength: 200 }),
          seed: fc.integer(),
        }),
        ({ orgs, prios, pairs, seed }) => {
          const people: Candidate[] = orgs.map((o, i) => ({ id: i * 3 + 1, org: `o${o}`, priority: prios[i] ?? 0 }));
          const n = people.length;
          const history = n < 2 ? [] : pairs.map(([x, y, round]) => ({ a: people[x % n]!.id, b: people[y % n]!.id, round }));
          const result = pairParticipants(people, history, createRng(seed));
          expectPartition(people, result);
          const again = recount(result.groups, people, history);
          expect(result.stats).toEqual({ sameOrg: again.sameOrg, repeats: again.repeats, trios: again.trios });
          expect(result.stats.sameOrg).toBe(0);
        },
      ),
      { numRuns: 300, seed: FC_SEED },
    );
  });

  it('when the count is even and a valid grouping exists, then there is no trio', () => {
    const people = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, org: `o${i % 5}` }));
    for (let seed = 0; seed < 20; seed++) {
      const result = pairParticipants(people, [], createRng(seed));
      expect(result.stats).toEqual({ sameOrg: 0, repeats: 0, trios: 0 });
      expect(result.groups).toHaveLength(5);
    }
  });

  it('when nobody is taking part, then the grouping is empty', () => {
    expect(pairParticipants([], [], createRng(1))).toEqual({
      groups: [],
      unplaced: [],
      stats: { sameOrg: 0, repeats: 0, trios: 0 },
    });
  });

  it('when someone is alone or everyone is from one organisation, then they are unplaced with a reason', () => {
    expect(pairParticipants([{ id: 1, org: 'a' }], [], createRng(1)).unplaced).toEqual([
      { id: 1, reason: UNPLACED.noOtherOrganisation },
    ]);
    const same = pairParticipants(
      [1, 2, 3].map((id) => ({ id, org: 'a' })),
      [],
      createRng(1),
    );
    expect(same.groups).toEqual([]);
    expect(same.unplaced.map((u) => u.id).sort()).toEqual([1, 2, 3]);
  });

  it('when an id is listed twice, then it throws', () => {
    expect(() => pairParticipants([{ id: 1, org: 'a' }, { id: 1, org: 'b' }], [], createRng(1))).toThrow(/twice/);
  });
});

describe('pairParticipants: the rules hold whenever possible (against exhaustive search)', () => {
  it('when a population of up to 10 has a rule-respecting grouping, then it is found; otherwise the fallbacks are optimal (fewest unplaced, then fewest and least-recent repeats)', () => {
    fc.assert(
      fc.property(smallCase(10, 5), ({ people, history, seed }) => {
        const result = pairParticipants(people, history, createRng(seed));
        expectPartition(people, result);
        const got = recount(result.groups, people, history);
        expect(got.sameOrg).toBe(0);
        expect([result.unplaced.length, got.repeats, got.roundSum]).toEqual(optimum(people, history));
      }),
      { numRuns: 400, seed: FC_SEED },
    );
  });

  it('when the heuristic alone (no exhaustive fallback) groups up to 10 people with a perfect grouping available, then it usually finds one', () => {
    let perfect = 0;
    let found = 0;
    fc.assert(
      fc.property(smallCase(10, 5), ({ people, history, seed }) => {
        const best = optimum(people, history);
        const result = pairParticipants(people, history, createRng(seed), { exactLimit: 0 });
        expectPartition(people, result);
        expect(result.stats.sameOrg).toBe(0);
        if (best[1] === 0 && best[0] === result.unplaced.length) perfect++;
        if (best[1] === 0) {
          found += result.stats.repeats === 0 && result.unplaced.length === best[0] ? 1 : 0;
        }
      }),
      { numRuns: 300, seed: FC_SEED },
    );
    // Measured: about 95%; the exhaustive fallback (on by default up to 12 people) closes the gap.
    expect(found).toBeGreaterThanOrEqual(Math.floor(perfect * 0.9));
  });

  it('when there is no history, then the heuristic alone places everyone but the surplus of an over-half organisation, with no same-org pairs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 200 }),
        fc.integer(),
        (orgs, seed) => {
          const people = orgs.map((o, i) => ({ id: i, org: `o${o}` }));
          const result = pairParticipants(people, [], createRng(seed), { exactLimit: 0 });
          expectPartition(people, result);
          expect(result.stats).toMatchObject({ sameOrg: 0, repeats: 0 });
          const sizes = new Map<string, number>();
          for (const p of people) sizes.set(p.org, (sizes.get(p.org) ?? 0) + 1);
          const largest = Math.max(0, ...sizes.values());
          const surplus = Math.max(0, largest - (people.length - largest));
          // With exactly two organisations and an odd count, nobody can make a trio: one more is left.
          const orgCount = sizes.size;
          const odd = (people.length - surplus) % 2 === 1 && orgCount < 3 ? 1 : 0;
          expect(result.unplaced.length).toBe(surplus + odd);
        },
      ),
      { numRuns: 300, seed: FC_SEED },
    );
  });
});

describe('pairParticipants: seeds', () => {
  const people = syntheticPopulation({ participants: 100, organisations: 8, seed: 5 }).participants;

  it('when the same seed is used twice, then the grouping is the same', () => {
    const a = pairParticipants(people, [], createRng(42));
    const b = pairParticipants(people, [], createRng(42));
    expect(b).toEqual(a);
    expect(pairParticipants(people, [], createRng('round-7'))).toEqual(pairParticipants(people, [], createRng('round-7')));
  });

  it('when different seeds are used, then the groupings differ', () => {
    const keys = new Set<string>();
    for (let seed = 0; seed < 10; seed++) {
      const { groups } = pairParticipants(people, [], createRng(seed));
      keys.add(JSON.stringify(groups.map((g) => [...g].sort((x, y) => x - y)).sort((x, y) => x[0]! - y[0]!)));
    }
    expect(keys.size).toBe(10);
  });

  it('when an rng is created, then next() is in [0, 1), int(n) in [0, n), and string seeds hash', () => {
    const rng = createRng(newSeed());
    for (let i = 0; i < 1000; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const k = rng.int(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
    expect(hashSeed('a')).not.toBe(hashSeed('b'));
    expect(createRng(1).next()).not.toBe(createRng(2).next());
  });

  it('when a person is placed many times, then their partners are spread across organisations (roughly uniform)', () => {
    // 4 orgs of 25: person 1's partner should come from each of the 3 other orgs about equally often.
    const pop = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, org: `o${i % 4}` }));
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 600; seed++) {
      const g = pairParticipants(pop, [], createRng(seed)).groups.find((x) => x.includes(1))!;
      const partner = g.find((id) => id !== 1)!;
      const org = pop[partner - 1]!.org;
      counts.set(org, (counts.get(org) ?? 0) + 1);
    }
    expect(counts.has('o0')).toBe(false);
    for (const o of ['o1', 'o2', 'o3']) expect(counts.get(o)).toBeGreaterThan(150);
  });
});

describe('pairParticipants: repeats', () => {
  it('when 10 consecutive rounds of 200 people in 10 organisations feed their pairs into history, then no round repeats a pair', () => {
    const { participants } = syntheticPopulation({ participants: 200, organisations: 10, seed: 3 });
    const history: PastPair[] = [];
    const rng = createRng(11);
    for (let round = 1; round <= 10; round++) {
      const index = buildHistoryIndex(history);
      const result = pairParticipants(participants, index, rng);
      expectPartition(participants, result);
      expect(result.stats.sameOrg).toBe(0);
      expect(result.stats.repeats).toBe(0);
      expect(recount(result.groups, participants, history).repeats).toBe(0);
      expect(result.unplaced).toEqual([]);
      history.push(...pastPairsOf(result.groups, round));
    }
  });

  it('when someone can only be grouped with people they have met, then they get their least-recent partner (small round, exhaustive)', () => {
    // 1 (org A) must be with a B (2 or 3): a trio has to be A+B+C, and pairing 1 with a C leaves 2, 3, 5 or 2, 3, 4.
    const people = [
      { id: 1, org: 'A' },
      { id: 2, org: 'B' },
      { id: 3, org: 'B' },
      { id: 4, org: 'C' },
      { id: 5, org: 'C' },
    ];
    const history = [
      { a: 1, b: 3, round: 7 },
      { a: 2, b: 1, round: 3 },
    ];
    for (let seed = 0; seed < 20; seed++) {
      const result = pairParticipants(people, history, createRng(seed));
      const mine = result.groups.find((g) => g.includes(1))!;
      expect(mine).toContain(2);
      expect(mine).not.toContain(3);
      expect(result.stats.repeats).toBe(1);
      expect(result.unplaced).toEqual([]);
    }
  });

  it('when someone in a larger round has met everyone from other organisations, then they get their least-recent partner', () => {
    // Person 1 (org A) has met all 23 others (11 in B, 11 in C, 1 in D) in rounds 2..24, except 17 (B) in round 1.
    const people: Candidate[] = [{ id: 1, org: 'A' }];
    for (let id = 2; id <= 23; id++) people.push({ id, org: id % 2 ? 'B' : 'C' });
    people.push({ id: 24, org: 'D' });
    const history: PastPair[] = [];
    for (let id = 2; id <= 24; id++) history.push({ a: 1, b: id, round: id === 17 ? 1 : id });
    for (let seed = 0; seed < 30; seed++) {
      const result = pairParticipants(people, history, createRng(seed));
      expectPartition(people, result);
      const mine = result.groups.find((g) => g.includes(1))!;
      expect(mine).toEqual(expect.arrayContaining([1, 17]));
      expect(mine).toHaveLength(2);
      expect(result.stats).toEqual({ sameOrg: 0, repeats: 1, trios: 0 });
      expect(result.unplaced).toEqual([]);
    }
  });

  it('when a pair met in several rounds, then its recency is the latest of them', () => {
    const index = buildHistoryIndex([
      { a: 1, b: 2, round: 1 },
      { a: 2, b: 1, round: 9 },
      { a: 1, b: 3, round: 5 },
    ]);
    expect(index.lastRound(1, 2)).toBe(9);
    expect(index.lastRound(3, 1)).toBe(5);
    expect(index.lastRound(2, 3)).toBeUndefined();
    // 1 must meet 2 or 3 again; 3 (round 5) is less recent than 2 (round 9).
    const result = pairParticipants(
      [
        { id: 1, org: 'A' },
        { id: 2, org: 'B' },
        { id: 3, org: 'B' },
      ],
      index,
      createRng(1),
    );
    expect(result.groups).toEqual([[1, 3].sort() && expect.arrayContaining([1, 3])]);
    expect(result.unplaced).toEqual([{ id: 2, reason: expect.any(String) }]);
  });

  it('when the history is passed as a list or as a prebuilt index, then the grouping is the same', () => {
    const { participants } = syntheticPopulation({ participants: 300, organisations: 6, seed: 4 });
    const history = pastPairsOf(pairParticipants(participants, [], createRng(1)).groups, 1);
    const fromList = pairParticipants(participants, history, createRng(8));
    expect(pairParticipants(participants, buildHistoryIndex(history), createRng(8))).toEqual(fromList);
    expect(fromList.stats.repeats).toBe(0);
  });

  it('when the history index is built in bulk, then it agrees with one built pair by pair', () => {
    const history: PastPair[] = [];
    const rng = createRng(9);
    for (let i = 0; i < 40_000; i++) history.push({ a: rng.int(3000), b: rng.int(3000), round: rng.int(50) });
    const bulk = buildHistoryIndex(history);
    const one = buildHistoryIndex([]);
    for (const h of history) one.add(h.a, h.b, h.round);
    expect(bulk.size).toBe(one.size);
    for (let i = 0; i < 5000; i++) {
      const a = rng.int(3000);
      const b = rng.int(3000);
      expect(bulk.lastRound(a, b)).toBe(one.lastRound(b, a));
    }
    for (const h of history.slice(0, 2000)) expect(bulk.has(h.a, h.b)).toBe(h.a !== h.b);
  });
});

describe('pairParticipants: priority and surplus', () => {
  it('when one organisation is more than half, then its surplus is unplaced with a reason and people with priority are placed first', () => {
    // 8 from A, 3 from elsewhere: 5 of A cannot be paired across organisations.
    const people: Candidate[] = [];
    for (let i = 1; i <= 8; i++) people.push({ id: i, org: 'A', priority: i <= 3 ? 1 : 0 });
    people.push({ id: 20, org: 'B' }, { id: 21, org: 'C' }, { id: 22, org: 'D' });
    for (let seed = 0; seed < 30; seed++) {
      for (const exactLimit of [0, 12]) {
        const result = pairParticipants(people, [], createRng(seed), { exactLimit });
        expectPartition(people, result);
        expect(result.stats.sameOrg).toBe(0);
        expect(result.unplaced).toHaveLength(5);
        const placedA = result.groups.flat().filter((id) => id <= 8).sort();
        expect(placedA).toEqual([1, 2, 3]);
      }
    }
  });

  it('when a large organisation is over half, then the surplus reason says so', () => {
    const people = [...Array.from({ length: 30 }, (_, i) => ({ id: i, org: 'big' })), { id: 99, org: 'small' }];
    const result = pairParticipants(people, [], createRng(3));
    expect(result.groups).toHaveLength(1);
    expect(result.unplaced).toHaveLength(29);
    expect(new Set(result.unplaced.map((u) => u.reason))).toEqual(new Set([UNPLACED.organisationSurplus]));
  });
});

describe('synthetic population', () => {
  it('when a population is generated, then organisation sizes are Zipf-like with about 50 people each and the largest is 5-10%', () => {
    const sizes = zipfSizes(100_000, 2000);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(sizes[0]! / 100_000).toBeGreaterThan(0.05);
    expect(sizes[0]! / 100_000).toBeLessThan(0.15);
    const pop = syntheticPopulation({ participants: 5000, seed: 1 });
    expect(pop.participants).toHaveLength(5000);
    expect(pop.organisations).toBe(100);
    expect(new Set(pop.participants.map((p) => p.id)).size).toBe(5000);
  });

  it('when a mid-sized Zipf population is grouped, then there are no same-org pairs or repeats', () => {
    const { participants } = syntheticPopulation({ participants: 20_001, seed: 2 });
    const result = pairParticipants(participants, [], createRng(2));
    expectPartition(participants, result);
    expect(result.stats).toEqual({ sameOrg: 0, repeats: 0, trios: 1 });
    expect(result.unplaced).toEqual([]);
  });
});
