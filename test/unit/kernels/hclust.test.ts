import fc from 'fast-check';
import { type Cluster, agnes } from 'ml-hclust';
import { describe, expect, it } from 'vitest';
import {
  type Linkage,
  type LinkageMethod,
  kernelMemoryBytes,
  linkage,
  linkageDistances,
  linkageFromDistances,
  linkageMatrixBytes,
  pairwiseDistances,
  prepareLinkage,
} from '../../../src/kernels/index.js';
import { kernels } from '../../../src/kernels/module.js';
import { nnChainLinkage } from '../../../src/kernels/oracle-hclust.js';
import { readReference } from '../../fixtures';
import { pointsCase } from './arbitraries';
import { matrix, relativeError } from './reference';

interface HclustCase {
  method: LinkageMethod | 'single';
  mergeHeights: number[];
  linkage: [number, number, number, number][];
}
const reference = readReference<{ X: number[][]; cases: HclustCase[] }>('hclust');
const X = matrix(reference.X);
const [N, D] = [reference.X.length, reference.X[0].length];
const cases = reference.cases.filter((c): c is HclustCase & { method: LinkageMethod } => c.method !== 'single');

const rowsOf = (z: Linkage): number[][] => Array.from({ length: z.n - 1 }, (_, r) => Array.from(z.merges.subarray(r * 4, r * 4 + 4)));

/** Uniform points from a seeded generator (mulberry32): continuous, so no two distances tie. */
function randomPoints(n: number, d: number, seed: number): Float64Array {
  let state = seed >>> 0;
  return Float64Array.from({ length: n * d }, () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 10;
  });
}

/** Every merged cluster of a linkage as its sorted leaves → merge height: comparable whatever the numbering. */
function clustersOfLinkage(z: Linkage): Map<string, number> {
  const members: number[][] = Array.from({ length: z.n }, (_, i) => [i]);
  const out = new Map<string, number>();
  for (let r = 0; r < z.n - 1; r++) {
    const leaves = [...members[z.merges[r * 4]], ...members[z.merges[r * 4 + 1]]].sort((a, b) => a - b);
    members.push(leaves);
    out.set(leaves.join(','), z.merges[r * 4 + 2]);
  }
  return out;
}

function clustersOfTree(root: Cluster): Map<string, number> {
  const out = new Map<string, number>();
  root.traverse((node) => {
    if (!node.isLeaf) out.set(node.indices().sort((a, b) => a - b).join(','), node.height);
  });
  return out;
}

function expectSameClusters(actual: Map<string, number>, expected: Map<string, number>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, height] of expected) expect(relativeError(actual.get(key)!, height)).toBeLessThan(1e-9);
}

/** ml-hclust over the same points; its `ward2` is SciPy's ward (test/unit/segment/hierarchical.test.ts proves it). */
function mlHclust(points: Float64Array, n: number, d: number, method: LinkageMethod): Cluster {
  const rows = Array.from({ length: n }, (_, i) => Array.from(points.subarray(i * d, (i + 1) * d)));
  return agnes(rows, { method: method === 'ward' ? 'ward2' : method });
}

describe('linkage reproduces scipy.cluster.hierarchy.linkage (hclust.json)', () => {
  it.each(cases)('$method: the same merges, in the same order, heights to 1e-9 relative', (c) => {
    const z = linkage(X, N, D, { method: c.method });
    const rows = rowsOf(z);
    expect(rows.map(([a, b, , size]) => [a, b, size])).toEqual(c.linkage.map(([a, b, , size]) => [a, b, size]));
    rows.forEach(([, , height], r) => expect(relativeError(height, c.linkage[r][2])).toBeLessThan(1e-9));
    rows.forEach(([, , height], r) => expect(relativeError(height, c.mergeHeights[r])).toBeLessThan(1e-9));
  });

  it.each(cases)('$method: from the condensed distances, the same linkage', (c) => {
    const distances = linkageDistances(X, N, D, { method: c.method });
    expect(distances).toHaveLength((N * (N - 1)) / 2);
    expect(distances[0]).toBe(Math.hypot(...reference.X[0].map((v, j) => v - reference.X[1][j])));
    expect(linkageFromDistances(distances, N, { method: c.method })).toEqual(linkage(X, N, D, { method: c.method }));
  });

  it('computes every distance to the bit as the pairwise kernel does (two per lane pair), weighted ward as its formula', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 9 }), fc.integer(), (n, d, seed) => {
        const points = randomPoints(n, d, seed);
        const plain = pairwiseDistances(points, n, d, 'euclidean');
        expect(linkageDistances(points, n, d, { method: 'average' })).toEqual(plain);
        const weights = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 7 + seed) & 15));
        let at = 0;
        const ward = plain.map(() => 0);
        for (let i = 0; i < n; i++) {
          for (let j = i + 1; j < n; j++, at++) ward[at] = plain[at] * Math.sqrt((2 * weights[i] * weights[j]) / (weights[i] + weights[j]));
        }
        expect(linkageDistances(points, n, d, { method: 'ward', weights })).toEqual(ward);
      }),
      { numRuns: 200 },
    );
  });
});

