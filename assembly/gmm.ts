// Gaussian mixture EM after scikit-learn's GaussianMixture: log-domain E-step (log-sum-exp),
// M-step with reg_covar added to the covariance diagonal, precisions kept as Cholesky factors;
// four covariance types; several starts, each initialised from k-means labels (or from labels or
// parameters the host gives); the start of highest lower bound is kept and a final E-step gives
// the labels and membership probabilities, as `BaseMixture.fit_predict` does.
//
// A model is one f64 block: weights (k) | means (k x d) | covariances | precision Cholesky factors,
// the last two in the shape of the covariance type (full: k d x d; tied: one d x d; diag: k x d;
// spherical: k), each factor u with precision = u u^T. The host provides every buffer.

import { dot, row, scaledSquaredDistance, squaredDistance } from './distance';
import { kmeansFromStream, kmeansScratchBytes } from './kmeans';
import { choleskyLower, choleskyUpper, inverseTransposeLower } from './linalg';
import { absoluteTolerance, SUMMARY_BYTES } from './lloyd';
import { seedRandom } from './prng';
import { addOuter, addScaled, addScaledSquaredDifference, scale, scaled, subtract } from './vector';

// Covariance types, as the host passes them.
export const FULL = 0;
export const TIED = 1;
export const DIAG = 2;
export const SPHERICAL = 3;

// Initialisations, as the host passes them.
const INIT_KMEANS = 0;
const INIT_LABELS = 1;
const INIT_PARAMETERS = 2;

/** scikit-learn's KMeans defaults (max_iter, tol), for the k-means run that initialises each start. */
const KMEANS_MAX_ITER = 300;
const KMEANS_TOL: f64 = 1e-4;
const LOG_2PI: f64 = 1.8378770664093453;
/** scikit-learn adds 10 * machine epsilon to every component's mass so an empty component divides safely. */
const MASS_FLOOR: f64 = 10 * 2.220446049250313e-16;

// The 32-byte summary block `gaussianMixture` writes.
const SUMMARY_LOWER_BOUND: usize = 0; // f64: mean log-likelihood before the last M-step of the kept start
const SUMMARY_SCORE: usize = 8; // f64: mean log-likelihood of the final model (scikit-learn's score)
const SUMMARY_ITERATIONS: usize = 16; // i32
const SUMMARY_CONVERGED: usize = 20; // i32, 0 or 1
const SUMMARY_STATUS: usize = 24; // i32: 0 fitted, 1 a covariance not positive definite, 2 a given precision not positive definite
const SUMMARY_COMPONENT: usize = 28; // i32: the component that failed (0 for tied)

/** Entries of the covariances (and of the precision factors) of a type. */
export function covarianceLength(d: i32, k: i32, type: i32): i32 {
  switch (type) {
    case FULL: return k * d * d;
    case TIED: return d * d;
    case DIAG: return k * d;
    default: return k;
  }
}

export function mixtureModelBytes(d: i32, k: i32, type: i32): f64 {
  return (<f64>k + <f64>k * <f64>d + 2 * <f64>covarianceLength(d, k, type)) * 8;
}

/**
 * The E-step and M-step working space: constants k | diff d | y d | mass k | factor d x d | mean
 * sums k x d | scatter d x d | mean d | (SIMD build) the components in pairs (see pairComponents).
 */
function workBytes(d: i32, k: i32): f64 {
  return (2 * <f64>k + 3 * <f64>d + 2 * <f64>d * <f64>d + <f64>k * <f64>d) * 8 + (ASC_FEATURE_SIMD ? pairedBytes(d, k) : 0);
}

/**
 * Bytes of the components in pairs: per pair a constant, d means and up to d x d factor
 * entries; diff and y, d each; per pair the E-step's sums, a mass and d coordinates; an f64x2 each.
 */
function pairedBytes(d: i32, k: i32): f64 {
  return (<f64>((k + 1) >> 1) * (1 + <f64>d + <f64>d * <f64>d) + 2 * <f64>d + <f64>((k + 1) >> 1) * (1 + <f64>d)) * 16;
}

