// Silhouette as scikit-learn's silhouette_samples (euclidean): a(i) is the mean distance to the
// other members of i's cluster, b(i) the lowest mean distance to another non-empty cluster,
// s(i) = (b - a) / max(a, b), and 0 where that is 0/0 (a point alone in its cluster, or a = b = 0).
// The host provides every buffer; nothing here allocates.

import { copyCoordinates, oneDistance, storeCoordinates, twoDistances } from './coordinates';
import { nextUniform, seedRandom } from './prng';

/** i32 regions are padded to 8 bytes so the f64 regions after them stay aligned. */
function i32RegionBytes(count: f64): f64 {
  return Math.ceil(count / 2) * 8;
}

/**
 * Scratch bytes `silhouette` needs: the points' coordinates sorted by cluster, their distance sums
 * to each cluster, their order, and the clusters' sizes and starts.
 */
export function silhouetteScratchBytes(n: i32, d: i32, k: i32): f64 {
  return <f64>n * <f64>d * 8 + <f64>n * <f64>k * 8 + i32RegionBytes(<f64>n) + i32RegionBytes(2 * <f64>k + 1);
}

/**
 * Writes s(i) for every point into `samples` (n f64) and returns their mean. O(n² d).
 *
 * The points are first sorted by cluster and their coordinates stored one dimension after
 * another: the points a row meets are then contiguous per cluster, so each row's distances come
 * two at a time (f64x2) and add up in registers, one running sum per cluster, and each pair is
 * computed once and credited to both its points. Distances are summed per coordinate as
 * `squaredDistance` sums them (even and odd coordinates apart), so they agree with it bit for bit.
 */
export function silhouette(points: usize, n: i32, d: i32, labels: usize, k: i32, samples: usize, scratch: usize): f64 {
  const un = <usize>n;
  const coordinates = scratch; // coordinates[c * n + p]: coordinate c of the point at sorted position p
  const sums = coordinates + ((un * <usize>d) << 3); // sums[c * n + p]: distance from the point at p to cluster c's members
  const order = sums + ((un * <usize>k) << 3); // order[p]: the point at sorted position p
  const sizes = order + <usize>i32RegionBytes(<f64>n);
  const starts = sizes + (<usize>k << 2); // starts[c]: first sorted position of cluster c; starts[k] = n
  sortByCluster(points, n, d, labels, k, coordinates, order, sizes, starts);
  memory.fill(sums, 0, (un * <usize>k) << 3);

  for (let p = 0; p < n; p++) {
    const own = load<i32>(labels + (<usize>load<i32>(order + (<usize>p << 2)) << 2));
    const ownSums = sums + ((<usize>own * un) << 3);
    for (let c = own; c < k; c++) {
      const from = c == own ? p + 1 : load<i32>(starts + (<usize>c << 2));
      const to = load<i32>(starts + (<usize>(c + 1) << 2));
      const total = distancesFrom(coordinates, un, d, p, from, to, ownSums);
      const sumAt = sums + ((<usize>c * un + <usize>p) << 3);
      store<f64>(sumAt, load<f64>(sumAt) + total);
    }
  }

  for (let p = 0; p < n; p++) {
    const point = <usize>load<i32>(order + (<usize>p << 2));
    const own = load<i32>(labels + (point << 2));
    store<f64>(samples + (point << 3), score(sums + (<usize>p << 3), un, own, k, sizes));
  }
  return mean(samples, n);
}

/**
 * s(i) of one point from its distance sums to each cluster (cluster c's at `sums` + c·stride
 * values), its cluster and the clusters' sizes.
 */
function score(sums: usize, stride: usize, own: i32, k: i32, sizes: usize): f64 {
  const ownSize = load<i32>(sizes + (<usize>own << 2));
  if (ownSize <= 1) return 0;
  const a = load<f64>(sums + ((<usize>own * stride) << 3)) / <f64>(ownSize - 1);
  let b = Infinity;
  for (let c = 0; c < k; c++) {
    const size = load<i32>(sizes + (<usize>c << 2));
    if (c == own || size == 0) continue;
    b = Math.min(b, load<f64>(sums + ((<usize>c * stride) << 3)) / <f64>size);
  }
  const scale = Math.max(a, b);
  return scale > 0 ? (b - a) / scale : 0;
}

