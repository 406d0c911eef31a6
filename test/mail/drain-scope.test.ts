import { describe, expect, it } from 'vitest';
import { DrainScope } from '../../src/mail/drain-scope.js';
import { idRanges } from '../../src/db/outbox.js';

describe('the rows a drain may take', () => {
  it('when ids are given in any order with repeats, then they become sorted inclusive ranges', () => {
    expect(idRanges([7, 3, 4, 5, 9, 4, 10])).toEqual([
      [3, 5],
      [7, 7],
      [9, 10],
    ]);
    expect(idRanges([])).toEqual([]);
  });

  it('when a pass claimed part of the scope, then what it walked past is handed back to look up and the rest stays ahead', () => {
    const scope = new DrainScope([1, 2, 3, 4, 5, 6, 10, 11]);
    // The pass claimed 1, 2 and 4 (3 was not due) and finished 1 and 4; 2 was retried.
    const walked = scope.afterPass([1, 2, 4], new Set([1, 4]), false);
    expect(walked).toEqual([[1, 4]]);
    scope.keep([2, 3]);
    expect(scope.ranges()).toEqual([
      [2, 3],
      [5, 6],
      [10, 11],
    ]);
    expect(scope.waiting).toBe(2);
  });

  it('when a pass claimed fewer rows than it could, then the whole scope was walked', () => {
    const scope = new DrainScope([1, 2, 3, 8]);
    expect(scope.afterPass([2], new Set([2]), true)).toEqual([
      [1, 3],
      [8, 8],
    ]);
    scope.keep([1]);
    expect(scope.ranges()).toEqual([[1, 1]]);
    scope.retain([]);
    expect(scope.empty).toBe(true);
  });
});
