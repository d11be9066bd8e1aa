// Agglomerative clustering by nearest-neighbour chain, as SciPy's `linkage` runs it for ward,
// complete and average (`nn_chain` in scipy/cluster/_hierarchy.pyx; Murtagh 1983, Müllner 2011):
// exact for these reducible linkages, O(n²) time over a distance matrix (tiled: see BLOCK), where
// ml-hclust's agnes is O(n³). Distance updates are SciPy's Lance–Williams formulas in SciPy's
// operation order (_hierarchy_distance_update.pxi), so heights agree to the last few bits.
// The host provides every buffer; nothing here allocates.

import { copyCoordinates, eightDistances, oneDistance, twoDistances } from './coordinates';

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

/** Scratch bytes `linkageDistances` and `linkageMatrix` need: the points' coordinates by dimension. */
export function linkageDistancesScratchBytes(n: i32, d: i32): f64 {
  return <f64>n * <f64>d * 8;
}

/**
 * The nearest-neighbour chain's matrix is tiled: square blocks of BLOCK × BLOCK distances, the
 * blocks of the upper triangle one block row after another, each block row-major, so that a
 * block's row is one cache line and its column eight lines in a row. A scan or an update walks
 * a cluster's column as much as its row. In the condensed layout every step down a column
 * lands on another page: a miss in the address translation cache on top of the cache miss, and
 * nothing for the prefetcher to follow. In blocks, a column is runs of 8 adjacent lines and a
 * row a line every 512 bytes. Against the condensed layout, interleaved in one process at
 * n = 4,337 (the bench file's customers): ward 1.2x, complete 1.25x, average 1.45x faster, the
 * same merges (1.15x to 1.45x at 4,300 and 11,000 synthetic points). Blocks of 16 gained less,
 * of 32 or 64 nothing: rows then break into short streams the prefetcher loses. (Huge pages
 * help the condensed layout about as much, but Node cannot ask for them.)
 */
const BLOCK_SHIFT: usize = 3;
const BLOCK: i32 = 1 << <i32>BLOCK_SHIFT;
const BLOCK_MASK: usize = <usize>BLOCK - 1;
/** log2 of a block's bytes, BLOCK² f64. */
const BLOCK_BYTES_SHIFT: usize = 2 * BLOCK_SHIFT + 3;
/** Bytes from one row of a block to the next. */
const BLOCK_ROW_BYTES: usize = <usize>BLOCK << 3;

/** Blocks across (and down) the tiled matrix of m clusters. */
function blocksAcross(m: i32): i32 {
  return (m + BLOCK - 1) >> <i32>BLOCK_SHIFT;
}

/** Bytes of the tiled matrix `nnChainLinkage` works on, for n points. */
export function linkageMatrixBytes(n: i32): f64 {
  const blocks = <f64>blocksAcross(n);
  return ((blocks * (blocks + 1)) / 2) * <f64>(1 << <i32>BLOCK_BYTES_SHIFT);
}

/**
 * D(i, j) is at `rowStart(…, i) + columnOffset(j)` for i < j, in a tiled matrix `across`
 * blocks wide. rowStart(i) is where row i would start were its block row to begin at block
 * column 0: the blocks before block row I number I·across − I(I − 1)/2, and it starts at (I, I).
 */
// @ts-ignore: decorator
@inline
function rowStart(matrix: usize, across: usize, i: usize): usize {
  const blockRow = i >> BLOCK_SHIFT;
  const blocksBefore = blockRow * across - ((blockRow * (blockRow + 1)) >> 1);
  return matrix + (blocksBefore << BLOCK_BYTES_SHIFT) + ((i & BLOCK_MASK) * BLOCK_ROW_BYTES);
}

// @ts-ignore: decorator
@inline
function columnOffset(j: usize): usize {
  return ((j >> BLOCK_SHIFT) << BLOCK_BYTES_SHIFT) + ((j & BLOCK_MASK) << 3);
}

/** Address of D(i, j), i < j, in the tiled matrix. */
// @ts-ignore: decorator
@inline
function entryAt(matrix: usize, across: usize, i: usize, j: usize): usize {
  return rowStart(matrix, across, i) + columnOffset(j);
}

