/**
 * Hierarchical clustering: the WASM nearest-neighbour chain against ml-hclust's agnes (the
 * baseline, O(n³)) where agnes is affordable, against SciPy's linkage at the UCI file's size
 * (when /usr/bin/python3 has SciPy), then the chain alone up to the memory bound (EXACT_MAX_N)
 * and the micro-cluster path beyond it. Points are three standardised-looking features (sums of
 * uniforms, seeded), as the default model input is.
 */
import { agnes } from 'ml-hclust';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { type LinkageMethod, linkage, linkageDistances } from '../../src/kernels/index.js';
import { EXACT_MAX_N, ML_HCLUST_MAX_N, hierarchical } from '../../src/segment/hierarchical.js';
import { type BenchRow, emit, mulberry32, peakRssMiB, time } from '../harness.js';

const D = 3;

/** Roughly normal coordinates (sum of four uniforms, centred) from mulberry32: no ties. */
function points(n: number, seed: number): Float64Array {
  const uniform = mulberry32(seed);
  return Float64Array.from({ length: n * D }, () => uniform() + uniform() + uniform() + uniform() - 2);
}

/** agnes as hierarchical() calls it: fed the kernel's distances, ward as ward2. */
function mlHclust(data: Float64Array, n: number, method: LinkageMethod): void {
  const condensed = linkageDistances(data, n, D, { method });
  const matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  let at = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) matrix[i][j] = matrix[j][i] = condensed[at++];
  agnes(matrix, { method: method === 'ward' ? 'ward2' : method, isDistanceMatrix: true });
}

const rows: BenchRow[] = [];

for (const n of [ML_HCLUST_MAX_N, 1_000]) {
  const data = points(n, n);
  const chain = await time(() => linkage(data, n, D, { method: 'ward' }), { runs: 5 });
  const baseline = await time(() => mlHclust(data, n, 'ward'), { runs: 3, warmup: 0 });
  rows.push({
    suite: 'hclust',
    phase: `ward linkage, n = ${n.toLocaleString('en-US')}`,
    segmintMs: chain.medianMs,
    baseline: { name: 'ml-hclust agnes (ward2)', ms: baseline.medianMs },
    peakRssMiB: peakRssMiB(),
    note: 'WASM nearest-neighbour chain; the same merges (test/unit/kernels/hclust.test.ts)',
  });
}

/** SciPy's linkage of the same points, per method: median ms and its linkage matrix; undefined without SciPy. */
function scipyLinkage(data: Float64Array, n: number, methods: readonly LinkageMethod[]): Record<string, { ms: number; linkage: number[] }> | undefined {
  const python = '/usr/bin/python3';
  if (spawnSync(python, ['-c', 'import scipy'], { encoding: 'utf8' }).status !== 0) return undefined;
  mkdirSync('bench/tmp', { recursive: true });
  const file = `bench/tmp/hclust-points-${n}.f64`;
  writeFileSync(file, data);
  const run = spawnSync(python, ['bench/baselines/scipy_linkage.py', file, String(n), String(D), '5', ...methods], {
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (run.status !== 0) throw new Error(`scipy_linkage.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Whether two linkage matrices make the same merges in the same order, heights to 1e-9 relative. */
function sameMerges(a: Float64Array, b: number[]): boolean {
  return a.length === b.length && Array.from(a).every((v, i) => (i % 4 === 2 ? Math.abs(v - b[i]) <= 1e-9 * Math.abs(b[i]) : v === b[i]));
}

{
  const n = 4_300;
  const data = points(n, 43);
  const methods = ['ward', 'complete', 'average'] as const;
  const scipy = scipyLinkage(data, n, methods);
  for (const method of methods) {
    const chain = await time(() => hierarchical(data, n, D, { linkage: method, seed: 1 }), { runs: 5 });
    const reference = scipy?.[method];
    rows.push({
      suite: 'hclust',
      phase: `${method} linkage, n = 4,300 (the UCI file's customers)`,
      segmintMs: chain.medianMs,
      baseline: reference && { name: 'SciPy linkage (nn_chain)', ms: reference.ms },
      peakRssMiB: peakRssMiB(),
      note:
        'exact nearest-neighbour chain over a matrix tiled in 8 × 8 blocks; ' +
        (reference
          ? `the same merges as SciPy: ${sameMerges(linkage(data, n, D, { method }).merges, reference.linkage)}`
          : 'no SciPy baseline: /usr/bin/python3 lacks scipy (Debian: python3-scipy)') +
        '; ml-hclust measured 110 s at n = 4,000 here, not rerun',
    });
  }
}

{
  const n = EXACT_MAX_N;
  const data = points(n, 7);
  const chain = await time(() => hierarchical(data, n, D, { linkage: 'ward', seed: 1 }), { runs: 3, warmup: 0 });
  rows.push({
    suite: 'hclust',
    phase: `ward linkage, n = ${n.toLocaleString('en-US')} (largest exact: 512 MiB of distances)`,
    segmintMs: chain.medianMs,
    peakRssMiB: peakRssMiB(),
    note: 'exact, nearest-neighbour chain',
  });
}

{
  const n = 50_000;
  const data = points(n, 50);
  const micro = await time(() => hierarchical(data, n, D, { linkage: 'ward', seed: 1 }), { runs: 3, warmup: 0 });
  rows.push({
    suite: 'hclust',
    phase: 'ward linkage, n = 50,000 (over the bound)',
    segmintMs: micro.medianMs,
    peakRssMiB: peakRssMiB(),
    note: 'approximate: k-means into 1,000 micro-clusters, then the chain over their weighted centroids',
  });
}

emit(rows);
