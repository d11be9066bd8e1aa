// k-means kernels: Lloyd and Hamerly from given centres, seeded k-means++ with several starts
// (Lloyd, Hamerly or mini-batch, by size), and each point's distance to its centre.

import { Frame, kernels, type KernelModule } from './module.js';
import {
  KMEANS_DEFAULTS, chooseKMeansAlgorithm, type KMeansAlgorithm, type KMeansOptions, type KMeansResult,
} from './types.js';
import {
  pointsIn, requireClusterCount, requireInteger, requireLabels, requireMatrix, requireNumber, requireOneOf, requirePoints, requireSeed,
} from './validate.js';

interface KMeansKernels extends KernelModule {
  lloydScratchBytes(n: number, d: number, k: number): number;
  lloyd(points: number, n: number, d: number, centres: number, k: number, maxIter: number, shiftTol: number,
    labels: number, scratch: number, summary: number): void;
  hamerlyScratchBytes(n: number, d: number, k: number): number;
  hamerly(points: number, n: number, d: number, centres: number, k: number, maxIter: number, shiftTol: number,
    labels: number, scratch: number, summary: number): void;
  kmeansScratchBytes(n: number, d: number, k: number, algorithm: number, batchSize: number): number;
  kmeans(points: number, n: number, d: number, k: number, starts: number, maxIter: number, tol: number, seed: number,
    algorithm: number, batchSize: number, centres: number, labels: number, scratch: number, summary: number): void;
  distancesToAssignedCentre(points: number, n: number, d: number, centres: number, labels: number, out: number): void;
}

/** The algorithm codes assembly/kmeans.ts expects (its LLOYD, HAMERLY, MINIBATCH). */
export const ALGORITHM_CODES: Record<KMeansAlgorithm, number> = { lloyd: 0, hamerly: 1, minibatch: 2 };
const ALGORITHMS = ['auto', 'lloyd', 'hamerly', 'minibatch'] as const;

/** The 16-byte block the k-means kernels write: inertia f64, iterations i32, converged i32. */
const SUMMARY_BYTES = 16;

function readSummary(frame: Frame, pointer: number): { inertia: number; iterations: number; converged: boolean } {
  const view = frame.view(pointer, SUMMARY_BYTES);
  return { inertia: view.getFloat64(0, true), iterations: view.getInt32(8, true), converged: view.getInt32(12, true) === 1 };
}

function fromCentres(
  fn: 'lloyd' | 'hamerly', points: Float64Array, n: number, d: number, initCentres: Float64Array, k: number, maxIter: number,
): KMeansResult {
  requirePoints(fn, points, n, d);
  requireClusterCount(fn, n, k);
  requireMatrix(fn, 'initCentres', initCentres, k, d);
  requireInteger(fn, 'maxIter', maxIter, 1);

  const module = kernels<KMeansKernels>();
  const frame = new Frame(module);
  const pointsAt = pointsIn(frame, fn, points, d);
  const centresAt = frame.f64In(initCentres);
  const labelsAt = frame.reserve(n * 4);
  const summaryAt = frame.reserve(SUMMARY_BYTES);
  if (fn === 'lloyd') {
    const scratchAt = frame.reserve(module.lloydScratchBytes(n, d, k));
    module.lloyd(pointsAt, n, d, centresAt, k, maxIter, 0, labelsAt, scratchAt, summaryAt);
  } else {
    const scratchAt = frame.reserve(module.hamerlyScratchBytes(n, d, k));
    module.hamerly(pointsAt, n, d, centresAt, k, maxIter, 0, labelsAt, scratchAt, summaryAt);
  }
  return {
    algorithm: fn, centres: frame.f64Out(centresAt, k * d), labels: frame.i32Out(labelsAt, n), ...readSummary(frame, summaryAt),
  };
}

/** Lloyd from given initial centres, to convergence (labels stop changing, like sklearn tol=0) or maxIter. */
export function lloyd(
  points: Float64Array, n: number, d: number, initCentres: Float64Array, k: number,
  maxIter: number = KMEANS_DEFAULTS.maxIter,
): KMeansResult {
  return fromCentres('lloyd', points, n, d, initCentres, k, maxIter);
}

