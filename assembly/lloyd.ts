// Lloyd's k-means after scikit-learn's KMeans(algorithm="lloyd"): iterations counted and stopped
// as `_kmeans_single_lloyd` does (tol 0 unless the host passes one), empty clusters relocated as
// `_relocate_empty_clusters_dense` does. The steps are shared with Hamerly (hamerly.ts), which must
// give exactly the same result. The host provides every buffer; nothing here allocates.

import { pairSecond, row, squaredDistance, squaredDistanceLanes, squaredDistanceLanesHeld, squaredDistancePair } from './distance';
import { addScaled } from './vector';

// Layout of the 16-byte summary block that the k-means kernels write for the host.
export const SUMMARY_INERTIA: usize = 0; // f64
export const SUMMARY_ITERATIONS: usize = 8; // i32
export const SUMMARY_CONVERGED: usize = 12; // i32, 0 or 1
export const SUMMARY_BYTES: usize = 16;

/** i32 regions are padded to 8 bytes so any f64 region after them stays aligned. */
export function i32RegionBytes(count: f64): f64 {
  return Math.ceil(count / 2) * 8;
}

/** Scratch bytes `lloyd` needs (f64, so sizes past 4 GiB are reported rather than wrapped). */
export function lloydScratchBytes(n: i32, d: i32, k: i32): f64 {
  return (<f64>k * <f64>d + <f64>k + <f64>n) * 8;
}

/**
 * Points of up to 8 coordinates get searches specialised to their dimension: the point is loaded
 * once and no loop runs over its coordinates, which takes about a fifth off a Lloyd pass (see
 * "k-means, one Lloyd iteration" in the benchmark). Same sums, same bits. 0 means the general path.
 */
// @ts-ignore: decorator
@inline
function heldDimensions(d: i32): i32 {
  return ASC_FEATURE_SIMD && d <= 8 ? d : 0;
}

/** Distances from the point (or the coordinates held of it) to centres `a` and `b`, as two lanes. */
// @ts-ignore: decorator
@inline
function distanceLanes(point: usize, p0: v128, p1: v128, p2: v128, p3: v128, last: v128, held: i32, a: usize, b: usize, d: i32): v128 {
  return held > 0 ? squaredDistanceLanesHeld(p0, p1, p2, p3, last, held, a, b) : squaredDistanceLanes(point, a, b, d);
}

/**
 * Nearest centre of one point, the lowest index on ties. The SIMD build runs two searches at
 * once, one lane over the even centres and one over the odd, with compares and selects rather
 * than branches (which centre wins is data-dependent, so branches mispredict), then takes the
 * better lane; the scalar build walks the centres in pairs. Both find what a plain scan finds.
 * `held` is `heldDimensions(d)`, a constant at each call site.
 */
// @ts-ignore: decorator
@inline
export function nearestCentre(point: usize, d: i32, centres: usize, k: i32, held: i32 = 0): i32 {
  const rowBytes = <usize>d << 3;
  if (ASC_FEATURE_SIMD) {
    if (k == 1) return 0;
    const pairs = held >> 1;
    const zero = f64x2.splat(0);
    const p0 = pairs > 0 ? v128.load(point) : zero;
    const p1 = pairs > 1 ? v128.load(point, 16) : zero;
    const p2 = pairs > 2 ? v128.load(point, 32) : zero;
    const p3 = pairs > 3 ? v128.load(point, 48) : zero;
    const last = held & 1 ? f64x2.splat(load<f64>(point + (<usize>pairs << 4))) : zero;
    let best = distanceLanes(point, p0, p1, p2, p3, last, held, centres, centres + rowBytes, d);
    let bestIndex = f64x2(0, 1);
    let index = bestIndex;
    let c = 2;
    let centre = centres + (rowBytes << 1);
    for (; c + 1 < k; c += 2, centre += rowBytes << 1) {
      index = f64x2.add(index, f64x2.splat(2));
      const distances = distanceLanes(point, p0, p1, p2, p3, last, held, centre, centre + rowBytes, d);
      const closer = f64x2.lt(distances, best);
      best = v128.bitselect(distances, best, closer);
      bestIndex = v128.bitselect(index, bestIndex, closer);
    }
    const evenDistance = f64x2.extract_lane(best, 0);
    const oddDistance = f64x2.extract_lane(best, 1);
    const evenIndex = <i32>f64x2.extract_lane(bestIndex, 0);
    const oddIndex = <i32>f64x2.extract_lane(bestIndex, 1);
    const oddWins = oddDistance < evenDistance || (oddDistance == evenDistance && oddIndex < evenIndex);
    let nearest = oddWins ? oddIndex : evenIndex;
    if (c < k && squaredDistance(point, centre, d) < (oddWins ? oddDistance : evenDistance)) nearest = c;
    return nearest;
  } else {
    let nearest = 0;
    let nearestDistance = squaredDistance(point, centres, d);
    let c = 1;
    let centre = centres + rowBytes;
    for (; c + 1 < k; c += 2, centre += rowBytes << 1) {
      const first = squaredDistancePair(point, centre, centre + rowBytes, d);
      const second = pairSecond;
      if (first < nearestDistance) {
        nearestDistance = first;
        nearest = c;
      }
      if (second < nearestDistance) {
        nearestDistance = second;
        nearest = c + 1;
      }
    }
    if (c < k && squaredDistance(point, centre, d) < nearestDistance) nearest = c;
    return nearest;
  }
}

