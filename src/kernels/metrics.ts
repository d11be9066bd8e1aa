// Cluster validity indices: Calinski–Harabasz and Davies–Bouldin (scikit-learn's definitions).

import { Frame, kernels, type KernelModule } from './module.js';
import { pointsIn, requireInteger, requirePoints, requireScoredLabels } from './validate.js';

interface MetricKernels extends KernelModule {
  clusterIndexScratchBytes(d: number, k: number): number;
  calinskiHarabasz(points: number, n: number, d: number, labels: number, k: number, scratch: number): number;
  daviesBouldin(points: number, n: number, d: number, labels: number, k: number, scratch: number): number;
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
