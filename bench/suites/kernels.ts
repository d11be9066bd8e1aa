/**
 * The numeric kernels against ml-kmeans and against their own plain TypeScript oracles (the
 * same algorithms, src/kernels/oracle*.ts), at n = 10,000, 100,000 and 1,000,000 customers with
 * d = 6 features and k = 8: k-means per Lloyd iteration and to convergence, Gaussian mixture EM
 * per iteration, silhouette; then where SIMD pays (the same source compiled without
 * `--enable simd`, timed through the same wrappers); then the target, the whole k sweep
 * plus the mixtures of all four covariance types on 100,000 customers.
 *
 * Per-iteration times are differences, (T(a + m iterations) - T(a)) / m, so that copying the
 * input into linear memory, seeding and the final E-step cancel out for every contender alike.
 */
import asc from 'assemblyscript/asc';
import { kmeans as mlKMeans } from 'ml-kmeans';
import { readFileSync } from 'node:fs';
import {
  COVARIANCE_TYPES, calinskiHarabasz, chooseKMeansAlgorithm, daviesBouldin, gaussianMixture, kmeans, lloyd, pairwiseDistances, pca2, silhouette,
  silhouettes, silhouetteSampled, type CovarianceType, type DistanceMetric, type KMeansResult,
} from '../../src/kernels/index.js';
import { instantiateKernels, kernels, swapKernels, type KernelModule } from '../../src/kernels/module.js';
import * as oracle from '../../src/kernels/oracle.js';
import * as oracleDistances from '../../src/kernels/oracle-distances.js';
import * as oracleGmm from '../../src/kernels/oracle-gmm.js';
import * as oracleKMeans from '../../src/kernels/oracle-kmeans.js';
import * as oracleMetrics from '../../src/kernels/oracle-metrics.js';
import * as oraclePca from '../../src/kernels/oracle-pca.js';
import { type BenchRow, emit, mulberry32, peakRssMiB, time } from '../harness.js';

const D = 6;
const K = 8;
const SIZES = [10_000, 100_000, 1_000_000];
const SUITE = 'kernels';
/** Blob weights: segments of unequal size, as customers fall. */
const WEIGHTS = [0.3, 0.2, 0.15, 0.1, 0.1, 0.08, 0.05, 0.02];

/** n customers in K Gaussian blobs (unit variance, centres uniform in [-6, 6]^D), from mulberry32: deterministic. */
function blobs(n: number, seed: number): Float64Array {
  const uniform = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const centres = Array.from({ length: K * D }, () => uniform() * 12 - 6);
  const points = new Float64Array(n * D);
  for (let i = 0; i < n; i++) {
    let u = uniform();
    let blob = 0;
    while (blob < K - 1 && u > WEIGHTS[blob]) u -= WEIGHTS[blob++];
    for (let j = 0; j < D; j++) points[i * D + j] = centres[blob * D + j] + normal();
  }
  return points;
}

const asArrays = (points: Float64Array, rows: number): number[][] =>
  Array.from({ length: rows }, (_, i) => Array.from(points.subarray(i * D, i * D + D)));

const fmt = (value: number): string => value.toLocaleString('en-US');
const runsFor = (n: number): number => (n >= 1_000_000 ? 1 : n >= 100_000 ? 3 : 7);

/** Median ms per iteration: (T(from + steps) - T(from)) / steps, both medians of `runs`. */
async function perIteration(run: (iterations: number) => unknown, from: number, steps: number, runs: number): Promise<number> {
  const warmup = runs > 1 ? 1 : 0;
  const long = await time(() => run(from + steps), { runs, warmup });
  const short = await time(() => run(from), { runs, warmup });
  return (long.medianMs - short.medianMs) / steps;
}

const rows: BenchRow[] = [];
function row(phase: string, segmintMs: number, baseline: BenchRow['baseline'], note: string): void {
  const entry: BenchRow = { suite: SUITE, phase, segmintMs, baseline, peakRssMiB: peakRssMiB(), note };
  rows.push(entry);
  emit([entry]);
}