/** The first position after `i` that starts a block: runs of positions within one block are walked with a fixed step. */
// @ts-ignore: decorator
@inline
function blockEnd(i: i32, limit: i32): i32 {
  return min((i | <i32>BLOCK_MASK) + 1, limit);
}

/**
 * The condensed dissimilarities clustering starts from: euclidean distances between points, in
 * SciPy's pdist order. With weights (micro-clusters standing for several customers each) and
 * ward, the distance is SciPy's ward distance between two clusters of those sizes and centroids,
 * sqrt(2 wi wj / (wi + wj)) ‖ci − cj‖, so merging them continues ward exactly as if the
 * micro-clusters had been built by ward. `weights` is 0 for none. `coordinates` is scratch
 * (linkageDistancesScratchBytes).
 */
export function linkageDistances(points: usize, n: i32, d: i32, weights: usize, method: i32, out: usize, coordinates: usize): void {
  const scaled = weights != 0 && method == WARD;
  copyCoordinates(points, n, d, coordinates);
  let at = out;
  for (let i = 0; i < n; i++) {
    distanceRun(n, d, weights, scaled, coordinates, i, i + 1, n, at);
    at += <usize>(n - i - 1) << 3;
  }
}

/**
 * The same distances as `linkageDistances`, written into the tiled matrix (linkageMatrixBytes) of
 * the chain block after block, in storage order: the matrix is written once, front to back, and
 * a block's eight columns stay in cache for its eight rows.
 */
export function linkageMatrix(points: usize, n: i32, d: i32, weights: usize, method: i32, out: usize, coordinates: usize): void {
  const scaled = weights != 0 && method == WARD;
  copyCoordinates(points, n, d, coordinates);
  const across = blocksAcross(n);
  let block = out;
  for (let blockRow = 0; blockRow < across; blockRow++) {
    const top = blockRow << <i32>BLOCK_SHIFT;
    const rows = min(BLOCK, n - top);
    for (let blockColumn = blockRow; blockColumn < across; blockColumn++, block += 1 << BLOCK_BYTES_SHIFT) {
      const left = blockColumn << <i32>BLOCK_SHIFT;
      const right = min(left + BLOCK, n);
      for (let r = 0; r < rows; r++) {
        const i = top + r;
        const from = max(left, i + 1); // past the diagonal, in the blocks on it
        if (from >= right) continue;
        const at = block + <usize>r * BLOCK_ROW_BYTES + columnOffset(<usize>(from - left));
        if (ASC_FEATURE_SIMD && !scaled && from == left && right - left == BLOCK) {
          // A whole row of a block off the diagonal: its eight distances at once.
          eightDistances(coordinates, <usize>n, d, i, from, at);
          continue;
        }
        distanceRun(n, d, weights, scaled, coordinates, i, from, right, at);
      }
    }
  }
}

/** Copies condensed distances (pdist order) into the tiled matrix (linkageMatrixBytes) of the chain. */
export function tileCondensed(condensed: usize, n: i32, out: usize): void {
  const across = <usize>blocksAcross(n);
  let from = condensed;
  for (let i = 0; i < n; i++) {
    const start = rowStart(out, across, <usize>i);
    for (let j = i + 1; j < n; ) {
      const end = blockEnd(j, n);
      const bytes = <usize>(end - j) << 3;
      memory.copy(start + columnOffset(<usize>j), from, bytes);
      from += bytes;
      j = end;
    }
  }
}

/**
 * The distances from point i to points from..to−1, one after another from `out`, from the
 * points' coordinates dimension by dimension (coordinates.ts): two at a time in the SIMD
 * build, which takes about half the time; with `scaled`, as ward distances between the
 * weighted points (see linkageDistances).
 */
// @ts-ignore: decorator
@inline
function distanceRun(n: i32, d: i32, weights: usize, scaled: bool, coordinates: usize, i: i32, from: i32, to: i32, out: usize): void {
  let j = from;
  let at = out;
  if (ASC_FEATURE_SIMD) {
    const wi = scaled ? f64x2.splat(load<f64>(weights + (<usize>i << 3))) : f64x2.splat(1);
    for (; j + 1 < to; j += 2, at += 16) {
      let distance = twoDistances(coordinates, <usize>n, d, i, j);
      if (scaled) {
        const wj = v128.load(weights + (<usize>j << 3));
        distance = f64x2.mul(distance, f64x2.sqrt(f64x2.div(f64x2.mul(f64x2.mul(f64x2.splat(2), wi), wj), f64x2.add(wi, wj))));
      }
      v128.store(at, distance);
    }
  }
  for (; j < to; j++, at += 8) {
    let distance = oneDistance(coordinates, <usize>n, d, i, j);
    if (scaled) {
      const wi = load<f64>(weights + (<usize>i << 3));
      const wj = load<f64>(weights + (<usize>j << 3));
      distance *= Math.sqrt((2 * wi * wj) / (wi + wj));
    }
    store<f64>(at, distance);
  }
}

