import { describe, expect, it } from 'vitest';
import { silhouette, silhouetteSampled } from '../../../src/kernels/index.js';
import { silhouettesOf } from '../../../src/segment/silhouettes.js';
import type { ModelInput } from '../../../src/segment/transform.js';
import { blobs } from '../kernels/arbitraries.js';

describe('silhouettesOf', () => {
  // 300 customers in three blobs, labelled by blob and by two coarser groupings.
  const { points, labels, n } = blobs([120, 100, 80], 2);
  const input: ModelInput = { points, n, d: 2, features: [], mean: [], std: [] };
  const labelings = [
    { labels, k: 3, seed: 1 },
    { labels: labels.map((label) => (label === 2 ? 1 : label)), k: 2, seed: 2 },
    { labels: labels.map((label) => (label === 0 ? 0 : 1)), k: 2, seed: 3 },
  ];

  it('is exact up to the sample size: each labeling as silhouette scores it alone', () => {
    const results = silhouettesOf(input, labelings, n);
    labelings.forEach(({ labels, k }, l) => {
      expect(results[l].sampled).toBe(false);
      expect(results[l].sampleSize).toBe(n);
      expect(Math.abs(results[l].mean - silhouette(points, n, 2, labels, k).mean)).toBeLessThan(1e-12);
    });
  });

  it('beyond it, scores each labeling on its own sample, drawn with its own seed', () => {
    const results = silhouettesOf(input, labelings, 100);
    labelings.forEach(({ labels, k, seed }, l) => {
      expect(results[l]).toEqual(silhouetteSampled(points, n, 2, labels, k, { sampleSize: 100, seed }));
      expect(results[l].sampled).toBe(true);
    });
  });
});
