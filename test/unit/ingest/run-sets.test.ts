import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunSets } from '../../../src/ingest/run-sets.js';

/** Adds every key to `sets` and to a Set per group, expecting the same answer from both. */
function addAll(sets: RunSets, runs: [number, [number, number][]][]): void {
  const reference = new Map<number, Set<string>>();
  for (const [group, keys] of runs) {
    const members = reference.get(group) ?? new Set<string>();
    reference.set(group, members);
    for (const [a, b] of keys) {
      if (a === 0 && b === 0) continue;
      expect(sets.add(group, a, b)).toBe(!members.has(`${a},${b}`));
      members.add(`${a},${b}`);
    }
  }
}

describe('RunSets', () => {
  it('answers like a Set per group, whether a group comes in one run or returns after others', () => {
    const run = fc.tuple(
      fc.integer({ min: 0, max: 40 }),
      fc.array(fc.tuple(fc.integer({ min: -3, max: 12 }), fc.integer({ min: -2, max: 2 })), { minLength: 1, maxLength: 60 }),
    );
    fc.assert(
      fc.property(fc.array(run, { maxLength: 80 }), fc.nat({ max: 5000 }), (runs, expectedKeys) => {
        addAll(new RunSets(expectedKeys), runs);
      }),
      { numRuns: 200 },
    );
  });

  it('grows the open table for a long run, and keeps its keys when the group returns', () => {
    const sets = new RunSets();
    for (let i = 1; i <= 100_000; i++) expect(sets.add(7, i, -i)).toBe(true);
    for (let i = 1; i <= 100_000; i += 997) expect(sets.add(7, i, -i)).toBe(false);
    expect(sets.add(1_000_000, 1, -1)).toBe(true);
    for (let i = 1; i <= 100_000; i += 991) expect(sets.add(7, i, -i)).toBe(false);
    expect(sets.add(7, 1, 1)).toBe(true);
    expect(sets.add(1_000_000, 1, -1)).toBe(false);
  });

  it('tells keys that differ in one word apart across runs of many groups', () => {
    // Groups in one run each, then all returning: the second pass finds every key.
    const runs: [number, [number, number][]][] = [];
    for (let group = 0; group < 3000; group++) runs.push([group, [[group + 1, 5], [group + 1, 6], [5, group + 1]]]);
    for (let group = 2999; group >= 0; group -= 7) runs.push([group, [[group + 1, 5], [5, group + 1], [group + 1, 7]]]);
    addAll(new RunSets(), runs);
  });
});
