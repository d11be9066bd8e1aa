/**
 * Comparing clustering models on the same customers, and recommending one: k-means, Gaussian
 * mixtures per covariance type and hierarchical clustering per linkage, each scored by the
 * metrics the kernels compute (passed in here), its segment sizes, and its agreement with the
 * others (adjusted Rand index); the kernels count the models' labels and pairs of labels.
 */
import { labelCounts, pairCounts } from '../kernels/index.js';

export type ModelFamily = 'kmeans' | 'gmm' | 'hierarchical';

/** Family order on ties: the simpler, cheaper, more familiar model first. */
const FAMILY_ORDER: Record<ModelFamily, number> = { kmeans: 0, gmm: 1, hierarchical: 2 };

export interface ModelCandidate {
  /** Unique, e.g. "kmeans", "gmm-full", "hierarchical-ward". */
  model: string;
  family: ModelFamily;
  k: number;
  /** Each customer's segment, 0..k−1, the same customers in the same order for every model. */
  labels: Int32Array;
  silhouette: number;
  calinskiHarabasz: number;
  daviesBouldin: number;
  /** Gaussian mixtures only (lower is better); reported, not used across families. */
  bic?: number;
}

export interface ComparisonRow {
  model: string;
  family: ModelFamily;
  k: number;
  silhouette: number;
  calinskiHarabasz: number;
  daviesBouldin: number;
  bic?: number;
  /** Customers per segment, by label. */
  sizes: number[];
  smallestShare: number;
  largestShare: number;
  /** Adjusted Rand index against every model of the table (1 against itself). */
  ari: Record<string, number>;
}

/** A labeling as codes 0..count−1, with each code's size: what the pair counts need of it. */
interface CodedLabels {
  codes: ArrayLike<number>;
  sizes: Float64Array;
}

/** Labels as codes 0..count−1: small non-negative integers stay as they are (models' labels), anything else is numbered. */
function coded(labels: ArrayLike<number>): CodedLabels {
  let max = -1;
  let codes: ArrayLike<number> = labels;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!(Number.isInteger(label) && label >= 0 && label <= labels.length)) {
      const numbers = new Map<number, number>();
      codes = Int32Array.from(labels, (l) => numbers.get(l) ?? numbers.set(l, numbers.size).get(l)!);
      max = numbers.size - 1;
      break;
    }
    if (label > max) max = label;
  }
  const sizes = new Float64Array(max + 1);
  for (let i = 0; i < codes.length; i++) sizes[codes[i]]++;
  return { codes, sizes };
}

/** Σ c² over the counts, exactly (BigInt): the pair counts of n = 10⁶ items pass 2⁵³. */
function sumOfSquares(counts: ArrayLike<number>): bigint {
  let sum = 0n;
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) sum += BigInt(counts[i]) * BigInt(counts[i]);
  return sum;
}

/**
 * Adjusted Rand index (Hubert & Arabie 1985) of two labelings, as scikit-learn's
 * adjusted_rand_score: from the pair confusion matrix, 1 when the two agree on every pair
 * (including both putting everything in one cluster), about 0 for independent labelings, and
 * negative below chance. Counts are exact (BigInt) at any n. The contingency table lives in a
 * typed array (a map when it would be larger than the labelings), so a million customers cost
 * no string or map entry each: the model comparison takes 21 of these.
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`adjustedRandIndex: labelings have ${a.length} and ${b.length} items`);
  return adjustedRandIndexOf(coded(a), coded(b));
}

/** adjustedRandIndex of two coded labelings of the same items. */
function adjustedRandIndexOf(x: CodedLabels, y: CodedLabels): number {
  const n = x.codes.length;
  const columns = y.sizes.length;
  let cells: ArrayLike<number>;
  if (x.sizes.length * columns <= 4 * n + 1024) {
    const table = new Float64Array(x.sizes.length * columns);
    for (let i = 0; i < n; i++) table[x.codes[i] * columns + y.codes[i]]++;
    cells = table;
  } else {
    const table = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const cell = x.codes[i] * columns + y.codes[i];
      table.set(cell, (table.get(cell) ?? 0) + 1);
    }
    cells = Float64Array.from(table.values());
  }
  return adjustedRandIndexOfCounts(n, x.sizes, y.sizes, cells);
}

/** The adjusted Rand index from the counts of n items per label of each labeling and per pair of labels. */
function adjustedRandIndexOfCounts(n: number, xSizes: ArrayLike<number>, ySizes: ArrayLike<number>, cells: ArrayLike<number>): number {
  // Ordered pairs (scikit-learn's pair_confusion_matrix): every count is twice the unordered one; the ratio is unchanged.
  const nn = BigInt(n);
  const bothSame = sumOfSquares(cells) - nn; // same cluster in a and in b
  const sameInA = sumOfSquares(xSizes) - nn;
  const sameInB = sumOfSquares(ySizes) - nn;
  const onlyA = sameInA - bothSame;
  const onlyB = sameInB - bothSame;
  const neither = nn * nn - nn - bothSame - onlyA - onlyB;
  if (onlyA === 0n && onlyB === 0n) return 1;
  const numerator = 2n * (bothSame * neither - onlyA * onlyB);
  const denominator = (bothSame + onlyA) * (onlyA + neither) + (bothSame + onlyB) * (onlyB + neither);
  return Number(numerator) / Number(denominator);
}