// ── k-means per Lloyd iteration ──────────────────────────────────────────────────────────────
const data = new Map(SIZES.map((n) => [n, blobs(n, n)]));
for (const n of SIZES) {
  const points = data.get(n)!;
  const init = points.slice(0, K * D); // the first K customers: far from converged for 20 iterations
  const steps = 5;
  const runs = Math.max(3, runsFor(n)); // a difference of two timings: one run each is too noisy
  const iterations = lloyd(points, n, D, init, K, 1 + steps).iterations;
  if (iterations !== 1 + steps) throw new Error(`lloyd converged within ${iterations} iterations: per-iteration times would be wrong`);
  const wasm = await perIteration((m) => lloyd(points, n, D, init, K, m), 1, steps, runs);
  const arrays = asArrays(points, n);
  const initArrays = asArrays(init, K);
  // tolerance -1: ml-kmeans never stops early, so it runs exactly `maxIterations`.
  const ml = await perIteration((m) => mlKMeans(arrays, K, { initialization: initArrays, maxIterations: m, tolerance: -1 }), 1, steps, runs);
  const ts = await perIteration((m) => oracle.lloyd(points, n, D, init, K, m), 1, steps, runs);
  const target = n === 1_000_000
    ? `; target >= 5x ml-kmeans: ${ml / wasm >= 5 ? 'met' : 'NOT met'}`
    : '';
  row(`k-means, one Lloyd iteration, n = ${fmt(n)}`, wasm, { name: 'ml-kmeans 7.0.1', ms: ml }, `d = ${D}, k = ${K}, from the same centres${target}`);
  row(`k-means, one Lloyd iteration, n = ${fmt(n)}`, wasm, { name: 'TypeScript oracle (same algorithm)', ms: ts }, `d = ${D}, k = ${K}`);
}

// ── why 1,000,000 points cost more per point than 100,000 ────────────────────────────────────
{
  /** A plain JS loop with Lloyd's access pattern: stream rows of D f64s, about as much dependent work on each as Lloyd does. */
  const streamRows = (points: Float64Array, n: number): number => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      let x = 0;
      for (let j = 0; j < D; j++) x += points[i * D + j];
      x = Math.abs(x);
      for (let t = 0; t < 6; t++) x = Math.sqrt(x + 1.5);
      total += x;
    }
    return total;
  };
  const perPoint = async (run: (n: number) => unknown, n: number) => ((await time(() => run(n), { runs: 5 })).medianMs * 1e6) / n;
  const [small, large] = [100_000, 1_000_000];
  const js = [await perPoint((n) => streamRows(data.get(n)!, n), small), await perPoint((n) => streamRows(data.get(n)!, n), large)];
  const init = (n: number) => data.get(n)!.slice(0, K * D);
  const lloydPerPoint = async (n: number) =>
    ((await perIteration((m) => lloyd(data.get(n)!, n, D, init(n), K, m), 1, 5, 3)) * 1e6) / n;
  const wasmSmall = await lloydPerPoint(small);
  const wasmLarge = await lloydPerPoint(large);
  // Per 100,000 points, so the table's milliseconds read naturally; the ratio is the slowdown.
  row('cost per point: a Lloyd iteration per 100,000 points, at n = 100,000 vs n = 1,000,000', wasmSmall / 10,
    { name: 'the same at n = 1,000,000', ms: wasmLarge / 10 },
    `${wasmSmall.toFixed(1)} vs ${wasmLarge.toFixed(1)} ns per point (+${(wasmLarge - wasmSmall).toFixed(1)}); a plain JS loop doing ` +
      `fixed work on the same rows: ${js[0].toFixed(1)} vs ${js[1].toFixed(1)} ns (+${(js[1] - js[0]).toFixed(1)}); the kernel touches memory a page ahead ` +
      `of the point in hand, without which the 48 MB stream added about 10 ns per point here`);
}

