/**
 * One full analysis of a file, as `segmint run` does it, in a process of its own so that its
 * peak memory is its own: ingest, features, the k sweep with silhouettes, every model at k,
 * segments, customers, charts, results written. Prints its phases as one JSON line.
 *
 *   node dist/bench/children/pipeline.mjs FILE OUT_DIR
 */
import { stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { ingestSource } from '../../src/pipeline/ingest-upload.js';
import { segmentDataset } from '../../src/pipeline/segment-dataset.js';
import { hierarchyBuilder } from '../../src/segment/hierarchies.js';
import { FsStorage, readFile } from '../../src/storage/fs.js';

const [file, out] = process.argv.slice(2);
const storage = new FsStorage(out);
// As the CLI does (segmentDataset warms it). SEGMINT_THREADS=1 keeps one thread.
const hierarchies = hierarchyBuilder(pathToFileURL('dist/hierarchy-thread.mjs'));
const phases: Record<string, number> = {};
const started = performance.now();
const ingestStarted = performance.now();
const ingested = await ingestSource(
  { storage },
  { key: 'uploads/bench/transactions.csv', dataset: 'bench', file: 'transactions.csv' },
  readFile(file),
  (await stat(file)).size,
);
if (ingested.status !== 'ok') throw new Error(`ingest: ${ingested.status}`);
phases.ingest = performance.now() - ingestStarted;
const segmentStarted = performance.now();
const outcome = await segmentDataset(
  { storage, holdsUploads: false, onPhase: (phase, ms) => (phases[phase] = ms), hierarchies },
  'bench',
);
if (outcome.status !== 'ok') throw new Error(`segment: ${outcome.status}`);
phases.segment = performance.now() - segmentStarted;
phases.total = performance.now() - started;
console.log(JSON.stringify({ phases, peakRssMiB: process.resourceUsage().maxRSS / 1024, customers: outcome.summary.customers.segmented, k: outcome.summary.model.k }));
