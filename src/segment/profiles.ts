import { FEATURES, type CustomerTable, type Feature } from './features.js';

export interface FeatureStats {
  mean: number;
  median: number;
}

export interface SegmentProfile {
  /** Segment number, 1-based, in the order of the segment indexes given (the run then gives stable ids). */
  id: number;
  size: number;
  /** Share of segmented customers. */
  share: number;
  /** Share of the segmented customers' revenue. */
  revenueShare: number;
  profile: Record<Feature, FeatureStats>;
}

/**
 * Maps a model's labels (arbitrary order) to segment indexes ordered by mean spend, highest
 * first: a dataset's first run numbers its segments so; later runs keep matched ids.
 */
export function orderByMeanSpend(labels: Int32Array, k: number, monetary: Float64Array): Int32Array {
  const sum = new Float64Array(k);
  const count = new Float64Array(k);
  labels.forEach((label, i) => {
    sum[label] += monetary[i];
    count[label]++;
  });
  const order = Array.from({ length: k }, (_, c) => c).sort(
    (a, b) => sum[b] / (count[b] || 1) - sum[a] / (count[a] || 1) || a - b,
  );
  const rank = new Int32Array(k);
  order.forEach((label, index) => (rank[label] = index));
  return rank;
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Each segment's customers, as row indexes in table order (a counting sort: one array for all). */
function membersOf(segmentOf: Int32Array, k: number): Int32Array[] {
  const starts = new Int32Array(k + 1);
  for (const segment of segmentOf) starts[segment + 1]++;
  for (let s = 0; s < k; s++) starts[s + 1] += starts[s];
  const rows = new Int32Array(segmentOf.length);
  const next = starts.slice(0, k);
  for (let i = 0; i < segmentOf.length; i++) rows[next[segmentOf[i]]++] = i;
  return Array.from({ length: k }, (_, s) => rows.subarray(starts[s], starts[s + 1]));
}

/** Size, shares, and per-feature mean and median of each segment, in original units. */
export function segmentProfiles(table: CustomerTable, segmentOf: Int32Array, k: number): SegmentProfile[] {
  const n = table.ids.length;
  let totalRevenue = 0;
  for (const v of table.columns.monetary) totalRevenue += v;
  const members = membersOf(segmentOf, k);
  // One buffer sorted feature after feature: an array per segment and feature would be eight
  // columns' worth of fresh memory, and at a million customers V8 answers that with a full collection.
  const scratch = new Float64Array(Math.max(0, ...members.map((rows) => rows.length)));
  return members.map((rows, segment) => {
    const profile = {} as Record<Feature, FeatureStats>;
    for (const feature of FEATURES) {
      const column = table.columns[feature];
      // A loop, not Float64Array.from with a mapping function: a tenth of the time at a million customers.
      const values = scratch.subarray(0, rows.length);
      for (let r = 0; r < rows.length; r++) values[r] = column[rows[r]];
      values.sort();
      let sum = 0;
      for (const v of values) sum += v;
      profile[feature] = { mean: rows.length ? sum / rows.length : NaN, median: median(values) };
    }
    const revenue = profile.monetary.mean * rows.length;
    return {
      id: segment + 1,
      size: rows.length,
      share: rows.length / n,
      revenueShare: totalRevenue > 0 ? revenue / totalRevenue : 0,
      profile,
    };
  });
}
