// Silhouette kernels: exact, and on a sample stratified by cluster.

import { Frame, kernels, type KernelModule } from './module.js';
import { gatherSample, sampleCapacity, type SilhouetteResult, type SilhouetteSampleOptions } from './types.js';
import { pointsIn, requireInteger, requirePoints, requireSeed, requireSilhouetteLabels } from './validate.js';

interface SilhouetteKernels extends KernelModule {
  silhouetteScratchBytes(n: number, d: number, k: number): number;
  silhouette(points: number, n: number, d: number, labels: number, k: number, samples: number, scratch: number): number;
  silhouettesScratchBytes(n: number, d: number, totalK: number): number;
  silhouettes(points: number, n: number, d: number, labels: number, ks: number, labelings: number, samples: number, means: number,
    scratch: number): void;
  stratifiedSampleScratchBytes(k: number): number;
  stratifiedSample(labels: number, n: number, k: number, sampleSize: number, seed: number,
    indices: number, scratch: number): number;
}

function silhouetteOf(fn: string, points: Float64Array, n: number, d: number, labels: Int32Array, k: number): SilhouetteResult {
  const module = kernels<SilhouetteKernels>();
  const frame = new Frame(module);
  const pointsAt = pointsIn(frame, fn, points, d);
  const labelsAt = frame.i32In(labels);
  const samplesAt = frame.reserve(n * 8);
  const scratchAt = frame.reserve(module.silhouetteScratchBytes(n, d, k));
  const mean = module.silhouette(pointsAt, n, d, labelsAt, k, samplesAt, scratchAt);
  return { mean, samples: frame.f64Out(samplesAt, n), sampleSize: n, sampled: false };
}

/**
 * Exact mean silhouette (euclidean), with per-sample values, as sklearn silhouette_score /
 * silhouette_samples (a point alone in its cluster scores 0). O(n² d) time, n*k*8 bytes of scratch.
 */
export function silhouette(points: Float64Array, n: number, d: number, labels: Int32Array, k: number): SilhouetteResult {
  requirePoints('silhouette', points, n, d);
  requireInteger('silhouette', 'k', k, 1);
  requireSilhouetteLabels('silhouette', labels, n, k);
  return silhouetteOf('silhouette', points, n, d, labels, k);
}

/** A labeling of the points into k clusters, each label in 0..k−1. */
export interface Labeling {
  labels: Int32Array;
  k: number;
}

/**
 * `silhouette` of several labelings of the same points at once: each pairwise distance is
 * computed once for all of them, so each labeling past the first costs under half of a
 * `silhouette` of its own (nine at once: 1.7x to 2x faster than nine apart, `npm run bench`).
 * Equal to `silhouette` of each but for the order of the additions.
 */
export function silhouettes(points: Float64Array, n: number, d: number, labelings: readonly Labeling[]): SilhouetteResult[] {
  requirePoints('silhouettes', points, n, d);
  for (const { labels, k } of labelings) {
    requireInteger('silhouettes', 'k', k, 1);
    requireSilhouetteLabels('silhouettes', labels, n, k);
  }
  const module = kernels<SilhouetteKernels>();
  const frame = new Frame(module);
  const pointsAt = pointsIn(frame, 'silhouettes', points, d);
  if (labelings.length === 0) return [];
  const count = labelings.length;
  const labels = new Int32Array(count * n);
  labelings.forEach((labeling, l) => labels.set(labeling.labels, l * n));
  const ks = Int32Array.from(labelings, (labeling) => labeling.k);
  const totalK = ks.reduce((total, k) => total + k, 0);
  const labelsAt = frame.i32In(labels);
  const ksAt = frame.i32In(ks);
  const samplesAt = frame.reserve(count * n * 8);
  const meansAt = frame.reserve(count * 8);
  const scratchAt = frame.reserve(module.silhouettesScratchBytes(n, d, totalK));
  module.silhouettes(pointsAt, n, d, labelsAt, ksAt, count, samplesAt, meansAt, scratchAt);
  const samples = frame.f64Out(samplesAt, count * n);
  const means = frame.f64Out(meansAt, count);
  return labelings.map((_, l) => ({ mean: means[l], samples: samples.slice(l * n, (l + 1) * n), sampleSize: n, sampled: false }));
}

/**
 * Silhouette of a sample stratified by cluster, computed within the sample as sklearn's
 * silhouette_score(sample_size=...) does; exact (as `silhouette`) when n <= sampleSize.
 * Each cluster gets its proportional share of sampleSize (largest remainders), raised to
 * min(size, 2) so every non-empty cluster is represented with a within-cluster distance; the
 * sample can therefore exceed sampleSize by at most 2 per cluster, and `sampleSize` in the
 * result is the size actually used. Within a cluster the points are drawn uniformly without
 * replacement from the seeded PRNG.
 */
export function silhouetteSampled(
  points: Float64Array, n: number, d: number, labels: Int32Array, k: number, options: SilhouetteSampleOptions,
): SilhouetteResult {
  const { sampleSize, seed } = options;
  requirePoints('silhouetteSampled', points, n, d);
  requireInteger('silhouetteSampled', 'k', k, 1);
  requireSilhouetteLabels('silhouetteSampled', labels, n, k);
  requireInteger('silhouetteSampled', 'sampleSize', sampleSize, 2);
  requireSeed('silhouetteSampled', seed);
  if (n <= sampleSize) return silhouetteOf('silhouetteSampled', points, n, d, labels, k);

  const module = kernels<SilhouetteKernels>();
  const frame = new Frame(module);
  pointsIn(frame, 'silhouetteSampled', points, d); // every point checked, not only those drawn
  const labelsAt = frame.i32In(labels);
  const indicesAt = frame.reserve(sampleCapacity(n, k, sampleSize) * 4);
  const scratchAt = frame.reserve(module.stratifiedSampleScratchBytes(k));
  const count = module.stratifiedSample(labelsAt, n, k, sampleSize, seed, indicesAt, scratchAt);
  const indices = frame.i32Out(indicesAt, count);

  const sample = gatherSample(points, d, labels, indices);
  return { ...silhouetteOf('silhouetteSampled', sample.points, count, d, sample.labels, k), sampled: true, sampleIndices: indices };
}

