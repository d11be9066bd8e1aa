/**
 * Ingest throughput (MB/s of CSV, parse + clean + aggregate) and peak memory, on generated
 * files of the UCI file's size (541,909 rows) and of 5,000,000 rows. Baselines run in the
 * same process: csv-parse and papaparse, each parsing the same file into records that go
 * through the very same cleaning and aggregation (TableReader), checked to give the very
 * same partial.
 *
 * Each file size is measured in a child process of its own, so its peak RSS is its own.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import Papa from 'papaparse';
import { BENCH_UPLOAD, benchFile, benchFilePath, CHUNK_BYTES, emit, ingestFile, median, peakRssMiB, type BenchRow } from '../harness.js';
import { RecordFields } from '../../src/ingest/fields.js';
import { DEFAULT_LIMITS } from '../../src/ingest/ingest.js';
import { TableReader } from '../../src/ingest/table.js';
import type { PartialAggregate } from '../../src/partial.js';

const SIZES = [541_909, 5_000_000];
const SEED = 1;

const fileFor = (rows: number) => benchFilePath(rows, SEED);

/** Records of another parser, through the same cleaning and aggregation as segmint's own. */
function sameAggregate(file: string) {
  const table = new TableReader({ ...BENCH_UPLOAD, totalBytes: statSync(file).size, limits: DEFAULT_LIMITS, config: {}, decimalMark: '.' });
  const fields = new RecordFields();
  let line = 0;
  return {
    accept(record: string[]) {
      fields.setTexts(record, ++line);
      table.accept(fields);
    },
    partial: () => table.finish().partial,
  };
}

async function csvParse(file: string): Promise<PartialAggregate> {
  const aggregate = sameAggregate(file);
  // relax_column_count: the file's malformed rows have seven fields, and are counted, not fatal.
  const records = createReadStream(file, { highWaterMark: CHUNK_BYTES }).pipe(parse({ relax_column_count: true }));
  for await (const record of records) aggregate.accept(record as string[]);
  return aggregate.partial();
}

async function papaparse(file: string): Promise<PartialAggregate> {
  const aggregate = sameAggregate(file);
  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(createReadStream(file, { highWaterMark: CHUNK_BYTES }) as unknown as File, {
      step: (row) => aggregate.accept(row.data),
      complete: () => resolve(),
      error: reject,
    });
  });
  return aggregate.partial();
}

/** Milliseconds of one run, from a collected heap: one run's garbage does not weigh on the next. */
async function timed(run: (file: string) => Promise<unknown>, file: string): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const started = performance.now();
  await run(file);
  return performance.now() - started;
}

const BASELINES = [
  { name: 'csv-parse 7.0.3', run: csvParse },
  { name: 'papaparse 5.7.1', run: papaparse },
];

/**
 * segmint once alone, for its peak RSS; each baseline once, to check it gives the same
 * partial; then rounds of one run of each, interleaved, so that load from elsewhere on the
 * machine weighs on all of them alike (hence not the harness's `time`, which runs one
 * thing several times in a row); medians of the rounds.
 */
async function measure(rows: number): Promise<void> {
  const file = fileFor(rows);
  const megabytes = statSync(file).size / 1e6;
  const rounds = rows < 1_000_000 ? 7 : 3;
  const partial = await ingestFile(file);
  const peak = peakRssMiB();
  const expected = JSON.stringify(partial);
  for (const { name, run } of BASELINES) {
    if (JSON.stringify(await run(file)) !== expected) throw new Error(`${name} + the same aggregate gave another partial`);
  }
  const ours: number[] = [];
  const theirs: number[][] = BASELINES.map(() => []);
  for (let round = 0; round < rounds; round++) {
    ours.push(await timed(ingestFile, file));
    for (const [i, { run }] of BASELINES.entries()) theirs[i].push(await timed(run, file));
  }
  const rate = (ms: number) => `${(megabytes / (ms / 1000)).toFixed(1)} MB/s`;
  const segmintMs = median(ours);
  emit(
    BASELINES.map(({ name }, i): BenchRow => ({
      suite: 'ingest',
      phase: `ingest ${rows.toLocaleString('en-US')} rows (${megabytes.toFixed(1)} MB CSV)`,
      segmintMs,
      baseline: { name: `${name} + same clean/aggregate`, ms: median(theirs[i]) },
      peakRssMiB: peak,
      note: `segmint ${rate(segmintMs)}, ${name.split(' ')[0]} ${rate(median(theirs[i]))} (medians of ${rounds} interleaved rounds); peak RSS of segmint's run alone`,
    })),
  );
}

async function main(): Promise<void> {
  if (process.argv[2] === 'measure') {
    await measure(Number(process.argv[3]));
    return;
  }
  for (const rows of SIZES) await benchFile(rows, SEED);
  for (const rows of SIZES) {
    const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), 'measure', String(rows)], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (child.status !== 0) throw new Error(`measuring ${rows} rows failed with exit code ${child.status}`);
  }
}

await main();