/**
 * Scratch bytes `nnChainLinkage` needs: the chain, the slot of each matrix position, where a
 * repack moves each position and its row and column, the merge that formed each slot's cluster,
 * unsorted merges, sort order and buffer, union-find parents, and the repack's sink.
 */
export function nnChainScratchBytes(n: i32): f64 {
  const merges = <f64>n - 1;
  return 6 * i32RegionBytes(<f64>n) + merges * 4 * 8 + 2 * i32RegionBytes(merges) + i32RegionBytes(2 * <f64>n - 1) + 8;
}

/**
 * The matrix is repacked over the live clusters once they are at most this share of its rows,
 * so that scans stop visiting dead entries. A repack copies live²/2 entries: at 3/4, all
 * repacks together copy about one matrix.
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

/**
 * Distances to the union of x and y for the live clusters at positions from..to−1, written over
 * their distances to y; their distances to the dropped x become +∞, as every distance of a dead
 * cluster is, so that scans need no liveness test. `xDown` and `yDown` say whether these
 * positions come before x (resp. y), so that its distances to them lie down its column rather
 * than along its row.
 */
// @ts-ignore: decorator
@inline
function updateRun(
  method: i32, matrix: usize, across: usize, sizes: usize, from: i32, to: i32, x: usize, y: usize, xDown: bool, yDown: bool, dxy: f64, nx: f64, ny: f64,
): void {
  const xStep = xDown ? BLOCK_ROW_BYTES : 8;
  const yStep = yDown ? BLOCK_ROW_BYTES : 8;
  for (let i = from; i < to; ) {
    const end = blockEnd(i, to);
    const ui = <usize>i;
    let xi = xDown ? entryAt(matrix, across, ui, x) : entryAt(matrix, across, x, ui);
    let yi = yDown ? entryAt(matrix, across, ui, y) : entryAt(matrix, across, y, ui);
    for (; i < end; i++, xi += xStep, yi += yStep) {
      const ni = load<f64>(sizes + (<usize>i << 3));
      if (ni == 0) continue;
      store<f64>(yi, mergedDistance(method, load<f64>(xi), load<f64>(yi), dxy, nx, ny, ni));
      store<f64>(xi, Infinity);
    }
  }
}

/**
 * Agglomerates the n clusters of the tiled matrix `distances` (linkageMatrix or tileCondensed;
 * overwritten) whose sizes are in `sizes` (n f64 > 0, overwritten) and writes SciPy's linkage to
 * `out`: n − 1 rows of (a, b, height, size), sorted by height (stable), clusters numbered as
 * SciPy numbers them (leaves 0..n−1, the cluster of row r is n + r), a < b.
 *
 * Clusters live at positions of an m × m matrix, m shrinking at each repack; positions keep the
 * order of SciPy's slots, so every scan meets candidates in SciPy's order and breaks ties as it does.
 */
