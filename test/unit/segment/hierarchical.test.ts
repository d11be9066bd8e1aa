import { type Cluster, agnes } from 'ml-hclust';
import { describe, expect, it } from 'vitest';
import { type LinkageMethod, kernelMemoryBytes, linkageMatrixBytes } from '../../../src/kernels/index.js';
import { adjustedRandIndex } from '../../../src/segment/compare.js';
import {
  DISTANCE_BUDGET_BYTES,
  EXACT_MAX_N,
  ML_HCLUST_MAX_N,
  cutTree,
  dendrogram,
  hierarchical,
  hierarchyEngine,
  hierarchyLabels,
  prepareHierarchy,
  treeToLinkage,
} from '../../../src/segment/hierarchical.js';
import { readReference } from '../../fixtures';
import { blobs } from '../kernels/arbitraries';
import { relativeError } from '../kernels/reference';

interface HclustCase {
  method: string;
  mergeHeights: number[];
  linkage: [number, number, number, number][];
}
const reference = readReference<{ X: number[][]; cases: HclustCase[] }>('hclust');
const X = Float64Array.from(reference.X.flat());
const [N, D] = [reference.X.length, reference.X[0].length];
const referenceCase = (method: string) => reference.cases.find((c) => c.method === method)!;

const rows = (merges: Float64Array): number[][] =>
  Array.from({ length: merges.length / 4 }, (_, r) => Array.from(merges.subarray(r * 4, r * 4 + 4)));

function sortedHeights(root: Cluster): number[] {
  const heights: number[] = [];
  root.traverse((node) => {
    if (!node.isLeaf) heights.push(node.height);
  });
  return heights.sort((a, b) => a - b);
}

const worstRelativeError = (actual: number[], expected: number[]) =>
  Math.max(...expected.map((e, i) => relativeError(actual[i], e)));

describe("ml-hclust's ward variants against SciPy (hclust.json)", () => {
  const expected = referenceCase('ward').mergeHeights;

  it("`ward` is R's ward.D: its merge heights are not SciPy's", () => {
    expect(worstRelativeError(sortedHeights(agnes(reference.X, { method: 'ward' })), expected)).toBeGreaterThan(1);
  });

  it('`ward2` (ward.D2) matches SciPy\'s ward heights to 1e-9 relative, so hierarchical() uses it', () => {
    expect(worstRelativeError(sortedHeights(agnes(reference.X, { method: 'ward2' })), expected)).toBeLessThan(1e-9);
  });

  it.each(['complete', 'average'])('`%s` matches SciPy to 1e-9 relative', (method) => {
    const heights = sortedHeights(agnes(reference.X, { method: method as LinkageMethod }));
    expect(worstRelativeError(heights, referenceCase(method).mergeHeights)).toBeLessThan(1e-9);
  });
});

describe('hierarchical: both exact engines give SciPy\'s linkage', () => {
  it.each(['ward', 'complete', 'average'] as const)('%s by ml-hclust and by the nearest-neighbour chain', (method) => {
    const expected = referenceCase(method).linkage;
    const viaMlHclust = hierarchical(X, N, D, { linkage: method, seed: 1 });
    const viaChain = hierarchical(X, N, D, { linkage: method, seed: 1, mlHclustMaxN: 0 });
    expect([viaMlHclust.engine, viaChain.engine]).toEqual(['ml-hclust', 'nn-chain']);
    for (const tree of [viaMlHclust.tree, viaChain.tree]) {
      expect(rows(tree.merges).map(([a, b, , size]) => [a, b, size])).toEqual(expected.map(([a, b, , size]) => [a, b, size]));
      rows(tree.merges).forEach(([, , height], r) => expect(relativeError(height, expected[r][2])).toBeLessThan(1e-9));
    }
    expect(viaMlHclust.note).toBe(`Exact ${method} linkage of all 120 customers by ml-hclust (agnes).`);
    expect(viaChain.note).toBe(`Exact ${method} linkage of all 120 customers by the nearest-neighbour chain.`);
  });

  it('is deterministic', () => {
    const points = blobs([300, 250, 100], 3);
    const a = hierarchical(points.points, points.n, 3, { linkage: 'ward', seed: 5 });
    expect(hierarchical(points.points, points.n, 3, { linkage: 'ward', seed: 5 })).toEqual(a);
    expect(a.engine).toBe('nn-chain');
  });
});

