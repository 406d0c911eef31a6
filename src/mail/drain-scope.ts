import { idRanges, type IdRanges } from '../db/outbox.js';

/**
 * The rows a drain may take: the ones its command queued, and no others. Pure bookkeeping, so that a drain
 * of half a million introductions costs each row one look-up rather than one per pass:
 *
 * - `ahead`: ranges not yet walked. A claim walks the scope in order, so once a pass has claimed up to id
 *   c, every row of `ahead` up to c has been seen;
 * - `behind`: rows already walked that are not finished: retried, handed back, or held by another sender
 *   (the running service). Claims look at them first.
 */
export class DrainScope {
  private ahead: Array<[number, number]>;
  private readonly behind = new Set<number>();

  constructor(ids: Iterable<number>) {
    this.ahead = idRanges(ids);
  }

  /** The rows a claim may take now: those behind first (a key look-up each), then those ahead. */
  ranges(): IdRanges {
    return [...idRanges(this.behind), ...this.ahead];
  }

  /** Nothing left that this drain could still deliver. */
  get empty(): boolean {
    return this.behind.size === 0 && this.ahead.length === 0;
  }

  /** How many rows are behind (known to be waiting). */
  get waiting(): number {
    return this.behind.size;
  }

  /**
   * After a pass: `claimed` are the ids it took, `finished` those of them now sent, failed or cancelled.
   * `walkedAll`: the claim took fewer rows than it could, so it walked all of `ahead`. Returns the ranges
   * walked past without being claimed: the caller looks up which of them are still waiting (`keep`).
   */
  afterPass(claimed: readonly number[], finished: ReadonlySet<number>, walkedAll: boolean): IdRanges {
    for (const id of claimed) {
      if (finished.has(id)) this.behind.delete(id);
      else this.behind.add(id);
    }
    const firstAhead = this.ahead[0]?.[0];
    let upTo: number;
    if (walkedAll) upTo = Infinity;
    else {
      const claimedAhead = firstAhead === undefined ? [] : claimed.filter((id) => id >= firstAhead);
      upTo = claimedAhead.length ? Math.max(...claimedAhead) : -Infinity;
    }
    const walked: Array<[number, number]> = [];
    const rest: Array<[number, number]> = [];
    for (const [lo, hi] of this.ahead) {
      if (hi <= upTo) walked.push([lo, hi]);
      else if (lo > upTo) rest.push([lo, hi]);
      else {
        walked.push([lo, upTo]);
        rest.push([upTo + 1, hi]);
      }
    }
    this.ahead = rest;
    return walked;
  }

  /** Rows walked past that are still waiting: they stay this drain's. */
  keep(ids: readonly number[]): void {
    for (const id of ids) this.behind.add(id);
  }

  /** Of the rows behind, only these are still waiting (the others were finished by another sender). */
  retain(stillWaiting: readonly number[]): void {
    const keep = new Set(stillWaiting);
    for (const id of [...this.behind]) if (!keep.has(id)) this.behind.delete(id);
  }
}
