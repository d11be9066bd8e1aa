/**
 * Hierarchical clustering of the model input (ward, complete, average linkage): the tree as
 * SciPy's linkage matrix, its cut into k segments, and the top of it for a dendrogram.
 *
 * Three ways to build the tree, by size (the rule is `hierarchyEngine`):
 * - up to ML_HCLUST_MAX_N customers, ml-hclust's agnes, fed the condensed distances of the
 *   WASM kernel: its tree, converted to a linkage matrix;
 * - up to EXACT_MAX_N customers, the WASM nearest-neighbour chain: the same merges in O(n²)
 *   time, where agnes is O(n³) (1.9 s at n = 1,000 here, 110 s at 4,000; the chain 0.15 to 0.20 s at
 *   4,300, about twice as fast as SciPy's);
 * - beyond, the distance matrix would not fit the budget: the tree is built over k-means
 *   micro-clusters (weighted centroids), and the result says it is approximate.
 */

import { type Cluster, agnes } from 'ml-hclust';
import { byFirstAppearance } from './labels.js';
import { type Linkage, type LinkageMethod, kmeans, linkage, linkageDistances, linkageMatrixBytes, prepareLinkage } from '../kernels/index.js';

/**
 * ml-hclust's agnes is O(n³) time and rebuilds an n² matrix per merge: 0.3 to 0.65 s per linkage
 * at n = 500 on this noisy machine, 1.9 to 2.4 s at 1,000 (bench/suites/hclust.ts). Up to 500 the
 * three linkages together stay within about two seconds; beyond, the nearest-neighbour chain
 * does it (about 10 ms at 1,000).
 */
export const ML_HCLUST_MAX_N = 500;

/**
 * Bytes the distance matrix (linkageMatrixBytes: about n(n−1)/2 f64) may take: 512 MiB, a sixth
 * of the segment function's 3,008 MB, because WebAssembly memory never shrinks — a warm Lambda
 * keeps its largest call's memory — and the k-means sweep, GMM and the Node heap need the rest.
 */
export const DISTANCE_BUDGET_BYTES = 512 * 2 ** 20;

/** The largest n whose distance matrix fits DISTANCE_BUDGET_BYTES: 11,576. */
export const EXACT_MAX_N = largestExactN(DISTANCE_BUDGET_BYTES);

function largestExactN(budget: number): number {
  let n = Math.floor(Math.sqrt(2 * (budget / 8)));
  while (linkageMatrixBytes(n) > budget) n--;
  while (linkageMatrixBytes(n + 1) <= budget) n++;
  return n;
}

/**
 * Micro-clusters above EXACT_MAX_N: a thousand weighted centroids keep the tree's top levels
 * (the ones cut at k ≤ 10) while the k-means that makes them stays cheap (the whole tree of
 * 50,000 customers takes 2.2 s here).
 */
export const MICRO_CLUSTERS = 1_000;
/** Lloyd iterations of the micro-cluster k-means: a summary of the data, not a model, so it need not converge. */
export const MICRO_MAX_ITER = 30;

export type HierarchyEngine = 'ml-hclust' | 'nn-chain';

export interface HierarchicalOptions {
  linkage: LinkageMethod;
  /** Seeds the micro-cluster k-means (used only above `exactMaxN`). */
  seed: number;
  /** Overrides of the size rule, for tests and benchmarks. */
  mlHclustMaxN?: number;
  exactMaxN?: number;
  microClusters?: number;
}

export interface Hierarchy {
  method: LinkageMethod;
  engine: HierarchyEngine;
  /** Points clustered (customers). */
  n: number;
  /** What the tree's leaves are: the points themselves (exact) or k-means micro-clusters (approximate). */
  leaves: 'points' | 'micro-clusters';
  /** The tree over its leaves, as SciPy's linkage matrix. */
  tree: Linkage;
  /** leafOf[i]: the tree leaf that point i belongs to (i itself when the leaves are the points). */
  leafOf: Int32Array;
  /** Points per leaf. */
  leafSizes: Float64Array;
  /** One sentence for the summary: how the tree was built and whether it is exact. */
  note: string;
}

/** Which engine and leaves the size rule picks for n points (see the module comment). */
export function hierarchyEngine(
  n: number,
  options: Pick<HierarchicalOptions, 'mlHclustMaxN' | 'exactMaxN'> = {},
): { engine: HierarchyEngine; leaves: Hierarchy['leaves'] } {
  const { mlHclustMaxN = ML_HCLUST_MAX_N, exactMaxN = EXACT_MAX_N } = options;
  if (n > exactMaxN) return { engine: 'nn-chain', leaves: 'micro-clusters' };
  if (n <= mlHclustMaxN) return { engine: 'ml-hclust', leaves: 'points' };
  return { engine: 'nn-chain', leaves: 'points' };
}

function requireCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`hierarchical: ${name} must be an integer >= ${min}, got ${value}`);
}

/**
 * Gets the kernels ready for the trees of about n points of d features: when the chain will
 * build them over the points themselves, their distance matrix's memory is made and its pages
 * written now (a worker thread does it while it waits for the points).
 */
export function prepareHierarchy(n: number, d: number): void {
  const { engine, leaves } = hierarchyEngine(n);
  if (engine === 'nn-chain' && leaves === 'points') prepareLinkage(n, d);
}

/** Builds the tree of `points` (n × d, row-major) by the given linkage, choosing the engine by size. */
export function hierarchical(points: Float64Array, n: number, d: number, options: HierarchicalOptions): Hierarchy {
  const { mlHclustMaxN = ML_HCLUST_MAX_N, exactMaxN = EXACT_MAX_N, microClusters = MICRO_CLUSTERS } = options;
  requireCount('mlHclustMaxN', mlHclustMaxN, 0);
  requireCount('exactMaxN', exactMaxN, 1);
  requireCount('microClusters', microClusters, 2);
  const { engine, leaves } = hierarchyEngine(n, { mlHclustMaxN, exactMaxN });
  const method = options.linkage;
  const identity = Int32Array.from({ length: n }, (_, i) => i);
  const ones = new Float64Array(n).fill(1);

  if (leaves === 'points' && engine === 'ml-hclust') {
    return {
      method, engine, n, leaves, leafOf: identity, leafSizes: ones,
      tree: mlHclustLinkage(points, n, d, method),
      note: `Exact ${method} linkage of all ${n} customers by ml-hclust (agnes).`,
    };
  }
  if (leaves === 'points') {
    return {
      method, engine, n, leaves, leafOf: identity, leafSizes: ones,
      tree: linkage(points, n, d, { method }),
      note: `Exact ${method} linkage of all ${n} customers by the nearest-neighbour chain.`,
    };
  }
  const micro = microClustersOf(points, n, d, Math.min(microClusters, n), options.seed);
  const tree = linkage(micro.centres, micro.count, d, { method, weights: micro.sizes });
  const matrixMiB = Math.round(linkageMatrixBytes(n) / 2 ** 20);
  return {
    method, engine, n, leaves, tree, leafOf: micro.leafOf, leafSizes: micro.sizes,
    note:
      `Approximate: ${method} linkage of ${micro.count} k-means micro-clusters (weighted centroids) ` +
      `standing for ${n} customers: their exact distance matrix would take ${matrixMiB} MiB, and the tree is ` +
      `exact only up to ${exactMaxN} customers (${DISTANCE_BUDGET_BYTES / 2 ** 20} MiB of distances).`,
  };
}

/**
 * ml-hclust's agnes over the WASM kernel's distances. Its `ward` is R's ward.D (Lance–Williams
 * on unsquared distances); `ward2` (ward.D2) is the one that reproduces SciPy's heights, which
 * test/unit/segment/hierarchical.test.ts proves against the reference file.
 */
function mlHclustLinkage(points: Float64Array, n: number, d: number, method: LinkageMethod): Linkage {
  const condensed = linkageDistances(points, n, d, { method });
  const matrix: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  let at = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) matrix[i][j] = matrix[j][i] = condensed[at++];
  }
  const agnesMethod = method === 'ward' ? 'ward2' : method;
  return treeToLinkage(agnes(matrix, { method: agnesMethod, isDistanceMatrix: true }), n);
}

/**
 * An ml-hclust tree as SciPy's linkage matrix: internal nodes sorted by height, children before
 * parents on equal heights (post-order, then a stable sort), numbered n + row, smaller child first.
 */
export function treeToLinkage(root: Cluster, n: number): Linkage {
  const postOrder: Cluster[] = [];
  const stack: { node: Cluster; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.node.isLeaf) continue;
    if (top.expanded) {
      postOrder.push(top.node);
      continue;
    }
    stack.push({ node: top.node, expanded: true });
    for (let c = top.node.children.length - 1; c >= 0; c--) stack.push({ node: top.node.children[c], expanded: false });
  }
  const sorted = postOrder.map((node, order) => ({ node, order })).sort((a, b) => a.node.height - b.node.height || a.order - b.order);
  const idOf = new Map<Cluster, number>();
  const merges = new Float64Array(Math.max(n - 1, 0) * 4);
  sorted.forEach(({ node }, r) => {
    if (node.children.length !== 2) throw new Error(`treeToLinkage: node with ${node.children.length} children`);
    const [a, b] = node.children.map((child) => (child.isLeaf ? child.index : idOf.get(child)!));
    idOf.set(node, n + r);
    merges.set([Math.min(a, b), Math.max(a, b), node.height, node.size], r * 4);
  });
  return { n, merges };
}

