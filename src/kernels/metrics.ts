// Cluster validity indices: Calinski–Harabasz and Davies–Bouldin (scikit-learn's definitions).

import { Frame, kernels, type KernelModule } from './module.js';
import { pointsIn, requireInteger, requirePoints, requireScoredLabels } from './validate.js';

interface MetricKernels extends KernelModule {
  clusterIndexScratchBytes(d: number, k: number): number;
  calinskiHarabasz(points: number, n: number, d: number, labels: number, k: number, scratch: number): number;
  daviesBouldin(points: number, n: number, d: number, labels: number, k: number, scratch: number): number;
  labelCounts(labels: number, n: number, k: number, sizes: number): number;
  pairCounts(a: number, b: number, n: number, ka: number, kb: number, cells: number): number;
}

function clusterIndex(
  fn: 'calinskiHarabasz' | 'daviesBouldin', points: Float64Array, n: number, d: number, labels: Int32Array, k: number,
): number {
  requirePoints(fn, points, n, d);
  requireInteger(fn, 'k', k, 1);
  requireScoredLabels(fn, fn === 'calinskiHarabasz' ? 'the Calinski–Harabasz index' : 'the Davies–Bouldin index', labels, n, k);
  const module = kernels<MetricKernels>();
  const frame = new Frame(module);
  const pointsAt = pointsIn(frame, fn, points, d);
  const labelsAt = frame.i32In(labels);
  const scratchAt = frame.reserve(module.clusterIndexScratchBytes(d, k));
  return module[fn](pointsAt, n, d, labelsAt, k, scratchAt);
}

/**
 * scikit-learn's calinski_harabasz_score: between- over within-cluster dispersion, each per
 * degree of freedom; higher is better; 1 when every cluster is a single repeated point. Labels
 * in [0, k), empty ones ignored; needs 2 to n - 1 distinct labels.
 */
export function calinskiHarabasz(points: Float64Array, n: number, d: number, labels: Int32Array, k: number): number {
  return clusterIndex('calinskiHarabasz', points, n, d, labels, k);
}

/**
 * scikit-learn's davies_bouldin_score (euclidean): the mean over clusters of the worst ratio of
 * summed spreads to centroid distance; lower is better; 0 when all spreads or all centroid
 * distances are negligible. Labels in [0, k), empty ones ignored; needs 2 to n - 1 distinct labels.
 */
export function daviesBouldin(points: Float64Array, n: number, d: number, labels: Int32Array, k: number): number {
  return clusterIndex('daviesBouldin', points, n, d, labels, k);
}

/**
 * Items per label of labels in 0..k−1, and the index of the first label outside that range
 * (where counting stopped), −1 when none is. In WebAssembly: the model comparison counts every
 * model's labels once per run, which left to cold JavaScript took milliseconds each.
 */
export function labelCounts(labels: Int32Array, k: number): { sizes: Float64Array; outside: number } {
  requireInteger('labelCounts', 'k', k, 0);
  const module = kernels<MetricKernels>();
  const frame = new Frame(module);
  const labelsAt = frame.i32In(labels);
  const sizesAt = frame.reserve(k * 8);
  const outside = module.labelCounts(labelsAt, labels.length, k, sizesAt);
  return { sizes: frame.f64Out(sizesAt, k), outside };
}

/**
 * The contingency table of two labelings of the same items (a's labels in 0..ka−1 by row, b's in
 * 0..kb−1 by column): cells[x · kb + y] items labelled x by a and y by b.
 */
export function pairCounts(a: Int32Array, ka: number, b: Int32Array, kb: number): Float64Array {
  requireInteger('pairCounts', 'ka', ka, 0);
  requireInteger('pairCounts', 'kb', kb, 0);
  if (a.length !== b.length) throw new RangeError(`pairCounts: labelings have ${a.length} and ${b.length} items`);
  const module = kernels<MetricKernels>();
  const frame = new Frame(module);
  const aAt = frame.i32In(a);
  const bAt = frame.i32In(b);
  const cellsAt = frame.reserve(ka * kb * 8);
  const outside = module.pairCounts(aAt, bAt, a.length, ka, kb, cellsAt);
  if (outside >= 0) throw new RangeError(`pairCounts: item ${outside} is labelled ${a[outside]} and ${b[outside]}, expected 0..${ka - 1} and 0..${kb - 1}`);
  return frame.f64Out(cellsAt, ka * kb);
}