describe('the size rule', () => {
  it('ml-hclust up to 500 customers, the nearest-neighbour chain up to 11,576, micro-clusters beyond', () => {
    expect(ML_HCLUST_MAX_N).toBe(500);
    expect(DISTANCE_BUDGET_BYTES).toBe(512 * 2 ** 20);
    expect(EXACT_MAX_N).toBe(11_576);
    expect(linkageMatrixBytes(EXACT_MAX_N)).toBeLessThanOrEqual(DISTANCE_BUDGET_BYTES);
    expect(linkageMatrixBytes(EXACT_MAX_N + 1)).toBeGreaterThan(DISTANCE_BUDGET_BYTES);
    expect(hierarchyEngine(500)).toEqual({ engine: 'ml-hclust', leaves: 'points' });
    expect(hierarchyEngine(501)).toEqual({ engine: 'nn-chain', leaves: 'points' });
    expect(hierarchyEngine(11_576)).toEqual({ engine: 'nn-chain', leaves: 'points' });
    expect(hierarchyEngine(11_577)).toEqual({ engine: 'nn-chain', leaves: 'micro-clusters' });
  });

  it('prepareHierarchy makes room only for trees the chain builds over the points themselves', () => {
    const before = kernelMemoryBytes();
    prepareHierarchy(ML_HCLUST_MAX_N, 6);
    // A matrix of 11,577 points would take more than 512 MiB.
    prepareHierarchy(EXACT_MAX_N + 1, 6);
    expect(kernelMemoryBytes()).toBe(before);
    prepareHierarchy(3_000, 6);
    expect(kernelMemoryBytes()).toBeGreaterThan(linkageMatrixBytes(3_000));
  });

  it('above the bound, clusters k-means micro-clusters and says the tree is approximate', () => {
    const data = blobs([400, 300, 200], 3);
    const h = hierarchical(data.points, data.n, 3, { linkage: 'ward', seed: 3, exactMaxN: 500, microClusters: 60 });
    expect(h.leaves).toBe('micro-clusters');
    expect(h.tree.n).toBe(60);
    expect(h.leafSizes.reduce((sum, size) => sum + size, 0)).toBe(900);
    expect(h.tree.merges[(h.tree.n - 2) * 4 + 3]).toBe(900);
    expect(h.note).toBe(
      'Approximate: ward linkage of 60 k-means micro-clusters (weighted centroids) standing for 900 customers: ' +
        'their exact distance matrix would take 3 MiB, and the tree is exact only up to 500 customers (512 MiB of distances).',
    );
    expect(adjustedRandIndex(hierarchyLabels(h, 3), data.labels)).toBe(1);
    expect(hierarchical(data.points, data.n, 3, { linkage: 'ward', seed: 3, exactMaxN: 500, microClusters: 60 })).toEqual(h);
  });

  it('drops empty micro-clusters (fewer distinct points than micro-clusters)', () => {
    const points = Float64Array.from({ length: 40 }, (_, i) => i % 4); // 4 distinct points, d = 1
    const h = hierarchical(points, 40, 1, { linkage: 'average', seed: 1, exactMaxN: 10, microClusters: 8 });
    expect(h.tree.n).toBe(4);
    expect(Array.from(h.leafSizes)).toEqual([10, 10, 10, 10]);
    expect(Array.from(hierarchyLabels(h, 4))).toEqual(Array.from({ length: 40 }, (_, i) => i % 4));
  });
});

// Five points on a line, complete linkage: {0, 1} at 1, {3, 4} at 1.5, {0, 1, 2} at 3, all at 11.5.
const line = Float64Array.from([0, 1, 3, 10, 11.5]);
const lineTree = [
  [0, 1, 1, 2],
  [3, 4, 1.5, 2],
  [2, 5, 3, 3],
  [6, 7, 11.5, 5],
];

describe('cutTree', () => {
  const tree = hierarchical(line, 5, 1, { linkage: 'complete', seed: 0 }).tree;

  it('applies the lowest n − k merges and numbers clusters by first appearance', () => {
    expect(rows(tree.merges)).toEqual(lineTree);
    expect(Array.from(cutTree(tree, 1))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(cutTree(tree, 2))).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(cutTree(tree, 3))).toEqual([0, 0, 1, 2, 2]);
    expect(Array.from(cutTree(tree, 5))).toEqual([0, 1, 2, 3, 4]);
    expect(() => cutTree(tree, 6)).toThrow(new RangeError('cutTree: k must be an integer from 1 to the 5 leaves, got 6'));
    expect(() => cutTree(tree, 0)).toThrow(RangeError);
  });

  it.each(['ward', 'complete', 'average'])('%s: the k clusters are those under the top k − 1 merges of SciPy\'s tree', (method) => {
    const z = referenceCase(method).linkage;
    const membersOf = (id: number): number[] => (id < N ? [id] : [...membersOf(z[id - N][0]), ...membersOf(z[id - N][1])]);
    const tree = hierarchical(X, N, D, { linkage: method as LinkageMethod, seed: 0, mlHclustMaxN: 0 }).tree;
    for (const k of [2, 3, 4, 6]) {
      // SciPy's clusters at k: children of the top k − 1 merges that are not themselves among those merges.
      const top = new Set(Array.from({ length: k - 1 }, (_, t) => 2 * N - 2 - t));
      const clusters = [...top].flatMap((id) => z[id - N].slice(0, 2)).filter((id) => !top.has(id));
      const expected = clusters.map((id) => membersOf(id).sort((a, b) => a - b).join(',')).sort();
      const labels = cutTree(tree, k);
      const actual = Array.from({ length: k }, (_, c) => Array.from(labels).flatMap((l, i) => (l === c ? [i] : [])).join(',')).sort();
      expect(actual).toEqual(expected);
    }
  });
});

