// Plain TypeScript twin of assembly/hclust.ts's nearest-neighbour chain: SciPy's `nn_chain`
// over a condensed matrix, with no tiling and no repacking, so that the kernel's layout and
// bookkeeping are checked against the algorithm itself, merge for merge and bit for bit.

import type { Linkage, LinkageMethod } from './hclust';

/** SciPy's Lance–Williams updates, in the kernel's (and SciPy's) operation order. */
function mergedDistance(method: LinkageMethod, dxi: number, dyi: number, dxy: number, nx: number, ny: number, ni: number): number {
  if (method === 'ward') {
    const t = 1.0 / (nx + ny + ni);
    return Math.sqrt(Math.max(0.0, (ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy));
  }
  if (method === 'complete') return Math.max(dxi, dyi);
  return (nx * dxi + ny * dyi) / (nx + ny);
}

/** The linkage of condensed distances (pdist order; copied, not changed) over leaves of the given sizes. */
export function nnChainLinkage(condensed: Float64Array, n: number, method: LinkageMethod, weights?: Float64Array): Linkage {
  const distances = Float64Array.from(condensed);
  const at = (i: number, j: number) => {
    const [a, b] = i < j ? [i, j] : [j, i];
    return n * a - (a * (a + 1)) / 2 + b - a - 1;
  };
  const size = weights ? Float64Array.from(weights) : new Float64Array(n).fill(1);
  const formedHeight = new Float64Array(n);
  const raw: { x: number; y: number; height: number; size: number }[] = [];
  const chain: number[] = [];
  for (let k = 0; k < n - 1; k++) {
    if (chain.length === 0) chain.push(size.findIndex((s) => s > 0));
    let x = 0;
    let y = 0;
    let currentMin = 0;
    for (;;) {
      x = chain[chain.length - 1];
      // The previous element of the chain wins ties, then the lowest index.
      if (chain.length > 1) {
        y = chain[chain.length - 2];
        currentMin = distances[at(x, y)];
      } else {
        currentMin = Infinity;
      }
      for (let i = 0; i < n; i++) {
        if (size[i] === 0 || i === x) continue;
        if (distances[at(x, i)] < currentMin) {
          currentMin = distances[at(x, i)];
          y = i;
        }
      }
      if (chain.length > 1 && y === chain[chain.length - 2]) break;
      chain.push(y);
    }
    chain.length -= 2;
    if (x > y) [x, y] = [y, x];
    const [nx, ny] = [size[x], size[y]];
    // Never below the merges that formed x and y (ward's rounding at ties), as the kernel does.
    const height = Math.max(currentMin, Math.max(formedHeight[x], formedHeight[y]));
    raw.push({ x, y, height, size: nx + ny });
    formedHeight[y] = height;
    size[x] = 0;
    size[y] = nx + ny;
    for (let i = 0; i < n; i++) {
      if (size[i] === 0 || i === y) continue;
      distances[at(i, y)] = mergedDistance(method, distances[at(i, x)], distances[at(i, y)], currentMin, nx, ny, size[i]);
    }
  }
  // A stable sort by height, then SciPy's numbering: the cluster of row r is n + r.
  const sorted = raw.map((merge, index) => ({ merge, index })).sort((a, b) => a.merge.height - b.merge.height || a.index - b.index);
  const parent = Int32Array.from({ length: 2 * n - 1 }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const merges = new Float64Array(Math.max(n - 1, 0) * 4);
  sorted.forEach(({ merge }, r) => {
    const a = find(merge.x);
    const b = find(merge.y);
    parent[a] = parent[b] = n + r;
    merges.set([Math.min(a, b), Math.max(a, b), merge.height, merge.size], r * 4);
  });
  return { n, merges };
}
