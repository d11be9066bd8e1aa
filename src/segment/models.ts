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
  type GaussianMixtureResult,
  type LinkageMethod,
} from '../kernels/index.js';
import { compareModels, ModelAgreement, recommendModel, type ComparisonRow, type ModelCandidate, type ModelFamily, type Recommendation } from './compare.js';
import type { BicPoint } from '../results.js';
import { hierarchyLabels, type Hierarchy } from './hierarchical.js';
import type { BuiltTree } from './hierarchies.js';
import { byFirstAppearance } from './labels.js';
import { silhouettesOf } from './silhouettes.js';
import type { SweepEntry } from './sweep.js';
import type { ModelInput } from './transform.js';

export const LINKAGES: readonly LinkageMethod[] = ['ward', 'complete', 'average'];

/**
 * Mixtures are fitted on at most this many customers (an even sample beyond): EM over a
 * million points for 36 (type, k) pairs would take minutes, and a sample this size pins the
 * components down. Every customer is then assigned by the fitted model; BIC is the sample's.
 */
export const MIXTURE_FIT_MAX = 50_000;

/**
 * A mixture of the comparison: fitted, and every customer assigned, without the membership
 * probabilities (the run computes those of the one mixture it publishes them from).
 */
export type FittedMixture = Omit<GaussianMixtureResult, 'probabilities'>;

/** A model of the comparison, with the labels it gives each customer (0..k−1, no gaps). */
export interface FittedModel extends ModelCandidate {
  mixture?: FittedMixture;
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

/** A model's labels at k, before it is scored. */
interface Labelled<Extra> {
  model: string;
  family: ModelFamily;
  k: number;
  labels: Int32Array;
  extra: Extra;
  /** Its silhouette, when already known. */
  silhouette?: number;
}

/**
 * The labels renumbered 0..k−1 (a mixture can leave a component empty, and the metrics want
 * every label in use); none when the model put everyone in one segment (no score to compare,
 * no segments to use) or everyone in their own.
 */
function labelled<Extra>(n: number, model: string, family: ModelFamily, raw: Int32Array, extra: Extra): Labelled<Extra> | undefined {
  const { labels, count: k } = byFirstAppearance(raw);
  if (k < 2 || k > n - 1) return undefined;
  return { model, family, k, labels, extra };
}

/** Scores the models alike; the silhouettes not yet known in one pass (see silhouettes.ts). */
function scored<Extra>(
  input: ModelInput,
  models: readonly (Labelled<Extra> | undefined)[],
  options: { seed: number; silhouetteSampleSize: number },
): (ModelCandidate & Extra)[] {
  const { points, n, d } = input;
  const present = models.filter((m) => m !== undefined);
  const unknown = present.filter((m) => m.silhouette === undefined);
  const computed = silhouettesOf(input, unknown.map(({ labels, k }) => ({ labels, k, seed: options.seed })), options.silhouetteSampleSize);
  let next = 0;
  return present.map(({ model, family, k, labels, extra, silhouette }) => ({
    model,
    family,
    k,
    labels,
    silhouette: silhouette ?? computed[next++].mean,
    calinskiHarabasz: calinskiHarabasz(points, n, d, labels, k),
    daviesBouldin: daviesBouldin(points, n, d, labels, k),
    ...extra,
  }));
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
 * The trees already built, once the messages waiting for this thread are in: they come in
 * order, so these are the first ones.
 */
async function treesBuilt(trees: readonly Promise<BuiltTree>[]): Promise<BuiltTree[]> {
  const built: (BuiltTree | undefined)[] = [];
  trees.forEach((tree, i) => tree.then((done) => (built[i] = done), () => {}));
  await new Promise((resolve) => setImmediate(resolve));
  const first: BuiltTree[] = [];
  for (let i = 0; i < trees.length && built[i]; i++) first.push(built[i]!);
  return first;
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
  trees: readonly Promise<BuiltTree>[],
): Promise<ModelComparison> {
  const { points, n, d } = input;
  const atK = sweep.find((entry) => entry.k === k)!;
  const kmeans = labelled(n, 'kmeans', 'kmeans', atK.fit.labels, {});
  // The sweep's exact silhouette of these labels is this model's: no second O(n²) pass.
  if (kmeans && !atK.silhouetteSampled) kmeans.silhouette = atK.silhouette;
  const models: FittedModel[] = scored(input, [kmeans], options);

  const sample = evenSample(input, MIXTURE_FIT_MAX);
  const bic: BicPoint[] = [];
  const mixtures: (Labelled<Pick<FittedModel, 'bic' | 'mixture'>> | undefined)[] = [];
  for (const covarianceType of COVARIANCE_TYPES) {
    for (const entry of sweep) {
      // Started from the sweep's own k-means labels: no second k-means per fit.
      const mixture = gaussianMixture(sample.points, sample.n, d, entry.k, {
        covarianceType,
        seed: options.seed + entry.k,
        init: { labels: sample.pick(entry.fit.labels) },
        probabilities: false,
      });
      bic.push({ covarianceType, k: entry.k, bic: mixture.bic });
      if (entry.k !== k) continue;
      const everyone = sample.n === n ? mixture : { ...mixture, ...predictMixture(mixture, points, n, { probabilities: false }) };
      mixtures.push(labelled(n, `gmm-${covarianceType}`, 'gmm', everyone.labels, { bic: mixture.bic, mixture: everyone }));
    }
  }
  // The trees built by now are scored with the mixtures, in one pass over the pairs; the others
  // each as it comes, unless the thread that built it scored it at k (a labeling's scores do not
  // depend on the others scored with it, nor on the thread).
  const cut = ({ hierarchy, cut: scored }: BuiltTree) => {
    const atK = scored?.k === k ? scored : undefined;
    const model = labelled(n, `hierarchical-${hierarchy.method}`, 'hierarchical', atK?.labels ?? hierarchyLabels(hierarchy, k), { hierarchy });
    if (model && atK) model.silhouette = atK.silhouette;
    return model;
  };
  const built = await treesBuilt(trees);
  models.push(...scored<Partial<FittedModel>>(input, [...mixtures, ...built.map(cut)], options));
  // The agreement of the models so far, while the last trees may still grow on another thread.
  const agreement = new ModelAgreement();
  for (const { model, labels, k } of models) agreement.add(model, labels, k);
  for (const tree of trees.slice(built.length)) models.push(...scored(input, [cut(await tree)], options));

  const table = compareModels(models, agreement);
  const recommendation = recommendModel(table);
  return { bic, mixtureSampleSize: sample.n, models, table, recommendation, mixture: chosenMixture(models, recommendation.model) };
}
