// Agglomerative clustering by nearest-neighbour chain, as SciPy's `linkage` runs it for ward,
// complete and average (`nn_chain` in scipy/cluster/_hierarchy.pyx; Murtagh 1983, Müllner 2011):
// exact for these reducible linkages, O(n²) time over a condensed distance matrix, where
// ml-hclust's agnes is O(n³). Distance updates are SciPy's Lance–Williams formulas in SciPy's
// operation order (_hierarchy_distance_update.pxi), so heights agree to the last few bits.
// The host provides every buffer; nothing here allocates.

import { row, squaredDistance } from './distance';

// Method codes the host passes (src/kernels/hclust.ts keeps the same table).
const WARD: i32 = 0;
const COMPLETE: i32 = 1;
const AVERAGE: i32 = 2;

/** i32 regions are padded to 8 bytes so any f64 region after them stays aligned. */
function i32RegionBytes(count: f64): f64 {
  return Math.ceil(count / 2) * 8;
}

/** Bytes of the condensed matrix for n points (f64, so sizes past 4 GiB are reported rather than wrapped). */
export function linkageDistancesBytes(n: i32): f64 {
  return (<f64>n * (<f64>n - 1)) / 2 * 8;
}

/** Scratch bytes `linkageDistances` needs: the points' coordinates by dimension. */
export function linkageDistancesScratchBytes(n: i32, d: i32): f64 {
  return <f64>n * <f64>d * 8;
}

/**
 * The condensed dissimilarities clustering starts from: euclidean distances between points, in
 * SciPy's pdist order. With weights (micro-clusters standing for several customers each) and
 * ward, the distance is SciPy's ward distance between two clusters of those sizes and centroids,
 * sqrt(2 wi wj / (wi + wj)) ‖ci − cj‖, so merging them continues ward exactly as if the
 * micro-clusters had been built by ward. `weights` is 0 for none.
 *
 * The SIMD build copies the coordinates by dimension into `byDimension` (see
 * linkageDistancesScratchBytes) and computes each row's distances two at a time, one per lane,
 * summing the coordinates as `squaredDistance` does (even and odd ones apart, an odd last one
 * after), so every distance is the same to the bit; it takes about half the time.
 */
export function linkageDistances(points: usize, n: i32, d: i32, weights: usize, method: i32, out: usize, byDimension: usize): void {
  const scaled = weights != 0 && method == WARD;
  if (!ASC_FEATURE_SIMD) {
    let at = out;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        store<f64>(at, pairDistance(points, d, weights, scaled, i, j));
        at += 8;
      }
    }
    return;
  }
  const columnBytes = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < d; t++) store<f64>(byDimension + <usize>t * columnBytes + (<usize>i << 3), load<f64>(row(points, i, d) + (<usize>t << 3)));
  }
  const paired = d & ~1;
  let at = out;
  for (let i = 0; i < n; i++) {
    const wi = scaled ? f64x2.splat(load<f64>(weights + (<usize>i << 3))) : f64x2.splat(1);
    let j = i + 1;
    for (; j + 1 < n; j += 2, at += 16) {
      let even = f64x2.splat(0);
      let odd = f64x2.splat(0);
      let column = byDimension + (<usize>j << 3);
      let own = byDimension + (<usize>i << 3);
      for (let t = 0; t < paired; t += 2, column += columnBytes << 1, own += columnBytes << 1) {
        const e = f64x2.sub(f64x2.splat(load<f64>(own)), v128.load(column));
        const o = f64x2.sub(f64x2.splat(load<f64>(own + columnBytes)), v128.load(column + columnBytes));
        even = f64x2.add(even, f64x2.mul(e, e));
        odd = f64x2.add(odd, f64x2.mul(o, o));
      }
      let sum = f64x2.add(even, odd);
      if (d & 1) {
        const last = f64x2.sub(f64x2.splat(load<f64>(own)), v128.load(column));
        sum = f64x2.add(sum, f64x2.mul(last, last));
      }
      let distance = f64x2.sqrt(sum);
      if (scaled) {
        const wj = v128.load(weights + (<usize>j << 3));
        distance = f64x2.mul(distance, f64x2.sqrt(f64x2.div(f64x2.mul(f64x2.mul(f64x2.splat(2), wi), wj), f64x2.add(wi, wj))));
      }
      v128.store(at, distance);
    }
    if (j < n) {
      store<f64>(at, pairDistance(points, d, weights, scaled, i, j));
      at += 8;
    }
  }
}

