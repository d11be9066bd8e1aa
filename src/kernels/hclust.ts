// Hierarchical clustering kernels: the condensed dissimilarities agglomeration starts from, and
// the nearest-neighbour chain that agglomerates them into SciPy's linkage matrix.

import { Frame, kernels, prefaultMemory, type KernelModule } from './module.js';
import { pointsIn, requireInteger, requireMatrix, requirePoints } from './validate.js';

interface HclustKernels extends KernelModule {
  linkageDistancesBytes(n: number): number;
  linkageDistancesScratchBytes(n: number, d: number): number;
  linkageDistances(points: number, n: number, d: number, weights: number, method: number, out: number, scratch: number): void;
  linkageMatrixBytes(n: number): number;
  linkageMatrix(points: number, n: number, d: number, weights: number, method: number, out: number, scratch: number): void;
  tileCondensed(condensed: number, n: number, out: number): void;
  nnChainScratchBytes(n: number): number;
  nnChainLinkage(distances: number, n: number, sizes: number, method: number, out: number, scratch: number): void;
}

/** The reducible linkages the nearest-neighbour chain computes exactly. */
export const LINKAGE_METHODS = ['ward', 'complete', 'average'] as const;
export type LinkageMethod = (typeof LINKAGE_METHODS)[number];

/**
 * SciPy's linkage matrix Z over `n` leaves: row r merges clusters a < b at `height` into a
 * cluster of `size` leaves (or summed weights) numbered n + r; leaves are 0..n−1. Rows are
 * sorted by height. Ward heights are SciPy's Lance–Williams ward distance (R's ward.D2).
 */
export interface Linkage {
  n: number;
  /** (n − 1) × 4, row-major: a, b, height, size. */
  merges: Float64Array;
}

export interface LinkageOptions {
  method: LinkageMethod;
  /**
   * Leaves that stand for several points (k-means micro-clusters): their weights (> 0). Ward
   * then merges them as clusters of those sizes and centroids; complete and average use the
   * distance between centroids, with average weighting by size. Default: every weight 1.
   */
  weights?: Float64Array;
}

/** Method codes of assembly/hclust.ts. */
function methodCode(fn: string, method: LinkageMethod): number {
  switch (method) {
    case 'ward':
      return 0;
    case 'complete':
      return 1;
    case 'average':
      return 2;
    default: {
      const unknown: never = method;
      throw new RangeError(`${fn}: method must be one of ${LINKAGE_METHODS.join(', ')}, got ${JSON.stringify(unknown)}`);
    }
  }
}

function requireWeights(fn: string, weights: Float64Array, n: number): void {
  requireMatrix(fn, 'weights', weights, n, 1);
  for (let i = 0; i < n; i++) {
    if (!(weights[i] > 0)) throw new RangeError(`${fn}: weights must be positive, but weights[${i}] is ${weights[i]}`);
  }
}

function requireOptions(fn: string, n: number, options: LinkageOptions): number {
  const code = methodCode(fn, options.method);
  if (options.weights !== undefined) requireWeights(fn, options.weights, n);
  return code;
}

/**
 * The condensed dissimilarities (SciPy's pdist order: pairs (0,1), (0,2), …, (n−2,n−1)) that
 * agglomeration starts from: euclidean distances, or with weights and ward the ward distance
 * between the weighted centroids. n(n−1)/2 values.
 */
export function linkageDistances(points: Float64Array, n: number, d: number, options: LinkageOptions): Float64Array {
  requirePoints('linkageDistances', points, n, d);
  const code = requireOptions('linkageDistances', n, options);
  const module = kernels<HclustKernels>();
  const frame = new Frame(module);
  return frame.f64Out(distancesInMemory('linkageDistances', module, frame, points, n, d, code, options.weights, 'condensed'), (n * (n - 1)) / 2);
}

/**
 * Bytes of the matrix the nearest-neighbour chain works on, for n points: the upper triangle in
 * blocks of 8 × 8 f64 (assembly/hclust.ts's linkageMatrixBytes, which the wrappers allocate by;
 * the tests hold the two equal). Slightly more than the condensed n(n−1)/2 f64.
 */
