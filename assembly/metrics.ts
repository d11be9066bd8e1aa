// Cluster validity indices as scikit-learn computes them: calinski_harabasz_score and
// davies_bouldin_score (euclidean). Labels are in [0, k); empty labels are skipped, as
// scikit-learn's LabelEncoder never sees them, so "clusters" below means non-empty ones.
// The host checks there are 2 to n - 1 of them. The host provides every buffer.

import { row, squaredDistance } from './distance';
import { addScaled, scale } from './vector';

/** Scratch bytes either index needs: the centroids (k x d), sizes (k), the data mean or per-cluster spreads (d + k). */
export function clusterIndexScratchBytes(d: i32, k: i32): f64 {
  return (<f64>k * <f64>d + 2 * <f64>k + <f64>d) * 8;
}

/** Centroids and sizes of the clusters, into `centroids` (k x d) and `sizes` (k f64). */
function centroidsOf(points: usize, n: i32, d: i32, labels: usize, k: i32, centroids: usize, sizes: usize): void {
  memory.fill(centroids, 0, (<usize>k * <usize>d) << 3);
  memory.fill(sizes, 0, <usize>k << 3);
  for (let i = 0; i < n; i++) {
    const label = load<i32>(labels + (<usize>i << 2));
    addScaled(row(centroids, label, d), row(points, i, d), 1, d);
    store<f64>(sizes + (<usize>label << 3), load<f64>(sizes + (<usize>label << 3)) + 1);
  }
  for (let c = 0; c < k; c++) {
    const size = load<f64>(sizes + (<usize>c << 3));
    if (size > 0) scale(row(centroids, c, d), 1 / size, d);
  }
}

/**
 * Between-cluster over within-cluster dispersion, each over its degrees of freedom:
 * [B / (m - 1)] / [W / (n - m)] for m clusters; 1 when W is 0, as scikit-learn returns.
 */
export function calinskiHarabasz(points: usize, n: i32, d: i32, labels: usize, k: i32, scratch: usize): f64 {
  const centroids = scratch;
  const sizes = centroids + ((<usize>k * <usize>d) << 3);
  const mean = sizes + (<usize>k << 3);
  centroidsOf(points, n, d, labels, k, centroids, sizes);
  memory.fill(mean, 0, <usize>d << 3);
  for (let i = 0; i < n; i++) addScaled(mean, row(points, i, d), 1, d);
  scale(mean, 1 / <f64>n, d);

  let clusters = 0;
  let between = 0.0;
  for (let c = 0; c < k; c++) {
    const size = load<f64>(sizes + (<usize>c << 3));
    if (size == 0) continue;
    clusters++;
    between += size * squaredDistance(row(centroids, c, d), mean, d);
  }
  let within = 0.0;
  for (let i = 0; i < n; i++) {
    within += squaredDistance(row(points, i, d), row(centroids, load<i32>(labels + (<usize>i << 2)), d), d);
  }
  if (within == 0) return 1;
  return (between * <f64>(n - clusters)) / (within * <f64>(clusters - 1));
}

/** scikit-learn's np.allclose(x, 0): every |x| <= 1e-8. */
const NEGLIGIBLE: f64 = 1e-8;

/**
 * Mean over clusters of the worst (s_i + s_j) / d(c_i, c_j), s being the mean distance of a
 * cluster's points to its centroid. 0 when every spread or every centroid distance is negligible;
 * coinciding centroids are ignored (scikit-learn sets their distance to infinity).
 */
export function daviesBouldin(points: usize, n: i32, d: i32, labels: usize, k: i32, scratch: usize): f64 {
  const centroids = scratch;
  const sizes = centroids + ((<usize>k * <usize>d) << 3);
  const spreads = sizes + (<usize>k << 3);
  centroidsOf(points, n, d, labels, k, centroids, sizes);
  memory.fill(spreads, 0, <usize>k << 3);
  for (let i = 0; i < n; i++) {
    const label = load<i32>(labels + (<usize>i << 2));
    const spread = spreads + (<usize>label << 3);
    store<f64>(spread, load<f64>(spread) + Math.sqrt(squaredDistance(row(points, i, d), row(centroids, label, d), d)));
  }
  let spreadsNegligible = true;
  for (let c = 0; c < k; c++) {
    const size = load<f64>(sizes + (<usize>c << 3));
    if (size == 0) continue;
    const spread = load<f64>(spreads + (<usize>c << 3)) / size;
    store<f64>(spreads + (<usize>c << 3), spread);
    if (spread > NEGLIGIBLE) spreadsNegligible = false;
  }
  let centroidsNegligible = true;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      if (load<f64>(sizes + (<usize>a << 3)) == 0 || load<f64>(sizes + (<usize>b << 3)) == 0) continue;
      if (Math.sqrt(squaredDistance(row(centroids, a, d), row(centroids, b, d), d)) > NEGLIGIBLE) centroidsNegligible = false;
    }
  }
  if (spreadsNegligible || centroidsNegligible) return 0;

  let clusters = 0;
  let total = 0.0;
  for (let a = 0; a < k; a++) {
    if (load<f64>(sizes + (<usize>a << 3)) == 0) continue;
    clusters++;
    let worst = 0.0;
    for (let b = 0; b < k; b++) {
      if (b == a || load<f64>(sizes + (<usize>b << 3)) == 0) continue;
      const distance = Math.sqrt(squaredDistance(row(centroids, a, d), row(centroids, b, d), d));
      if (distance == 0) continue;
      worst = Math.max(worst, (load<f64>(spreads + (<usize>a << 3)) + load<f64>(spreads + (<usize>b << 3))) / distance);
    }
    total += worst;
  }
  return total / <f64>clusters;
}

/**
 * Items per label: labels (n i32) in 0..k−1 counted into `sizes` (k f64). Returns the index of
 * the first label outside that range, where counting stops, or −1.
 */
export function labelCounts(labels: usize, n: i32, k: i32, sizes: usize): i32 {
  memory.fill(sizes, 0, <usize>k << 3);
  for (let i = 0; i < n; i++) {
    const label = load<i32>(labels + (<usize>i << 2));
    if (<u32>label >= <u32>k) return i;
    const at = sizes + (<usize>label << 3);
    store<f64>(at, load<f64>(at) + 1);
  }
  return -1;
}

/**
 * Items per pair of labels of two labelings of the same n items, a's in 0..ka−1 and b's in
 * 0..kb−1: the contingency table `cells` (ka × kb f64, a's label by row). Returns the index of
 * the first item whose labels are outside their ranges, where counting stops, or −1.
 */
export function pairCounts(a: usize, b: usize, n: i32, ka: i32, kb: i32, cells: usize): i32 {
  memory.fill(cells, 0, (<usize>ka * <usize>kb) << 3);
  for (let i = 0; i < n; i++) {
    const x = load<i32>(a + (<usize>i << 2));
    const y = load<i32>(b + (<usize>i << 2));
    if (<u32>x >= <u32>ka || <u32>y >= <u32>kb) return i;
    const at = cells + ((<usize>x * <usize>kb + <usize>y) << 3);
    store<f64>(at, load<f64>(at) + 1);
  }
  return -1;
}