// @ts-ignore: decorator
@inline function meansOf(model: usize, k: i32): usize { return model + (<usize>k << 3); }
// @ts-ignore: decorator
@inline function covariancesOf(model: usize, d: i32, k: i32): usize { return meansOf(model, k) + ((<usize>k * <usize>d) << 3); }
// @ts-ignore: decorator
@inline function factorsOf(model: usize, d: i32, k: i32, type: i32): usize {
  return covariancesOf(model, d, k) + (<usize>covarianceLength(d, k, type) << 3);
}
// @ts-ignore: decorator
@inline function diffOf(work: usize, k: i32): usize { return work + (<usize>k << 3); }
// @ts-ignore: decorator
@inline function yOf(work: usize, d: i32, k: i32): usize { return diffOf(work, k) + (<usize>d << 3); }
// @ts-ignore: decorator
@inline function massOf(work: usize, d: i32, k: i32): usize { return yOf(work, d, k) + (<usize>d << 3); }
// @ts-ignore: decorator
@inline function factorWorkOf(work: usize, d: i32, k: i32): usize { return massOf(work, d, k) + (<usize>k << 3); }
// @ts-ignore: decorator
@inline function meanSumsOf(work: usize, d: i32, k: i32): usize { return factorWorkOf(work, d, k) + ((<usize>d * <usize>d) << 3); }
// @ts-ignore: decorator
@inline function scatterOf(work: usize, d: i32, k: i32): usize { return meanSumsOf(work, d, k) + ((<usize>k * <usize>d) << 3); }
// @ts-ignore: decorator
@inline function globalMeanOf(work: usize, d: i32, k: i32): usize { return scatterOf(work, d, k) + ((<usize>d * <usize>d) << 3); }
// @ts-ignore: decorator
@inline function pairsOf(work: usize, d: i32, k: i32): usize { return globalMeanOf(work, d, k) + (<usize>d << 3); }
// @ts-ignore: decorator
@inline function pairedSumsOf(work: usize, d: i32, k: i32): usize {
  return pairsOf(work, d, k) + ((<usize>((k + 1) >> 1) * <usize>(1 + d + d * d) + 2 * <usize>d) << 4);
}

/** log of the Gaussian normalising constant of component c: log det(precision factor) (scikit-learn's `_compute_log_det_cholesky`). */
function logDetFactor(factors: usize, c: i32, d: i32, type: i32): f64 {
  if (type == SPHERICAL) return <f64>d * Math.log(load<f64>(factors + (<usize>c << 3)));
  if (type == DIAG) {
    let sum = 0.0;
    for (let j = 0; j < d; j++) sum += Math.log(load<f64>(row(factors, c, d) + (<usize>j << 3)));
    return sum;
  }
  const factor = type == FULL ? factors + ((<usize>c * <usize>d * <usize>d) << 3) : factors;
  let sum = 0.0;
  for (let j = 0; j < d; j++) sum += Math.log(load<f64>(factor + ((<usize>j * <usize>d + <usize>j) << 3)));
  return sum;
}

/** (x - mean)^T precision (x - mean) for component c. */
// @ts-ignore: decorator
@inline
function mahalanobis(point: usize, c: i32, d: i32, k: i32, type: i32, means: usize, factors: usize, diff: usize, y: usize): f64 {
  const mean = row(means, c, d);
  if (type == SPHERICAL) {
    const factor = load<f64>(factors + (<usize>c << 3));
    return squaredDistance(point, mean, d) * (factor * factor);
  }
  if (type == DIAG) return scaledSquaredDistance(point, mean, row(factors, c, d), d);
  // Full and tied: y = diff^T u. Row i of u adds diff[i] times itself from column i, or i - 1 when
  // i is odd, so the f64x2 lanes stay aligned and full (adding the 0 below the diagonal changes no bit).
  subtract(diff, point, mean, d);
  const factor = type == FULL ? factors + ((<usize>c * <usize>d * <usize>d) << 3) : factors;
  scaled(y, factor, load<f64>(diff), d);
  for (let i = 1; i < d; i++) {
    const from = <usize>(i & ~1) << 3;
    addScaled(y + from, row(factor, i, d) + from, load<f64>(diff + (<usize>i << 3)), d - (i & ~1));
  }
  return dot(y, y, d);
}

/** An f64x2 of two values. */
// @ts-ignore: decorator
@inline
function lanesOf(first: f64, second: f64): v128 {
  return f64x2.replace_lane(f64x2.splat(first), 1, second);
}

/** Entries of a component's precision factor in its pair: d x d (full, tied), d (diag), 1 (spherical). */
// @ts-ignore: decorator
@inline
function pairedFactorLength(d: i32, type: i32): i32 {
  return type == FULL || type == TIED ? d * d : type == DIAG ? d : 1;
}

/**
 * SIMD build: the E-step's components side by side, c and c + 1 in the lanes of one f64x2 per
 * entry (an odd k's last pair repeats its component), so that each point's log densities come
 * two at a time. Per pair: the constant, the d means, the precision factor (tied: the one
 * factor in both lanes; spherical: the factor squared). Then scratch for diff and y.
 */
function pairComponents(d: i32, k: i32, type: i32, model: usize, constants: usize, pairs: usize): void {
  const means = meansOf(model, k);
  const factors = factorsOf(model, d, k, type);
  const length = pairedFactorLength(d, type);
  let at = pairs;
  for (let c = 0; c < k; c += 2) {
    const other = min(c + 1, k - 1);
    v128.store(at, lanesOf(load<f64>(constants + (<usize>c << 3)), load<f64>(constants + (<usize>other << 3))));
    at += 16;
    for (let j = 0; j < d; j++, at += 16) {
      v128.store(at, lanesOf(load<f64>(row(means, c, d) + (<usize>j << 3)), load<f64>(row(means, other, d) + (<usize>j << 3))));
    }
    for (let e = 0; e < length; e++, at += 16) {
      if (type == TIED) {
        v128.store(at, f64x2.splat(load<f64>(factors + (<usize>e << 3))));
      } else if (type == SPHERICAL) {
        const first = load<f64>(factors + (<usize>c << 3));
        const second = load<f64>(factors + (<usize>other << 3));
        v128.store(at, lanesOf(first * first, second * second));
      } else {
        v128.store(at, lanesOf(load<f64>(factors + ((<usize>c * <usize>length + <usize>e) << 3)), load<f64>(factors + ((<usize>other * <usize>length + <usize>e) << 3))));
      }
    }
  }
}