export function nnChainLinkage(distances: usize, n: i32, sizes: usize, method: i32, out: usize, scratch: usize): void {
  if (n < 2) return;
  const count = n - 1;
  const chain = scratch;
  const slotAt = chain + <usize>i32RegionBytes(<f64>n);
  const rowAt = slotAt + <usize>i32RegionBytes(<f64>n);
  const positionAfter = rowAt + <usize>i32RegionBytes(<f64>n);
  const columnAt = positionAfter + <usize>i32RegionBytes(<f64>n);
  const formedBy = columnAt + <usize>i32RegionBytes(<f64>n);
  const raw = formedBy + <usize>i32RegionBytes(<f64>n);
  const order = raw + ((<usize>count * 4) << 3);
  const buffer = order + <usize>i32RegionBytes(<f64>count);
  const parent = buffer + <usize>i32RegionBytes(<f64>count);
  const sink = parent + <usize>i32RegionBytes(2 * <f64>n - 1);
  for (let i = 0; i < n; i++) {
    store<i32>(slotAt + (<usize>i << 2), i);
    store<i32>(formedBy + (<usize>i << 2), -1);
  }

  let m = n;
  let live = n;
  let chainLength = 0;
  for (let k = 0; k < count; k++) {
    if (<f64>live <= REPACK_SHARE * <f64>m) {
      repack(distances, m, sizes, slotAt, positionAfter, rowAt, columnAt, sink);
      for (let c = 0; c < chainLength; c++) {
        const at = chain + (<usize>c << 2);
        store<i32>(at, load<i32>(positionAfter + (<usize>load<i32>(at) << 2)));
      }
      m = live;
    }
    const across = <usize>blocksAcross(m);
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
        currentMin = load<f64>(entryAt(distances, across, <usize>min(x, y), <usize>max(x, y)));
      } else {
        currentMin = Infinity;
      }
      // Down column x for positions before x, then along row x; block by block, a whole block's
      // eight entries in one turn (lowestInBlock): a turn per entry cost each chain 15% more.
      for (let i = 0; i < x; ) {
        const end = blockEnd(i, x);
        let at = entryAt(distances, across, <usize>i, ux);
        if (end - i == BLOCK) {
          const k = lowestInBlock(at, BLOCK_ROW_BYTES, currentMin);
          if (k >= 0) {
            currentMin = load<f64>(at + <usize>k * BLOCK_ROW_BYTES);
            y = i + k;
          }
          i = end;
          continue;
        }
        for (; i < end; i++, at += BLOCK_ROW_BYTES) {
          const distance = load<f64>(at);
          if (distance < currentMin) {
            currentMin = distance;
            y = i;
          }
        }
      }
      for (let i = x + 1; i < m; ) {
        const end = blockEnd(i, m);
        let at = entryAt(distances, across, ux, <usize>i);
        if (end - i == BLOCK) {
          const k = lowestInBlock(at, 8, currentMin);
          if (k >= 0) {
            currentMin = load<f64>(at + (<usize>k << 3));
            y = i + k;
          }
          i = end;
          continue;
        }
        for (; i < end; i++, at += 8) {
          const distance = load<f64>(at);
          if (distance < currentMin) {
            currentMin = distance;
            y = i;
          }
        }
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
    store<f64>(entryAt(distances, across, ux, uy), Infinity);
    updateRun(method, distances, across, sizes, 0, x, ux, uy, true, true, currentMin, nx, ny);
    updateRun(method, distances, across, sizes, x + 1, y, ux, uy, false, true, currentMin, nx, ny);
    updateRun(method, distances, across, sizes, y + 1, m, ux, uy, false, false, currentMin, nx, ny);
  }

  sortByHeight(raw, count, order, buffer);
  relabel(raw, n, order, parent, out);
}

/**
 * Of a block's eight entries, `step` bytes apart from `at`, the first of the lowest ones below
 * `bound` (0..7), or −1 when none is: the scan's comparisons, in its order.
 */
// @ts-ignore: decorator
@inline
function lowestInBlock(at: usize, step: usize, bound: f64): i32 {
  let lowest = bound;
  let k = -1;
  let distance = load<f64>(at);
  if (distance < lowest) { lowest = distance; k = 0; }
  distance = load<f64>(at + step);
  if (distance < lowest) { lowest = distance; k = 1; }
  distance = load<f64>(at + 2 * step);
  if (distance < lowest) { lowest = distance; k = 2; }
  distance = load<f64>(at + 3 * step);
  if (distance < lowest) { lowest = distance; k = 3; }
  distance = load<f64>(at + 4 * step);
  if (distance < lowest) { lowest = distance; k = 4; }
  distance = load<f64>(at + 5 * step);
  if (distance < lowest) { lowest = distance; k = 5; }
  distance = load<f64>(at + 6 * step);
  if (distance < lowest) { lowest = distance; k = 6; }
  distance = load<f64>(at + 7 * step);
  if (distance < lowest) k = 7;
  return k;
}

