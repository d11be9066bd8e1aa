import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ComparisonRow,
  MAX_LARGEST_SHARE,
  MIN_SMALLEST_SHARE,
  RECOMMENDATION_RULE,
  adjustedRandIndex,
  compareModels,
  ModelAgreement,
  recommendModel,
} from '../../../src/segment/compare.js';
import { metricsCases } from '../kernels/reference';
import { calinskiHarabasz, daviesBouldin } from './cluster-metrics';

/** The textbook formula (Hubert & Arabie) from pair counts C(n, 2), for checking the pair-confusion form. */
function naiveAri(a: readonly number[], b: readonly number[]): number {
  const pairs = (count: number) => (count * (count - 1)) / 2;
  const tally = (keys: string[]) => {
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    return [...counts.values()].reduce((sum, c) => sum + pairs(c), 0);
  };
  const index = tally(a.map((x, i) => `${x},${b[i]}`));
  const sumA = tally(a.map(String));
  const sumB = tally(b.map(String));
  const expected = (sumA * sumB) / pairs(a.length);
  return (index - expected) / ((sumA + sumB) / 2 - expected);
}

describe('adjustedRandIndex', () => {
  // The examples of scikit-learn's adjusted_rand_score documentation.
  it.each([
    [[0, 0, 1, 1], [0, 0, 1, 1], 1],
    [[0, 0, 1, 1], [1, 1, 0, 0], 1],
    [[0, 0, 1, 2], [0, 0, 1, 1], 4 / 7],
    [[0, 0, 1, 1], [0, 0, 1, 2], 4 / 7],
    [[0, 0, 0, 0], [0, 1, 2, 3], 0],
    [[0, 0, 1, 1], [0, 1, 0, 1], -0.5],
  ])('%j against %j is %d, as scikit-learn', (a, b, expected) => {
    expect(adjustedRandIndex(a, b)).toBe(expected);
  });

  it('is 1 for two single clusters and for two all-singleton labelings (scikit-learn\'s special cases)', () => {
    expect(adjustedRandIndex([3, 3, 3], [0, 0, 0])).toBe(1);
    expect(adjustedRandIndex([0, 1, 2], [2, 0, 1])).toBe(1);
    expect(adjustedRandIndex([], [])).toBe(1);
  });

  it('equals the textbook formula, is symmetric and ignores label names', () => {
    const labels = (n: number) => fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n });
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }).chain((n) => fc.tuple(labels(n), labels(n))),
        ([a, b]) => {
          const ari = adjustedRandIndex(a, b);
          const textbook = naiveAri(a, b);
          if (Number.isFinite(textbook)) expect(ari).toBeCloseTo(textbook, 12);
          expect(adjustedRandIndex(b, a)).toBe(ari);
          expect(adjustedRandIndex(a.map((x) => 10 - 3 * x), b)).toBe(ari);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts in a table or a map alike: labels far apart, negative or fractional give the textbook value', () => {
    const label = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5_000 }), fc.constantFrom(-1, 0.5, 2 ** 40));
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }).chain((n) => fc.tuple(fc.array(label, { minLength: n, maxLength: n }), fc.array(label, { minLength: n, maxLength: n }))),
        ([a, b]) => {
          const textbook = naiveAri(a, b);
          if (Number.isFinite(textbook)) expect(adjustedRandIndex(a, b)).toBeCloseTo(textbook, 12);
          // Renaming labels to small codes changes nothing, to the bit.
          const renamed = (labels: number[]) => labels.map((l) => [...new Set(labels)].indexOf(l));
          expect(adjustedRandIndex(renamed(a), renamed(b))).toBe(adjustedRandIndex(a, b));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects labelings of different lengths', () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(new RangeError('adjustedRandIndex: labelings have 2 and 1 items'));
  });
});

describe('the test helpers for Calinski–Harabasz and Davies–Bouldin match scikit-learn (metrics.json)', () => {
  it.each(metricsCases.map((c, index) => ({ ...c, index })))('case $index', (c) => {
    const points = Float64Array.from(c.X.flat());
    const labels = Int32Array.from(c.labels);
    expect(calinskiHarabasz(points, c.n, c.d, labels, c.k)).toBeCloseTo(c.calinskiHarabasz, 8);
    expect(daviesBouldin(points, c.n, c.d, labels, c.k)).toBeCloseTo(c.daviesBouldin, 10);
  });
});