// ── k-means to convergence: one k-means++ start, the algorithm the size picks ─────────────────────
for (const n of SIZES) {
  const points = data.get(n)!;
  const runs = runsFor(n);
  let result: KMeansResult | undefined;
  const wasm = await time(() => (result = kmeans(points, n, D, K, { seed: 1, starts: 1 })), { runs, warmup: 1 });
  const { algorithm, iterations, inertia } = result!;
  const ts = await time(() => oracleKMeans.kmeans(points, n, D, K, { seed: 1, starts: 1 }), { runs, warmup: n >= 1_000_000 ? 0 : 1 });
  let mlIterations = 0;
  const arrays = asArrays(points, n);
  const ml = await time(() => (mlIterations = mlKMeans(arrays, K, { seed: 1, maxIterations: 300 }).iterations), { runs, warmup: 0 });
  const what = `${algorithm}, ${iterations} ${algorithm === 'minibatch' ? 'pass(es)' : 'iterations'}`;
  row(`k-means to convergence (1 start), n = ${fmt(n)}`, wasm.medianMs, { name: 'ml-kmeans 7.0.1 (k-means++)', ms: ml.medianMs },
    `segmint: k-means++ then ${what}; ml-kmeans: ${mlIterations} iterations (its own seeding and stopping rule, max 300)`);
  row(`k-means to convergence (1 start), n = ${fmt(n)}`, wasm.medianMs, { name: `TypeScript oracle (${algorithm})`, ms: ts.medianMs },
    `the same result; inertia ${inertia.toPrecision(6)}`);
}

// Lloyd and Hamerly give the same result; mini-batch approximates it. Ten starts, as the sweep
// runs them (a single k-means++ start often settles 20% above the best optimum, whichever the
// algorithm); at 1,000,000 points scikit-learn's default tol (1e-4) keeps Lloyd affordable here.
for (const n of SIZES) {
  const points = data.get(n)!;
  const runs = Math.min(runsFor(n), 3);
  const tol = n >= 1_000_000 ? 1e-4 : 0;
  const results: Partial<Record<'lloyd' | 'hamerly' | 'minibatch', KMeansResult>> = {};
  const timing = async (algorithm: 'lloyd' | 'hamerly' | 'minibatch') =>
    (await time(() => (results[algorithm] = kmeans(points, n, D, K, { seed: 2, starts: 10, tol, algorithm })), { runs, warmup: runs > 1 ? 1 : 0 })).medianMs;
  const lloydMs = await timing('lloyd');
  const hamerlyMs = await timing('hamerly');
  const same = results.lloyd!.labels.every((label, i) => label === results.hamerly!.labels[i]);
  row(`k-means, 10 starts, tol ${tol}, Hamerly vs Lloyd, n = ${fmt(n)}`, hamerlyMs, { name: 'Lloyd (WASM)', ms: lloydMs },
    `identical labels: ${same}; ${results.lloyd!.iterations} iterations in the kept start; 'auto' picks ${chooseKMeansAlgorithm(n)} at this n`);
  if (n >= 100_000) {
    const miniMs = await timing('minibatch');
    const loss = results.minibatch!.inertia / results.hamerly!.inertia - 1;
    row(`k-means, 10 starts, mini-batch vs Hamerly, n = ${fmt(n)}`, miniMs, { name: 'Hamerly (WASM)', ms: hamerlyMs },
      `batch 1024, ${results.minibatch!.iterations} pass(es); inertia ${(100 * loss).toFixed(3)}% above the exact result`);
  }
}

// ── Gaussian mixtures per EM iteration ───────────────────────────────────────────────────────
for (const n of SIZES) {
  const points = data.get(n)!;
  const labels = kmeans(points, n, D, K, { seed: 3, starts: 1, tol: 1e-4 }).labels;
  const runs = runsFor(n);
  for (const type of COVARIANCE_TYPES) {
    const options = (maxIter: number) => ({ seed: 0, covarianceType: type, init: { labels }, maxIter, tol: 0 });
    const wasm = await perIteration((m) => gaussianMixture(points, n, D, K, options(m)), 1, 3, runs);
    const ts = await perIteration((m) => oracleGmm.gaussianMixture(points, n, D, K, options(m)), 1, 2, Math.min(runs, 3));
    row(`GMM (${type}), one EM iteration, n = ${fmt(n)}`, wasm, { name: 'TypeScript oracle (same algorithm)', ms: ts },
      `k = ${K}: E-step (log-sum-exp) + M-step`);
  }
}