function mean(values: usize, n: i32): f64 {
  let total = 0.0;
  for (let i = 0; i < n; i++) total += load<f64>(values + (<usize>i << 3));
  return total / <f64>n;
}

/**
 * Scratch bytes `silhouettes` needs for n points and labelings whose k add up to `totalK`:
 * the coordinates dimension by dimension, one row's distances, every labeling's distance sums
 * from each point to each cluster, a row's sums in two banks and the clusters' sizes.
 */
export function silhouettesScratchBytes(n: i32, d: i32, totalK: i32): f64 {
  return <f64>n * <f64>d * 8 + <f64>n * 8 + <f64>n * <f64>totalK * 8 + 2 * <f64>totalK * 8 + i32RegionBytes(<f64>totalK);
}

/**
 * `silhouette` of several labelings of the same points (labels: one row of n per labeling, ks:
 * each one's k) in one pass over the pairs: each distance is computed once, for every labeling,
 * instead of once per labeling; the cost of a labeling is then two additions per pair. Writes
 * each labeling's s(i) into its row of `samples` and its mean into `means`. Equal to
 * `silhouette` of each labeling but for the order of the additions.
 *
 * Row i's distances to the points after it are written out first; then, per labeling, each is
 * added to i's sum toward j's cluster and to j's sum toward i's. A labeling's sums are stored
 * cluster by cluster, so the points after i credit i's cluster in one contiguous run (two at a
 * time, f64x2). i's own sums alternate between two banks, so that two neighbours in the same
 * cluster do not wait on each other.
 */
export function silhouettes(points: usize, n: i32, d: i32, labels: usize, ks: usize, labelings: i32, samples: usize, means: usize, scratch: usize): void {
  const un = <usize>n;
  let totalK = 0;
  for (let l = 0; l < labelings; l++) totalK += load<i32>(ks + (<usize>l << 2));
  const coordinates = scratch; // coordinates[c * n + i]: coordinate c of point i
  const distances = coordinates + ((un * <usize>d) << 3); // distances[j]: from the row's point to j
  const sums = distances + (un << 3); // per labeling, sums[c * n + i]: distance from i to cluster c's members
  const banks = sums + ((un * <usize>totalK) << 3); // banks[2c + j % 2]: the row's sums toward c
  const sizes = banks + ((<usize>totalK << 1) << 3); // per labeling, each cluster's size
  copyCoordinates(points, n, d, coordinates);
  memory.fill(sums, 0, (un * <usize>totalK) << 3);

  for (let i = 0; i < n; i++) {
    rowDistances(coordinates, un, d, i, distances);
    let labelsOf = labels;
    let sumsOf = sums;
    for (let l = 0; l < labelings; l++) {
      const k = <usize>load<i32>(ks + (<usize>l << 2));
      memory.fill(banks, 0, (k << 1) << 3);
      creditRow(distances, labelsOf, i + 1, n, banks, sumsOf + ((<usize>load<i32>(labelsOf + (<usize>i << 2)) * un) << 3));
      for (let c: usize = 0; c < k; c++) {
        const at = sumsOf + ((c * un + <usize>i) << 3);
        store<f64>(at, load<f64>(at) + (load<f64>(banks + ((c << 1) << 3)) + load<f64>(banks + (((c << 1) | 1) << 3))));
      }
      labelsOf += un << 2;
      sumsOf += (un * k) << 3;
    }
  }

  let labelsOf = labels;
  let sumsOf = sums;
  let samplesOf = samples;
  for (let l = 0; l < labelings; l++) {
    const k = load<i32>(ks + (<usize>l << 2));
    countMembers(labelsOf, n, k, sizes);
    for (let i = 0; i < n; i++) {
      const own = load<i32>(labelsOf + (<usize>i << 2));
      store<f64>(samplesOf + (<usize>i << 3), score(sumsOf + (<usize>i << 3), un, own, k, sizes));
    }
    store<f64>(means + (<usize>l << 3), mean(samplesOf, n));
    labelsOf += un << 2;
    sumsOf += (un * <usize>k) << 3;
    samplesOf += un << 3;
  }
}