describe('treeToLinkage', () => {
  it('numbers an ml-hclust tree as SciPy numbers its linkage', () => {
    const root = agnes(Array.from(line, (x) => [x]), { method: 'complete' });
    expect(rows(treeToLinkage(root, 5).merges)).toEqual(lineTree);
  });
});

describe('dendrogram', () => {
  const h = hierarchical(line, 5, 1, { linkage: 'complete', seed: 0 });

  it('lays out the whole tree with segments below the cut and the cut between the merges around it', () => {
    expect(dendrogram(h, { k: 2 })).toEqual({
      method: 'complete',
      leaves: [
        { x: 0, size: 1, cluster: 1 },
        { x: 1, size: 1, cluster: 1 },
        { x: 2, size: 1, cluster: 0 },
        { x: 3, size: 1, cluster: 0 },
        { x: 4, size: 1, cluster: 0 },
      ],
      links: [
        { x: 0, x2: 0, y: 0, y2: 1.5, cluster: 1 },
        { x: 0, x2: 1, y: 1.5, y2: 1.5, cluster: 1 },
        { x: 1, x2: 1, y: 0, y2: 1.5, cluster: 1 },
        { x: 3, x2: 3, y: 0, y2: 1, cluster: 0 },
        { x: 3, x2: 4, y: 1, y2: 1, cluster: 0 },
        { x: 4, x2: 4, y: 0, y2: 1, cluster: 0 },
        { x: 2, x2: 2, y: 0, y2: 3, cluster: 0 },
        { x: 2, x2: 3.5, y: 3, y2: 3, cluster: 0 },
        { x: 3.5, x2: 3.5, y: 1, y2: 3, cluster: 0 },
        { x: 0.5, x2: 0.5, y: 1.5, y2: 11.5, cluster: null },
        { x: 0.5, x2: 2.75, y: 11.5, y2: 11.5, cluster: null },
        { x: 2.75, x2: 2.75, y: 3, y2: 11.5, cluster: null },
      ],
      cutHeight: 7.25,
      k: 2,
      treeLeaves: 5,
      treeLeafKind: 'points',
    });
  });

  it('truncates to the top levels: clusters below them become leaves at height 0 with their sizes', () => {
    const top = dendrogram(h, { leaves: 3 });
    expect(top.leaves).toEqual([
      { x: 0, size: 2, cluster: null },
      { x: 1, size: 1, cluster: null },
      { x: 2, size: 2, cluster: null },
    ]);
    expect(top.links.map((l) => [l.x, l.x2, l.y, l.y2])).toEqual([
      [1, 1, 0, 3],
      [1, 2, 3, 3],
      [2, 2, 0, 3],
      [0, 0, 0, 11.5],
      [0, 1.5, 11.5, 11.5],
      [1.5, 1.5, 3, 11.5],
    ]);
    expect(top.cutHeight).toBeNull();
  });

  it('draws 30 leaves of a larger tree by default, each in one segment, covering every customer', () => {
    const big = dendrogram(hierarchical(X, N, D, { linkage: 'ward', seed: 0 }), { k: 4 });
    expect(big.leaves).toHaveLength(30);
    expect(big.links).toHaveLength(29 * 3);
    expect(big.leaves.reduce((sum, l) => sum + l.size, 0)).toBe(120);
    expect(new Set(big.leaves.map((l) => l.cluster))).toEqual(new Set([0, 1, 2, 3]));
    expect(big.links.filter((l) => l.cluster === null)).toHaveLength(3 * 3);
    const heights = referenceCase('ward').mergeHeights;
    expect(big.cutHeight).toBeCloseTo((heights[N - 5] + heights[N - 4]) / 2, 9);
  });

  it('rejects a k above the leaves drawn', () => {
    expect(() => dendrogram(h, { leaves: 3, k: 4 })).toThrow(new RangeError('dendrogram: k must be an integer from 1 to the 3 leaves drawn, got 4'));
  });
});