/**
 * Packs the live clusters of the m × m tiled matrix into its first positions, in order: the
 * matrix over them, their sizes and slots, and `positionAfter` (old position → new, −1 for a
 * dead one) for the chain. In place, reading the old matrix in storage order: an entry's new
 * address is never past its old one (its positions, and the matrix's width, only shrink), so a
 * write never lands on an entry still to be read. `rowAt` and `columnAt` hold, per old position,
 * its new row start and column offset; `sink` takes the writes of dead columns (branch-free).
 */
function repack(
  distances: usize, m: i32, sizes: usize, slotAt: usize, positionAfter: usize, rowAt: usize, columnAt: usize, sink: usize,
): void {
  let live = 0;
  for (let p = 0; p < m; p++) {
    const alive = load<f64>(sizes + (<usize>p << 3)) > 0;
    store<i32>(positionAfter + (<usize>p << 2), alive ? live : -1);
    if (alive) {
      store<f64>(sizes + (<usize>live << 3), load<f64>(sizes + (<usize>p << 3)));
      store<i32>(slotAt + (<usize>live << 2), load<i32>(slotAt + (<usize>p << 2)));
      live++;
    }
  }
  const across = <usize>blocksAcross(live);
  for (let p = 0; p < m; p++) {
    const to = load<i32>(positionAfter + (<usize>p << 2));
    store<i32>(rowAt + (<usize>p << 2), to < 0 ? 0 : <i32>rowStart(distances, across, <usize>to));
    store<i32>(columnAt + (<usize>p << 2), to < 0 ? -1 : <i32>columnOffset(<usize>to));
  }
  const oldAcross = blocksAcross(m);
  let from = distances;
  for (let blockRow = 0; blockRow < oldAcross; blockRow++) {
    for (let blockColumn = blockRow; blockColumn < oldAcross; blockColumn++, from += 1 << BLOCK_BYTES_SHIFT) {
      const rows = min(BLOCK, m - (blockRow << <i32>BLOCK_SHIFT));
      const columns = min(BLOCK, m - (blockColumn << <i32>BLOCK_SHIFT));
      for (let r = 0; r < rows; r++) {
        const a = (blockRow << <i32>BLOCK_SHIFT) + r;
        if (load<i32>(positionAfter + (<usize>a << 2)) < 0) continue;
        const to = <usize>load<i32>(rowAt + (<usize>a << 2));
        const source = from + <usize>r * BLOCK_ROW_BYTES;
        if (columns == BLOCK && blockColumn != blockRow) {
          moveBlockRow(source, to, columnAt + (<usize>(blockColumn << <i32>BLOCK_SHIFT) << 2), sink);
          continue;
        }
        for (let c = blockColumn == blockRow ? r + 1 : 0; c < columns; c++) {
          const column = load<i32>(columnAt + (<usize>((blockColumn << <i32>BLOCK_SHIFT) + c) << 2));
          store<f64>(column < 0 ? sink : to + <usize>column, load<f64>(source + (<usize>c << 3)));
        }
      }
    }
  }
}

/**
 * A whole row of a block off the diagonal, in repack: its eight entries from `source` to the
 * new row `to`, each at its column's new offset (`columns`: the eight columns' offsets, −1 for
 * a dead one, whose entry goes to `sink`), at constant offsets.
 */
// @ts-ignore: decorator
@inline
function moveBlockRow(source: usize, to: usize, columns: usize, sink: usize): void {
  let column = load<i32>(columns, 0);
  store<f64>(column < 0 ? sink : to + <usize>column, load<f64>(source, 0));
  column = load<i32>(columns, 4);
  store<f64>(column < 0 ? sink : to + <usize>column, load<f64>(source, 8));
  column = load<i32>(columns, 8);
  store<f64>(column < 0 ? sink : to + <usize>column, load<f64>(source, 16));
  column = load<i32>(columns, 12);
  store<f64>(column < 0 ? sink : to + <usize>column, load<f64>(source, 24));
  column = load<i32>(columns, 16);
  store<f64>(column < 0 ? sink : to + <usize>column, load<f64>(source, 32));
  column = load<i32>(columns, 20);
  store<f64>(column < 0 ? sink : to + <usize>column, load<f64>(source, 40));
  column = load<i32>(columns, 24);
  store<f64>(column < 0 ? sink : to + <usize>column, load<f64>(source, 48));
  column = load<i32>(columns, 28);
  store<f64>(column < 0 ? sink : to + <usize>column, load<f64>(source, 56));
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
