// Distance kernels: points to centres, and all pairs (condensed), for four metrics.

import { Frame, kernels, type KernelModule } from './module.js';
import { DISTANCE_METRICS, type DistanceMetric } from './types.js';
import { pointsIn, requireInteger, requireMatrix, requireOneOf, requirePoints } from './validate.js';

interface DistanceKernels extends KernelModule {
  distancesScratchBytes(rows: number): number;
  distancesToCentres(points: number, n: number, d: number, centres: number, k: number, metric: number, out: number, scratch: number): void;
  pairwiseDistances(points: number, n: number, d: number, metric: number, out: number, scratch: number): void;
}

/** The codes assembly/pairwise.ts expects. */
const METRIC_CODES: Record<DistanceMetric, number> = { euclidean: 0, sqeuclidean: 1, manhattan: 2, cosine: 3 };

/**
 * n*k distances, row-major: entry i*k + c from point i to centre c. Cosine is scikit-learn's
 * cosine_distances: 1 - cosine similarity, in [0, 2], and 1 from a zero vector to anything.
 */
export function distancesToCentres(
  points: Float64Array, n: number, d: number, centres: Float64Array, k: number, metric: DistanceMetric = 'euclidean',
): Float64Array {
  const fn = 'distancesToCentres';
  requirePoints(fn, points, n, d);
  requireInteger(fn, 'k', k, 1);
  requireMatrix(fn, 'centres', centres, k, d);
  requireOneOf(fn, 'metric', metric, DISTANCE_METRICS);
  const module = kernels<DistanceKernels>();
  const frame = new Frame(module);
  const pointsAt = pointsIn(frame, fn, points, d);
  const centresAt = frame.f64In(centres);
  const outAt = frame.reserve(n * k * 8);
  const scratchAt = frame.reserve(module.distancesScratchBytes(n + k));
  module.distancesToCentres(pointsAt, n, d, centresAt, k, METRIC_CODES[metric], outAt, scratchAt);
  return frame.f64Out(outAt, n * k);
}

/**
 * Condensed pairwise distances in SciPy's pdist order — (0,1), (0,2), …, (0,n-1), (1,2), … —
 * n(n-1)/2 of them; the distance of pair i < j is at n*i - i*(i+1)/2 + (j - i - 1). Metrics as
 * distancesToCentres. Memory grows as n²: 4 GiB of linear memory caps n near 32,000.
 */
export function pairwiseDistances(points: Float64Array, n: number, d: number, metric: DistanceMetric = 'euclidean'): Float64Array {
  const fn = 'pairwiseDistances';
  requirePoints(fn, points, n, d);
  requireOneOf(fn, 'metric', metric, DISTANCE_METRICS);
  const pairs = (n * (n - 1)) / 2;
  const module = kernels<DistanceKernels>();
  const frame = new Frame(module);
  const pointsAt = pointsIn(frame, fn, points, d);
  const outAt = frame.reserve(pairs * 8);
  const scratchAt = frame.reserve(module.distancesScratchBytes(n));
  module.pairwiseDistances(pointsAt, n, d, METRIC_CODES[metric], outAt, scratchAt);
  return frame.f64Out(outAt, pairs);
}
