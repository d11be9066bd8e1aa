import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calinskiHarabasz, daviesBouldin, labelCounts, pairCounts } from '../../../src/kernels/index.js';
import * as oracle from '../../../src/kernels/oracle-metrics';
import { labelledCase } from './arbitraries';
import { matrix, metricsCases, relativeError } from './reference';

describe('Calinski–Harabasz and Davies–Bouldin', () => {
  it.each(metricsCases.map((c, index) => ({ ...c, index })))(
    'reproduce scikit-learn calinski_harabasz_score and davies_bouldin_score: case $index (n=$n, d=$d, k=$k)',
    (c) => {
      const labels = Int32Array.from(c.labels);
      expect(relativeError(calinskiHarabasz(matrix(c.X), c.n, c.d, labels, c.k), c.calinskiHarabasz)).toBeLessThan(1e-9);
      expect(relativeError(daviesBouldin(matrix(c.X), c.n, c.d, labels, c.k), c.daviesBouldin)).toBeLessThan(1e-9);
    },
  );

  it('ignore empty labels, as scikit-learn (which never sees them) does', () => {
    const c = metricsCases[0];
    // Shift labels 1 and 2 up by one: label 1 is now empty, k grows to 4.
    const shifted = Int32Array.from(c.labels, (label) => (label === 0 ? 0 : label + 1));
    expect(calinskiHarabasz(matrix(c.X), c.n, c.d, shifted, 4)).toBe(calinskiHarabasz(matrix(c.X), c.n, c.d, Int32Array.from(c.labels), 3));
    expect(daviesBouldin(matrix(c.X), c.n, c.d, shifted, 4)).toBe(daviesBouldin(matrix(c.X), c.n, c.d, Int32Array.from(c.labels), 3));
  });

  it("return scikit-learn's values on degenerate clusterings", () => {
    // Every cluster a repeated point: no within-cluster dispersion (CH 1), no spread (DB 0).
    const points = Float64Array.from([1, 1, 1, 4, 4]);
    const labels = Int32Array.from([0, 0, 0, 1, 1]);
    expect(calinskiHarabasz(points, 5, 1, labels, 2)).toBe(1);
    expect(daviesBouldin(points, 5, 1, labels, 2)).toBe(0);
    // Coinciding centroids: the pair is ignored (scikit-learn sets its distance to infinity).
    const sameCentre = Float64Array.from([-1, 1, -2, 2, 10, 11]);
    expect(daviesBouldin(sameCentre, 6, 1, Int32Array.from([0, 0, 1, 1, 2, 2]), 3)).toBeCloseTo((1.5 + 2.5 + 2.5) / 10.5 / 3, 14);
  });

  it('equal the TypeScript oracle on random inputs', () => {
    fc.assert(
      fc.property(labelledCase(), ({ n, d, k, points, labels }) => {
        expect(calinskiHarabasz(points, n, d, labels, k)).toBe(oracle.calinskiHarabasz(points, n, d, labels, k));
        expect(daviesBouldin(points, n, d, labels, k)).toBe(oracle.daviesBouldin(points, n, d, labels, k));
      }),
      { numRuns: 200 },
    );
  });

  it('need 2 to n - 1 distinct labels', () => {
    const points = Float64Array.from([0, 1, 2]);
    expect(() => calinskiHarabasz(points, 3, 1, Int32Array.from([0, 0, 0]), 1))
      .toThrow('calinskiHarabasz: the Calinski–Harabasz index needs 2 to n - 1 = 2 distinct labels, got 1');
    expect(() => daviesBouldin(points, 3, 1, Int32Array.from([0, 1, 2]), 3))
      .toThrow('daviesBouldin: the Davies–Bouldin index needs 2 to n - 1 = 2 distinct labels, got 3');
  });
});

describe('labelCounts and pairCounts', () => {
  it('count each label and each pair of labels, as plain tallies do', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 300 }), fc.integer(), (ka, kb, n, seed) => {
        let state = seed >>> 0;
        const next = (k: number) => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) % k);
        const a = Int32Array.from({ length: n }, () => next(ka));
        const b = Int32Array.from({ length: n }, () => next(kb));
        const sizes = new Float64Array(ka);
        const cells = new Float64Array(ka * kb);
        a.forEach((x, i) => {
          sizes[x]++;
          cells[x * kb + b[i]]++;
        });
        expect(labelCounts(a, ka)).toEqual({ sizes, outside: -1 });
        expect(pairCounts(a, ka, b, kb)).toEqual(cells);
      }),
      { numRuns: 200 },
    );
  });

  it('tell the first label outside 0..k−1, and refuse pairs outside', () => {
    expect(labelCounts(Int32Array.from([0, 1, 2, -1, 5]), 3)).toEqual({ sizes: Float64Array.from([1, 1, 1]), outside: 3 });
    expect(labelCounts(Int32Array.from([0, 3]), 3).outside).toBe(1);
    expect(() => pairCounts(Int32Array.from([0, 1]), 2, Int32Array.from([0, 2]), 2)).toThrow(
      new RangeError('pairCounts: item 1 is labelled 1 and 2, expected 0..1 and 0..1'),
    );
    expect(() => pairCounts(Int32Array.from([0, 1]), 2, Int32Array.from([0]), 2)).toThrow(/labelings have 2 and 1 items/);
  });
});
