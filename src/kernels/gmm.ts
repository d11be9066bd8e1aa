// Gaussian mixture kernels: EM fit (scikit-learn's GaussianMixture) and prediction.

import { ALGORITHM_CODES } from './kmeans.js';
import { Frame, kernels, type KernelModule } from './module.js';
import {
  COVARIANCE_TYPES, GMM_DEFAULTS, KMEANS_DEFAULTS, chooseKMeansAlgorithm, covarianceLength, informationCriteria,
  mixtureParameterCount,
  type CovarianceType, type GaussianMixtureModel, type GaussianMixtureOptions, type GaussianMixtureResult, type KMeansAlgorithm,
  type LabelsOnly, type MixtureInit, type MixturePrediction,
} from './types.js';
import {
  pointsIn, requireClusterCount, requireInteger, requireLabels, requireMatrix, requireNumber, requireOneOf, requirePoints, requireSeed,
} from './validate.js';

interface MixtureKernels extends KernelModule {
  gaussianMixtureScratchBytes(n: number, d: number, k: number, type: number, init: number, algorithm: number, batchSize: number): number;
  gaussianMixture(points: number, n: number, d: number, k: number, type: number, starts: number, maxIter: number,
    tol: number, regCovar: number, seed: number, initMode: number, algorithm: number, batchSize: number, init: number,
    model: number, resp: number, labels: number, scratch: number, summary: number): void;
  gaussianMixturePredictScratchBytes(d: number, k: number): number;
  gaussianMixturePredict(points: number, n: number, d: number, k: number, type: number, model: number,
    resp: number, labels: number, scratch: number): number;
}

/** The codes assembly/gmm.ts expects. */
const TYPE_CODES: Record<CovarianceType, number> = { full: 0, tied: 1, diag: 2, spherical: 3 };
const INIT_KMEANS = 0;
const INIT_LABELS = 1;
const INIT_PARAMETERS = 2;
/** The 32-byte summary: lower bound f64, score f64, iterations i32, converged i32, status i32, failed component i32. */
const SUMMARY_BYTES = 32;

/** Model block entries: weights | means | covariances | precision factors (assembly/gmm.ts). */
function modelLength(type: CovarianceType, d: number, k: number): number {
  return k + k * d + 2 * covarianceLength(type, d, k);
}

/** scikit-learn's precisions_init default in this kernel: identity precisions, in the shape of the type. */
function identityPrecisions(type: CovarianceType, d: number, k: number): Float64Array {
  if (type === 'diag' || type === 'spherical') return new Float64Array(covarianceLength(type, d, k)).fill(1);
  const precisions = new Float64Array(covarianceLength(type, d, k));
  for (let offset = 0; offset < precisions.length; offset += d * d) for (let j = 0; j < d; j++) precisions[offset + j * d + j] = 1;
  return precisions;
}

/** scikit-learn's _check_weights, _check_means and _check_precisions (positive definiteness is checked by the kernel). */
function parametersBlock(
  fn: string, init: { weights: Float64Array; means: Float64Array; precisions?: Float64Array }, type: CovarianceType, d: number, k: number,
): Float64Array {
  const precisions = init.precisions ?? identityPrecisions(type, d, k);
  requireMatrix(fn, 'init.weights', init.weights, k, 1);
  requireMatrix(fn, 'init.means', init.means, k, d);
  requireMatrix(fn, `init.precisions (${type})`, precisions, covarianceLength(type, d, k), 1);
  const total = init.weights.reduce((sum, weight) => sum + weight, 0);
  if (init.weights.some((weight) => weight < 0 || weight > 1) || Math.abs(1 - total) > 1e-8) {
    throw new RangeError(`${fn}: init.weights must lie in [0, 1] and sum to 1, got sum ${total}`);
  }
  if ((type === 'diag' || type === 'spherical') && precisions.some((precision) => precision <= 0)) {
    throw new RangeError(`${fn}: init.precisions must be positive for covariance type '${type}'`);
  }
  if (type === 'full' || type === 'tied') {
    for (let offset = 0; offset < precisions.length; offset += d * d) {
      for (let i = 0; i < d; i++) {
        for (let j = i + 1; j < d; j++) {
          const [upper, lower] = [precisions[offset + i * d + j], precisions[offset + j * d + i]];
          // numpy's allclose(P, P.T), as scikit-learn's _check_precision_symmetric.
          if (Math.abs(upper - lower) > 1e-8 + 1e-5 * Math.abs(lower)) {
            throw new RangeError(`${fn}: init.precisions matrix ${offset / (d * d)} is not symmetric at (${i}, ${j})`);
          }
        }
      }
    }
  }
  const block = new Float64Array(k + k * d + precisions.length);
  block.set(init.weights, 0);
  block.set(init.means, k);
  block.set(precisions, k + k * d);
  return block;
}

