// The clustering kernels' public types and defaults, shared by the WebAssembly wrappers (re-exported
// from index.ts) and the plain TypeScript oracles (oracle*.ts).

/** Lloyd and Hamerly give the same result (Hamerly skips distances its bounds rule out); mini-batch approximates it. */
export type KMeansAlgorithm = 'lloyd' | 'hamerly' | 'minibatch';

export interface KMeansResult {
  /** The algorithm that ran: chosen by size unless the caller named one (see chooseKMeansAlgorithm). */
  algorithm: KMeansAlgorithm;
  /** k*d, row-major. */
  centres: Float64Array;
  /** n labels in [0, k). */
  labels: Int32Array;
  /** Sum of squared distances to the assigned centre. */
  inertia: number;
  /**
   * Lloyd / Hamerly: iterations run, counted as scikit-learn's n_iter_ (the iteration that finds the
   * labels unchanged counts). Mini-batch: passes over the data, rounded up, as MiniBatchKMeans' n_iter_.
   */
  iterations: number;
  /** Lloyd / Hamerly: the labels stopped changing. Mini-batch: stopped by the no-improvement rule rather than maxIter. */
  converged: boolean;
}

export interface KMeansOptions {
  /** A safe integer; the same seed gives the same result, byte for byte. */
  seed: number;
  /** k-means++ starts; default 10. */
  starts?: number;
  /** Lloyd iterations per start (mini-batch: passes over the data); default 300. */
  maxIter?: number;
  /**
   * scikit-learn's relative tol: a run also stops once the total squared centre shift is at most
   * tol times the mean feature variance (scikit-learn's KMeans default is 1e-4). Default 0: only
   * when the labels stop changing (or the centres stop moving). Mini-batch ignores it.
   */
  tol?: number;
  /** Default 'auto': by size, see chooseKMeansAlgorithm. */
  algorithm?: KMeansAlgorithm | 'auto';
  /** Mini-batch only: points per batch; default 1024, as scikit-learn's MiniBatchKMeans. */
  batchSize?: number;
}

export interface SilhouetteResult {
  mean: number;
  /** Per-point silhouette: of every point when exact, of the sampled points (aligned with `sampleIndices`) when sampled. */
  samples?: Float64Array;
  /** Number of points the silhouette was computed over. */
  sampleSize: number;
  sampled: boolean;
  /** The sampled points, ascending; only when `sampled`. */
  sampleIndices?: Int32Array;
}

export interface SilhouetteSampleOptions {
  /** Target sample size; the drawn sample can exceed it by at most 2 per cluster (see stratifiedSample). */
  sampleSize: number;
  seed: number;
}

export const KMEANS_DEFAULTS = { starts: 10, maxIter: 300, batchSize: 1024, tol: 0 } as const;

/**
 * From this many points Hamerly: its bounds (two f64 per point) already make ten starts 1.6x
 * faster at 10,000 points (bench/suites/kernels.ts); below it a run takes milliseconds either way.
 */
export const HAMERLY_FROM_N = 10_000;
/**
 * From this many points mini-batch: ten exact starts per k of a 2..10 sweep take minutes at
 * 1,000,000 points with tol 0, mini-batch about a second, within 0.1% of the exact inertia.
 */
export const MINIBATCH_FROM_N = 500_000;

/** The 'auto' rule: Lloyd below HAMERLY_FROM_N points, Hamerly (same result) up to MINIBATCH_FROM_N, mini-batch from there. */
export function chooseKMeansAlgorithm(n: number): KMeansAlgorithm {
  if (n >= MINIBATCH_FROM_N) return 'minibatch';
  return n >= HAMERLY_FROM_N ? 'hamerly' : 'lloyd';
}

/** The sampled rows and labels, in sample order: the silhouette of a sample is computed within it, as scikit-learn's sample_size does. */
export function gatherSample(
  points: Float64Array, d: number, labels: Int32Array, indices: Int32Array,
): { points: Float64Array; labels: Int32Array } {
  const samplePoints = new Float64Array(indices.length * d);
  const sampleLabels = new Int32Array(indices.length);
  indices.forEach((index, s) => {
    samplePoints.set(points.subarray(index * d, index * d + d), s * d);
    sampleLabels[s] = labels[index];
  });
  return { points: samplePoints, labels: sampleLabels };
}

/** Room for a stratified sample: the target plus up to 2 per cluster, never more than n. */
export function sampleCapacity(n: number, k: number, sampleSize: number): number {
  return Math.min(n, sampleSize + 2 * k);
}

export type CovarianceType = 'full' | 'tied' | 'diag' | 'spherical';
export const COVARIANCE_TYPES: readonly CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];

/**
 * Where each EM start begins. By default (no `init`), from the labels of a single-start k-means
 * (k-means++ then the algorithm chooseKMeansAlgorithm picks), as scikit-learn's init_params='kmeans'.
 * `labels`: from these hard assignments instead (e.g. the k-means sweep's own, to save a k-means
 * run). `parameters`: scikit-learn's weights_init / means_init / precisions_init; precisions in the
 * covariances' shape, identity by default.
 */