/** One entry of `linkageDistances`, computed alone. */
// @ts-ignore: decorator
@inline
function pairDistance(points: usize, d: i32, weights: usize, scaled: bool, i: i32, j: i32): f64 {
  const distance = Math.sqrt(squaredDistance(row(points, i, d), row(points, j, d), d));
  if (!scaled) return distance;
  const wi = load<f64>(weights + (<usize>i << 3));
  const wj = load<f64>(weights + (<usize>j << 3));
  return distance * Math.sqrt((2 * wi * wj) / (wi + wj));
}

/**
 * Scratch bytes `nnChainLinkage` needs: the chain, the slot of each matrix position, the live
 * positions a repack keeps and where each goes, the merge that formed each slot's cluster,
 * unsorted merges, sort order and buffer, and union-find parents.
 */
export function nnChainScratchBytes(n: i32): f64 {
  const merges = <f64>n - 1;
  return 5 * i32RegionBytes(<f64>n) + merges * 4 * 8 + 2 * i32RegionBytes(merges) + i32RegionBytes(2 * <f64>n - 1);
}

/**
 * The matrix is repacked over the live clusters once they are at most this share of its rows,
 * so that scans stop visiting dead entries (the column half of a scan reads a cache line per
 * entry). A repack copies live²/2 entries: at 3/4, all repacks together copy about one matrix.
 */
const REPACK_SHARE: f64 = 0.75;