/**
 * SIMD build: a point's log density under each component, constant − ½ (x − mean)ᵀ precision
 * (x − mean), into `r` (k f64), two components at a time from `pairComponents`. Each lane
 * does `mahalanobis`'s operations in its order (squares summed as `dot` sums them, even and
 * odd coordinates apart), so the two agree bit for bit.
 */
// @ts-ignore: decorator
@inline
function pairedLogDensities(point: usize, d: i32, k: i32, type: i32, pairs: usize, r: usize): void {
  const length = pairedFactorLength(d, type);
  const pairBytes = <usize>(1 + d + length) << 4;
  const diff = pairs + <usize>((k + 1) >> 1) * pairBytes;
  const y = diff + (<usize>d << 4);
  const paired = d & ~1;
  let pair = pairs;
  for (let c = 0; c < k; c += 2, pair += pairBytes) {
    const means = pair + 16;
    const factor = means + (<usize>d << 4);
    let squared: v128;
    if (type == FULL || type == TIED) {
      // y = diffᵀ u, row by row as `mahalanobis` adds them (row i from column i & ~1).
      for (let j = 0; j < d; j++) v128.store(diff + (<usize>j << 4), f64x2.sub(f64x2.splat(load<f64>(point + (<usize>j << 3))), v128.load(means + (<usize>j << 4))));
      const first = v128.load(diff);
      for (let j = 0; j < d; j++) v128.store(y + (<usize>j << 4), f64x2.mul(v128.load(factor + (<usize>j << 4)), first));
      for (let i = 1; i < d; i++) {
        const scale = v128.load(diff + (<usize>i << 4));
        const factorRow = factor + ((<usize>i * <usize>d) << 4);
        for (let j = i & ~1; j < d; j++) {
          const at = y + (<usize>j << 4);
          v128.store(at, f64x2.add(v128.load(at), f64x2.mul(v128.load(factorRow + (<usize>j << 4)), scale)));
        }
      }
      let even = f64x2.splat(0);
      let odd = f64x2.splat(0);
      for (let j = 0; j < paired; j += 2) {
        const e = v128.load(y + (<usize>j << 4));
        even = f64x2.add(even, f64x2.mul(e, e));
        const o = v128.load(y + (<usize>(j + 1) << 4));
        odd = f64x2.add(odd, f64x2.mul(o, o));
      }
      squared = f64x2.add(even, odd);
      if (d & 1) {
        const e = v128.load(y + (<usize>paired << 4));
        squared = f64x2.add(squared, f64x2.mul(e, e));
      }
    } else {
      // diag: ((x − mean) · factor)²; spherical: (x − mean)², times the factor squared.
      squared = pairedSquaredDistance(point, means, factor, type == DIAG, d);
      if (type == SPHERICAL) squared = f64x2.mul(squared, v128.load(factor));
    }
    const logDensities = f64x2.sub(v128.load(pair), f64x2.mul(f64x2.splat(0.5), squared));
    if (c + 1 < k) v128.store(r + (<usize>c << 3), logDensities);
    else store<f64>(r + (<usize>c << 3), f64x2.extract_lane(logDensities, 0));
  }
}

/**
 * SIMD build: the squared distance from a point to two components' means (f64x2 each, as
 * pairComponents lays them), each coordinate's difference times its factor when `scaled`
 * (diag), summed as `squaredDistance` and `scaledSquaredDistance` sum: even and odd
 * coordinates apart, the last of an odd d after.
 */
// @ts-ignore: decorator
@inline
function pairedSquaredDistance(point: usize, means: usize, factor: usize, scaled: bool, d: i32): v128 {
  const paired = d & ~1;
  let even = f64x2.splat(0);
  let odd = f64x2.splat(0);
  for (let j = 0; j < paired; j += 2) {
    let e = f64x2.sub(f64x2.splat(load<f64>(point + (<usize>j << 3))), v128.load(means + (<usize>j << 4)));
    let o = f64x2.sub(f64x2.splat(load<f64>(point + (<usize>(j + 1) << 3))), v128.load(means + (<usize>(j + 1) << 4)));
    if (scaled) {
      e = f64x2.mul(e, v128.load(factor + (<usize>j << 4)));
      o = f64x2.mul(o, v128.load(factor + (<usize>(j + 1) << 4)));
    }
    even = f64x2.add(even, f64x2.mul(e, e));
    odd = f64x2.add(odd, f64x2.mul(o, o));
  }
  let squared = f64x2.add(even, odd);
  if (d & 1) {
    let e = f64x2.sub(f64x2.splat(load<f64>(point + (<usize>paired << 3))), v128.load(means + (<usize>paired << 4)));
    if (scaled) e = f64x2.mul(e, v128.load(factor + (<usize>paired << 4)));
    squared = f64x2.add(squared, f64x2.mul(e, e));
  }
  return squared;
}

