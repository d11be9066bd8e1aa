import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeRun } from './cli/summary-text.js';
import { formatCount } from './format.js';
import { runFiles } from './cli/run-files.js';
import { writeTransactionsFile } from './generate/generator.js';
import { hierarchyBuilder } from './segment/hierarchies.js';
import { parseSegmentOptions } from './segment/options.js';

const USAGE = `segmint — customer segments from retail transaction files

Usage:
  segmint run FILE... [--dataset NAME] [--out DIR] [--seed N] [--k auto|N]
      Runs the whole pipeline on local files, no server; writes the bucket layout under
      DIR (default ./segmint-out): DIR/results/NAME/latest.json and the run it points to.
  segmint generate --rows N [--seed S] [--out FILE]
      Writes a realistic Online-Retail-format CSV (missing ids, cancellations, duplicates…).
  segmint schedule [--dataset NAME] [--as-of YYYY-MM-DD] [--k auto|N] [--seed N]
                   [--endpoint URL] [--bucket NAME]
      Fires the scheduled rule's event at a running stack (default: the local one,
      http://127.0.0.1:4568, bucket segmint-local): re-segments the dataset, or every one.
`;

/** An error the user can fix: printed without a stack trace. */
class UsageError extends Error {}

async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      dataset: { type: 'string', default: 'default' },
      out: { type: 'string', default: 'segmint-out' },
      seed: { type: 'string' },
      k: { type: 'string' },
    },
  });
  if (positionals.length === 0) throw new UsageError('segmint run needs at least one FILE');
  const result = await runFiles({
    files: positionals,
    dataset: values.dataset,
    out: values.out,
    segment: parseSegmentOptions({ seed: values.seed, k: values.k }),
    progress: process.stderr,
    hierarchies: hierarchyBuilder(new URL('./hierarchy-thread.mjs', import.meta.url)),
  });
  let failed = false;
  for (const { outcome } of result.ingested) {
    if (outcome.status === 'rejected') {
      failed = true;
      console.error(`error: ${outcome.error.message}`);
      console.error(`  (report: ${path.join(result.storage.root, outcome.errorReportKey)})`);
    }
  }
  const segmentation = result.segmentation;
  switch (segmentation?.status) {
    case 'ok':
      console.log(describeRun(segmentation.summary, result.latest));
      break;
    case 'failed':
      failed = true;
      console.error(`error: ${segmentation.message}`);
      break;
    case 'unchanged':
      console.log(`the same inputs and options as run ${segmentation.runId}: results unchanged (${result.latest})`);
      break;
    case 'superseded':
    case 'no-input':
      console.log(`no new results: ${segmentation.status}`);
      break;
  }
  return failed ? 1 : 0;
}

async function generate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      rows: { type: 'string' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
    },
  });
  const rows = Number(values.rows);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(rows) || rows < 1) throw new UsageError(`--rows must be a positive integer; got ${values.rows}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer; got ${values.seed}`);
  const out = values.out ?? `online-retail-generated-${rows}-seed${seed}.csv`;
  const truth = await writeTransactionsFile(out, { rows, seed });
  console.log(`wrote ${out}: ${formatCount(truth.rows)} rows, ${formatCount(truth.kept)} clean, ${formatCount(truth.customersKept)} customers`);
  return 0;
}

async function schedule(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dataset: { type: 'string' },
      'as-of': { type: 'string' },
      k: { type: 'string' },
      seed: { type: 'string' },
      endpoint: { type: 'string', default: process.env.SEGMINT_S3_ENDPOINT ?? 'http://127.0.0.1:4568' },
      bucket: { type: 'string', default: process.env.SEGMINT_BUCKET ?? 'segmint-local' },
    },
  });
  // The segment handler reads its endpoint and bucket from the environment, as on Lambda.
  process.env.SEGMINT_S3_ENDPOINT = values.endpoint;
  process.env.SEGMINT_BUCKET = values.bucket;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { handler } = await import('../functions/segment.js');
  const outcomes = await handler({ dataset: values.dataset, asOfDate: values['as-of'], k: values.k, seed: values.seed });
  for (const outcome of outcomes) {
    if (outcome.status === 'ok') console.log(`${outcome.summary.dataset}: new run ${outcome.runId}, k = ${outcome.summary.model.k}`);
    else if (outcome.status === 'failed') console.error(`error: ${outcome.message}`);
    else console.log(`${outcome.dataset}: ${outcome.status}${'runId' in outcome ? ` (${outcome.runId})` : ''}`);
  }
  return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return run(rest);
    case 'generate':
      return generate(rest);
    case 'schedule':
      return schedule(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const code = String((error as NodeJS.ErrnoException)?.code ?? '');
    const known = error instanceof UsageError || error instanceof RangeError || code === 'ENOENT' || code.startsWith('ERR_PARSE_ARGS');
    console.error(`error: ${known ? (error as Error).message : error instanceof Error ? error.stack : String(error)}`);
    process.exit(known ? 2 : 1);
  },
);
