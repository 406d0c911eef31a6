import type { HistoryIndex } from './history.js';
import type { Rng } from './rng.js';

/** The best grouping of a small population, by local index. */
export interface ExactGrouping {
  groups: number[][];
  unplaced: number[];
}

/**
 * An exhaustive search (branch and bound) for the best grouping of a few people, used when the fast
 * heuristic did not find a perfect one. "Best" is, in order: fewest people unplaced; then the lowest total
 * priority among those unplaced (people with priority are placed first); then fewest repeat pairs; then the
 * lowest total of the repeat pairs' latest rounds (least-recent partners). Two people of one organisation
 * are never grouped, and there is at most one trio. People and partners are tried in a random order, so
 * among equally good groupings the one returned is random. Exponential: keep n ≤ about 12.
 */
export function exactGrouping(
  ids: ArrayLike<number>,
  org: ArrayLike<number>,
  priority: ArrayLike<number>,
  history: HistoryIndex,
  rng: Rng,
): ExactGrouping {
  const n = ids.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }

  // Pair costs: allowed[i*n+j] = 0 same org, 1 allowed; rep = 0/1; rnd = shifted round (≥ 1) of a repeat.
  const allowed = new Uint8Array(n * n);
  const rep = new Uint8Array(n * n);
  const rnd = new Float64Array(n * n);
  let minRound = Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const r = history.lastRound(ids[i]!, ids[j]!);
      if (r !== undefined && r < minRound) minRound = r;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j || org[i] === org[j]) continue;
      allowed[i * n + j] = 1;
      const r = history.lastRound(ids[i]!, ids[j]!);
      if (r !== undefined) {
        rep[i * n + j] = 1;
        rnd[i * n + j] = r - minRound + 1;
      }
    }
  }
  let minPrio = Infinity;
  for (let i = 0; i < n; i++) minPrio = Math.min(minPrio, priority[i]!);
  const prio = new Float64Array(n);
  for (let i = 0; i < n; i++) prio[i] = priority[i]! - minPrio;

  const taken = new Uint8Array(n);
  const groups: number[][] = [];
  const unplaced: number[] = [];
  // Current cost, all components non-decreasing as the search goes deeper (hence the shifts above).
  let cU = 0;
  let cP = 0;
  let cR = 0;
  let cS = 0;
  let bU = Infinity;
  let bP = Infinity;
  let bR = Infinity;
  let bS = Infinity;
  let best: ExactGrouping = { groups: [], unplaced: [] };
  let trioUsed = false;
  let done = false;

  /** Whether the current partial cost is already no better than the best complete one. */
  const pruned = (): boolean =>
    cU !== bU ? cU > bU : cP !== bP ? cP > bP : cR !== bR ? cR > bR : cS >= bS;

  const dfs = (pos: number): void => {
    while (pos < n && taken[order[pos]!]) pos++;
    if (pos === n) {
      if (!pruned()) {
        bU = cU;
        bP = cP;
        bR = cR;
        bS = cS;
        best = { groups: groups.map((g) => g.slice()), unplaced: unplaced.slice() };
        if (cU === 0 && cR === 0) done = true;
      }
      return;
    }
    const p = order[pos]!;
    taken[p] = 1;
    for (let j = pos + 1; j < n && !done; j++) {
      const q = order[j]!;
      if (taken[q] || !allowed[p * n + q]) continue;
      const r = rep[p * n + q]!;
      const s = rnd[p * n + q]!;
      cR += r;
      cS += s;
      if (!pruned()) {
        taken[q] = 1;
        groups.push([p, q]);
        dfs(pos + 1);
        groups.pop();
        taken[q] = 0;
      }
      cR -= r;
      cS -= s;
      if (trioUsed) continue;
      for (let k = j + 1; k < n && !done; k++) {
        const t = order[k]!;
        if (taken[t] || !allowed[p * n + t] || !allowed[q * n + t]) continue;
        const r2 = r + rep[p * n + t]! + rep[q * n + t]!;
        const s2 = s + rnd[p * n + t]! + rnd[q * n + t]!;
        cR += r2;
        cS += s2;
        if (!pruned()) {
          taken[q] = 1;
          taken[t] = 1;
          trioUsed = true;
          groups.push([p, q, t]);
          dfs(pos + 1);
          groups.pop();
          trioUsed = false;
          taken[q] = 0;
          taken[t] = 0;
        }
        cR -= r2;
        cS -= s2;
      }
    }
    if (!done) {
      cU += 1;
      cP += prio[p]!;
      if (!pruned()) {
        unplaced.push(p);
        dfs(pos + 1);
        unplaced.pop();
      }
      cU -= 1;
      cP -= prio[p]!;
    }
    taken[p] = 0;
  };
  dfs(0);
  return best;
}
