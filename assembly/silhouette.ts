// Silhouette as scikit-learn's silhouette_samples (euclidean): a(i) is the mean distance to the
// other members of i's cluster, b(i) the lowest mean distance to another non-empty cluster,
// s(i) = (b - a) / max(a, b), and 0 where that is 0/0 (a point alone in its cluster, or a = b = 0).
// The host provides every buffer; nothing here allocates.

import { copyCoordinates, eightDistances, oneDistance, storeCoordinates, twoDistances } from './coordinates';
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
 * The pairs are taken TILE × TILE at a time (see `silhouettes`): a tile's distances both ways
 * round (256 KiB) and the sums a labeling adds them to stay in the second-level cache. Tiles
 * of 64 to 160 measured alike here, 256 slower.
 */
const TILE: i32 = 128;

/**
 * Scratch bytes `silhouettes` needs for n points and labelings whose k add up to `totalK`:
 * the coordinates dimension by dimension, a tile of distances by rows and by columns, every
 * labeling's distance sums from each point to each cluster three times over (from the
 * cluster's members before the point, from those after it at even positions, at odd ones) and
 * the clusters' sizes.
 */
export function silhouettesScratchBytes(n: i32, d: i32, totalK: i32): f64 {
  return <f64>n * <f64>d * 8 + 2 * <f64>TILE * <f64>TILE * 8 + 3 * <f64>n * <f64>totalK * 8 + i32RegionBytes(<f64>totalK);
}

/**
 * `silhouette` of several labelings of the same points (labels: one row of n per labeling, ks:
 * each one's k) in one pass over the pairs: each distance is computed once, for every
 * labeling, instead of once per labeling. Writes each labeling's s(i) into its row of `samples`
 * and its mean into `means`. Equal to `silhouette` of each labeling but for the order of the
 * additions.
 *
 * A point's sum toward a cluster is its members' distances added in their order: those before
 * the point into one sum, those after it into two by parity (even, odd), and then
 * before + (even + odd), the order of the untiled kernel before it, whose results these are to
 * the bit. The pairs (i < j) come a tile at a time, tiles row by row, so each sum still meets
 * its points in order; a labeling adds a tile's rows to the before-sums of its columns' points
 * toward the row point's cluster, and its columns to the after-sums of its rows' points toward
 * the column point's cluster: runs of additions two at a time (f64x2), whatever the labels, in
 * cache. The untiled kernel kept the after-sums per row point, one scattered addition per pair
 * and a chain of them per cluster: 7.0 ms per labeling of 4,300 points here, against 3 (see addRun).
 */