function modelFrom(block: Float64Array, type: CovarianceType, d: number, k: number): GaussianMixtureModel {
  const length = covarianceLength(type, d, k);
  return {
    covarianceType: type, k, d,
    weights: block.slice(0, k),
    means: block.slice(k, k + k * d),
    covariances: block.slice(k + k * d, k + k * d + length),
    precisionsCholesky: block.slice(k + k * d + length),
  };
}

function failure(fn: string, type: CovarianceType, regCovar: number, status: number, component: number): Error {
  const which = type === 'tied' ? 'the tied covariance' : `component ${component}'s covariance`;
  if (status === 2) {
    return new RangeError(`${fn}: init.precisions ${type === 'tied' ? '' : `matrix ${component} `}is not positive definite`);
  }
  // scikit-learn raises the same condition from _compute_precision_cholesky.
  return new Error(
    `${fn}: ${which} is not positive definite (a singleton or collapsed component); ` +
      `increase regCovar (now ${regCovar}), lower k, or scale the input`,
  );
}

/** The kernel's initialisation code, and what the result says about it. */
function initOf(init: MixtureInit | undefined, algorithm: KMeansAlgorithm): [number, GaussianMixtureResult['initialisation']] {
  if (init === undefined) return [INIT_KMEANS, { kind: 'kmeans', algorithm }];
  return 'labels' in init ? [INIT_LABELS, { kind: 'labels' }] : [INIT_PARAMETERS, { kind: 'parameters' }];
}

/**
 * Fits a Gaussian mixture of k components by EM, as scikit-learn's GaussianMixture: `starts` runs,
 * each initialised from the labels of a single-start k-means (seeded; scikit-learn's KMeans
 * defaults tol 1e-4 and max_iter 300; the algorithm chosen by size) unless `init` gives labels
 * (e.g. the k sweep's own: no k-means run at all) or parameters, each stopping when the mean
 * log-likelihood gains less than `tol` or after `maxIter` E+M steps; the run of highest lower
 * bound is kept. Returns its parameters, each point's label and membership probabilities (none
 * with `probabilities: false`), log-likelihood, BIC and AIC. Throws when a covariance is not
 * positive definite (raise `regCovar`).
 */
