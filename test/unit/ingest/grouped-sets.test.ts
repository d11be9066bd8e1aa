import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GroupedSets } from '../../../src/ingest/grouped-sets.js';

/** The words of a group's keys, read back through `copyMembers` into a buffer with a word to spare (left 0). */
function members(sets: GroupedSets, group: number): Int32Array {
  const words = new Int32Array(sets.memberWords(group) + 1);
  sets.copyMembers(group, words);
  expect(words.at(-1)).toBe(0);
  return words.subarray(0, -1);
}

/** Keys of every group as a Map of sorted key texts. */
function membersOf(sets: GroupedSets, groups: Iterable<number>, wordsPerKey: 1 | 2): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const group of groups) {
    const words = members(sets, group);
    const keys = Array.from({ length: words.length / wordsPerKey }, (_, i) => words.subarray(i * wordsPerKey, (i + 1) * wordsPerKey).join(','));
    out.set(group, keys.sort());
  }
  return out;
}

describe('GroupedSets', () => {
  for (const wordsPerKey of [1, 2] as const) {
    it(`answers like a Set per group for keys of ${wordsPerKey} word(s), through growths in place and moves`, () => {
      // Runs of one group, as the lines of an invoice come, interleaved with other groups.
      const run = fc.tuple(
        fc.integer({ min: 0, max: 40 }),
        fc.array(fc.tuple(fc.integer({ min: -3, max: 80 }), fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 60 }),
      );
      fc.assert(
        fc.property(fc.array(run, { maxLength: 80 }), fc.nat({ max: 5000 }), (runs, expectedKeys) => {
          const sets = new GroupedSets(wordsPerKey, expectedKeys);
          const reference = new Map<number, Set<string>>();
          for (const [group, keys] of runs) {
            for (const [x, y] of keys) {
              const a = x;
              const b = wordsPerKey === 1 ? 0 : y;
              if (a === 0 && b === 0) continue;
              const key = wordsPerKey === 1 ? `${a}` : `${a},${b}`;
              const members = reference.get(group) ?? new Set<string>();
              reference.set(group, members);
              expect(sets.add(group, a, b)).toBe(!members.has(key));
              members.add(key);
            }
          }
          expect(sets.size).toBe([...reference.values()].reduce((sum, s) => sum + s.size, 0));
          const groups = [...reference.keys(), 41, 5000];
          const expected = new Map(groups.map((g) => [g, [...(reference.get(g) ?? [])].sort()]));
          expect(membersOf(sets, groups, wordsPerKey)).toEqual(expected);
        }),
        { numRuns: 100 },
      );
    });
  }

  it('holds a set far larger than its first table, and groups far apart', () => {
    const sets = new GroupedSets(2);
    for (let i = 1; i <= 100_000; i++) expect(sets.add(7, i, -i)).toBe(true);
    for (let i = 1; i <= 100_000; i += 997) expect(sets.add(7, i, -i)).toBe(false);
    expect(sets.add(1_000_000, 1, 1)).toBe(true);
    expect(sets.add(7, 1, 1)).toBe(true);
    expect(sets.size).toBe(100_002);
    expect(members(sets, 7).length).toBe(2 * 100_001);
  });

  it('ignores the second word of one-word keys, when adding and when growing', () => {
    const sets = new GroupedSets(1);
    for (let i = 1; i <= 1_000; i++) expect(sets.add(3, i, i)).toBe(true);
    for (let i = 1; i <= 1_000; i++) expect(sets.add(3, i, -i)).toBe(false);
    expect(sets.size).toBe(1_000);
  });
});