export function linkageMatrixBytes(n: number): number {
  const blocks = Math.ceil(n / 8);
  return ((blocks * (blocks + 1)) / 2) * 8 * 8 * 8;
}

/** Computes the dissimilarities into linear memory, condensed or tiled for the chain; returns where they are. */
function distancesInMemory(
  fn: string, module: HclustKernels, frame: Frame, points: Float64Array, n: number, d: number, code: number, weights: Float64Array | undefined, layout: 'condensed' | 'tiled',
): number {
  const pointsAt = pointsIn(frame, fn, points, d);
  const weightsAt = weights ? frame.f64In(weights) : 0;
  const tiled = layout === 'tiled';
  const distancesAt = frame.reserve(tiled ? module.linkageMatrixBytes(n) : module.linkageDistancesBytes(n));
  const scratchAt = frame.reserve(module.linkageDistancesScratchBytes(n, d));
  (tiled ? module.linkageMatrix : module.linkageDistances)(pointsAt, n, d, weightsAt, code, distancesAt, scratchAt);
  return distancesAt;
}

function runChain(
  module: HclustKernels, frame: Frame, distancesAt: number, n: number, code: number, weights: Float64Array | undefined,
): Linkage {
  const sizesAt = frame.f64In(weights ?? new Float64Array(n).fill(1));
  const outAt = frame.reserve(Math.max(n - 1, 0) * 4 * 8);
  const scratchAt = frame.reserve(module.nnChainScratchBytes(n));
  module.nnChainLinkage(distancesAt, n, sizesAt, code, outAt, scratchAt);
  return { n, merges: frame.f64Out(outAt, Math.max(n - 1, 0) * 4) };
}

/**
 * Exact agglomerative clustering of the condensed dissimilarities `distances` by the
 * nearest-neighbour chain (SciPy's `nn_chain`), O(n²) time; `weights`, when given, are the
 * leaves' starting sizes. Equal distances break toward the previous chain element, then the
 * lowest index, as SciPy's do.
 */
export function linkageFromDistances(distances: Float64Array, n: number, options: LinkageOptions): Linkage {
  requireInteger('linkageFromDistances', 'n', n, 1);
  requireMatrix('linkageFromDistances', 'distances', distances, (n * (n - 1)) / 2, 1);
  const code = requireOptions('linkageFromDistances', n, options);
  const module = kernels<HclustKernels>();
  const frame = new Frame(module);
  const matrixAt = frame.reserve(module.linkageMatrixBytes(n));
  module.tileCondensed(frame.f64In(distances), n, matrixAt);
  return runChain(module, frame, matrixAt, n, code, options.weights);
}

/**
 * Makes room in linear memory for `linkage` of n points of d coordinates, its pages written now
 * (see prefaultMemory): what it reserves, plus each buffer's alignment.
 */
export function prepareLinkage(n: number, d: number): void {
  requireInteger('prepareLinkage', 'n', n, 1);
  requireInteger('prepareLinkage', 'd', d, 1);
  const module = kernels<HclustKernels>();
  const buffers = [
    n * d * 8, // the points
    module.linkageMatrixBytes(n),
    module.linkageDistancesScratchBytes(n, d),
    n * 8, // the clusters' sizes
    Math.max(n - 1, 0) * 4 * 8, // the merges
    module.nnChainScratchBytes(n),
  ];
  prefaultMemory(buffers.reduce((total, bytes) => total + bytes + 16, 0));
}

/**
 * Exact agglomerative clustering of points (euclidean) by the nearest-neighbour chain, as
 * scipy.cluster.hierarchy.linkage(points, method) computes it. The distance matrix
 * (linkageMatrixBytes) stays in linear memory: the caller decides whether n is affordable.
 */
export function linkage(points: Float64Array, n: number, d: number, options: LinkageOptions): Linkage {
  requirePoints('linkage', points, n, d);
  const code = requireOptions('linkage', n, options);
  const module = kernels<HclustKernels>();
  const frame = new Frame(module);
  return runChain(module, frame, distancesInMemory('linkage', module, frame, points, n, d, code, options.weights, 'tiled'), n, code, options.weights);
}
