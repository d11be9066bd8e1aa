/**
 * The whole analysis of a real-sized file (541,909 generated rows) against the seed
 * analyses' pandas + scikit-learn pipeline, ingest against DuckDB's single-threaded
 * read_csv + GROUP BY, and the cold start each function's bundle adds to a bare Node.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchFile, emit, ingestFile, median, time, type BenchRow } from '../harness.js';

const ROWS = 541_909;
const RUNS = 5;
const PYTHON = '/usr/bin/python3';
const file = await benchFile(ROWS);
const mib = statSync(file).size / 2 ** 20;

interface PipelineRun {
  phases: Record<string, number>;
  peakRssMiB: number;
}

function runChild(command: string, args: string[], env: NodeJS.ProcessEnv = {}): PipelineRun {
  const out = mkdtempSync(path.join(tmpdir(), 'segmint-bench-'));
  try {
    const run = spawnSync(command, [...args, file, out], { encoding: 'utf8', maxBuffer: 16 * 2 ** 20, env: { ...process.env, ...env } });
    if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr}`);
    return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as PipelineRun;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const medianOf = (runs: PipelineRun[], phase: string) => median(runs.map((r) => r.phases[phase] ?? 0));
const THREADS = availableParallelism();
const hasPython = spawnSync(PYTHON, ['-c', 'import pandas, sklearn'], { encoding: 'utf8' }).status === 0;
// segmint as it runs by default here (the linkages' trees on a second thread: src/segment/hierarchies.ts)
// and held to one thread; the baseline, which pins BLAS and OpenMP to one thread unless told
// otherwise, and given every core. One of each per round: this VM's speed drifts by a third
// within minutes, and interleaving spreads the drift over all four.
const segmint: PipelineRun[] = [];
const oneThread: PipelineRun[] = [];
const python: PipelineRun[] = [];
const pythonAllCores: PipelineRun[] = [];
for (let round = 0; round < RUNS; round++) {
  segmint.push(runChild(process.execPath, ['dist/bench/children/pipeline.mjs']));
  oneThread.push(runChild(process.execPath, ['dist/bench/children/pipeline.mjs'], { SEGMINT_THREADS: '1' }));
  if (!hasPython) continue;
  python.push(runChild(PYTHON, ['bench/baselines/pandas_sklearn.py']));
  pythonAllCores.push(runChild(PYTHON, ['bench/baselines/pandas_sklearn.py'], { OMP_NUM_THREADS: String(THREADS), OPENBLAS_NUM_THREADS: String(THREADS) }));
}
const segmintPeak = Math.max(...segmint.map((r) => r.peakRssMiB));
const oneThreadPeak = Math.max(...oneThread.map((r) => r.peakRssMiB));
const baselineOf = (runs: PipelineRun[], name: string, phases: string[]) =>
  runs.length ? { name, ms: median(runs.map((r) => phases.reduce((sum, p) => sum + r.phases[p], 0))) } : undefined;
const baseline = (phases: string[]) => baselineOf(python, 'pandas + scikit-learn', phases);
const noPython = `no baseline: ${PYTHON} lacks pandas or scikit-learn (Debian: python3-pandas, python3-sklearn)`;

const rows: BenchRow[] = [
  {
    suite: 'pipeline',
    phase: `CSV → per-customer features (${mib.toFixed(1)} MiB)`,
    segmintMs: medianOf(segmint, 'ingest') + medianOf(segmint, 'features'),
    baseline: baseline(['csv to features']),
  },
  {
    suite: 'pipeline',
    phase: 'k sweep 2..10, 10 starts each, with a silhouette per k',
    segmintMs: medianOf(segmint, 'kmeans sweep'),
    baseline: baseline(['k sweep', 'silhouettes']),
  },
  {
    suite: 'pipeline',
    phase: 'GMMs (4 types × k 2..10), 3 linkages, metrics at k',
    segmintMs: medianOf(segmint, 'model comparison'),
    baseline: baseline(['gaussian mixtures', 'agglomerative']),
  },
  {
    suite: 'pipeline',
    phase: 'whole analysis, results written',
    segmintMs: medianOf(segmint, 'total'),
    baseline: baseline(['total']),
    peakRssMiB: segmintPeak,
    note: hasPython
      ? `segmint on ${THREADS} threads (the linkages beside the sweep and mixtures), the baseline on one, as the seed analyses run; ` +
        `peak RSS: segmint ${segmintPeak.toFixed(0)} MiB, pandas + scikit-learn ${Math.max(...python.map((r) => r.peakRssMiB)).toFixed(0)} MiB`
      : noPython,
  },
  {
    suite: 'pipeline',
    phase: 'whole analysis, results written, both on every core',
    segmintMs: medianOf(segmint, 'total'),
    baseline: baselineOf(pythonAllCores, `pandas + scikit-learn, OMP/OpenBLAS ${THREADS} threads`, ['total']),
    peakRssMiB: segmintPeak,
    note: hasPython ? 'scikit-learn runs k-means and BLAS on every core; silhouettes, linkages and pandas stay on one' : noPython,
  },
  {
    suite: 'pipeline',
    phase: 'whole analysis, results written, both on one thread (SEGMINT_THREADS=1)',
    segmintMs: medianOf(oneThread, 'total'),
    baseline: baseline(['total']),
    peakRssMiB: oneThreadPeak,
    note: hasPython
      ? `model comparison ${(medianOf(oneThread, 'model comparison') / 1000).toFixed(2)} s on one thread, ` +
        `${(medianOf(segmint, 'model comparison') / 1000).toFixed(2)} s with the linkages on a second`
      : noPython,
  },
];

// Ingest against DuckDB: the same cleaning and per-customer aggregates, one thread.
const NON_PRODUCT = ['POST', 'DOT', 'M', 'm', 'D', 'C2', 'S', 'B', 'PADS', 'BANK CHARGES', 'AMAZONFEE', 'CRUK', 'DCGSSBOY', 'DCGSSGIRL'];
const duck = await (await DuckDBInstance.create(':memory:')).connect();
await duck.run('SET threads = 1');
const query = `
  WITH raw AS (
    SELECT * FROM read_csv('${file}', header = true, ignore_errors = true,
      types = {'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR', 'CustomerID': 'VARCHAR', 'Quantity': 'BIGINT', 'UnitPrice': 'DOUBLE', 'InvoiceDate': 'VARCHAR'})
  ), clean AS (
    SELECT DISTINCT * FROM raw
    WHERE CustomerID IS NOT NULL AND NOT starts_with(InvoiceNo, 'C') AND Quantity > 0 AND UnitPrice > 0
      AND StockCode NOT IN (${NON_PRODUCT.map((c) => `'${c}'`).join(', ')}) AND NOT starts_with(StockCode, 'gift_')
  )
  SELECT CustomerID, count(DISTINCT InvoiceNo) AS frequency, sum(Quantity * UnitPrice) AS monetary, sum(Quantity) AS quantity,
    count(DISTINCT StockCode) AS products, max(strptime(InvoiceDate, '%m/%d/%y %H:%M')) AS last_purchase,
    min(strptime(InvoiceDate, '%m/%d/%y %H:%M')) AS first_purchase
  FROM clean GROUP BY CustomerID`;
// Like for like: both warm in this process (one warm-up each), interleaved, medians of 7 rounds.
const ingestWarm = () => ingestFile(file);
await ingestWarm();
await duck.runAndReadAll(query);
const warm = { segmint: [] as number[], duckdb: [] as number[] };
for (let round = 0; round < 7; round++) {
  warm.segmint.push((await time(ingestWarm, { runs: 1, warmup: 0 })).medianMs);
  warm.duckdb.push((await time(() => duck.runAndReadAll(query), { runs: 1, warmup: 0 })).medianMs);
}
rows.push({
  suite: 'pipeline',
  phase: `ingest to per-customer aggregates (${mib.toFixed(1)} MiB)`,
  segmintMs: median(warm.segmint),
  baseline: { name: 'DuckDB read_csv + GROUP BY, 1 thread', ms: median(warm.duckdb) },
  note: `both warm, interleaved, medians of 7; segmint ${(mib / (median(warm.segmint) / 1000)).toFixed(0)} MiB/s. ` +
    `In a fresh process, partial and report written (the pipeline's ingest phase above): ${(medianOf(segmint, 'ingest') / 1000).toFixed(2)} s`,
});

// Cold start: what importing a function's bundle (and instantiating its kernels) adds to `node -e 0`.
// The SDK's share: the SDK as every function loads it (the S3 adapter and the Step Functions client
// runtime.ts imports), built as the functions are (scripts/build.mjs), with parts on demand in chunks.
// The whole client-s3 package, every command, loads more than any function does.
const sdkOnly = path.resolve('dist/bench/sdk-only/sdk.mjs');
await build({
  stdin: {
    contents: "export * from './src/storage/s3.ts'; export { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';",
    resolveDir: process.cwd(),
    sourcefile: 'sdk.ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  minify: true,
  splitting: true,
  outdir: path.dirname(sdkOnly),
  entryNames: 'sdk',
  outExtension: { '.js': '.mjs' },
  banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  logLevel: 'warning',
});
/**
 * Median wall time of `node -e CODE` for each of `codes`, one of each per round, 21 rounds:
 * a start is about 0.1 s, and this VM's speed drifts within seconds, so sampling one code after
 * another would compare different machines.
 */