const candidate = (model: string, family: 'kmeans' | 'gmm' | 'hierarchical', labels: number[], k: number, scores: [number, number, number], bic?: number) => ({
  model,
  family,
  k,
  labels: Int32Array.from(labels),
  silhouette: scores[0],
  calinskiHarabasz: scores[1],
  daviesBouldin: scores[2],
  ...(bic === undefined ? {} : { bic }),
});

describe('compareModels', () => {
  const candidates = [
    candidate('kmeans', 'kmeans', [0, 0, 1, 1, 2, 2], 3, [0.5, 100, 0.6]),
    candidate('gmm-full', 'gmm', [1, 1, 0, 0, 2, 2], 3, [0.5, 100, 0.6], -42.5),
    candidate('hierarchical-ward', 'hierarchical', [0, 0, 0, 0, 1, 1], 2, [0.4, 80, 0.7]),
  ];

  // ARI of the 3-cluster and 2-cluster labelings: pairs together in both 3, in the first 3, in the second 7, of 15: (3 − 21/15) / (5 − 21/15) = 4/9.
  it('gives each model its sizes, shares and adjusted Rand index against every model', () => {
    expect(compareModels(candidates)).toEqual([
      {
        model: 'kmeans', family: 'kmeans', k: 3, silhouette: 0.5, calinskiHarabasz: 100, daviesBouldin: 0.6,
        sizes: [2, 2, 2], smallestShare: 2 / 6, largestShare: 2 / 6,
        ari: { kmeans: 1, 'gmm-full': 1, 'hierarchical-ward': 4 / 9 },
      },
      {
        model: 'gmm-full', family: 'gmm', k: 3, silhouette: 0.5, calinskiHarabasz: 100, daviesBouldin: 0.6, bic: -42.5,
        sizes: [2, 2, 2], smallestShare: 2 / 6, largestShare: 2 / 6,
        ari: { kmeans: 1, 'gmm-full': 1, 'hierarchical-ward': 4 / 9 },
      },
      {
        model: 'hierarchical-ward', family: 'hierarchical', k: 2, silhouette: 0.4, calinskiHarabasz: 80, daviesBouldin: 0.7,
        sizes: [4, 2], smallestShare: 2 / 6, largestShare: 4 / 6,
        ari: { kmeans: 4 / 9, 'gmm-full': 4 / 9, 'hierarchical-ward': 1 },
      },
    ]);
  });

  it('rejects an empty table, a model twice, other customers, labels out of range and non-finite metrics', () => {
    expect(() => compareModels([])).toThrow(/no models to compare/);
    expect(() => compareModels([candidates[0], candidates[0]])).toThrow(/model "kmeans" appears twice/);
    expect(() => compareModels([candidates[0], { ...candidates[2], labels: Int32Array.from([0, 1]) }])).toThrow(
      /"hierarchical-ward" labels 2 customers, "kmeans" 6/,
    );
    expect(() => compareModels([{ ...candidates[0], labels: Int32Array.from([0, 0, 1, 1, 2, 3]) }])).toThrow(/label 3 outside 0..2/);
    expect(() => compareModels([{ ...candidates[0], silhouette: NaN }])).toThrow(/has silhouette NaN/);
  });

  it('agrees with adjustedRandIndex on every pair of models, whatever order they are added in', () => {
    const models = fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer()), { minLength: 2, maxLength: 5 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), models, (n, specs) => {
        const labelings = specs.map(([k, seed]) => {
          let state = seed >>> 0;
          return { k, labels: Int32Array.from({ length: n }, () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) % k)) };
        });
        const agreement = new ModelAgreement();
        labelings.forEach(({ labels, k }, i) => agreement.add(`m${i}`, labels, k));
        labelings.forEach((x, i) => labelings.forEach((y, j) => expect(agreement.between(`m${i}`, `m${j}`)).toBe(i === j ? 1 : adjustedRandIndex(x.labels, y.labels))));
      }),
      { numRuns: 100 },
    );
  });

  it('takes the agreement of the models already compared, as they came, and adds the others', () => {
    const agreement = new ModelAgreement();
    agreement.add('hierarchical-ward', candidates[2].labels, candidates[2].k);
    agreement.add('kmeans', candidates[0].labels, candidates[0].k);
    expect(agreement.between('kmeans', 'hierarchical-ward')).toBe(4 / 9);
    expect(agreement.between('hierarchical-ward', 'kmeans')).toBe(4 / 9);
    expect(compareModels(candidates, agreement)).toEqual(compareModels(candidates));
    expect(agreement.between('gmm-full', 'kmeans')).toBe(1);
    expect(() => agreement.add('kmeans', Int32Array.from([0, 0, 1, 1, 2, 2]), 3)).toThrow(/model "kmeans" added twice with different labels/);
  });
});

