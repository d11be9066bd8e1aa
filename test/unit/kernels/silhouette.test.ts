import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceToAssignedCentre, silhouette, silhouettes, silhouetteSampled } from '../../../src/kernels/index.js';
import * as oracle from '../../../src/kernels/oracle';
import { blobs, labelledCase } from './arbitraries';
import { matrix, maxRelativeError, metricsCases } from './reference';

describe('silhouette', () => {
  it.each(metricsCases.map((c, index) => ({ ...c, index })))(
    'reproduces scikit-learn silhouette_score and silhouette_samples: case $index (n=$n, d=$d, k=$k)',
    (c) => {
      const result = silhouette(matrix(c.X), c.n, c.d, Int32Array.from(c.labels), c.k);
      expect(Math.abs(result.mean - c.silhouette)).toBeLessThan(1e-9);
      expect(maxRelativeError(result.samples!, c.silhouetteSamples)).toBeLessThan(1e-9);
      expect(result).toMatchObject({ sampleSize: c.n, sampled: false });
    },
  );

  it('scores a point alone in its cluster 0, and ignores empty clusters', () => {
    // Cluster 1 is empty; cluster 2 holds one point.
    const points = Float64Array.from([0, 1, 10, 11, 50]);
    const result = silhouette(points, 5, 1, Int32Array.from([0, 0, 3, 3, 2]), 4);
    expect(result.samples![4]).toBe(0);
    // Point 0: a = 1, b = mean distance to cluster 3 = 10.5.
    expect(result.samples![0]).toBeCloseTo((10.5 - 1) / 10.5, 14);
  });

  it('equals the TypeScript oracle on random inputs', () => {
    fc.assert(
      fc.property(labelledCase(), ({ n, d, k, points, labels }) => {
        const wasm = silhouette(points, n, d, labels, k);
        const ts = oracle.silhouette(points, n, d, labels, k);
        expect(Math.abs(wasm.mean - ts.mean)).toBeLessThanOrEqual(1e-9);
        expect(maxRelativeError(wasm.samples!, ts.samples!)).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 300 },
    );
  });
});

describe('silhouettes', () => {
  it('reproduces scikit-learn for every labeling of a batch, each case beside a shuffled copy of its labels', () => {
    for (const c of metricsCases) {
      const labels = Int32Array.from(c.labels);
      // The same clusters under other names: the same silhouette.
      const renamed = labels.map((label) => c.k - 1 - label);
      const [plain, other] = silhouettes(matrix(c.X), c.n, c.d, [{ labels, k: c.k }, { labels: renamed, k: c.k }]);
      for (const result of [plain, other]) {
        expect(Math.abs(result.mean - c.silhouette)).toBeLessThan(1e-9);
        expect(maxRelativeError(result.samples!, c.silhouetteSamples)).toBeLessThan(1e-9);
        expect(result).toMatchObject({ sampleSize: c.n, sampled: false });
      }
    }
  });

  it('equals silhouette of each labeling, and each to the bit whatever is scored beside it', () => {
    // Up to 300 points: the pairs come in tiles of 128 (assembly/silhouette.ts), full and partial.
    const batch = fc
      .record({ n: fc.integer({ min: 3, max: 300 }), d: fc.integer({ min: 1, max: 7 }), ks: fc.array(fc.integer({ min: 2, max: 7 }), { minLength: 1, maxLength: 5 }) })
      .chain(({ n, d, ks }) =>
        fc.record({
          n: fc.constant(n),
          d: fc.constant(d),
          points: fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: n * d, maxLength: n * d }).map((v) => Float64Array.from(v)),
          labelings: fc.tuple(...ks.map((k) => fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n }).map((v) => ({ labels: Int32Array.from(v), k })))),
        }),
      )
      .filter(({ n, labelings }) => labelings.every(({ labels }) => new Set(labels).size >= 2 && new Set(labels).size <= n - 1));
    fc.assert(
      fc.property(batch, ({ n, d, points, labelings }) => {
        const results = silhouettes(points, n, d, labelings);
        expect(results).toHaveLength(labelings.length);
        labelings.forEach(({ labels, k }, l) => {
          const alone = silhouette(points, n, d, labels, k);
          expect(Math.abs(results[l].mean - alone.mean)).toBeLessThanOrEqual(1e-12);
          expect(maxRelativeError(results[l].samples!, alone.samples!)).toBeLessThanOrEqual(1e-12);
          expect(silhouettes(points, n, d, [{ labels, k }])).toEqual([results[l]]);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a labeling the silhouette is not defined for, naming it', () => {
    const points = Float64Array.from([0, 1, 2, 3]);
    expect(() => silhouettes(points, 4, 1, [{ labels: Int32Array.from([0, 0, 1, 1]), k: 2 }, { labels: Int32Array.from([0, 0, 0, 0]), k: 2 }])).toThrow(
      'silhouettes: the silhouette needs 2 to n - 1 = 3 distinct labels, got 1',
    );
    expect(silhouettes(points, 4, 1, [])).toEqual([]);
  });
});

describe('silhouetteSampled', () => {
  // Two large clusters, one of 5, one of 2, one singleton, and label 5 unused.
  const sizes = [1200, 790, 5, 2, 1];
  const { points, labels, n } = blobs(sizes, 3);
  const k = 6;

  it('states sampled: true and the sample size used above the threshold, with every non-empty cluster represented', () => {
    const result = silhouetteSampled(points, n, 3, labels, k, { sampleSize: 300, seed: 1 });
    const indices = result.sampleIndices!;
    expect(result.sampled).toBe(true);
    expect(result.sampleSize).toBe(indices.length);
    expect(result.samples).toHaveLength(indices.length);
    // Proportional shares of 300, small clusters raised to min(size, 2): at most 2 extra per cluster.
    expect(result.sampleSize).toBeGreaterThanOrEqual(300);
    expect(result.sampleSize).toBeLessThanOrEqual(300 + 2 * k);
    const counts = new Map<number, number>();
    for (const index of indices) counts.set(labels[index], (counts.get(labels[index]) ?? 0) + 1);
    sizes.forEach((size, cluster) => expect(counts.get(cluster) ?? 0).toBeGreaterThanOrEqual(Math.min(size, 2)));
    expect([...counts.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(Math.abs(counts.get(0)! - (300 * 1200) / n)).toBeLessThan(1);
    expect(indices.every((index, s) => s === 0 || index > indices[s - 1])).toBe(true);
  });

  it('is deterministic for a seed, and close to the exact silhouette', () => {
    const first = silhouetteSampled(points, n, 3, labels, k, { sampleSize: 300, seed: 9 });
    const second = silhouetteSampled(points, n, 3, labels, k, { sampleSize: 300, seed: 9 });
    expect(second).toEqual(first);
    expect(Math.abs(first.mean - silhouette(points, n, 3, labels, k).mean)).toBeLessThan(0.05);
  });

  it('is exact (delegates to silhouette) when n <= sampleSize', () => {
    const result = silhouetteSampled(points, n, 3, labels, k, { sampleSize: n, seed: 1 });
    expect(result).toEqual(silhouette(points, n, 3, labels, k));
    expect(result.sampled).toBe(false);
  });

  it('equals the TypeScript oracle on random inputs', () => {
    fc.assert(
      fc.property(labelledCase(80), fc.integer({ min: 2, max: 60 }), ({ n, d, k, points, labels, seed }, sampleSize) => {
        const wasm = silhouetteSampled(points, n, d, labels, k, { sampleSize, seed });
        const ts = oracle.silhouetteSampled(points, n, d, labels, k, { sampleSize, seed });
        expect(wasm.sampleIndices).toEqual(ts.sampleIndices);
        expect(wasm.sampleSize).toBe(ts.sampleSize);
        expect(Math.abs(wasm.mean - ts.mean)).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 300 },
    );
  });
});

describe('distanceToAssignedCentre', () => {
  it('gives the euclidean distance from each point to the centre of its label', () => {
    const points = Float64Array.from([3, 4, 1, 1, 0, 0]);
    const centres = Float64Array.from([0, 0, 1, 2]);
    expect(Array.from(distanceToAssignedCentre(points, 3, 2, centres, Int32Array.from([0, 1, 1])))).toEqual([5, 1, Math.sqrt(5)]);
  });

  it('equals the TypeScript oracle on random inputs', () => {
    fc.assert(
      fc.property(labelledCase(), ({ n, d, k, points, labels }) => {
        const centres = new Float64Array(k * d).map((_, i) => points[i % points.length]);
        expect(distanceToAssignedCentre(points, n, d, centres, labels)).toEqual(oracle.distanceToAssignedCentre(points, n, d, centres, labels));
      }),
    );
  });
});