/** Adds a point to its cluster's running sum and count, the first half of the M-step. */
// @ts-ignore: decorator
@inline
export function accumulate(point: usize, label: i32, d: i32, sums: usize, weights: usize, held: i32 = 0): void {
  const sum = row(sums, label, d);
  if (ASC_FEATURE_SIMD && held > 0) {
    // addScaled's y + x * 1, unrolled: x * 1 is exact, so the same bits.
    const pairs = held >> 1;
    if (pairs > 0) v128.store(sum, f64x2.add(v128.load(sum), v128.load(point)));
    if (pairs > 1) v128.store(sum, f64x2.add(v128.load(sum, 16), v128.load(point, 16)), 16);
    if (pairs > 2) v128.store(sum, f64x2.add(v128.load(sum, 32), v128.load(point, 32)), 32);
    if (pairs > 3) v128.store(sum, f64x2.add(v128.load(sum, 48), v128.load(point, 48)), 48);
    if (held & 1) {
      const lastBytes = <usize>(pairs << 4);
      store<f64>(sum + lastBytes, load<f64>(sum + lastBytes) + load<f64>(point + lastBytes));
    }
  } else {
    addScaled(sum, point, 1, d); // x * 1 is exact: a plain sum
  }
  store<f64>(weights + (<usize>label << 3), load<f64>(weights + (<usize>label << 3)) + 1);
}

/**
 * WebAssembly has no prefetch instruction, and on this kind of machine a pass over points that
 * do not fit in cache (a million at d = 6 is 48 MB) stalls on memory about a third of the time
 * (the benchmark's "cost per point"). Loading one word this far ahead of the point in hand, and
 * keeping it, makes the hardware fetch the next page's lines and address translation early.
 */
const TOUCH_AHEAD: usize = 4096;

/** Where the words touched ahead go, so that the optimiser keeps the loads. */
let touchedAhead: i64 = 0;

/**
 * The E-step over points [from, to), and with `withSums` the M-step's sums in the same pass (the
 * points would be read twice otherwise): each point goes to its nearest centre, the lowest index
 * on ties, and its cluster's sum (into `sums`, k x d) and count grow by it, in point order.
 * `touch` says that `TOUCH_AHEAD` bytes past each point are still points. Returns whether any
 * label differs from the one `labels` held.
 */
// @ts-ignore: decorator
@inline
function assignRange(
  points: usize, from: i32, to: i32, d: i32, centres: usize, k: i32, labels: usize, sums: usize, weights: usize,
  withSums: bool, held: i32, touch: bool,
): bool {
  let changed = false;
  let touched: i64 = 0;
  for (let i = from; i < to; i++) {
    const point = row(points, i, d);
    if (touch) touched ^= load<i64>(point, TOUCH_AHEAD);
    const label = labels + (<usize>i << 2);
    const nearest = nearestCentre(point, d, centres, k, held);
    changed = changed || load<i32>(label) != nearest;
    store<i32>(label, nearest);
    if (withSums) accumulate(point, nearest, d, sums, weights, held);
  }
  if (touch) touchedAhead ^= touched;
  return changed;
}