// ── silhouette ───────────────────────────────────────────────────────────────────────────────
{
  const n = 10_000;
  const points = data.get(n)!;
  const labels = kmeans(points, n, D, K, { seed: 4, starts: 1 }).labels;
  const wasm = await time(() => silhouette(points, n, D, labels, K), { runs: 3 });
  const ts = await time(() => oracle.silhouette(points, n, D, labels, K), { runs: 3 });
  row(`silhouette, exact, n = ${fmt(n)}`, wasm.medianMs, { name: 'TypeScript oracle', ms: ts.medianMs }, 'all n(n-1)/2 distances');
}
// As the k sweep scores its nine k-means, at the bench file's number of customers.
{
  const n = 4_337;
  const points = data.get(10_000)!.subarray(0, n * D);
  const labelings = Array.from({ length: 9 }, (_, i) => ({ labels: kmeans(points, n, D, i + 2, { seed: 4, starts: 1 }).labels, k: i + 2 }));
  const batch = await time(() => silhouettes(points, n, D, labelings), { runs: 5 });
  const apart = await time(() => labelings.map(({ labels, k }) => silhouette(points, n, D, labels, k)), { runs: 5 });
  row(`silhouettes of nine labelings (k-means, k = 2..10), exact, n = ${fmt(n)}`, batch.medianMs, { name: 'silhouette of each', ms: apart.medianMs },
    'one pass over the pairs: each distance computed once for all nine, then two additions per labeling');
}
for (const n of SIZES.slice(1)) {
  const points = data.get(n)!;
  const labels = kmeans(points, n, D, K, { seed: 4, starts: 1, tol: 1e-4 }).labels;
  let sampleSize = 0;
  const wasm = await time(() => (sampleSize = silhouetteSampled(points, n, D, labels, K, { sampleSize: 10_000, seed: 1 }).sampleSize), { runs: 3 });
  const ts = await time(() => oracle.silhouetteSampled(points, n, D, labels, K, { sampleSize: 10_000, seed: 1 }), { runs: 3 });
  row(`silhouette, stratified sample, n = ${fmt(n)}`, wasm.medianMs, { name: 'TypeScript oracle', ms: ts.medianMs },
    `sample of ${fmt(sampleSize)}, stratified by cluster`);
}

// ── the other indices and PCA, n = 100,000 ─────────────────────────────────────────────────────
{
  const n = 100_000;
  const points = data.get(n)!;
  const labels = kmeans(points, n, D, K, { seed: 5, starts: 1, tol: 1e-4 }).labels;
  const pairs: [string, () => unknown, () => unknown][] = [
    ['Calinski–Harabasz', () => calinskiHarabasz(points, n, D, labels, K), () => oracleMetrics.calinskiHarabasz(points, n, D, labels, K)],
    ['Davies–Bouldin', () => daviesBouldin(points, n, D, labels, K), () => oracleMetrics.daviesBouldin(points, n, D, labels, K)],
    ['PCA to 2 components', () => pca2(points, n, D), () => oraclePca.pca2(points, n, D)],
  ];
  for (const [name, wasmFn, tsFn] of pairs) {
    const wasm = await time(wasmFn, { runs: 7 });
    const ts = await time(tsFn, { runs: 7 });
    row(`${name}, n = ${fmt(n)}`, wasm.medianMs, { name: 'TypeScript oracle', ms: ts.medianMs }, 'includes copying the points into linear memory');
  }
}

