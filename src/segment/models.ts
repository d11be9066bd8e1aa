/**
 * Every model family at the chosen k, scored alike and compared (DESIGN.md, "Features and
 * models"): the k-means of the sweep, a Gaussian mixture per covariance type (their BIC over
 * the whole sweep too), and agglomerative clustering per linkage.
 */
import {
  calinskiHarabasz,
  COVARIANCE_TYPES,
  daviesBouldin,
  gaussianMixture,
  predictMixture,
  silhouetteSampled,
  type CovarianceType,
  type GaussianMixtureResult,
  type LinkageMethod,
} from '../kernels/index.js';
import { compareModels, recommendModel, type ComparisonRow, type ModelCandidate, type ModelFamily, type Recommendation } from './compare.js';
import type { BicPoint } from '../results.js';
import { hierarchyLabels, type Hierarchy } from './hierarchical.js';
import { byFirstAppearance } from './labels.js';
import type { SweepEntry } from './sweep.js';
import type { ModelInput } from './transform.js';

export const LINKAGES: readonly LinkageMethod[] = ['ward', 'complete', 'average'];

/**
 * Mixtures are fitted on at most this many customers (an even sample beyond): EM over a
 * million points for 36 (type, k) pairs would take minutes, and a sample this size pins the
 * components down. Every customer is then assigned by the fitted model; BIC is the sample's.
 */
export const MIXTURE_FIT_MAX = 50_000;

/** A model of the comparison, with the labels it gives each customer (0..k−1, no gaps). */
export interface FittedModel extends ModelCandidate {
  mixture?: GaussianMixtureResult;
  hierarchy?: Hierarchy;
}

export interface ModelComparison {
  /** BIC of every covariance type at every k of the sweep. */
  bic: BicPoint[];
  /** Customers the mixtures were fitted on: all, or an even sample of MIXTURE_FIT_MAX. */
  mixtureSampleSize: number;
  models: FittedModel[];
  table: ComparisonRow[];
  recommendation: Recommendation;
  /** The Gaussian mixture customers' membership probabilities come from (see chosenMixture); none when no mixture had two segments. */
  mixture?: FittedModel;
}

function scored(
  input: ModelInput,
  model: string,
  family: ModelFamily,
  raw: Int32Array,
  options: { seed: number; silhouetteSampleSize: number },
  exactSilhouette?: number,
): ModelCandidate | undefined {
  const { points, n, d } = input;
  // Renumbered 0..k−1: a mixture can leave a component empty, and the metrics want every label in use.
  const { labels, count: k } = byFirstAppearance(raw);
  // A model that put everyone in one segment has no score to compare (and no segments to use).
  if (k < 2 || k > n - 1) return undefined;
  return {
    model,
    family,
    k,
    labels,
    silhouette:
      exactSilhouette ??
      silhouetteSampled(points, n, d, labels, k, { sampleSize: options.silhouetteSampleSize, seed: options.seed }).mean,
    calinskiHarabasz: calinskiHarabasz(points, n, d, labels, k),
    daviesBouldin: daviesBouldin(points, n, d, labels, k),
  };
}

/** Every step-th customer, so that at most `max` remain; the identity when n ≤ max. */
function evenSample({ points, n, d }: ModelInput, max: number) {
  if (n <= max) return { points, n, pick: (labels: Int32Array) => labels };
  const step = Math.ceil(n / max);
  const size = Math.ceil(n / step);
  const sampled = new Float64Array(size * d);
  for (let s = 0; s < size; s++) sampled.set(points.subarray(s * step * d, (s * step + 1) * d), s * d);
  return { points: sampled, n: size, pick: (labels: Int32Array) => Int32Array.from({ length: size }, (_, s) => labels[s * step]) };
}

/**
 * The mixture customers' membership probabilities come from: the recommended model when it
 * is one, else the covariance type of lowest BIC at k (BIC compares mixtures, not families).
 */
function chosenMixture(models: FittedModel[], recommended: string): FittedModel | undefined {
  const mixtures = models.filter((m) => m.mixture);
  return mixtures.find((m) => m.model === recommended) ?? mixtures.sort((a, b) => a.bic! - b.bic!)[0];
}

/**
 * Scores every model at k. The trees of LINKAGES come in as `trees` (see hierarchies.ts: they
 * may be under way on another thread while the mixtures are fitted here), one per linkage in
 * that order.
 */
export async function compareModelsAtK(
  input: ModelInput,
  sweep: readonly SweepEntry[],
  k: number,
  options: { seed: number; silhouetteSampleSize: number },
  trees: Promise<Hierarchy[]>,
): Promise<ModelComparison> {
  const { points, n, d } = input;
  const atK = sweep.find((entry) => entry.k === k)!;
  const models: FittedModel[] = [];
  // The sweep's exact silhouette of these labels is this model's: no second O(n²) pass.
  const kmeans = scored(input, 'kmeans', 'kmeans', atK.fit.labels, options, atK.silhouetteSampled ? undefined : atK.silhouette);
  if (kmeans) models.push(kmeans);

  const sample = evenSample(input, MIXTURE_FIT_MAX);
  const bic: BicPoint[] = [];
  for (const covarianceType of COVARIANCE_TYPES) {
    for (const entry of sweep) {
      // Started from the sweep's own k-means labels: no second k-means per fit.
      const mixture = gaussianMixture(sample.points, sample.n, d, entry.k, {
        covarianceType,
        seed: options.seed + entry.k,
        init: { labels: sample.pick(entry.fit.labels) },
      });
      bic.push({ covarianceType, k: entry.k, bic: mixture.bic });
      if (entry.k !== k) continue;
      const everyone = sample.n === n ? mixture : { ...mixture, ...predictMixture(mixture, points, n) };
      const candidate = scored(input, `gmm-${covarianceType}`, 'gmm', everyone.labels, options);
      if (candidate) models.push({ ...candidate, bic: mixture.bic, mixture: everyone });
    }
  }

  for (const hierarchy of await trees) {
    const candidate = scored(input, `hierarchical-${hierarchy.method}`, 'hierarchical', hierarchyLabels(hierarchy, k), options);
    if (candidate) models.push({ ...candidate, hierarchy });
  }

  const table = compareModels(models);
  const recommendation = recommendModel(table);
  return { bic, mixtureSampleSize: sample.n, models, table, recommendation, mixture: chosenMixture(models, recommendation.model) };
}