export function gaussianMixture(
  points: Float64Array, n: number, d: number, k: number, options: GaussianMixtureOptions & LabelsOnly,
): Omit<GaussianMixtureResult, 'probabilities'>;
export function gaussianMixture(points: Float64Array, n: number, d: number, k: number, options: GaussianMixtureOptions): GaussianMixtureResult;
export function gaussianMixture(
  points: Float64Array, n: number, d: number, k: number, options: GaussianMixtureOptions & Partial<LabelsOnly>,
): Omit<GaussianMixtureResult, 'probabilities'> | GaussianMixtureResult {
  const fn = 'gaussianMixture';
  const {
    seed, init, covarianceType: type = GMM_DEFAULTS.covarianceType, starts = GMM_DEFAULTS.starts,
    maxIter = GMM_DEFAULTS.maxIter, tol = GMM_DEFAULTS.tol, regCovar = GMM_DEFAULTS.regCovar,
  } = options;
  requirePoints(fn, points, n, d);
  requireClusterCount(fn, n, k);
  requireOneOf(fn, 'covarianceType', type, COVARIANCE_TYPES);
  requireSeed(fn, seed);
  requireInteger(fn, 'starts', starts, 1);
  requireInteger(fn, 'maxIter', maxIter, 1);
  requireNumber(fn, 'tol', tol, 0);
  requireNumber(fn, 'regCovar', regCovar, 0);
  if (init !== undefined && starts > 1) {
    throw new RangeError(`${fn}: starts > 1 needs k-means initialisation, but init is given (every start would be the same)`);
  }
  const algorithm = chooseKMeansAlgorithm(n);
  const [initMode, initialisation] = initOf(init, algorithm);
  if (init && 'labels' in init) requireLabels(fn, init.labels, n, k);
  const parameters = init && !('labels' in init) ? parametersBlock(fn, init, type, d, k) : undefined;

  const module = kernels<MixtureKernels>();
  const frame = new Frame(module);
  const pointsAt = pointsIn(frame, fn, points, d);
  const initAt = init && 'labels' in init ? frame.i32In(init.labels) : parameters ? frame.f64In(parameters) : 0;
  const modelAt = frame.reserve(modelLength(type, d, k) * 8);
  const respAt = frame.reserve(n * k * 8);
  const labelsAt = frame.reserve(n * 4);
  const summaryAt = frame.reserve(SUMMARY_BYTES);
  const code = TYPE_CODES[type];
  const batchSize = KMEANS_DEFAULTS.batchSize;
  const scratchAt = frame.reserve(module.gaussianMixtureScratchBytes(n, d, k, code, initMode, ALGORITHM_CODES[algorithm], batchSize));
  module.gaussianMixture(
    pointsAt, n, d, k, code, starts, maxIter, tol, regCovar, seed, initMode, ALGORITHM_CODES[algorithm], batchSize, initAt,
    modelAt, respAt, labelsAt, scratchAt, summaryAt,
  );

  const summary = frame.view(summaryAt, SUMMARY_BYTES);
  const status = summary.getInt32(24, true);
  if (status !== 0) throw failure(fn, type, regCovar, status, summary.getInt32(28, true));
  const meanLogLikelihood = summary.getFloat64(8, true);
  if (!Number.isFinite(meanLogLikelihood)) {
    throw new Error(`${fn}: the log-likelihood is ${meanLogLikelihood}: the input's scale overflows the densities; standardise it`);
  }
  const parameterCount = mixtureParameterCount(type, d, k);
  return {
    ...modelFrom(frame.f64Out(modelAt, modelLength(type, d, k)), type, d, k),
    labels: frame.i32Out(labelsAt, n),
    ...(options.probabilities !== false && { probabilities: frame.f64Out(respAt, n * k) }),
    logLikelihood: meanLogLikelihood * n,
    meanLogLikelihood,
    lowerBound: summary.getFloat64(0, true),
    ...informationCriteria(meanLogLikelihood, n, parameterCount),
    parameterCount,
    iterations: summary.getInt32(16, true),
    converged: summary.getInt32(20, true) === 1,
    initialisation,
  };
}

/**
 * scikit-learn's predict, predict_proba and score on new points: the most likely component of
 * each, the membership probabilities (n*k; none with `probabilities: false`) and the mean
 * log-likelihood.
 */
export function predictMixture(
  model: GaussianMixtureModel, points: Float64Array, n: number, options: LabelsOnly,
): Omit<MixturePrediction, 'probabilities'>;
export function predictMixture(model: GaussianMixtureModel, points: Float64Array, n: number): MixturePrediction;
export function predictMixture(
  model: GaussianMixtureModel, points: Float64Array, n: number, options?: LabelsOnly,
): Omit<MixturePrediction, 'probabilities'> | MixturePrediction {
  const fn = 'predictMixture';
  const { covarianceType: type, k, d } = model;
  requireOneOf(fn, 'model.covarianceType', type, COVARIANCE_TYPES);
  requireInteger(fn, 'model.k', k, 1);
  requirePoints(fn, points, n, d);
  requireMatrix(fn, 'model.weights', model.weights, k, 1);
  requireMatrix(fn, 'model.means', model.means, k, d);
  requireMatrix(fn, 'model.covariances', model.covariances, covarianceLength(type, d, k), 1);
  requireMatrix(fn, 'model.precisionsCholesky', model.precisionsCholesky, covarianceLength(type, d, k), 1);

  const module = kernels<MixtureKernels>();
  const frame = new Frame(module);
  const pointsAt = pointsIn(frame, fn, points, d);
  const block = new Float64Array(modelLength(type, d, k));
  block.set(model.weights, 0);
  block.set(model.means, k);
  block.set(model.covariances, k + k * d);
  block.set(model.precisionsCholesky, k + k * d + model.covariances.length);
  const modelAt = frame.f64In(block);
  const respAt = frame.reserve(n * k * 8);
  const labelsAt = frame.reserve(n * 4);
  const scratchAt = frame.reserve(module.gaussianMixturePredictScratchBytes(d, k));
  const meanLogLikelihood = module.gaussianMixturePredict(pointsAt, n, d, k, TYPE_CODES[type], modelAt, respAt, labelsAt, scratchAt);
  const labels = frame.i32Out(labelsAt, n);
  if (options?.probabilities === false) return { labels, meanLogLikelihood };
  return { labels, probabilities: frame.f64Out(respAt, n * k), meanLogLikelihood };
}