/** `assignRange` over all n points: touching ahead while there are points ahead to touch. */
// @ts-ignore: decorator
@inline
function assignWith(
  points: usize, n: i32, d: i32, centres: usize, k: i32, labels: usize, sums: usize, weights: usize,
  withSums: bool, held: i32,
): bool {
  const rowBytes = <usize>d << 3;
  const rowsAhead = <i32>((TOUCH_AHEAD + 8 + rowBytes - 1) / rowBytes);
  const touching = max(n - rowsAhead, 0);
  const changed = assignRange(points, 0, touching, d, centres, k, labels, sums, weights, withSums, held, true);
  return assignRange(points, touching, n, d, centres, k, labels, sums, weights, withSums, held, false) || changed;
}

/** `assignWith`, specialised to `heldDimensions(d)`. */
// @ts-ignore: decorator
@inline
function assign(
  points: usize, n: i32, d: i32, centres: usize, k: i32, labels: usize, sums: usize, weights: usize, withSums: bool,
): bool {
  switch (heldDimensions(d)) {
    case 1: return assignWith(points, n, d, centres, k, labels, sums, weights, withSums, 1);
    case 2: return assignWith(points, n, d, centres, k, labels, sums, weights, withSums, 2);
    case 3: return assignWith(points, n, d, centres, k, labels, sums, weights, withSums, 3);
    case 4: return assignWith(points, n, d, centres, k, labels, sums, weights, withSums, 4);
    case 5: return assignWith(points, n, d, centres, k, labels, sums, weights, withSums, 5);
    case 6: return assignWith(points, n, d, centres, k, labels, sums, weights, withSums, 6);
    case 7: return assignWith(points, n, d, centres, k, labels, sums, weights, withSums, 7);
    case 8: return assignWith(points, n, d, centres, k, labels, sums, weights, withSums, 8);
    default: return assignWith(points, n, d, centres, k, labels, sums, weights, withSums, 0);
  }
}

/** E-step: labels only. Returns whether any label changed. */
export function assignLabels(points: usize, n: i32, d: i32, centres: usize, k: i32, labels: usize): bool {
  return assign(points, n, d, centres, k, labels, 0, 0, false);
}

/** E-step and the M-step's sums (into `sums`, k x d, and `weights`) in one pass. Returns whether any label changed. */
export function assignAndSum(
  points: usize, n: i32, d: i32, centres: usize, k: i32, labels: usize, sums: usize, weights: usize,
): bool {
  memory.fill(sums, 0, (<usize>k * <usize>d) << 3);
  memory.fill(weights, 0, <usize>k << 3);
  return assign(points, n, d, centres, k, labels, sums, weights, true);
}

/**
 * Gives each empty cluster one of the points farthest from their centres, as scikit-learn does,
 * so k clusters come back. The farthest point goes to the lowest-numbered empty cluster (ties:
 * lowest point index); scikit-learn picks the same set of points in argpartition order. Labels
 * are left alone: the next E-step moves the points. With fewer than k distinct points, a
 * relocated centre can coincide with another one and its cluster stays empty (ties go to the
 * lower centre index).
 */
function relocateEmptyClusters(
  points: usize, n: i32, d: i32, labels: usize, k: i32,
  centresOld: usize, sums: usize, weights: usize, distances: usize,
): void {
  let emptyCount = 0;
  for (let c = 0; c < k; c++) if (load<f64>(weights + (<usize>c << 3)) == 0) emptyCount++;
  if (emptyCount == 0) return;

  for (let i = 0; i < n; i++) {
    const label = load<i32>(labels + (<usize>i << 2));
    store<f64>(distances + (<usize>i << 3), squaredDistance(row(points, i, d), row(centresOld, label, d), d));
  }
  for (let empty = 0; empty < k; empty++) {
    if (load<f64>(weights + (<usize>empty << 3)) != 0) continue;
    let farthest = 0;
    for (let i = 1; i < n; i++) {
      if (load<f64>(distances + (<usize>i << 3)) > load<f64>(distances + (<usize>farthest << 3))) farthest = i;
    }
    store<f64>(distances + (<usize>farthest << 3), -1); // taken: distances are never negative
    const donor = load<i32>(labels + (<usize>farthest << 2));
    const point = row(points, farthest, d);
    const donorSum = row(sums, donor, d);
    const emptySum = row(sums, empty, d);
    for (let j = 0; j < d; j++) {
      const offset = <usize>j << 3;
      store<f64>(donorSum + offset, load<f64>(donorSum + offset) - load<f64>(point + offset));
      store<f64>(emptySum + offset, load<f64>(point + offset));
    }
    store<f64>(weights + (<usize>empty << 3), 1);
    store<f64>(weights + (<usize>donor << 3), load<f64>(weights + (<usize>donor << 3)) - 1);
  }
}

