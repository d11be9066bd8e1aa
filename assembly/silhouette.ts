// Silhouette as scikit-learn's silhouette_samples (euclidean): a(i) is the mean distance to the
// other members of i's cluster, b(i) the lowest mean distance to another non-empty cluster,
// s(i) = (b - a) / max(a, b), and 0 where that is 0/0 (a point alone in its cluster, or a = b = 0).
// The host provides every buffer; nothing here allocates.

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
    const ownSize = load<i32>(sizes + (<usize>own << 2));
    let score = 0.0;
    if (ownSize > 1) {
      const a = load<f64>(sums + ((<usize>own * un + <usize>p) << 3)) / <f64>(ownSize - 1);
      let b = Infinity;
      for (let c = 0; c < k; c++) {
        const size = load<i32>(sizes + (<usize>c << 2));
        if (c == own || size == 0) continue;
        b = Math.min(b, load<f64>(sums + ((<usize>c * un + <usize>p) << 3)) / <f64>size);
      }
      const scale = Math.max(a, b);
      if (scale > 0) score = (b - a) / scale;
    }
    store<f64>(samples + (point << 3), score);
  }
  let total = 0.0;
  for (let i = 0; i < n; i++) total += load<f64>(samples + (<usize>i << 3));
  return total / <f64>n;
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
    for (let c = 0; c < d; c++) {
      store<f64>(coordinates + ((<usize>c * <usize>n + <usize>p) << 3), load<f64>(points + ((<usize>i * <usize>d + <usize>c) << 3)));
    }
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
  const pairedEnd = d & ~1;
  let j = from;
  let total = 0.0;
  if (ASC_FEATURE_SIMD) {
    let lanes = f64x2.splat(0);
    for (; j + 1 < to; j += 2) {
      let even = f64x2.splat(0);
      let odd = f64x2.splat(0);
      for (let c = 0; c < pairedEnd; c += 2) {
        const e = f64x2.sub(v128.load(coordinates + ((<usize>c * n + <usize>j) << 3)), f64x2.splat(coordinate(coordinates, n, c, p)));
        even = f64x2.add(even, f64x2.mul(e, e));
        const o = f64x2.sub(v128.load(coordinates + ((<usize>(c + 1) * n + <usize>j) << 3)), f64x2.splat(coordinate(coordinates, n, c + 1, p)));
        odd = f64x2.add(odd, f64x2.mul(o, o));
      }
      let squared = f64x2.add(even, odd);
      if (d & 1) {
        const last = f64x2.sub(v128.load(coordinates + ((<usize>pairedEnd * n + <usize>j) << 3)), f64x2.splat(coordinate(coordinates, n, pairedEnd, p)));
        squared = f64x2.add(squared, f64x2.mul(last, last));
      }
      const distance = f64x2.sqrt(squared);
      lanes = f64x2.add(lanes, distance);
      const at = credited + (<usize>j << 3);
      v128.store(at, f64x2.add(v128.load(at), distance));
    }
    total = f64x2.extract_lane(lanes, 0) + f64x2.extract_lane(lanes, 1);
  }
  for (; j < to; j++) {
    let even = 0.0;
    let odd = 0.0;
    for (let c = 0; c < pairedEnd; c += 2) {
      const e = coordinate(coordinates, n, c, j) - coordinate(coordinates, n, c, p);
      even += e * e;
      const o = coordinate(coordinates, n, c + 1, j) - coordinate(coordinates, n, c + 1, p);
      odd += o * o;
    }
    let squared = even + odd;
    if (d & 1) {
      const last = coordinate(coordinates, n, pairedEnd, j) - coordinate(coordinates, n, pairedEnd, p);
      squared += last * last;
    }
    const distance = Math.sqrt(squared);
    total += distance;
    const at = credited + (<usize>j << 3);
    store<f64>(at, load<f64>(at) + distance);
  }
  return total;
}

/** Coordinate c of the point at sorted position p. */
// @ts-ignore: decorator
@inline
function coordinate(coordinates: usize, n: usize, c: i32, p: i32): f64 {
  return load<f64>(coordinates + ((<usize>c * n + <usize>p) << 3));
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