/**
 * A model's segment sizes, its labels checked against its k: counted by the kernels, as the
 * comparison does it once a run, in cold code (milliseconds a model in JavaScript).
 */
function segmentSizes(fn: string, model: string, labels: Int32Array, k: number): Float64Array {
  const { sizes, outside } = labelCounts(labels, k);
  if (outside >= 0) throw new RangeError(`${fn}: model "${model}" has label ${labels[outside]} outside 0..${k - 1}`);
  return sizes;
}

function requireCandidates(candidates: readonly ModelCandidate[]): void {
  if (candidates.length === 0) throw new RangeError('compareModels: no models to compare');
  const n = candidates[0].labels.length;
  const seen = new Set<string>();
  for (const c of candidates) {
    if (seen.has(c.model)) throw new RangeError(`compareModels: model "${c.model}" appears twice`);
    seen.add(c.model);
    if (c.labels.length !== n) {
      throw new RangeError(`compareModels: model "${c.model}" labels ${c.labels.length} customers, "${candidates[0].model}" ${n}`);
    }
    if (!Number.isSafeInteger(c.k) || c.k < 1) throw new RangeError(`compareModels: model "${c.model}" has k = ${c.k}`);
    for (const metric of ['silhouette', 'calinskiHarabasz', 'daviesBouldin'] as const) {
      if (!Number.isFinite(c[metric])) throw new RangeError(`compareModels: model "${c.model}" has ${metric} ${c[metric]}`);
    }
    if (c.bic !== undefined && !Number.isFinite(c.bic)) throw new RangeError(`compareModels: model "${c.model}" has bic ${c.bic}`);
  }
}

/**
 * The adjusted Rand index of every pair of models, kept as the models come: each one added is
 * compared with those before it, so that a comparison made when the last model comes computes
 * only that model's pairs (the model comparison adds each model as it is scored).
 */
export class ModelAgreement {
  private readonly labelings = new Map<string, { labels: Int32Array; k: number; sizes: Float64Array; ari: Map<string, number> }>();

  /** Adds a model's labels (0..k−1); a model already added must come with the very same labels. */
  add(model: string, labels: Int32Array, k: number): void {
    const known = this.labelings.get(model);
    if (known) {
      if (known.labels !== labels) throw new RangeError(`ModelAgreement: model "${model}" added twice with different labels`);
      return;
    }
    const mine = { labels, k, sizes: segmentSizes('ModelAgreement', model, labels, k), ari: new Map([[model, 1]]) };
    for (const [other, theirs] of this.labelings) {
      const value = adjustedRandIndexOfCounts(labels.length, theirs.sizes, mine.sizes, pairCounts(theirs.labels, theirs.k, labels, k));
      theirs.ari.set(model, value);
      mine.ari.set(other, value);
    }
    this.labelings.set(model, mine);
  }

  /** The adjusted Rand index of two models added. */
  between(model: string, other: string): number {
    return this.labelings.get(model)!.ari.get(other)!;
  }
}

/**
 * One row per model, in the order given, with sizes, shares and pairwise adjusted Rand indexes
 * (from `agreement` for the models it holds, which must have the very same labels).
 */
export function compareModels(candidates: readonly ModelCandidate[], agreement = new ModelAgreement()): ComparisonRow[] {
  requireCandidates(candidates);
  const n = candidates[0].labels.length;
  const counts = candidates.map((c) => segmentSizes('compareModels', c.model, c.labels, c.k));
  for (const c of candidates) agreement.add(c.model, c.labels, c.k);
  return candidates.map((c, i) => {
    const sizes = Array.from(counts[i]);
    const row: ComparisonRow = {
      model: c.model,
      family: c.family,
      k: c.k,
      silhouette: c.silhouette,
      calinskiHarabasz: c.calinskiHarabasz,
      daviesBouldin: c.daviesBouldin,
      sizes,
      smallestShare: Math.min(...sizes) / n,
      largestShare: Math.max(...sizes) / n,
      // Rows list every model in table order, so the JSON is the same whatever the insertion order was.
      ari: Object.fromEntries(candidates.map((other) => [other.model, agreement.between(c.model, other.model)])),
    };
    if (c.bic !== undefined) row.bic = c.bic;
    return row;
  });
}

/** A segment smaller than this share of customers is "a handful of whales": the model is degenerate. */
export const MIN_SMALLEST_SHARE = 0.02;
/** A segment larger than this share of customers is "one giant segment": the model is degenerate. */
export const MAX_LARGEST_SHARE = 0.6;