/** M-step from the sums in `centresNew`: each becomes its cluster's mean, after relocating empty clusters. */
export function finishCentres(
  points: usize, n: i32, d: i32, labels: usize, k: i32,
  centresOld: usize, centresNew: usize, weights: usize, distances: usize,
): void {
  relocateEmptyClusters(points, n, d, labels, k, centresOld, centresNew, weights, distances);
  for (let c = 0; c < k; c++) {
    const weight = load<f64>(weights + (<usize>c << 3));
    if (weight <= 0) continue;
    // Multiplying by the reciprocal, as scikit-learn's `_average_centers` does.
    const scale = 1 / weight;
    const centre = row(centresNew, c, d);
    for (let j = 0; j < d; j++) {
      const offset = <usize>j << 3;
      store<f64>(centre + offset, load<f64>(centre + offset) * scale);
    }
  }
}

export function totalCentreShift(centresOld: usize, centresNew: usize, k: i32, d: i32): f64 {
  let shift = 0.0;
  for (let c = 0; c < k; c++) shift += squaredDistance(row(centresOld, c, d), row(centresNew, c, d), d);
  return shift;
}

export function inertia(points: usize, n: i32, d: i32, centres: usize, labels: usize): f64 {
  let total = 0.0;
  for (let i = 0; i < n; i++) {
    total += squaredDistance(row(points, i, d), row(centres, load<i32>(labels + (<usize>i << 2)), d), d);
  }
  return total;
}

export function writeSummary(summary: usize, inertiaValue: f64, iterations: i32, converged: bool): void {
  store<f64>(summary + SUMMARY_INERTIA, inertiaValue);
  store<i32>(summary + SUMMARY_ITERATIONS, iterations);
  store<i32>(summary + SUMMARY_CONVERGED, converged ? 1 : 0);
}

/**
 * scikit-learn's `_tolerance`: its relative tol times the mean of the features' variances, the
 * absolute bound on the total squared centre shift below which Lloyd stops.
 */
export function absoluteTolerance(points: usize, n: i32, d: i32, tol: f64): f64 {
  if (tol == 0) return 0;
  let total = 0.0;
  for (let j = 0; j < d; j++) {
    const column = <usize>j << 3;
    let sum = 0.0;
    for (let i = 0; i < n; i++) sum += load<f64>(row(points, i, d) + column);
    const mean = sum / <f64>n;
    let squares = 0.0;
    for (let i = 0; i < n; i++) {
      const deviation = load<f64>(row(points, i, d) + column) - mean;
      squares += deviation * deviation;
    }
    total += squares / <f64>n;
  }
  return (total / <f64>d) * tol;
}

/**
 * Lloyd from the k centres at `centres` (overwritten with the final ones) until the labels stop
 * changing, the total squared centre shift is at most `shiftTol` (see absoluteTolerance), or
 * `maxIter` iterations; writes `labels` (n i32) and the summary block. Iterations are counted as
 * scikit-learn's n_iter_: the iteration that finds the labels unchanged counts.
 */
export function lloyd(
  points: usize, n: i32, d: i32, centres: usize, k: i32, maxIter: i32, shiftTol: f64,
  labels: usize, scratch: usize, summary: usize,
): void {
  const centresNew = scratch;
  const weights = centresNew + ((<usize>k * <usize>d) << 3);
  const distances = weights + (<usize>k << 3);

  let iterations = 0;
  let converged = false;
  let labelsStable = false;
  while (iterations < maxIter) {
    iterations++;
    // `labels` holds the previous iteration's labels; the first iteration has none to compare with.
    const changed = assignAndSum(points, n, d, centres, k, labels, centresNew, weights) || iterations == 1;
    finishCentres(points, n, d, labels, k, centres, centresNew, weights, distances);
    const shift = totalCentreShift(centres, centresNew, k, d);
    memory.copy(centres, centresNew, (<usize>k * <usize>d) << 3);
    if (!changed) {
      converged = labelsStable = true;
      break;
    }
    // scikit-learn's tol test; with tol = 0, centres that did not move at all end the run.
    if (shift <= shiftTol) {
      converged = true;
      break;
    }
  }
  // As scikit-learn: unless the labels were already stable, one more E-step so they match the final centres.
  if (!labelsStable) assignLabels(points, n, d, centres, k, labels);
  writeSummary(summary, inertia(points, n, d, centres, labels), iterations, converged);
}