/** The first sums of the M-step, one point's share: each component's mass and weighted sum of points (into work). */
// @ts-ignore: decorator
@inline
function addToSums(point: usize, r: usize, d: i32, k: i32, work: usize): void {
  const mass = massOf(work, d, k);
  const sums = meanSumsOf(work, d, k);
  for (let c = 0; c < k; c++) {
    const weight = load<f64>(r + (<usize>c << 3));
    if (weight == 0) continue; // adds nothing: skipping it changes no bit, and k-means starts are one-hot
    store<f64>(mass + (<usize>c << 3), load<f64>(mass + (<usize>c << 3)) + weight);
    addScaled(row(sums, c, d), point, weight, d);
  }
}

function clearSums(d: i32, k: i32, work: usize): void {
  memory.fill(massOf(work, d, k), 0, <usize>k << 3);
  memory.fill(meanSumsOf(work, d, k), 0, (<usize>k * <usize>d) << 3);
}

/** The M-step's sums over all points, for responsibilities that no E-step produced (the initial ones). */
function sumAll(points: usize, n: i32, d: i32, k: i32, resp: usize, work: usize): void {
  clearSums(d, k, work);
  for (let i = 0; i < n; i++) addToSums(row(points, i, d), row(resp, i, k), d, k, work);
}

/**
 * E-step: responsibilities into `resp` (n x k) and, when asked, the most likely component into
 * `labels` (the first on ties, as numpy's argmax). Returns the mean log-likelihood. With `sum`,
 * it also adds each point's share to the M-step's sums while the point is at hand (the same
 * additions in the same order as a separate pass, one pass over the points fewer).
 */
function eStep(
  points: usize, n: i32, d: i32, k: i32, type: i32, model: usize, resp: usize, labels: usize, writeLabels: bool,
  sum: bool, work: usize,
): f64 {
  const means = meansOf(model, k);
  const factors = factorsOf(model, d, k, type);
  const constants = work;
  const diff = diffOf(work, k);
  const y = yOf(work, d, k);
  for (let c = 0; c < k; c++) {
    const constant = Math.log(load<f64>(model + (<usize>c << 3))) + logDetFactor(factors, c, d, type) - 0.5 * <f64>d * LOG_2PI;
    store<f64>(constants + (<usize>c << 3), constant);
  }
  const pairs = pairsOf(work, d, k);
  const pairedSums = pairedSumsOf(work, d, k);
  if (ASC_FEATURE_SIMD) {
    pairComponents(d, k, type, model, constants, pairs);
    // The paired sums, moved where the M-step reads them after the last point (unpairSums).
    if (sum) memory.fill(pairedSums, 0, (<usize>((k + 1) >> 1) * <usize>(1 + d)) << 4);
  } else if (sum) {
    clearSums(d, k, work);
  }
  let total = 0.0;
  for (let i = 0; i < n; i++) {
    const point = row(points, i, d);
    const r = row(resp, i, k);
    if (ASC_FEATURE_SIMD) {
      pairedLogDensities(point, d, k, type, pairs, r);
    } else {
      for (let c = 0; c < k; c++) {
        store<f64>(r + (<usize>c << 3), load<f64>(constants + (<usize>c << 3)) - 0.5 * mahalanobis(point, c, d, k, type, means, factors, diff, y));
      }
    }
    let largest = -Infinity;
    let likeliest = 0;
    for (let c = 0; c < k; c++) {
      const logDensity = load<f64>(r + (<usize>c << 3));
      if (logDensity > largest) {
        largest = logDensity;
        likeliest = c;
      }
    }
    // log-sum-exp, shifted by the largest term so nothing overflows.
    let termSum = 0.0;
    for (let c = 0; c < k; c++) {
      const term = Math.exp(load<f64>(r + (<usize>c << 3)) - largest);
      store<f64>(r + (<usize>c << 3), term);
      termSum += term;
    }
    scale(r, 1 / termSum, k);
    total += largest + Math.log(termSum);
    if (writeLabels) store<i32>(labels + (<usize>i << 2), likeliest);
    if (sum) {
      if (ASC_FEATURE_SIMD) addToPairedSums(point, r, d, k, pairedSums);
      else addToSums(point, r, d, k, work);
    }
  }
  if (ASC_FEATURE_SIMD && sum) unpairSums(d, k, pairedSums, work);
  return total / <f64>n;
}

/**
 * SIMD build: `addToSums` for two components at a time, into sums in pairs (a mass, then d
 * coordinates, an f64x2 each). Zero weights are added rather than skipped: an exact zero added
 * to a sum that is never −0 changes no bit.
 */
