import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PairIndex } from '../../../src/ingest/pair-index.js';

describe('PairIndex', () => {
  it('numbers pairs densely in the order they first come, through every growth', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 300 }), fc.nat({ max: 40 })), { maxLength: 5000 }), (pairs) => {
        const index = new PairIndex();
        const reference = new Map<string, number>();
        for (const [a, b] of pairs) {
          const key = `${a},${b}`;
          if (!reference.has(key)) reference.set(key, reference.size);
          expect(index.indexOf(a, b)).toBe(reference.get(key));
        }
        expect(index.size).toBe(reference.size);
        for (const [key, i] of reference) expect(`${index.first(i)},${index.second(i)}`).toBe(key);
      }),
      { numRuns: 50 },
    );
  });
});
