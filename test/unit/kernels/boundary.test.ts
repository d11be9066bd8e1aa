import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calinskiHarabasz, daviesBouldin, distanceToAssignedCentre, distancesToCentres, gaussianMixture, kernelMemoryBytes, kmeans, linkage,
  linkageDistances, lloyd, pairwiseDistances, pca2, predictMixture, silhouette, silhouettes, silhouetteSampled,
} from '../../../src/kernels/index.js';
import { blobs } from './arbitraries';

const points = Float64Array.from([0, 0, 1, 1, 5, 5, 6, 6]); // n = 4, d = 2
const labels = Int32Array.from([0, 0, 1, 1]);

describe('the wrapper rejects bad arguments with a RangeError that says what is wrong', () => {
  it('n < k', () => {
    expect(() => kmeans(points, 4, 2, 5, { seed: 1 })).toThrow(new RangeError('kmeans: n (4) is less than k (5): cannot make more clusters than there are points'));
  });

  it('k < 1, non-integer counts', () => {
    expect(() => kmeans(points, 4, 2, 0, { seed: 1 })).toThrow(/kmeans: k must be an integer >= 1, got 0/);
    expect(() => kmeans(points, 4, 2, 2, { seed: 1, starts: 0 })).toThrow(/starts must be an integer >= 1/);
    expect(() => lloyd(points, 4, 2, points.subarray(0, 4), 2, 1.5)).toThrow(/maxIter must be an integer >= 1, got 1.5/);
    expect(() => kmeans(points, 4, 2, 2, { seed: 0.5 })).toThrow(/seed must be a safe integer/);
  });

  it('wrong array lengths', () => {
    expect(() => kmeans(points, 3, 2, 2, { seed: 1 })).toThrow(new RangeError('kmeans: points has length 8, expected 3 rows x 2 columns = 6'));
    expect(() => lloyd(points, 4, 2, Float64Array.from([0, 0, 1]), 2)).toThrow(/lloyd: initCentres has length 3, expected 2 rows x 2 columns = 4/);
    expect(() => silhouette(points, 4, 2, Int32Array.from([0, 1]), 2)).toThrow(/silhouette: labels has length 2, expected n = 4/);
    expect(() => distanceToAssignedCentre(points, 4, 2, Float64Array.from([0, 0, 1]), labels)).toThrow(/centres has length 3, expected a positive multiple of d = 2/);
  });

  it('non-finite input values', () => {
    const withNaN = Float64Array.from([0, 0, 1, 1, 5, NaN, 6, 6]);
    expect(() => kmeans(withNaN, 4, 2, 2, { seed: 1 })).toThrow(new RangeError('kmeans: points must be finite, but row 2, column 1 is NaN'));
    expect(() => silhouette(withNaN, 4, 2, labels, 2)).toThrow(/row 2, column 1 is NaN/);
    expect(() => lloyd(points, 4, 2, Float64Array.from([0, Infinity, 1, 1]), 2)).toThrow(/initCentres must be finite, but row 0, column 1 is Infinity/);
  });

  it('non-finite values reach no kernel', () => {
    const withInfinity = Float64Array.from([0, 0, 1, 1, 5, 5, 6, -Infinity]);
    expect(() => gaussianMixture(withInfinity, 4, 2, 2, { seed: 1 })).toThrow('gaussianMixture: points must be finite, but row 3, column 1 is -Infinity');
    expect(() => pca2(withInfinity, 4, 2)).toThrow(/pca2: points must be finite/);
    expect(() => calinskiHarabasz(withInfinity, 4, 2, labels, 2)).toThrow(/calinskiHarabasz: points must be finite/);
    expect(() => daviesBouldin(withInfinity, 4, 2, labels, 2)).toThrow(/daviesBouldin: points must be finite/);
    expect(() => distancesToCentres(points, 4, 2, Float64Array.from([0, NaN]), 1)).toThrow(/centres must be finite, but row 0, column 1 is NaN/);
    expect(() => pairwiseDistances(withInfinity, 4, 2)).toThrow(/pairwiseDistances: points must be finite/);
    const model = gaussianMixture(points, 4, 2, 2, { seed: 1 });
    expect(() => predictMixture({ ...model, means: Float64Array.from([0, 0, NaN, 1]) }, points, 4)).toThrow(/model.means must be finite/);
  });

  // The points' coordinates are checked on their copy in linear memory (validate.ts, pointsIn): every wrapper that takes points.
  it.each([
    ['kmeans', (p: Float64Array) => kmeans(p, 4, 2, 2, { seed: 1 })],
    ['lloyd', (p: Float64Array) => lloyd(p, 4, 2, points.subarray(0, 4), 2)],
    ['distanceToAssignedCentre', (p: Float64Array) => distanceToAssignedCentre(p, 4, 2, points.subarray(0, 4), labels)],
    ['distancesToCentres', (p: Float64Array) => distancesToCentres(p, 4, 2, points.subarray(0, 4), 2)],
    ['pairwiseDistances', (p: Float64Array) => pairwiseDistances(p, 4, 2)],
    ['silhouette', (p: Float64Array) => silhouette(p, 4, 2, labels, 2)],
    ['silhouettes', (p: Float64Array) => silhouettes(p, 4, 2, [])],
    ['silhouetteSampled', (p: Float64Array) => silhouetteSampled(p, 4, 2, labels, 2, { sampleSize: 2, seed: 1 })],
    ['calinskiHarabasz', (p: Float64Array) => calinskiHarabasz(p, 4, 2, labels, 2)],
    ['daviesBouldin', (p: Float64Array) => daviesBouldin(p, 4, 2, labels, 2)],
    ['pca2', (p: Float64Array) => pca2(p, 4, 2)],
    ['gaussianMixture', (p: Float64Array) => gaussianMixture(p, 4, 2, 2, { seed: 1 })],
    ['predictMixture', (p: Float64Array) => predictMixture(gaussianMixture(points, 4, 2, 2, { seed: 1 }), p, 4)],
    ['linkage', (p: Float64Array) => linkage(p, 4, 2, { method: 'ward' })],
    ['linkageDistances', (p: Float64Array) => linkageDistances(p, 4, 2, { method: 'ward' })],
  ])('%s refuses points with a non-finite coordinate, naming it', (name, call) => {
    const withNaN = Float64Array.from([0, 0, 1, 1, 5, 5, NaN, 6]);
    expect(() => call(withNaN)).toThrow(new RangeError(`${name}: points must be finite, but row 3, column 0 is NaN`));
  });

  it('finds the first non-finite coordinate wherever it is', () => {
    const bad = fc.constantFrom(NaN, Infinity, -Infinity);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5 }), fc.nat(), bad, fc.option(fc.nat()), (n, d, at, value, second) => {
        const values = Float64Array.from({ length: n * d }, (_, i) => i / 7 - 3);
        const first = at % values.length;
        values[first] = value;
        const after = values.length - first - 1;
        if (second !== null && after > 0) values[first + 1 + (second % after)] = NaN; // a later one changes nothing
        expect(() => distanceToAssignedCentre(values, n, d, new Float64Array(d), new Int32Array(n))).toThrow(
          new RangeError(`distanceToAssignedCentre: points must be finite, but row ${Math.floor(first / d)}, column ${first % d} is ${value}`),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('labels out of range, or too few / too many distinct labels for a silhouette', () => {
    expect(() => silhouette(points, 4, 2, Int32Array.from([0, 0, 2, 1]), 2)).toThrow(/labels\[2\] is 2, expected 0 <= label < k = 2/);
    expect(() => silhouette(points, 4, 2, Int32Array.from([1, 1, 1, 1]), 2)).toThrow(/needs 2 to n - 1 = 3 distinct labels, got 1/);
    expect(() => silhouetteSampled(points, 4, 2, Int32Array.from([0, 1, 2, 3]), 4, { sampleSize: 2, seed: 1 })).toThrow(/got 4/);
  });
});

describe('linear memory', () => {
  it('does not grow across repeated calls of every kernel', () => {
    const small = blobs([30, 20, 10], 3);
    const run = (seed: number) => {
      const clustering = kmeans(small.points, small.n, 3, 3, { seed, starts: 2, algorithm: seed % 2 ? 'hamerly' : 'minibatch', batchSize: 16 });
      const mixture = gaussianMixture(small.points, small.n, 3, 3, { seed, covarianceType: (['full', 'tied', 'diag', 'spherical'] as const)[seed % 4] });
      predictMixture(mixture, small.points, small.n);
      calinskiHarabasz(small.points, small.n, 3, clustering.labels, 3);
      daviesBouldin(small.points, small.n, 3, clustering.labels, 3);
      pca2(small.points, small.n, 3);
      distancesToCentres(small.points, small.n, 3, clustering.centres, 3, 'cosine');
      pairwiseDistances(small.points, small.n, 3, 'manhattan');
    };
    for (let seed = 0; seed < 4; seed++) run(seed); // every algorithm and covariance type once
    const before = kernelMemoryBytes();
    for (let seed = 4; seed < 500; seed++) run(seed);
    expect(kernelMemoryBytes()).toBe(before);
  });

  it('does not grow across thousands of small calls: each call reuses the same frame', () => {
    const small = blobs([6, 5, 4], 3);
    const run = (seed: number) => {
      const clustering = kmeans(small.points, small.n, 3, 3, { seed, starts: 2 });
      silhouette(small.points, small.n, 3, clustering.labels, 3);
      silhouetteSampled(small.points, small.n, 3, clustering.labels, 3, { sampleSize: 8, seed });
      distanceToAssignedCentre(small.points, small.n, 3, clustering.centres, clustering.labels);
    };
    run(0);
    const before = kernelMemoryBytes();
    for (let seed = 1; seed <= 3000; seed++) run(seed);
    expect(kernelMemoryBytes()).toBe(before);
  });

  it('grows to the largest call and stays there', () => {
    const large = blobs([1500, 1500], 4);
    kmeans(large.points, large.n, 4, 8, { seed: 1, starts: 1 });
    const afterLarge = kernelMemoryBytes();
    const small = blobs([5, 5], 4);
    for (let seed = 0; seed < 200; seed++) kmeans(small.points, small.n, 4, 2, { seed, starts: 1 });
    kmeans(large.points, large.n, 4, 8, { seed: 2, starts: 1 });
    expect(kernelMemoryBytes()).toBe(afterLarge);
  });
});