// @ts-ignore: decorator
@inline
function addToPairedSums(point: usize, r: usize, d: i32, k: i32, sums: usize): void {
  let at = sums;
  for (let c = 0; c < k; c += 2) {
    const weight = c + 1 < k ? v128.load(r + (<usize>c << 3)) : f64x2.splat(load<f64>(r + (<usize>c << 3)));
    v128.store(at, f64x2.add(v128.load(at), weight));
    at += 16;
    for (let j = 0; j < d; j++, at += 16) {
      v128.store(at, f64x2.add(v128.load(at), f64x2.mul(f64x2.splat(load<f64>(point + (<usize>j << 3))), weight)));
    }
  }
}

/** The paired sums where the M-step reads them: each component's mass, and its weighted sum of points. */
function unpairSums(d: i32, k: i32, sums: usize, work: usize): void {
  const mass = massOf(work, d, k);
  const meanSums = meanSumsOf(work, d, k);
  let at = sums;
  for (let c = 0; c < k; c += 2) {
    for (let e = 0; e <= d; e++, at += 16) {
      const lanes = v128.load(at);
      const target = e == 0 ? mass + (<usize>c << 3) : row(meanSums, c, d) + (<usize>(e - 1) << 3);
      store<f64>(target, f64x2.extract_lane(lanes, 0));
      if (c + 1 < k) store<f64>(target + (e == 0 ? 8 : <usize>d << 3), f64x2.extract_lane(lanes, 1));
    }
  }
}

/** The data's scatter about its mean (upper triangle), for the tied M-step: computed once per fit. */
function tiedScatter(points: usize, n: i32, d: i32, k: i32, work: usize): void {
  const mean = globalMeanOf(work, d, k);
  const scatter = scatterOf(work, d, k);
  const diff = diffOf(work, k);
  memory.fill(mean, 0, <usize>d << 3);
  for (let i = 0; i < n; i++) addScaled(mean, row(points, i, d), 1, d);
  scale(mean, 1 / <f64>n, d);
  memory.fill(scatter, 0, (<usize>d * <usize>d) << 3);
  for (let i = 0; i < n; i++) {
    subtract(diff, row(points, i, d), mean, d);
    addOuter(scatter, diff, 1, d);
  }
}

/** Divides the upper triangle of a d x d sum by `mass`, mirrors it and adds `regCovar` to the diagonal. */
function finishCovariance(matrix: usize, d: i32, mass: f64, regCovar: f64): void {
  for (let j = 0; j < d; j++) {
    for (let l = j; l < d; l++) {
      const value = load<f64>(row(matrix, j, d) + (<usize>l << 3)) / mass;
      store<f64>(row(matrix, j, d) + (<usize>l << 3), value);
      store<f64>(row(matrix, l, d) + (<usize>j << 3), value);
    }
    store<f64>(row(matrix, j, d) + (<usize>j << 3), load<f64>(row(matrix, j, d) + (<usize>j << 3)) + regCovar);
  }
}

/** Per-component variances, sum_i r_ic (x_ij - mean_cj)^2 / mass_c + regCovar, into `variances` (k x d). */
function diagonalVariances(
  points: usize, n: i32, d: i32, k: i32, resp: usize, means: usize, mass: usize, regCovar: f64, variances: usize, pairs: usize,
): void {
  if (ASC_FEATURE_SIMD) {
    pairedScatter(points, n, d, k, DIAG, resp, means, pairs, variances);
  } else {
    memory.fill(variances, 0, (<usize>k * <usize>d) << 3);
    for (let i = 0; i < n; i++) {
      const point = row(points, i, d);
      for (let c = 0; c < k; c++) {
        const weight = load<f64>(row(resp, i, k) + (<usize>c << 3));
        if (weight == 0) continue;
        addScaledSquaredDifference(row(variances, c, d), point, row(means, c, d), weight, d);
      }
    }
  }
  for (let c = 0; c < k; c++) {
    const variance = row(variances, c, d);
    const inverseMass = 1 / load<f64>(mass + (<usize>c << 3));
    for (let j = 0; j < d; j++) {
      const at = variance + (<usize>j << 3);
      store<f64>(at, load<f64>(at) * inverseMass + regCovar);
    }
  }
}

/**
 * SIMD build: the sums over the points that full, diag and spherical covariances start from,
 * Σ r_ic (x − mean_c)(x − mean_c)ᵀ (full: the upper triangle as `addOuter` adds it; diag: its
 * diagonal; spherical: its trace), for two components at a time in the lanes of the E-step's
 * pairs (pairComponents' layout: the means, then the sums where the factor was), into `target`
 * in the covariances' shape. Each lane does the scalar loop's operations in its order; the
 * scalar loop skips zero weights, whose terms add an exact zero to a sum that is never −0.
 */