const startups = (codes: string[]): number[] => {
  const samples = codes.map(() => [] as number[]);
  for (let round = 0; round < 21; round++) {
    codes.forEach((code, c) => {
      const started = performance.now();
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', code]);
      if (run.status !== 0) throw new Error(`cold start of ${code} failed: ${run.stderr}`);
      samples[c].push(performance.now() - started);
    });
  }
  return samples.map(median);
};
/** Bytes a cold start parses: the bundle and the chunks it imports statically, transitively. */
const startupBytes = (file: string, seen = new Set<string>()): number => {
  if (seen.has(file)) return 0;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  const imported = [...code.matchAll(/(?:^|[;}\s])import(?:[^("']*?from)?\s*"(\.\.?\/[^"]+\.mjs)"/g)].map(([, chunk]) => path.resolve(path.dirname(file), chunk));
  return statSync(file).size + imported.reduce((total, chunk) => total + startupBytes(chunk, seen), 0);
};
const FUNCTIONS = ['ingest', 'segment', 'split'];
const bundleOf = (fn: string) => path.resolve(`dist/functions/${fn}.mjs`);
const [bare, sdkReady, ...readies] = startups([
  '0',
  `await import(${JSON.stringify(pathToFileURL(sdkOnly).href)})`,
  ...FUNCTIONS.map(
    (fn) => `const m = await import(${JSON.stringify(pathToFileURL(bundleOf(fn)).href)}); if (typeof m.handler !== 'function' && typeof m.plan !== 'function') process.exit(1)`,
  ),
]);
const sdk = sdkReady - bare;
FUNCTIONS.forEach((fn, f) => {
  const ready = readies[f] - bare;
  rows.push({
    suite: 'cold start',
    phase: `${fn}: bundle loaded, handler ready (over a bare node -e 0 of ${bare.toFixed(0)} ms)`,
    segmintMs: ready,
    note: `bundle and the chunks it loads at start ${(startupBytes(bundleOf(fn)) / 1024).toFixed(0)} KiB (exceljs and parts of the SDK load on demand); the AWS SDK as the functions load it adds ${sdk.toFixed(0)} ms, segmint's own code and kernels ${Math.max(0, ready - sdk).toFixed(0)} ms (a difference of medians, interleaved)`,
  });
});
emit(rows);