// ── where SIMD pays: the same source built without --enable simd, through the same wrappers ───
{
  // The kernels' command of the build (it also builds the ingest core).
  const script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['build:wasm'];
  const command = script.split('&&').map((part) => part.trim()).find((part) => part.startsWith('asc assembly/index.ts'))!;
  const flags = command.split(/\s+/).slice(1).filter((flag, i, all) => flag !== '--enable' && all[i - 1] !== '--enable');
  const out = 'bench/tmp/kernels-scalar.wasm';
  const argv = flags.map((flag, i) => (flags[i - 1] === '--outFile' ? out : flag)).filter((flag, i) => flag !== '--textFile' && flags[i - 1] !== '--textFile');
  const { error } = await asc.main(argv, { stdout: process.stderr, stderr: process.stderr });
  if (error) throw error;
  const simd = kernels();
  const scalar: KernelModule = instantiateKernels(readFileSync(out));
  const compare = async (phase: string, fn: () => unknown, runs: number, note: string) => {
    const withSimd = await time(fn, { runs });
    swapKernels(scalar);
    const withoutSimd = await time(fn, { runs });
    swapKernels(simd);
    const ratio = withoutSimd.medianMs / withSimd.medianMs;
    const verdict = ratio >= 1.15 ? 'SIMD pays' : ratio <= 1.05 ? 'SIMD does not pay' : 'SIMD pays little';
    row(`SIMD vs scalar: ${phase}`, withSimd.medianMs, { name: 'same source, scalar build', ms: withoutSimd.medianMs }, `${verdict}: ${note}`);
  };
  const n = 100_000;
  const points = data.get(n)!;
  const init = points.slice(0, K * D);
  const labels = kmeans(points, n, D, K, { seed: 6, starts: 1, tol: 1e-4 }).labels;
  await compare(`6 Lloyd iterations, n = ${fmt(n)}`, () => lloyd(points, n, D, init, K, 6), 7,
    'distances to centres two per f64x2 (one lane per centre), branch-free minimum');
  await compare(`k-means, 1 start to convergence (Hamerly), n = ${fmt(n)}`, () => kmeans(points, n, D, K, { seed: 6, starts: 1, algorithm: 'hamerly' }), 5,
    'k-means++ seeding and full searches are SIMD; the bound checks that skip most points are scalar either way');
  for (const type of COVARIANCE_TYPES as readonly CovarianceType[]) {
    await compare(`GMM (${type}), 5 EM iterations, n = ${fmt(n)}`,
      () => gaussianMixture(points, n, D, K, { seed: 0, covarianceType: type, init: { labels }, maxIter: 5, tol: 0 }), 3,
      'two components per f64x2: log densities, the M-step\'s sums and scatters; exp and log stay scalar');
  }
  const small = data.get(10_000)!;
  const smallLabels = kmeans(small, 10_000, D, K, { seed: 6, starts: 1 }).labels;
  await compare('silhouette, exact, n = 10,000', () => silhouette(small, 10_000, D, smallLabels, K), 3, 'one squared distance per pair: 3 f64x2 steps at d = 6');
  const few = small.subarray(0, 3_000 * D);
  for (const metric of ['euclidean', 'manhattan', 'cosine'] as DistanceMetric[]) {
    await compare(`pairwise distances (${metric}), n = 3,000`, () => pairwiseDistances(few, 3_000, D, metric), 5,
      '4.5 million pairs, one at a time: 3 f64x2 steps and a horizontal add each');
  }
  const ts = await time(() => oracleDistances.pairwiseDistances(few, 3_000, D, 'euclidean'), { runs: 5 });
  const wasm = await time(() => pairwiseDistances(few, 3_000, D, 'euclidean'), { runs: 5 });
  row('pairwise distances (euclidean), n = 3,000', wasm.medianMs, { name: 'TypeScript oracle', ms: ts.medianMs }, 'condensed, 4.5 million pairs');
}

// ── the target: the whole k sweep plus mixtures of every covariance type, n = 100,000 ─────────
{
  const n = 100_000;
  const points = data.get(n)!;
  const sweepAndMixtures = (tol: number) => () => {
    let iterations = 0;
    for (let k = 2; k <= 10; k++) {
      const fit = kmeans(points, n, D, k, { seed: k, starts: 10, tol });
      for (const type of COVARIANCE_TYPES) iterations += gaussianMixture(points, n, D, k, { seed: k, covarianceType: type, init: { labels: fit.labels } }).iterations;
    }
    return iterations;
  };
  for (const tol of [1e-4, 0]) {
    const timing = await time(sweepAndMixtures(tol), { runs: tol === 0 ? 1 : 3, warmup: 0 });
    const seconds = timing.medianMs / 1000;
    row(`k sweep (k = 2..10, 10 starts) + GMMs (4 types x 9 k), n = ${fmt(n)}, k-means tol ${tol}`, timing.medianMs, undefined,
      `one core (the kernels are single-threaded); GMMs start from the sweep's labels; target < 10 s: ${seconds < 10 ? 'met' : 'NOT met'}` +
        (tol === 0 ? ' (tol 0: until the labels stop changing, the default)' : " (scikit-learn's KMeans default tol)"));
  }
}

if (rows.length === 0) throw new Error('no rows');