interface MicroClusters {
  count: number;
  centres: Float64Array;
  sizes: Float64Array;
  leafOf: Int32Array;
}

/** k-means micro-clusters, empty ones dropped (only possible with fewer distinct points than clusters). */
/**
 * Micro-clusterings already made, by the points they cluster: a run builds the trees of
 * three linkages over the same customers, and the k-means behind them is the costly part.
 */
const microClusterings = new WeakMap<Float64Array, Map<string, MicroClusters>>();

function microClustersOf(points: Float64Array, n: number, d: number, m: number, seed: number): MicroClusters {
  const made = microClusterings.get(points) ?? new Map<string, MicroClusters>();
  microClusterings.set(points, made);
  const key = `${n}:${d}:${m}:${seed}`;
  let micro = made.get(key);
  if (!micro) made.set(key, (micro = microClustering(points, n, d, m, seed)));
  return micro;
}

function microClustering(points: Float64Array, n: number, d: number, m: number, seed: number): MicroClusters {
  const fit = kmeans(points, n, d, m, { seed, starts: 1, maxIter: MICRO_MAX_ITER });
  const counts = new Float64Array(m);
  for (const label of fit.labels) counts[label]++;
  const renumber = new Int32Array(m).fill(-1);
  let count = 0;
  for (let c = 0; c < m; c++) if (counts[c] > 0) renumber[c] = count++;
  const centres = new Float64Array(count * d);
  const sizes = new Float64Array(count);
  for (let c = 0; c < m; c++) {
    if (renumber[c] < 0) continue;
    centres.set(fit.centres.subarray(c * d, (c + 1) * d), renumber[c] * d);
    sizes[renumber[c]] = counts[c];
  }
  return { count, centres, sizes, leafOf: fit.labels.map((label) => renumber[label]) };
}

/** Union-find roots after applying the first `applied` merges of `tree`. */
function rootsAfter(tree: Linkage, applied: number): Int32Array {
  const { n, merges } = tree;
  const parent = Int32Array.from({ length: 2 * n - 1 }, (_, i) => i);
  for (let r = 0; r < applied; r++) parent[merges[r * 4]] = parent[merges[r * 4 + 1]] = n + r;
  const find = (x: number): number => {
    let root = x;
    while (parent[root] !== root) root = parent[root];
    while (x !== root) {
      const next = parent[x];
      parent[x] = root;
      x = next;
    }
    return root;
  };
  return Int32Array.from({ length: n }, (_, i) => find(i));
}

/**
 * Cuts the tree into k clusters by applying its first n − k merges (the lowest; on equal
 * heights, the linkage's row order, as SciPy's cut_tree). Leaves are labelled 0..k−1 in order
 * of first appearance: leaf 0's cluster is 0, the next leaf in a new cluster gets 1, and so on.
 */
export function cutTree(tree: Linkage, k: number): Int32Array {
  if (!Number.isSafeInteger(k) || k < 1 || k > tree.n) {
    throw new RangeError(`cutTree: k must be an integer from 1 to the ${tree.n} leaves, got ${k}`);
  }
  return byFirstAppearance(rootsAfter(tree, tree.n - k)).labels;
}

/** Each point's segment at k: the cut of the tree, carried from leaves to points, numbered by first appearance over the points. */
export function hierarchyLabels(hierarchy: Hierarchy, k: number): Int32Array {
  const leafLabels = cutTree(hierarchy.tree, k);
  return byFirstAppearance(hierarchy.leafOf.map((leaf) => leafLabels[leaf])).labels;
}

export interface DendrogramLeaf {
  /** Position along the axis, 0..leaves−1, in the tree's drawing order. */
  x: number;
  /** Customers under this leaf. */
  size: number;
  /** Segment at the cut (as `hierarchyLabels` numbers them), or null without a cut. */
  cluster: number | null;
}

/** One line of a dendrogram's ∏ shapes: a vertical from a child up to its parent's height, or the horizontal joining two children. */
export interface DendrogramLink {
  x: number;
  x2: number;
  y: number;
  y2: number;
  /** Segment the merge lies inside, or null when it lies above the cut (it joins segments). */
  cluster: number | null;
}