const row = (model: string, family: ComparisonRow['family'], scores: [number, number, number], smallestShare: number, largestShare: number): ComparisonRow => ({
  model,
  family,
  k: 4,
  silhouette: scores[0],
  calinskiHarabasz: scores[1],
  daviesBouldin: scores[2],
  sizes: [],
  smallestShare,
  largestShare,
  ari: {},
});

describe('recommendModel', () => {
  it('guards against a segment of a handful of whales and against one giant segment', () => {
    expect(MIN_SMALLEST_SHARE).toBe(0.02);
    expect(MAX_LARGEST_SHARE).toBe(0.6);
  });

  it('ranks the eligible models on the three metrics and says why, with the numbers', () => {
    const table = [
      row('kmeans', 'kmeans', [0.45, 2000, 0.8], 0.1, 0.4),
      row('gmm-full', 'gmm', [0.4, 1800, 0.7], 0.05, 0.45),
      row('hierarchical-ward', 'hierarchical', [0.44, 1900, 0.75], 0.08, 0.42),
      // Better scores, but degenerate: the guards leave them out.
      row('hierarchical-average', 'hierarchical', [0.6, 900, 0.5], 0.001, 0.55),
      row('hierarchical-complete', 'hierarchical', [0.5, 1000, 0.6], 0.05, 0.8),
    ];
    expect(recommendModel(table)).toEqual({
      model: 'kmeans',
      reason:
        'kmeans (k = 4) ranks best over silhouette 0.450 (1st), Calinski–Harabasz 2,000.0 (1st) and Davies–Bouldin ' +
        '0.800 (3rd) among the 3 of 5 models with no tiny and no giant segment; its segments from 10.0% to 40.0% of ' +
        'customers. Left out: hierarchical-average (its smallest segment holds 0.1% of customers); ' +
        'hierarchical-complete (its largest segment holds 80.0%).',
      rule: RECOMMENDATION_RULE,
      eligible: ['kmeans', 'gmm-full', 'hierarchical-ward'],
      excluded: [
        { model: 'hierarchical-average', reason: 'its smallest segment holds 0.1% of customers' },
        { model: 'hierarchical-complete', reason: 'its largest segment holds 80.0%' },
      ],
      rankSums: { kmeans: 5, 'gmm-full': 7, 'hierarchical-ward': 6 },
    });
  });

  it('breaks equal rank sums by silhouette, then k-means before mixtures before hierarchical', () => {
    const bySilhouette = [row('a', 'hierarchical', [0.5, 10, 0.5], 0.2, 0.5), row('b', 'kmeans', [0.4, 20, 0.5], 0.2, 0.5)];
    expect(recommendModel(bySilhouette).model).toBe('a');
    const byFamily = [row('h', 'hierarchical', [0.5, 10, 0.5], 0.2, 0.5), row('g', 'gmm', [0.5, 10, 0.5], 0.2, 0.5)];
    const recommendation = recommendModel(byFamily);
    expect(recommendation.model).toBe('g');
    expect(recommendation.reason).toContain('silhouette 0.500 (1.5 (tied))');
  });

  it('without an eligible model, takes the one with the largest smallest segment and says so', () => {
    const table = [row('whales', 'kmeans', [0.7, 500, 0.3], 0.005, 0.5), row('giant', 'hierarchical', [0.3, 100, 0.9], 0.03, 0.9)];
    const recommendation = recommendModel(table);
    expect(recommendation.model).toBe('giant');
    expect(recommendation.eligible).toEqual([]);
    expect(recommendation.reason).toBe(
      'No model avoids both a tiny and a giant segment, so giant (k = 4), the one with the largest smallest segment, ' +
        'is recommended with care: silhouette 0.300 (2nd), Calinski–Harabasz 100.0 (2nd) and Davies–Bouldin 0.900 (2nd); ' +
        'segments from 3.0% to 90.0% of customers. Left out: whales (its smallest segment holds 0.5% of customers); ' +
        'giant (its largest segment holds 90.0%).',
    );
  });
});