describe('linkage agrees with ml-hclust on the sizes both can run', () => {
  it.each(['ward', 'complete', 'average'] as const)('%s, n = 300, d = 3', (method) => {
    const points = randomPoints(300, 3, 7);
    expectSameClusters(clustersOfLinkage(linkage(points, 300, 3, { method })), clustersOfTree(mlHclust(points, 300, 3, method)));
  });

  it('every method, random n from 2 to 60 and d from 1 to 5', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer(),
        fc.constantFrom<LinkageMethod>('ward', 'complete', 'average'),
        (n, d, seed, method) => {
          const points = randomPoints(n, d, seed);
          expectSameClusters(clustersOfLinkage(linkage(points, n, d, { method })), clustersOfTree(mlHclust(points, n, d, method)));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('the tiled chain is nn_chain, merge for merge (the TypeScript oracle over a condensed matrix)', () => {
  // n past several 8 × 8 blocks and repacks; small integer coordinates make ties and duplicates.
  it('equal to the bit, every method, with and without weights', () => {
    fc.assert(
      fc.property(pointsCase(160), fc.constantFrom<LinkageMethod>('ward', 'complete', 'average'), fc.boolean(), ({ n, d, points }, method, weighted) => {
        const weights = weighted ? Float64Array.from({ length: n }, (_, i) => 1 + ((i * 5) % 7)) : undefined;
        const condensed = linkageDistances(points, n, d, { method, weights });
        const expected = nnChainLinkage(condensed, n, method, weights);
        expect(linkage(points, n, d, { method, weights })).toEqual(expected);
        expect(linkageFromDistances(condensed, n, { method, weights })).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('the matrix takes the bytes the TypeScript side budgets (blocks of 8 × 8 over the upper triangle)', () => {
    const module = kernels<{ linkageMatrixBytes(n: number): number } & ReturnType<typeof kernels>>();
    for (let n = 0; n <= 300; n++) expect(module.linkageMatrixBytes(n)).toBe(linkageMatrixBytes(n));
    for (const n of [4_337, 11_576, 11_577, 100_000]) expect(module.linkageMatrixBytes(n)).toBe(linkageMatrixBytes(n));
    expect(linkageMatrixBytes(16)).toBe(3 * 512);
  });

  it.each(['ward', 'complete', 'average'] as const)('%s: 900 points of a 12 × 12 grid, most of them duplicates', (method) => {
    const points = Float64Array.from({ length: 900 * 2 }, (_, i) => ((i * 7919) % 13) % 12);
    expect(linkage(points, 900, 2, { method })).toEqual(nnChainLinkage(linkageDistances(points, 900, 2, { method }), 900, method));
  });
});

describe('linkage is a valid tree whatever the input (ties and duplicate points included)', () => {
  it('n − 1 merges of live clusters, a < b, non-decreasing heights, sizes adding up, deterministic', () => {
    fc.assert(
      fc.property(pointsCase(40), fc.constantFrom<LinkageMethod>('ward', 'complete', 'average'), ({ n, d, points }, method) => {
        const z = linkage(points, n, d, { method });
        expect(z.merges).toHaveLength((n - 1) * 4);
        const size = [...new Array<number>(n).fill(1)];
        const used = new Set<number>();
        let previous = 0;
        for (const [a, b, height, merged] of rowsOf(z)) {
          expect(a).toBeLessThan(b);
          expect(b).toBeLessThan(size.length);
          expect(used.has(a) || used.has(b)).toBe(false);
          used.add(a).add(b);
          expect(height).toBeGreaterThanOrEqual(previous);
          previous = height;
          expect(merged).toBe(size[a] + size[b]);
          size.push(merged);
        }
        expect(linkage(points, n, d, { method })).toEqual(z);
      }),
      { numRuns: 200 },
    );
  });

  it('one point: no merge; two points: one merge at their distance', () => {
    expect(linkage(Float64Array.from([1, 2]), 1, 2, { method: 'ward' })).toEqual({ n: 1, merges: new Float64Array(0) });
    expect(rowsOf(linkage(Float64Array.from([0, 0, 3, 4]), 2, 2, { method: 'average' }))).toEqual([[0, 1, 5, 2]]);
  });
});

describe('weights: a leaf standing for w identical points', () => {
  // Expanding each weighted leaf into w copies merges the copies at height 0 first; from there
  // the tree must be the weighted one, merge for merge, for every linkage.
  it.each(['ward', 'complete', 'average'] as const)('%s: the top merges of the expanded points are the weighted linkage', (method) => {
    const m = 25;
    const centres = randomPoints(m, 3, 11);
    const weights = Float64Array.from({ length: m }, (_, i) => 1 + ((i * 7) % 5));
    const expanded: number[] = [];
    weights.forEach((w, i) => {
      for (let copy = 0; copy < w; copy++) expanded.push(...centres.subarray(i * 3, i * 3 + 3));
    });
    const n = expanded.length / 3;
    const full = rowsOf(linkage(Float64Array.from(expanded), n, 3, { method }));
    const weighted = rowsOf(linkage(centres, m, 3, { method, weights }));
    expect(full.slice(0, n - m).every(([, , height]) => height === 0)).toBe(true);
    const top = full.slice(n - m);
    weighted.forEach(([, , height, size], r) => {
      expect(relativeError(height, top[r][2])).toBeLessThan(1e-9);
      expect(size).toBe(top[r][3]);
    });
  });

  it('weights of 1 change nothing', () => {
    const weights = new Float64Array(N).fill(1);
    for (const method of ['ward', 'complete', 'average'] as const) {
      expect(linkage(X, N, D, { method, weights })).toEqual(linkage(X, N, D, { method }));
    }
  });
});

describe('bad arguments and memory', () => {
  it('rejects an unknown method, bad weights and wrong lengths with a RangeError that says what is wrong', () => {
    const points = Float64Array.from([0, 0, 1, 1, 5, 5]);
    expect(() => linkage(points, 3, 2, { method: 'single' as LinkageMethod })).toThrow(
      new RangeError('linkage: method must be one of ward, complete, average, got "single"'),
    );
    expect(() => linkage(points, 3, 2, { method: 'ward', weights: Float64Array.from([1, 0, 2]) })).toThrow(
      /linkage: weights must be positive, but weights\[1\] is 0/,
    );
    expect(() => linkage(points, 3, 2, { method: 'ward', weights: Float64Array.from([1, 2]) })).toThrow(/weights has length 2, expected 3 rows/);
    expect(() => linkage(points, 4, 2, { method: 'ward' })).toThrow(/points has length 6, expected 4 rows x 2 columns = 8/);
    expect(() => linkageFromDistances(Float64Array.from([1, 2]), 3, { method: 'ward' })).toThrow(/distances has length 2, expected 3 rows/);
    expect(() => linkageFromDistances(Float64Array.from([1, NaN, 2]), 3, { method: 'ward' })).toThrow(/distances must be finite/);
  });

  it('prepareLinkage makes room for the whole of a linkage of that size, which then gives the same merges', () => {
    const points = randomPoints(2_500, 3, 9);
    prepareLinkage(2_500, 3);
    const prepared = kernelMemoryBytes();
    expect(prepared).toBeGreaterThan(linkageMatrixBytes(2_500));
    const tree = linkage(points, 2_500, 3, { method: 'average' });
    expect(kernelMemoryBytes()).toBe(prepared);
    expect(tree).toEqual(linkageFromDistances(linkageDistances(points, 2_500, 3, { method: 'average' }), 2_500, { method: 'average' }));
    expect(() => prepareLinkage(0, 3)).toThrow(/prepareLinkage: n must be an integer >= 1, got 0/);
  });

  it('does not grow linear memory across repeated calls of the same size', () => {
    const points = randomPoints(200, 3, 5);
    linkage(points, 200, 3, { method: 'ward' });
    const before = kernelMemoryBytes();
    for (let run = 0; run < 200; run++) linkage(points, 200, 3, { method: run % 2 ? 'average' : 'complete' });
    expect(kernelMemoryBytes()).toBe(before);
  });
});