export type MixtureInit =
  | { labels: Int32Array }
  | { weights: Float64Array; means: Float64Array; precisions?: Float64Array };

export interface GaussianMixtureOptions {
  /** Default 'full', as scikit-learn. */
  covarianceType?: CovarianceType;
  seed: number;
  /** EM runs from different k-means initialisations, the one of highest lower bound kept; default 1 (scikit-learn's n_init). */
  starts?: number;
  /** E+M steps per start; default 100. */
  maxIter?: number;
  /** Stop when the mean log-likelihood gains less than this; default 1e-3. */
  tol?: number;
  /** Added to every covariance's diagonal; default 1e-6. */
  regCovar?: number;
  init?: MixtureInit;
}

export const GMM_DEFAULTS = { covarianceType: 'full', starts: 1, maxIter: 100, tol: 1e-3, regCovar: 1e-6 } as const;

/** What predictMixture needs of a fitted mixture. */
export interface GaussianMixtureModel {
  covarianceType: CovarianceType;
  k: number;
  d: number;
  /** k mixing weights, summing to 1. */
  weights: Float64Array;
  /** k*d, row-major. */
  means: Float64Array;
  /** full: k*d*d; tied: d*d; diag: k*d; spherical: k. */
  covariances: Float64Array;
  /** Same shape: upper triangular factors u with precision = u u^T (scikit-learn's precisions_cholesky_). */
  precisionsCholesky: Float64Array;
}

export interface GaussianMixtureResult extends GaussianMixtureModel {
  /** n most likely components (the first on ties). */
  labels: Int32Array;
  /** n*k membership probabilities, row-major (scikit-learn's predict_proba). */
  probabilities: Float64Array;
  /** Total log-likelihood of the n points under the fitted model. */
  logLikelihood: number;
  /** logLikelihood / n: scikit-learn's score(X). */
  meanLogLikelihood: number;
  /** scikit-learn's lower_bound_: the mean log-likelihood before the last M-step of the kept start. */
  lowerBound: number;
  /** -2 logLikelihood + parameterCount ln n. */
  bic: number;
  /** -2 logLikelihood + 2 parameterCount. */
  aic: number;
  /** Free parameters, as scikit-learn's _n_parameters. */
  parameterCount: number;
  /** E+M steps of the kept start. */
  iterations: number;
  converged: boolean;
  /** How the starts began: k-means (with the algorithm that ran), the given labels, or the given parameters. */
  initialisation: { kind: 'kmeans'; algorithm: KMeansAlgorithm } | { kind: 'labels' } | { kind: 'parameters' };
}

export interface MixturePrediction {
  labels: Int32Array;
  /** n*k, row-major. */
  probabilities: Float64Array;
  meanLogLikelihood: number;
}

/**
 * Asks a fit or a prediction to leave out the n*k membership probabilities. Who needs only the
 * labels saves their copy out of the kernels: at a million customers, 32 MB a mixture, and
 * fresh memory of that size makes V8 collect the whole heap.
 */
export interface LabelsOnly {
  probabilities: false;
}

/** Entries of the covariances (and precision factors) of a covariance type. */
export function covarianceLength(type: CovarianceType, d: number, k: number): number {
  switch (type) {
    case 'full': return k * d * d;
    case 'tied': return d * d;
    case 'diag': return k * d;
    case 'spherical': return k;
  }
}

/** scikit-learn's _n_parameters: covariance entries (a symmetric matrix counts d(d+1)/2), means, and k - 1 free weights. */
export function mixtureParameterCount(type: CovarianceType, d: number, k: number): number {
  const symmetric = (d * (d + 1)) / 2;
  const covariance = { full: k * symmetric, tied: symmetric, diag: k * d, spherical: k }[type];
  return covariance + k * d + k - 1;
}

/** BIC and AIC from a mean log-likelihood, as scikit-learn's bic(X) and aic(X). */
export function informationCriteria(meanLogLikelihood: number, n: number, parameterCount: number): { bic: number; aic: number } {
  const deviance = -2 * meanLogLikelihood * n;
  return { bic: deviance + parameterCount * Math.log(n), aic: deviance + 2 * parameterCount };
}

export type DistanceMetric = 'euclidean' | 'sqeuclidean' | 'manhattan' | 'cosine';
export const DISTANCE_METRICS: readonly DistanceMetric[] = ['euclidean', 'sqeuclidean', 'manhattan', 'cosine'];

export interface Pca2Result {
  /** d column means the data was centred with. */
  mean: Float64Array;
  /** 2*d, row-major: the first two principal axes, each signed so its largest loading is positive. */
  components: Float64Array;
  /** Variance along each axis (scikit-learn's explained_variance_, divisor n - 1). */
  explainedVariance: [number, number];
  /** Share of the total variance along each axis; 0 when the data has no variance. */
  explainedVarianceRatio: [number, number];
  /** n*2, row-major: the centred points projected on the two axes. */
  projected: Float64Array;
}