export function silhouettes(points: usize, n: i32, d: i32, labels: usize, ks: usize, labelings: i32, samples: usize, means: usize, scratch: usize): void {
  const un = <usize>n;
  let totalK = 0;
  for (let l = 0; l < labelings; l++) totalK += load<i32>(ks + (<usize>l << 2));
  const sumsBytes = (un * <usize>totalK) << 3;
  const coordinates = scratch; // coordinates[c * n + i]: coordinate c of point i
  const rows = coordinates + ((un * <usize>d) << 3); // rows[r * TILE + c]: from the tile's row r to its column c
  const columns = rows + ((<usize>TILE * <usize>TILE) << 3); // columns[c * TILE + r]: the same
  // Per labeling, sums[c * n + j]: distance from j to cluster c's members before j, then to all of them.
  const sums = columns + ((<usize>TILE * <usize>TILE) << 3);
  const evenAfter = sums + sumsBytes; // per labeling, as sums: to the members after j at even positions
  const oddAfter = evenAfter + sumsBytes; // and at odd ones
  const sizes = oddAfter + sumsBytes; // per labeling, each cluster's size
  copyCoordinates(points, n, d, coordinates);
  memory.fill(sums, 0, 3 * sumsBytes);

  for (let top = 0; top < n; top += TILE) {
    const bottom = min(top + TILE, n);
    for (let left = top; left < n; left += TILE) {
      const right = min(left + TILE, n);
      fillTile(coordinates, un, d, top, bottom, left, right, rows, columns);
      let labelsOf = labels;
      let offset: usize = 0; // of this labeling's sums
      for (let l = 0; l < labelings; l++) {
        for (let i = top; i < bottom; i++) {
          const from = max(left, i + 1);
          if (from >= right) continue;
          const cluster = <usize>load<i32>(labelsOf + (<usize>i << 2));
          const source = rows + ((<usize>((i - top) * TILE + from - left)) << 3);
          addRun(source, sums + offset + ((cluster * un + <usize>from) << 3), right - from);
        }
        for (let j = left; j < right; j++) {
          const to = min(bottom, j);
          if (to <= top) continue;
          const cluster = <usize>load<i32>(labelsOf + (<usize>j << 2));
          const source = columns + ((<usize>((j - left) * TILE)) << 3);
          addRun(source, (j & 1 ? oddAfter : evenAfter) + offset + ((cluster * un + <usize>top) << 3), to - top);
        }
        labelsOf += un << 2;
        offset += (un * <usize>load<i32>(ks + (<usize>l << 2))) << 3;
      }
    }
  }
  for (let at: usize = 0; at < sumsBytes; at += 8) {
    store<f64>(sums + at, load<f64>(sums + at) + (load<f64>(evenAfter + at) + load<f64>(oddAfter + at)));
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
 * The distances between points top..bottom−1 (the tile's rows) and left..right−1 (its
 * columns), into `rows` row by row and into `columns` column by column. Two rows at a time in
 * the SIMD build, eight columns (or two) at a time: two rows' pairs are, swapped around, two
 * columns' pairs (transposePairs).
 */
function fillTile(coordinates: usize, n: usize, d: i32, top: i32, bottom: i32, left: i32, right: i32, rows: usize, columns: usize): void {
  let i = top;
  if (ASC_FEATURE_SIMD) {
    for (; i + 1 < bottom; i += 2) {
      const r = <usize>(i - top);
      let j = left;
      for (; j + 7 < right; j += 8) {
        const c = <usize>(j - left);
        const upper = rows + ((r * <usize>TILE + c) << 3);
        const lower = upper + (<usize>TILE << 3);
        const column = columns + ((c * <usize>TILE + r) << 3);
        eightDistances(coordinates, n, d, i, j, upper);
        eightDistances(coordinates, n, d, i + 1, j, lower);
        transposePairs(upper, lower, column, 0);
        transposePairs(upper, lower, column, 2);
        transposePairs(upper, lower, column, 4);
        transposePairs(upper, lower, column, 6);
      }
      for (; j + 1 < right; j += 2) {
        const c = <usize>(j - left);
        const upper = rows + ((r * <usize>TILE + c) << 3);
        const lower = upper + (<usize>TILE << 3);
        v128.store(upper, twoDistances(coordinates, n, d, i, j));
        v128.store(lower, twoDistances(coordinates, n, d, i + 1, j));
        transposePairs(upper, lower, columns + ((c * <usize>TILE + r) << 3), 0);
      }
      for (; j < right; j++) {
        storeDistance(coordinates, n, d, i, j, top, left, rows, columns);
        storeDistance(coordinates, n, d, i + 1, j, top, left, rows, columns);
      }
    }
  }
  for (; i < bottom; i++) {
    for (let j = left; j < right; j++) storeDistance(coordinates, n, d, i, j, top, left, rows, columns);
  }
}

/**
 * Two rows' distances to columns q and q + 1 (at `upper` and `lower`, each row's from its first
 * column) into the columns tile from `column` (the first column's entry for the upper row), as
 * columns' pairs.
 */
// @ts-ignore: decorator
@inline
function transposePairs(upper: usize, lower: usize, column: usize, q: usize): void {
  const a = v128.load(upper + (q << 3));
  const b = v128.load(lower + (q << 3));
  v128.store(column + ((q * <usize>TILE) << 3), v128.shuffle<f64>(a, b, 0, 2));
  v128.store(column + (((q + 1) * <usize>TILE) << 3), v128.shuffle<f64>(a, b, 1, 3));
}

/** One distance of a tile, both ways round. */
// @ts-ignore: decorator
@inline
function storeDistance(coordinates: usize, n: usize, d: i32, i: i32, j: i32, top: i32, left: i32, rows: usize, columns: usize): void {
  const distance = oneDistance(coordinates, n, d, i, j);
  store<f64>(rows + ((<usize>((i - top) * TILE + j - left)) << 3), distance);
  store<f64>(columns + ((<usize>((j - left) * TILE + i - top)) << 3), distance);
}

/** Adds `count` values from `source` to those at `target`. */
// @ts-ignore: decorator
@inline
function addRun(source: usize, target: usize, count: i32): void {
  let at: usize = 0;
  const end = <usize>count << 3;
  if (ASC_FEATURE_SIMD) {
    // Eight pairs a turn, at constant offsets (the loads' and stores' own): the loop's work
    // bounded one pair a turn about as much as the additions (3 ms per labeling of 4,300 points
    // against 4.7); offsets added to the address instead cost a third of the gain.
    for (; at + 128 <= end; at += 128) {
      v128.store(target + at, f64x2.add(v128.load(target + at, 0), v128.load(source + at, 0)), 0);
      v128.store(target + at, f64x2.add(v128.load(target + at, 16), v128.load(source + at, 16)), 16);
      v128.store(target + at, f64x2.add(v128.load(target + at, 32), v128.load(source + at, 32)), 32);
      v128.store(target + at, f64x2.add(v128.load(target + at, 48), v128.load(source + at, 48)), 48);
      v128.store(target + at, f64x2.add(v128.load(target + at, 64), v128.load(source + at, 64)), 64);
      v128.store(target + at, f64x2.add(v128.load(target + at, 80), v128.load(source + at, 80)), 80);
      v128.store(target + at, f64x2.add(v128.load(target + at, 96), v128.load(source + at, 96)), 96);
      v128.store(target + at, f64x2.add(v128.load(target + at, 112), v128.load(source + at, 112)), 112);
    }
    for (; at + 16 <= end; at += 16) v128.store(target + at, f64x2.add(v128.load(target + at), v128.load(source + at)));
  }
  for (; at < end; at += 8) store<f64>(target + at, load<f64>(target + at) + load<f64>(source + at));
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