export interface Dendrogram {
  method: LinkageMethod;
  /** Leaves drawn: the clusters left after all but the top `leaves.length − 1` merges (SciPy's truncate_mode='lastp'). */
  leaves: DendrogramLeaf[];
  links: DendrogramLink[];
  /** Height between the last merge applied and the first left out at k; null without a cut. */
  cutHeight: number | null;
  k: number | null;
  /** Leaves of the whole tree, and whether those are customers or micro-clusters. */
  treeLeaves: number;
  treeLeafKind: Hierarchy['leaves'];
}

/** Leaves a dendrogram shows by default: SciPy's usual truncation (p = 30). */
export const DENDROGRAM_LEAVES = 30;

/**
 * The top levels of the tree, laid out as SciPy's dendrogram lays them out: truncated to the
 * clusters left before the last `leaves − 1` merges, each merge drawn over its children with
 * the first child (Z[i, 0]) on the left, leaves at height 0. With `k` (≤ leaves), each merge
 * below the cut carries its segment.
 */
export function dendrogram(hierarchy: Hierarchy, options: { leaves?: number; k?: number } = {}): Dendrogram {
  const { tree } = hierarchy;
  const m = tree.n;
  const p = Math.min(options.leaves ?? DENDROGRAM_LEAVES, m);
  if (!Number.isSafeInteger(p) || p < 1) throw new RangeError(`dendrogram: leaves must be a positive integer, got ${options.leaves}`);
  const k = options.k ?? null;
  if (k !== null && (!Number.isSafeInteger(k) || k < 1 || k > p)) {
    throw new RangeError(`dendrogram: k must be an integer from 1 to the ${p} leaves drawn, got ${k}`);
  }
  const { merges } = tree;
  const firstShown = m - p; // merges before this row are hidden inside the drawn leaves

  // Segment of every tree leaf at k, through any of its points.
  let leafCluster: Int32Array | null = null;
  if (k !== null) {
    const labels = hierarchyLabels(hierarchy, k);
    leafCluster = new Int32Array(m);
    hierarchy.leafOf.forEach((leaf, i) => (leafCluster![leaf] = labels[i]));
  }
  // A representative tree leaf of every cluster id, to read its segment.
  const anyLeaf = (id: number): number => {
    while (id >= m) id = merges[(id - m) * 4];
    return id;
  };
  const sizeOf = (id: number): number => (id < m ? hierarchy.leafSizes[id] : merges[(id - m) * 4 + 3]);
  const heightOf = (id: number): number => (id < m || id - m < firstShown ? 0 : merges[(id - m) * 4 + 2]);
  const clusterOf = (id: number, row: number | null): number | null =>
    leafCluster === null || (row !== null && row >= m - k!) ? null : leafCluster[anyLeaf(id)];

  const leaves: DendrogramLeaf[] = [];
  const links: DendrogramLink[] = [];
  const xOf = new Map<number, number>();
  const root = 2 * m - 2;
  // Depth-first from the root, left child first: leaves get x in drawing order, parents after their children.
  const stack: { id: number; expanded: boolean }[] = [{ id: root, expanded: false }];
  while (stack.length > 0) {
    const { id, expanded } = stack.pop()!;
    const row = id - m;
    if (id < m || row < firstShown) {
      xOf.set(id, leaves.length);
      leaves.push({ x: leaves.length, size: sizeOf(id), cluster: clusterOf(id, null) });
      continue;
    }
    const [a, b] = [merges[row * 4], merges[row * 4 + 1]];
    if (!expanded) {
      stack.push({ id, expanded: true }, { id: b, expanded: false }, { id: a, expanded: false });
      continue;
    }
    const height = merges[row * 4 + 2];
    const [xa, xb] = [xOf.get(a)!, xOf.get(b)!];
    xOf.set(id, (xa + xb) / 2);
    const cluster = clusterOf(id, row);
    links.push(
      { x: xa, x2: xa, y: heightOf(a), y2: height, cluster },
      { x: xa, x2: xb, y: height, y2: height, cluster },
      { x: xb, x2: xb, y: heightOf(b), y2: height, cluster },
    );
  }
  let cutHeight: number | null = null;
  if (k !== null && k > 1) {
    const below = m - k - 1 >= 0 ? merges[(m - k - 1) * 4 + 2] : 0;
    cutHeight = (below + merges[(m - k) * 4 + 2]) / 2;
  }
  return { method: hierarchy.method, leaves, links, cutHeight, k, treeLeaves: m, treeLeafKind: hierarchy.leaves };
}