function pairedScatter(points: usize, n: i32, d: i32, k: i32, type: i32, resp: usize, means: usize, pairs: usize, target: usize): void {
  const length = pairedFactorLength(d, type);
  const pairBytes = <usize>(1 + d + length) << 4;
  const diff = pairs + <usize>((k + 1) >> 1) * pairBytes;
  let pair = pairs;
  for (let c = 0; c < k; c += 2, pair += pairBytes) {
    const other = min(c + 1, k - 1);
    for (let j = 0; j < d; j++) {
      v128.store(pair + (<usize>(1 + j) << 4), lanesOf(load<f64>(row(means, c, d) + (<usize>j << 3)), load<f64>(row(means, other, d) + (<usize>j << 3))));
    }
    memory.fill(pair + (<usize>(1 + d) << 4), 0, <usize>length << 4);
  }
  for (let i = 0; i < n; i++) {
    const point = row(points, i, d);
    const r = row(resp, i, k);
    pair = pairs;
    for (let c = 0; c < k; c += 2, pair += pairBytes) {
      const weight = c + 1 < k ? v128.load(r + (<usize>c << 3)) : f64x2.splat(load<f64>(r + (<usize>c << 3)));
      const mean = pair + 16;
      const sums = mean + (<usize>d << 4);
      if (type == FULL) {
        for (let j = 0; j < d; j++) v128.store(diff + (<usize>j << 4), f64x2.sub(f64x2.splat(load<f64>(point + (<usize>j << 3))), v128.load(mean + (<usize>j << 4))));
        for (let j = 0; j < d; j++) {
          const scale = f64x2.mul(weight, v128.load(diff + (<usize>j << 4)));
          const sumsRow = sums + ((<usize>j * <usize>d) << 4);
          for (let l = j & ~1; l < d; l++) {
            const at = sumsRow + (<usize>l << 4);
            v128.store(at, f64x2.add(v128.load(at), f64x2.mul(v128.load(diff + (<usize>l << 4)), scale)));
          }
        }
      } else if (type == DIAG) {
        for (let j = 0; j < d; j++) {
          const e = f64x2.sub(f64x2.splat(load<f64>(point + (<usize>j << 3))), v128.load(mean + (<usize>j << 4)));
          const at = sums + (<usize>j << 4);
          v128.store(at, f64x2.add(v128.load(at), f64x2.mul(f64x2.mul(e, e), weight)));
        }
      } else {
        const squared = pairedSquaredDistance(point, mean, 0, false, d);
        v128.store(sums, f64x2.add(v128.load(sums), f64x2.mul(squared, weight)));
      }
    }
  }
  pair = pairs;
  for (let c = 0; c < k; c += 2, pair += pairBytes) {
    const sums = pair + (<usize>(1 + d) << 4);
    for (let e = 0; e < length; e++) {
      const lanes = v128.load(sums + (<usize>e << 4));
      store<f64>(target + ((<usize>c * <usize>length + <usize>e) << 3), f64x2.extract_lane(lanes, 0));
      if (c + 1 < k) store<f64>(target + ((<usize>(c + 1) * <usize>length + <usize>e) << 3), f64x2.extract_lane(lanes, 1));
    }
  }
}

/**
 * Covariances of all four types (scikit-learn's `_estimate_gaussian_covariances_*`), computed about
 * each component's mean: full as scikit-learn; diag centred rather than E[x^2] - mean^2 (same
 * value, no cancellation); tied as the data's scatter minus the between-component scatter,
 * the same identity scikit-learn uses but about the data mean, so offsets do not cancel.
 */
function covariances(points: usize, n: i32, d: i32, k: i32, type: i32, resp: usize, regCovar: f64, model: usize, work: usize): void {
  const means = meansOf(model, k);
  const target = covariancesOf(model, d, k);
  const mass = massOf(work, d, k);
  const diff = diffOf(work, k);
  if (type == FULL) {
    if (ASC_FEATURE_SIMD) {
      pairedScatter(points, n, d, k, FULL, resp, means, pairsOf(work, d, k), target);
    } else {
      memory.fill(target, 0, (<usize>k * <usize>d * <usize>d) << 3);
      for (let i = 0; i < n; i++) {
        const point = row(points, i, d);
        for (let c = 0; c < k; c++) {
          const weight = load<f64>(row(resp, i, k) + (<usize>c << 3));
          if (weight == 0) continue;
          subtract(diff, point, row(means, c, d), d);
          addOuter(target + ((<usize>c * <usize>d * <usize>d) << 3), diff, weight, d);
        }
      }
    }
    for (let c = 0; c < k; c++) {
      finishCovariance(target + ((<usize>c * <usize>d * <usize>d) << 3), d, load<f64>(mass + (<usize>c << 3)), regCovar);
    }
  } else if (type == TIED) {
    memory.copy(target, scatterOf(work, d, k), (<usize>d * <usize>d) << 3);
    const mean = globalMeanOf(work, d, k);
    let totalMass = 0.0;
    for (let c = 0; c < k; c++) {
      const componentMass = load<f64>(mass + (<usize>c << 3));
      totalMass += componentMass;
      subtract(diff, row(means, c, d), mean, d);
      addOuter(target, diff, -componentMass, d);
    }
    finishCovariance(target, d, totalMass, regCovar);
  } else if (type == DIAG) {
    diagonalVariances(points, n, d, k, resp, means, mass, regCovar, target, pairsOf(work, d, k));
  } else {
    // The mean of the diagonal variances, summed point by point as squared distances.
    if (ASC_FEATURE_SIMD) {
      pairedScatter(points, n, d, k, SPHERICAL, resp, means, pairsOf(work, d, k), target);
    } else {
      memory.fill(target, 0, <usize>k << 3);
      for (let i = 0; i < n; i++) {
        const point = row(points, i, d);
        for (let c = 0; c < k; c++) {
          const weight = load<f64>(row(resp, i, k) + (<usize>c << 3));
          if (weight == 0) continue;
          const at = target + (<usize>c << 3);
          store<f64>(at, load<f64>(at) + squaredDistance(point, row(means, c, d), d) * weight);
        }
      }
    }
    for (let c = 0; c < k; c++) {
      const at = target + (<usize>c << 3);
      store<f64>(at, load<f64>(at) * (1 / load<f64>(mass + (<usize>c << 3))) / <f64>d + regCovar);
    }
  }
}

