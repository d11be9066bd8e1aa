import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byFirstAppearance } from '../../../src/segment/labels.js';

describe('byFirstAppearance', () => {
  it('numbers groups 0, 1, … as they first appear, as a map from group to number would', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 100_000 })), { maxLength: 200 }), (groups) => {
        const seen = new Map<number, number>();
        const expected = groups.map((g) => seen.get(g) ?? seen.set(g, seen.size).get(g)!);
        const { labels, count } = byFirstAppearance(Int32Array.from(groups));
        expect(Array.from(labels)).toEqual(expected);
        expect(count).toBe(seen.size);
      }),
    );
  });

  it('says which group is not a non-negative integer', () => {
    expect(byFirstAppearance([]).count).toBe(0);
    expect(() => byFirstAppearance([0, 2, -1])).toThrow(new RangeError('byFirstAppearance: group -1 at 2 is not a non-negative integer'));
  });
});