/**
 * Hamerly's accelerated k-means from given initial centres: exactly `lloyd`'s result (labels,
 * centres, inertia, iterations), computing far fewer distances once the centres settle.
 */
export function hamerly(
  points: Float64Array, n: number, d: number, initCentres: Float64Array, k: number,
  maxIter: number = KMEANS_DEFAULTS.maxIter,
): KMeansResult {
  return fromCentres('hamerly', points, n, d, initCentres, k, maxIter);
}

/**
 * k-means++ seeding (scikit-learn's greedy variant: 2 + floor(ln k) candidate trials per centre)
 * then `algorithm`, `starts` times from one seeded PRNG stream; returns the start of lowest
 * inertia (the first on ties) and says which algorithm ran. Each run stops when the labels stop
 * changing or, with `tol` > 0, when the centres move less than scikit-learn's tol allows. 'auto' (the default) takes Lloyd
 * for small n, Hamerly (the same result, faster) for large n and mini-batch (an approximation:
 * `starts` seedings on samples, the best one refined by batches) for very large n; see
 * chooseKMeansAlgorithm.
 */
export function kmeans(points: Float64Array, n: number, d: number, k: number, options: KMeansOptions): KMeansResult {
  const {
    seed, starts = KMEANS_DEFAULTS.starts, maxIter = KMEANS_DEFAULTS.maxIter, batchSize = KMEANS_DEFAULTS.batchSize,
    tol = KMEANS_DEFAULTS.tol, algorithm: requested = 'auto',
  } = options;
  requirePoints('kmeans', points, n, d);
  requireClusterCount('kmeans', n, k);
  requireSeed('kmeans', seed);
  requireInteger('kmeans', 'starts', starts, 1);
  requireInteger('kmeans', 'maxIter', maxIter, 1);
  requireInteger('kmeans', 'batchSize', batchSize, 1);
  requireNumber('kmeans', 'tol', tol, 0);
  requireOneOf('kmeans', 'algorithm', requested, ALGORITHMS);
  const algorithm = requested === 'auto' ? chooseKMeansAlgorithm(n) : requested;

  const module = kernels<KMeansKernels>();
  const frame = new Frame(module);
  const pointsAt = pointsIn(frame, 'kmeans', points, d);
  const centresAt = frame.reserve(k * d * 8);
  const labelsAt = frame.reserve(n * 4);
  const summaryAt = frame.reserve(SUMMARY_BYTES);
  const code = ALGORITHM_CODES[algorithm];
  const scratchAt = frame.reserve(module.kmeansScratchBytes(n, d, k, code, batchSize));
  module.kmeans(pointsAt, n, d, k, starts, maxIter, tol, seed, code, batchSize, centresAt, labelsAt, scratchAt, summaryAt);
  return {
    algorithm, centres: frame.f64Out(centresAt, k * d), labels: frame.i32Out(labelsAt, n), ...readSummary(frame, summaryAt),
  };
}

/** Euclidean distance from each point to the centre of its label. */
export function distanceToAssignedCentre(
  points: Float64Array, n: number, d: number, centres: Float64Array, labels: Int32Array,
): Float64Array {
  requirePoints('distanceToAssignedCentre', points, n, d);
  if (centres.length === 0 || centres.length % d !== 0) {
    throw new RangeError(`distanceToAssignedCentre: centres has length ${centres.length}, expected a positive multiple of d = ${d}`);
  }
  const k = centres.length / d;
  requireMatrix('distanceToAssignedCentre', 'centres', centres, k, d);
  requireLabels('distanceToAssignedCentre', labels, n, k);

  const module = kernels<KMeansKernels>();
  const frame = new Frame(module);
  const pointsAt = pointsIn(frame, 'distanceToAssignedCentre', points, d);
  const centresAt = frame.f64In(centres);
  const labelsAt = frame.i32In(labels);
  const distancesAt = frame.reserve(n * 8);
  module.distancesToAssignedCentre(pointsAt, n, d, centresAt, labelsAt, distancesAt);
  return frame.f64Out(distancesAt, n);
}