/**
 * Precision Cholesky factors from the covariances (scikit-learn's `_compute_precision_cholesky`).
 * Returns the first component whose covariance is not positive definite, or -1.
 */
function precisionFactors(d: i32, k: i32, type: i32, model: usize, work: usize): i32 {
  const source = covariancesOf(model, d, k);
  const factors = factorsOf(model, d, k, type);
  if (type == FULL || type == TIED) {
    const lower = factorWorkOf(work, d, k);
    const count = type == FULL ? k : 1;
    const stride = (<usize>d * <usize>d) << 3;
    for (let c = 0; c < count; c++) {
      if (!choleskyLower(source + <usize>c * stride, lower, d)) return c;
      inverseTransposeLower(lower, factors + <usize>c * stride, d);
    }
    return -1;
  }
  const length = covarianceLength(d, k, type);
  for (let e = 0; e < length; e++) {
    const variance = load<f64>(source + (<usize>e << 3));
    if (!(variance > 0)) return type == DIAG ? e / d : e;
    store<f64>(factors + (<usize>e << 3), 1 / Math.sqrt(variance));
  }
  return -1;
}

/**
 * M-step (scikit-learn's `_m_step` via `_estimate_gaussian_parameters`) from the sums in work
 * (`addToSums`): masses, weights, means, covariances, precision factors. The initial step divides
 * the masses by n, the later ones by their sum, as scikit-learn's `_initialize` and `_m_step` do.
 * Returns -1 or the failed component.
 */
function mStep(
  points: usize, n: i32, d: i32, k: i32, type: i32, resp: usize, regCovar: f64, initial: bool, model: usize, work: usize,
): i32 {
  const means = meansOf(model, k);
  const mass = massOf(work, d, k);
  memory.copy(means, meanSumsOf(work, d, k), (<usize>k * <usize>d) << 3);
  let totalMass = 0.0;
  for (let c = 0; c < k; c++) {
    const componentMass = load<f64>(mass + (<usize>c << 3)) + MASS_FLOOR;
    store<f64>(mass + (<usize>c << 3), componentMass);
    totalMass += componentMass;
    scale(row(means, c, d), 1 / componentMass, d);
  }
  const normaliser = initial ? <f64>n : totalMass;
  for (let c = 0; c < k; c++) store<f64>(model + (<usize>c << 3), load<f64>(mass + (<usize>c << 3)) / normaliser);
  covariances(points, n, d, k, type, resp, regCovar, model, work);
  return precisionFactors(d, k, type, model, work);
}

/** Weights, means and precisions given by the host (`init`: weights k | means k x d | precisions in the type's shape). Returns -1 or the failed component. */
function modelFromParameters(init: usize, d: i32, k: i32, type: i32, model: usize): i32 {
  memory.copy(model, init, ((<usize>k + <usize>k * <usize>d) << 3));
  const precisions = init + ((<usize>k + <usize>k * <usize>d) << 3);
  const factors = factorsOf(model, d, k, type);
  const length = covarianceLength(d, k, type);
  memory.fill(covariancesOf(model, d, k), 0, <usize>length << 3);
  if (type == FULL || type == TIED) {
    const stride = (<usize>d * <usize>d) << 3;
    for (let c = 0; c < (type == FULL ? k : 1); c++) {
      if (!choleskyUpper(precisions + <usize>c * stride, factors + <usize>c * stride, d)) return c;
    }
    return -1;
  }
  for (let e = 0; e < length; e++) {
    const precision = load<f64>(precisions + (<usize>e << 3));
    if (!(precision > 0)) return type == DIAG ? e / d : e;
    store<f64>(factors + (<usize>e << 3), Math.sqrt(precision));
  }
  return -1;
}

/** Hard responsibilities from labels, as scikit-learn's k-means initialisation builds them. */
function oneHot(labels: usize, n: i32, k: i32, resp: usize): void {
  memory.fill(resp, 0, (<usize>n * <usize>k) << 3);
  for (let i = 0; i < n; i++) store<f64>(row(resp, i, k) + (<usize>load<i32>(labels + (<usize>i << 2)) << 3), 1);
}

