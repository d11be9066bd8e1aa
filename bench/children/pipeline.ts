/**
 * One full analysis of a file, as `segmint run` does it (runFiles), in a process of its own so
 * that its peak memory is its own: ingest, features, the k sweep with silhouettes, every model
 * at k, segments, customers, charts, results written. Prints its phases as one JSON line.
 *
 *   node dist/bench/children/pipeline.mjs FILE OUT_DIR
 */
import { pathToFileURL } from 'node:url';
import { runFiles } from '../../src/cli/run-files.js';
import { hierarchyBuilder } from '../../src/segment/hierarchies.js';
import { parseSegmentOptions } from '../../src/segment/options.js';

const [file, out] = process.argv.slice(2);
const phases: Record<string, number> = {};
const started = performance.now();
const result = await runFiles({
  files: [file],
  dataset: 'bench',
  out,
  segment: parseSegmentOptions({}),
  // As the CLI does. SEGMINT_THREADS=1 keeps one thread.
  hierarchies: hierarchyBuilder(pathToFileURL('dist/hierarchy-thread.mjs')),
  onPhase: (phase, ms) => (phases[phase] = ms),
});
const [{ outcome: ingested }] = result.ingested;
if (ingested.status !== 'ok') throw new Error(`ingest: ${ingested.status}`);
const outcome = result.segmentation!;
if (outcome.status !== 'ok') throw new Error(`segment: ${outcome.status}`);
phases.total = performance.now() - started;
phases.segment = phases.total - phases.ingest;
console.log(JSON.stringify({ phases, peakRssMiB: process.resourceUsage().maxRSS / 1024, customers: outcome.summary.customers.segmented, k: outcome.summary.model.k }));
