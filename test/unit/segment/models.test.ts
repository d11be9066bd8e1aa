import { describe, expect, it } from 'vitest';
import { silhouette, silhouettes } from '../../../src/kernels/index.js';
import { hierarchyLabels } from '../../../src/segment/hierarchical.js';
import { inThisThread, type BuiltTree } from '../../../src/segment/hierarchies.js';
import { compareModelsAtK, LINKAGES } from '../../../src/segment/models.js';
import { kmeansSweep } from '../../../src/segment/sweep.js';
import type { ModelInput } from '../../../src/segment/transform.js';
import { blobs } from '../kernels/arbitraries';

describe('compareModelsAtK', () => {
  const { points, n } = blobs([300, 250, 200], 3);
  const input: ModelInput = { points, n, d: 3, features: ['recency', 'frequency', 'monetary'], mean: [0, 0, 0], std: [1, 1, 1] };
  const options = { seed: 3, silhouetteSampleSize: 10_000 };
  const sweep = kmeansSweep(input, { kMin: 2, kMax: 4, starts: 2, ...options });
  const trees = () => inThisThread.build({ points, n, d: 3, linkages: LINKAGES, ...options });

  it("scores every model by the exact silhouette of its labels (k-means reusing the sweep's)", async () => {
    const comparison = await compareModelsAtK(input, sweep, 3, options, trees());
    expect(comparison.models.map((m) => m.model)).toContain('kmeans');
    for (const model of comparison.models) {
      expect(Math.abs(model.silhouette - silhouette(points, n, 3, model.labels, model.k).mean)).toBeLessThan(1e-12);
    }
  });

  it('compares the same whichever trees are built when the mixtures are: those scored with them, the others as they come', async () => {
    const built = await Promise.all(trees());
    const later = (tree: BuiltTree) => new Promise<BuiltTree>((resolve) => setTimeout(() => resolve(tree), 20));
    const allReady = await compareModelsAtK(input, sweep, 3, options, built.map((tree) => Promise.resolve(tree)));
    expect(allReady.models.map((m) => m.model)).toEqual(['kmeans', 'gmm-full', 'gmm-tied', 'gmm-diag', 'gmm-spherical', ...LINKAGES.map((l) => `hierarchical-${l}`)]);
    for (const ready of [1, 0]) {
      const arriving = built.map((tree, i) => (i < ready ? Promise.resolve(tree) : later(tree)));
      expect(await compareModelsAtK(input, sweep, 3, options, arriving)).toEqual(allReady);
    }
    // A tree scored at k where it was built: its score is taken, not computed again.
    const last = built[2];
    const labels = hierarchyLabels(last.hierarchy, 3);
    const scoredAs = (silhouette: number) => [...built.slice(0, 2), { ...last, cut: { k: 3, labels, silhouette } }].map((tree) => Promise.resolve(tree));
    const [{ mean }] = silhouettes(points, n, 3, [{ labels, k: 3 }]);
    expect(await compareModelsAtK(input, sweep, 3, options, scoredAs(mean))).toEqual(allReady);
    const taken = await compareModelsAtK(input, sweep, 3, options, scoredAs(0.125));
    expect(taken.models.find((m) => m.model === 'hierarchical-average')!.silhouette).toBe(0.125);
    // One scored at another k is scored here, at this one.
    const elsewhere = [...built.slice(0, 2), { ...last, cut: { k: 2, labels: hierarchyLabels(last.hierarchy, 2), silhouette: 0 } }];
    expect(await compareModelsAtK(input, sweep, 3, options, elsewhere.map((tree) => Promise.resolve(tree)))).toEqual(allReady);
  });
});