/**
 * One labeling's share of a row: the distances to points from..to−1 added to the row point's
 * banks, by each point's cluster and parity, and to `ownSums` (the sums toward the row point's
 * cluster) at each point's position.
 */
// @ts-ignore: decorator
@inline
function creditRow(distances: usize, labels: usize, from: i32, to: i32, banks: usize, ownSums: usize): void {
  let j = from;
  if (ASC_FEATURE_SIMD) {
    for (; j + 1 < to; j += 2) {
      const pair = v128.load(distances + (<usize>j << 3));
      const at = ownSums + (<usize>j << 3);
      v128.store(at, f64x2.add(v128.load(at), pair));
      const first = banks + (((<usize>load<i32>(labels + (<usize>j << 2)) << 1) | (<usize>j & 1)) << 3);
      store<f64>(first, load<f64>(first) + f64x2.extract_lane(pair, 0));
      const second = banks + (((<usize>load<i32>(labels + (<usize>(j + 1) << 2)) << 1) | (<usize>(j + 1) & 1)) << 3);
      store<f64>(second, load<f64>(second) + f64x2.extract_lane(pair, 1));
    }
  }
  for (; j < to; j++) {
    const distance = load<f64>(distances + (<usize>j << 3));
    const at = ownSums + (<usize>j << 3);
    store<f64>(at, load<f64>(at) + distance);
    const bank = banks + (((<usize>load<i32>(labels + (<usize>j << 2)) << 1) | (<usize>j & 1)) << 3);
    store<f64>(bank, load<f64>(bank) + distance);
  }
}

/** Each cluster's number of points (n labels in 0..k−1) into `sizes` (k i32). */
function countMembers(labels: usize, n: i32, k: i32, sizes: usize): void {
  memory.fill(sizes, 0, <usize>k << 2);
  for (let i = 0; i < n; i++) {
    const size = sizes + (<usize>load<i32>(labels + (<usize>i << 2)) << 2);
    store<i32>(size, load<i32>(size) + 1);
  }
}

/**
 * Counting sort of the points by label, stable: `order` gets each sorted position's point,
 * `coordinates` their coordinates dimension by dimension, `sizes` and `starts` each cluster's.
 */
function sortByCluster(
  points: usize, n: i32, d: i32, labels: usize, k: i32, coordinates: usize, order: usize, sizes: usize, starts: usize,
): void {
  countMembers(labels, n, k, sizes);
  let start = 0;
  for (let c = 0; c < k; c++) {
    store<i32>(starts + (<usize>c << 2), start);
    start += load<i32>(sizes + (<usize>c << 2));
  }
  store<i32>(starts + (<usize>k << 2), n);
  for (let i = 0; i < n; i++) {
    const next = starts + (<usize>load<i32>(labels + (<usize>i << 2)) << 2);
    const p = load<i32>(next);
    store<i32>(next, p + 1);
    store<i32>(order + (<usize>p << 2), i);
    storeCoordinates(points, d, i, coordinates, <usize>n, p);
  }
  // The pass above moved each start to the next cluster's: shift them back.
  for (let c = k; c > 0; c--) store<i32>(starts + (<usize>c << 2), load<i32>(starts + (<usize>(c - 1) << 2)));
  store<i32>(starts, 0);
}

/**
 * Sum of the distances from the point at sorted position p to those at from..to−1; each
 * distance is also added to `credited` at the other point's position (its sum toward p's cluster).
 */