export const RECOMMENDATION_RULE =
  `Models whose smallest segment holds at least ${MIN_SMALLEST_SHARE * 100}% of customers and whose largest ` +
  `holds at most ${MAX_LARGEST_SHARE * 100}% are eligible (no segment of a handful of whales, no one giant ` +
  'segment). Each eligible model is ranked on silhouette (higher is better), Calinski–Harabasz (higher) and ' +
  'Davies–Bouldin (lower), equal values sharing the mean rank; the lowest sum of the three ranks wins, ties to ' +
  'the higher silhouette, then k-means before Gaussian mixtures before hierarchical, then the name. BIC only ' +
  'applies to Gaussian mixtures and is not used across families. If no model is eligible, the one with the ' +
  'largest smallest segment wins (ties by the same ranking).';

export interface Recommendation {
  model: string;
  /** Why, in words, with the numbers. */
  reason: string;
  rule: string;
  /** Models that passed the size guards, in table order. */
  eligible: string[];
  /** Models left out by a guard, and why. */
  excluded: { model: string; reason: string }[];
  /** Sum of the three metric ranks among the models ranked (eligible ones, or all when none is). */
  rankSums: Record<string, number>;
}

const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
const ordinal = (rank: number): string => {
  const whole = Number.isInteger(rank) ? String(rank) : rank.toFixed(1);
  if (!Number.isInteger(rank)) return `${whole} (tied)`;
  const tail = rank % 100 >= 11 && rank % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][rank % 10] ?? 'th';
  return `${whole}${tail}`;
};
/** Fixed decimals with thousands commas, the same in every locale (results are byte-identical). */
const figure = (value: number, digits: number): string => {
  const [whole, fraction] = value.toFixed(digits).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
};

/** Ranks 1..m of `values` (best first); equal values share their mean rank. */
function ranks(values: readonly number[], higherIsBetter: boolean): number[] {
  const order = values.map((value, i) => ({ value, i })).sort((a, b) => (higherIsBetter ? b.value - a.value : a.value - b.value) || a.i - b.i);
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].value === order[start].value) end++;
    for (let t = start; t <= end; t++) result[order[t].i] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return result;
}

function guardFailure(row: ComparisonRow): string | null {
  const failures: string[] = [];
  if (row.smallestShare < MIN_SMALLEST_SHARE) failures.push(`its smallest segment holds ${percent(row.smallestShare)} of customers`);
  if (row.largestShare > MAX_LARGEST_SHARE) failures.push(`its largest segment holds ${percent(row.largestShare)}`);
  return failures.length ? failures.join(' and ') : null;
}

/** Picks one model of the table by RECOMMENDATION_RULE and says why. */
export function recommendModel(table: readonly ComparisonRow[]): Recommendation {
  if (table.length === 0) throw new RangeError('recommendModel: the comparison table is empty');
  const excluded: Recommendation['excluded'] = [];
  const eligible: ComparisonRow[] = [];
  for (const row of table) {
    const failure = guardFailure(row);
    if (failure) excluded.push({ model: row.model, reason: failure });
    else eligible.push(row);
  }
  const ranked = eligible.length > 0 ? eligible : [...table];
  const silhouetteRank = ranks(ranked.map((r) => r.silhouette), true);
  const chRank = ranks(ranked.map((r) => r.calinskiHarabasz), true);
  const dbRank = ranks(ranked.map((r) => r.daviesBouldin), false);
  const rankSum = ranked.map((_, i) => silhouetteRank[i] + chRank[i] + dbRank[i]);
  const byRule = ranked
    .map((row, i) => ({ row, i }))
    .sort(
      (a, b) =>
        (eligible.length > 0 ? 0 : b.row.smallestShare - a.row.smallestShare) ||
        rankSum[a.i] - rankSum[b.i] ||
        b.row.silhouette - a.row.silhouette ||
        FAMILY_ORDER[a.row.family] - FAMILY_ORDER[b.row.family] ||
        (a.row.model < b.row.model ? -1 : a.row.model > b.row.model ? 1 : 0),
    );
  const { row: best, i } = byRule[0];
  const scores =
    `silhouette ${figure(best.silhouette, 3)} (${ordinal(silhouetteRank[i])}), ` +
    `Calinski–Harabasz ${figure(best.calinskiHarabasz, 1)} (${ordinal(chRank[i])}) and ` +
    `Davies–Bouldin ${figure(best.daviesBouldin, 3)} (${ordinal(dbRank[i])})`;
  const sizes = `segments from ${percent(best.smallestShare)} to ${percent(best.largestShare)} of customers`;
  const left = excluded.length ? ` Left out: ${excluded.map((e) => `${e.model} (${e.reason})`).join('; ')}.` : '';
  const reason =
    eligible.length > 0
      ? `${best.model} (k = ${best.k}) ranks best over ${scores} among the ${eligible.length} of ${table.length} ` +
        `models with no tiny and no giant segment; its ${sizes}.${left}`
      : `No model avoids both a tiny and a giant segment, so ${best.model} (k = ${best.k}), the one with the ` +
        `largest smallest segment, is recommended with care: ${scores}; ${sizes}.${left}`;
  return {
    model: best.model,
    reason,
    rule: RECOMMENDATION_RULE,
    eligible: eligible.map((r) => r.model),
    excluded,
    rankSums: Object.fromEntries(ranked.map((r, t) => [r.model, rankSum[t]])),
  };
}