/** Lance–Williams update: the distance from cluster i to the union of x and y (SciPy's formulas and order). */
// @ts-ignore: decorator
@inline
function mergedDistance(method: i32, dxi: f64, dyi: f64, dxy: f64, nx: f64, ny: f64, ni: f64): f64 {
  if (method == WARD) {
    const t = 1.0 / (nx + ny + ni);
    // Rounding can take an exact zero a hair below it; the square root of that would be NaN.
    return Math.sqrt(Math.max(0.0, (ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy));
  }
  if (method == COMPLETE) return Math.max(dxi, dyi);
  return (nx * dxi + ny * dyi) / (nx + ny); // AVERAGE
}

/** Address of D[p, 0] as if row p were stored whole: D[p, j] is at `rowBase(…) + j * 8` for j > p. */
// @ts-ignore: decorator
@inline
function rowBase(distances: usize, m: usize, p: usize): usize {
  return distances + ((m * p - ((p * (p + 1)) >> 1) - p - 1) << 3);
}

/** Bytes between D[i, j] and D[i + 1, j] (column j, rows i < i + 1 < j). */
// @ts-ignore: decorator
@inline
function columnStep(m: usize, i: usize): usize {
  return (m - i - 2) << 3;
}

/**
 * The updated distance from live cluster i (of size ni) to the union of x and y, written over
 * its distance to y; its distance to the dropped x becomes +∞, as every distance of a dead
 * cluster is, so that scans need no liveness test.
 */
// @ts-ignore: decorator
@inline
function updatePair(method: i32, xi: usize, yi: usize, dxy: f64, nx: f64, ny: f64, ni: f64): void {
  if (ni == 0) return;
  store<f64>(yi, mergedDistance(method, load<f64>(xi), load<f64>(yi), dxy, nx, ny, ni));
  store<f64>(xi, Infinity);
}

/**
 * Agglomerates the n clusters of the condensed matrix `distances` (overwritten) whose sizes are
 * in `sizes` (n f64 > 0, overwritten) and writes SciPy's linkage to `out`: n − 1 rows of
 * (a, b, height, size), sorted by height (stable), clusters numbered as SciPy numbers them
 * (leaves 0..n−1, the cluster of row r is n + r), a < b.
 *
 * Clusters live at positions of an m × m condensed matrix, m shrinking at each repack; positions
 * keep the order of SciPy's slots, so every scan meets candidates in SciPy's order and breaks ties
 * as it does.
 */
export function nnChainLinkage(distances: usize, n: i32, sizes: usize, method: i32, out: usize, scratch: usize): void {
  if (n < 2) return;
  const count = n - 1;
  const chain = scratch;
  const slotAt = chain + <usize>i32RegionBytes(<f64>n);
  const liveAt = slotAt + <usize>i32RegionBytes(<f64>n);
  const positionAfter = liveAt + <usize>i32RegionBytes(<f64>n);
  const formedBy = positionAfter + <usize>i32RegionBytes(<f64>n);
  const raw = formedBy + <usize>i32RegionBytes(<f64>n);
  const order = raw + ((<usize>count * 4) << 3);
  const buffer = order + <usize>i32RegionBytes(<f64>count);
  const parent = buffer + <usize>i32RegionBytes(<f64>count);
  for (let i = 0; i < n; i++) {
    store<i32>(slotAt + (<usize>i << 2), i);
    store<i32>(formedBy + (<usize>i << 2), -1);
  }

  let m = n;
  let live = n;
  let chainLength = 0;
  for (let k = 0; k < count; k++) {
    if (<f64>live <= REPACK_SHARE * <f64>m) {
      repack(distances, m, sizes, slotAt, liveAt, positionAfter);
      for (let c = 0; c < chainLength; c++) {
        const at = chain + (<usize>c << 2);
        store<i32>(at, load<i32>(positionAfter + (<usize>load<i32>(at) << 2)));
      }
      m = live;
    }
    const um = <usize>m;
    if (chainLength == 0) {
      // Start a new chain at the first live cluster.
      for (let i = 0; i < m; i++) {
        if (load<f64>(sizes + (<usize>i << 3)) > 0) {
          store<i32>(chain, i);
          break;
        }
      }
      chainLength = 1;
    }
    // Follow nearest neighbours until two clusters are each other's nearest.
    let x = 0;
    let y = 0;
    let currentMin = 0.0;
    while (true) {
      x = load<i32>(chain + (<usize>(chainLength - 1) << 2));
      const ux = <usize>x;
      // The previous element of the chain wins ties, so the chain cannot cycle; then the lowest position.
      if (chainLength > 1) {
        y = load<i32>(chain + (<usize>(chainLength - 2) << 2));
        currentMin = load<f64>(rowBase(distances, um, <usize>min(x, y)) + (<usize>max(x, y) << 3));
      } else {
        currentMin = Infinity;
      }
      // Column x of the upper triangle for i < x (strided), then row x for i > x (contiguous).
      let at = distances + ((ux - 1) << 3);
      for (let i = 0; i < x; i++) {
        const distance = load<f64>(at);
        if (distance < currentMin) {
          currentMin = distance;
          y = i;
        }
        at += columnStep(um, <usize>i);
      }
      at = rowBase(distances, um, ux) + ((ux + 1) << 3);
      for (let i = x + 1; i < m; i++) {
        const distance = load<f64>(at);
        if (distance < currentMin) {
          currentMin = distance;
          y = i;
        }
        at += 8;
      }
      if (chainLength > 1 && y == load<i32>(chain + (<usize>(chainLength - 2) << 2))) break;
      store<i32>(chain + (<usize>chainLength << 2), y);
      chainLength++;
    }

    // Merge x and y into position y (fastcluster's and SciPy's convention: x < y), drop x.
    chainLength -= 2;
    if (x > y) {
      const swap = x;
      x = y;
      y = swap;
    }
    const slotX = load<i32>(slotAt + (<usize>x << 2));
    const slotY = load<i32>(slotAt + (<usize>y << 2));
    const nx = load<f64>(sizes + (<usize>x << 3));
    const ny = load<f64>(sizes + (<usize>y << 3));
    const merge = raw + ((<usize>k * 4) << 3);
    // A merge is never lower than the merges that formed its two clusters. Reducible linkages
    // guarantee it, but ward's rounding can put a parent a hair below a child at ties (duplicate
    // points); the sort by height would then place the parent first and mislabel the tree.
    const height = max(currentMin, max(formedHeight(raw, formedBy, slotX), formedHeight(raw, formedBy, slotY)));
    store<i32>(formedBy + (<usize>slotY << 2), k);
    store<f64>(merge, <f64>slotX);
    store<f64>(merge + 8, <f64>slotY);
    store<f64>(merge + 16, height);
    store<f64>(merge + 24, nx + ny);
    store<f64>(sizes + (<usize>x << 3), 0);
    store<f64>(sizes + (<usize>y << 3), nx + ny);
    live--;

    // Distances to the union, over the three ranges where x's and y's entries lie differently.
    const ux = <usize>x;
    const uy = <usize>y;
    store<f64>(rowBase(distances, um, ux) + (uy << 3), Infinity);
    let xi = distances + ((ux - 1) << 3);
    let yi = distances + ((uy - 1) << 3);
    for (let i = 0; i < x; i++) {
      updatePair(method, xi, yi, currentMin, nx, ny, load<f64>(sizes + (<usize>i << 3)));
      const step = columnStep(um, <usize>i);
      xi += step;
      yi += step;
    }
    xi = rowBase(distances, um, ux) + ((ux + 1) << 3);
    yi += columnStep(um, ux);
    for (let i = x + 1; i < y; i++) {
      updatePair(method, xi, yi, currentMin, nx, ny, load<f64>(sizes + (<usize>i << 3)));
      xi += 8;
      yi += columnStep(um, <usize>i);
    }
    xi += 8;
    yi = rowBase(distances, um, uy) + ((uy + 1) << 3);
    for (let i = y + 1; i < m; i++) {
      updatePair(method, xi, yi, currentMin, nx, ny, load<f64>(sizes + (<usize>i << 3)));
      xi += 8;
      yi += 8;
    }
  }

  sortByHeight(raw, count, order, buffer);
  relabel(raw, n, order, parent, out);
}

/**
 * Packs the live clusters of the m × m condensed matrix into the first positions, in order: the
 * matrix over them, their sizes and slots, and `positionAfter` (old position → new) for the chain.
 * In place: a live pair's new offset is never past its old one, nor past any pair read after it.
 */
function repack(distances: usize, m: i32, sizes: usize, slotAt: usize, liveAt: usize, positionAfter: usize): void {
  let live = 0;
  for (let p = 0; p < m; p++) {
    if (load<f64>(sizes + (<usize>p << 3)) > 0) {
      store<i32>(liveAt + (<usize>live << 2), p);
      store<i32>(positionAfter + (<usize>p << 2), live);
      store<f64>(sizes + (<usize>live << 3), load<f64>(sizes + (<usize>p << 3)));
      store<i32>(slotAt + (<usize>live << 2), load<i32>(slotAt + (<usize>p << 2)));
      live++;
    }
  }
  const um = <usize>m;
  let to = distances;
  for (let a = 0; a < live; a++) {
    const from = rowBase(distances, um, <usize>load<i32>(liveAt + (<usize>a << 2)));
    for (let b = a + 1; b < live; b++) {
      store<f64>(to, load<f64>(from + (<usize>load<i32>(liveAt + (<usize>b << 2)) << 3)));
      to += 8;
    }
  }
}

/** Height of the merge that formed the cluster in `slot`, 0 for a leaf. */
// @ts-ignore: decorator
@inline
function formedHeight(raw: usize, formedBy: usize, slot: i32): f64 {
  const merge = load<i32>(formedBy + (<usize>slot << 2));
  return merge < 0 ? 0.0 : load<f64>(raw + ((<usize>merge * 4 + 2) << 3));
}

/** Height of the merge whose index sits at position `at` of `order`. */
// @ts-ignore: decorator
@inline
function heightAt(raw: usize, order: usize, at: i32): f64 {
  return load<f64>(raw + ((<usize>load<i32>(order + (<usize>at << 2)) * 4 + 2) << 3));
}

/** Stable bottom-up merge sort of merge indexes by height (numpy's argsort kind='mergesort' order). */
function sortByHeight(raw: usize, count: i32, order: usize, buffer: usize): void {
  for (let i = 0; i < count; i++) store<i32>(order + (<usize>i << 2), i);
  let from = order;
  let to = buffer;
  for (let width = 1; width < count; width <<= 1) {
    for (let start = 0; start < count; start += width << 1) {
      const middle = min(start + width, count);
      const end = min(start + (width << 1), count);
      let left = start;
      let right = middle;
      for (let out = start; out < end; out++) {
        // The left run wins ties: that keeps the sort stable.
        const takeLeft = left < middle && (right >= end || heightAt(raw, from, left) <= heightAt(raw, from, right));
        const source = takeLeft ? left++ : right++;
        store<i32>(to + (<usize>out << 2), load<i32>(from + (<usize>source << 2)));
      }
    }
    const swap = from;
    from = to;
    to = swap;
  }
  if (from != order) memory.copy(order, from, <usize>count << 2);
}

/** Root of `x` in the union-find forest, compressing the path on the way (SciPy's LinkageUnionFind). */
function find(parent: usize, x: i32): i32 {
  let root = x;
  while (load<i32>(parent + (<usize>root << 2)) != root) root = load<i32>(parent + (<usize>root << 2));
  while (x != root) {
    const next = load<i32>(parent + (<usize>x << 2));
    store<i32>(parent + (<usize>x << 2), root);
    x = next;
  }
  return root;
}

/**
 * Turns the sorted merges of slot numbers into SciPy's cluster numbers: the cluster made by row r
 * is n + r, and each row names the current clusters of its two slots, smaller first (SciPy's `label`).
 */
function relabel(raw: usize, n: i32, order: usize, parent: usize, out: usize): void {
  const total = 2 * n - 1;
  for (let i = 0; i < total; i++) store<i32>(parent + (<usize>i << 2), i);
  for (let r = 0; r < n - 1; r++) {
    const merge = raw + ((<usize>load<i32>(order + (<usize>r << 2)) * 4) << 3);
    const a = find(parent, <i32>load<f64>(merge));
    const b = find(parent, <i32>load<f64>(merge + 8));
    const next = n + r;
    store<i32>(parent + (<usize>a << 2), next);
    store<i32>(parent + (<usize>b << 2), next);
    const target = out + ((<usize>r * 4) << 3);
    store<f64>(target, <f64>min(a, b));
    store<f64>(target + 8, <f64>max(a, b));
    store<f64>(target + 16, load<f64>(merge + 16));
    store<f64>(target + 24, load<f64>(merge + 24));
  }
}