// @ts-ignore: decorator
@inline
function distancesFrom(coordinates: usize, n: usize, d: i32, p: i32, from: i32, to: i32, credited: usize): f64 {
  let j = from;
  let total = 0.0;
  if (ASC_FEATURE_SIMD) {
    let lanes = f64x2.splat(0);
    for (; j + 1 < to; j += 2) {
      const distance = twoDistances(coordinates, n, d, p, j);
      lanes = f64x2.add(lanes, distance);
      const at = credited + (<usize>j << 3);
      v128.store(at, f64x2.add(v128.load(at), distance));
    }
    total = f64x2.extract_lane(lanes, 0) + f64x2.extract_lane(lanes, 1);
  }
  for (; j < to; j++) {
    const distance = oneDistance(coordinates, n, d, p, j);
    total += distance;
    const at = credited + (<usize>j << 3);
    store<f64>(at, load<f64>(at) + distance);
  }
  return total;
}

/** The distances from point p to every point after it, into `out` at their positions. */
function rowDistances(coordinates: usize, n: usize, d: i32, p: i32, out: usize): void {
  const to = <i32>n;
  let j = p + 1;
  if (ASC_FEATURE_SIMD) {
    for (; j + 1 < to; j += 2) v128.store(out + (<usize>j << 3), twoDistances(coordinates, n, d, p, j));
  }
  for (; j < to; j++) store<f64>(out + (<usize>j << 3), oneDistance(coordinates, n, d, p, j));
}

/** Scratch bytes `stratifiedSample` needs: sizes, quotas and remainders per cluster. */
export function stratifiedSampleScratchBytes(k: i32): f64 {
  return <f64>k * 12;
}

/**
 * Draws a sample stratified by label and writes the chosen point indices, ascending, to
 * `indices`; returns how many. Each cluster gets its proportional share of `sampleSize`
 * (largest remainders, in exact integer arithmetic, ties to the lower label), raised to
 * min(size, 2) so every non-empty cluster is represented and has a within-cluster distance:
 * the sample can exceed `sampleSize` by at most 2 per cluster. `indices` holds room for
 * min(n, sampleSize + 2k) entries.
 */
export function stratifiedSample(labels: usize, n: i32, k: i32, sampleSize: i32, seed: f64, indices: usize, scratch: usize): i32 {
  const sizes = scratch;
  const quotas = sizes + (<usize>k << 2);
  const remainders = quotas + (<usize>k << 2);
  countMembers(labels, n, k, sizes);

  let allocated = 0;
  for (let c = 0; c < k; c++) {
    const share = <i64>sampleSize * <i64>load<i32>(sizes + (<usize>c << 2));
    store<i32>(quotas + (<usize>c << 2), <i32>(share / <i64>n));
    store<i32>(remainders + (<usize>c << 2), <i32>(share % <i64>n));
    allocated += <i32>(share / <i64>n);
  }
  for (let extra = sampleSize - allocated; extra > 0; extra--) {
    let largest = 0;
    for (let c = 1; c < k; c++) {
      if (load<i32>(remainders + (<usize>c << 2)) > load<i32>(remainders + (<usize>largest << 2))) largest = c;
    }
    store<i32>(remainders + (<usize>largest << 2), -1);
    store<i32>(quotas + (<usize>largest << 2), load<i32>(quotas + (<usize>largest << 2)) + 1);
  }
  for (let c = 0; c < k; c++) {
    const floor = min(load<i32>(sizes + (<usize>c << 2)), 2);
    if (load<i32>(quotas + (<usize>c << 2)) < floor) store<i32>(quotas + (<usize>c << 2), floor);
  }

  // Selection sampling (Knuth, TAOCP vol. 2, 3.4.2, Algorithm S) within each cluster: one pass
  // in index order, each point taken with probability (still needed) / (still unseen).
  seedRandom(seed);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const label = <usize>load<i32>(labels + (<usize>i << 2));
    const unseen = load<i32>(sizes + (label << 2));
    const needed = load<i32>(quotas + (label << 2));
    if (needed > 0 && nextUniform() * <f64>unseen < <f64>needed) {
      store<i32>(indices + (<usize>count << 2), i);
      count++;
      store<i32>(quotas + (label << 2), needed - 1);
    }
    store<i32>(sizes + (label << 2), unseen - 1);
  }
  return count;
}