function writeFailure(summary: usize, status: i32, component: i32): void {
  store<i32>(summary + SUMMARY_STATUS, status);
  store<i32>(summary + SUMMARY_COMPONENT, component);
}

/** Scratch bytes `gaussianMixture` needs: a trial model, the working space, and k-means' own when it initialises. */
export function gaussianMixtureScratchBytes(n: i32, d: i32, k: i32, type: i32, init: i32, algorithm: i32, batchSize: i32): f64 {
  let bytes = mixtureModelBytes(d, k, type) + workBytes(d, k);
  if (init == INIT_KMEANS) bytes += <f64>k * <f64>d * 8 + <f64>SUMMARY_BYTES + kmeansScratchBytes(n, d, k, algorithm, batchSize);
  return bytes;
}

/**
 * Fits a k-component mixture to the n points: `starts` EM runs, each from one initialisation
 * (`initMode`: 0 labels of a single-start k-means with `algorithm`, from the stream seeded with
 * `seed`; 1 the labels at `init`; 2 the parameters at `init`), each run stopping when the mean
 * log-likelihood gains less than `tol` or after `maxIter` E+M steps. Writes the kept model,
 * the responsibilities (n x k), the labels and the summary block.
 */
export function gaussianMixture(
  points: usize, n: i32, d: i32, k: i32, type: i32, starts: i32, maxIter: i32, tol: f64, regCovar: f64, seed: f64,
  initMode: i32, algorithm: i32, batchSize: i32, init: usize,
  model: usize, resp: usize, labels: usize, scratch: usize, summary: usize,
): void {
  const trial = scratch;
  const work = trial + <usize>mixtureModelBytes(d, k, type);
  const kmeansCentres = work + <usize>workBytes(d, k);
  const kmeansSummary = kmeansCentres + ((<usize>k * <usize>d) << 3);
  const kmeansScratch = kmeansSummary + SUMMARY_BYTES;
  const modelBytes = <usize>mixtureModelBytes(d, k, type);
  writeFailure(summary, 0, 0);
  if (type == TIED) tiedScatter(points, n, d, k, work);
  seedRandom(seed);
  const shiftTol = initMode == INIT_KMEANS ? absoluteTolerance(points, n, d, KMEANS_TOL) : 0;

  let bestBound = -Infinity;
  for (let start = 0; start < starts; start++) {
    if (initMode == INIT_PARAMETERS) {
      const failed = modelFromParameters(init, d, k, type, trial);
      if (failed >= 0) return writeFailure(summary, 2, failed);
    } else {
      if (initMode == INIT_KMEANS) {
        kmeansFromStream(
          points, n, d, k, 1, KMEANS_MAX_ITER, shiftTol, algorithm, batchSize, kmeansCentres, labels, kmeansScratch, kmeansSummary,
        );
      }
      oneHot(initMode == INIT_KMEANS ? labels : init, n, k, resp);
      sumAll(points, n, d, k, resp, work);
      const failed = mStep(points, n, d, k, type, resp, regCovar, true, trial, work);
      if (failed >= 0) return writeFailure(summary, 1, failed);
    }

    // scikit-learn's loop: E-step first; the lower bound is the mean log-likelihood that E-step finds.
    let bound = -Infinity;
    let iterations = 0;
    let converged = false;
    while (iterations < maxIter) {
      iterations++;
      const previous = bound;
      bound = eStep(points, n, d, k, type, trial, resp, labels, false, true, work);
      const failed = mStep(points, n, d, k, type, resp, regCovar, false, trial, work);
      if (failed >= 0) return writeFailure(summary, 1, failed);
      if (Math.abs(bound - previous) < tol) {
        converged = true;
        break;
      }
    }
    if (bestBound == -Infinity || bound > bestBound) {
      bestBound = bound;
      memory.copy(model, trial, modelBytes);
      store<f64>(summary + SUMMARY_LOWER_BOUND, bound);
      store<i32>(summary + SUMMARY_ITERATIONS, iterations);
      store<i32>(summary + SUMMARY_CONVERGED, converged ? 1 : 0);
    }
  }
  // The final E-step, with the kept model, so labels and probabilities agree with `predict`.
  store<f64>(summary + SUMMARY_SCORE, eStep(points, n, d, k, type, model, resp, labels, true, false, work));
}

/** Scratch bytes `gaussianMixturePredict` needs. */
export function gaussianMixturePredictScratchBytes(d: i32, k: i32): f64 {
  return workBytes(d, k);
}

/** predict / predict_proba / score of a fitted model on n points: probabilities (n x k), labels; returns the mean log-likelihood. */
export function gaussianMixturePredict(
  points: usize, n: i32, d: i32, k: i32, type: i32, model: usize, resp: usize, labels: usize, scratch: usize,
): f64 {
  return eStep(points, n, d, k, type, model, resp, labels, true, false, scratch);
}
