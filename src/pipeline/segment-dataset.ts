import { createHash } from 'node:crypto';
import { DEFAULT_DATASET, latestKey, PREFIX, partialsPrefix, runPrefix, segmentErrorKey } from '../keys.js';
import { silentLogger, type Logger } from '../log.js';
import { PARTIAL_SCHEMA_VERSION, PartialMerger, type PartialAggregate, type WrittenPartial } from '../partial.js';
import type { PrivacyOptions } from '../privacy.js';
import { RESULTS_SCHEMA_VERSION, type CustomersFile, type Latest, type Summary } from '../results.js';
import { DEFAULT_SEGMENT_OPTIONS, type SegmentOptions } from '../segment/options.js';
import { segmentCustomers, type PreviousRun, type RunContext } from '../segment/run.js';
import { CACHE, NotFoundError, putJson, readObjects, readText, type Storage } from '../storage/storage.js';

export interface SegmentPorts {
  storage: Storage;
  clock?: () => Date;
  log?: Logger;
  /**
   * Whether the storage holds the uploads, so that a partial whose upload is gone can be
   * left out (the bucket: yes; the CLI's output folder, which holds no uploads: no).
   */
  holdsUploads?: boolean;
  /** Told how long each phase of the run took (see RunPhase). */
  onPhase?: RunContext['onPhase'];
  /** Builds the linkages' trees (default: in this thread; see hierarchyBuilder). */
  hierarchies?: RunContext['hierarchies'];
  /**
   * Partials this process has just written, by key (`segmint run`): one whose stored bytes are
   * still the bytes written is taken as the object they were written from, not parsed again.
   */
  written?: ReadonlyMap<string, WrittenPartial>;
}

/** Results kept private (the CLI's folder): customer ids as in the uploads, the customers file written. */
export const PRIVATE_RESULTS: PrivacyOptions = { customerIds: { mode: 'raw' }, customersFile: true };

export type SegmentOutcome =
  | { status: 'ok'; runId: string; summary: Summary }
  /** The inputs and options are those of the run latest.json points to: nothing to do. */
  | { status: 'unchanged'; dataset: string; runId: string }
  /** A run that listed its inputs later has already written latest.json; this one steps aside. */
  | { status: 'superseded'; dataset: string; runId: string }
  | { status: 'no-input'; dataset: string }
  | { status: 'failed'; dataset: string; message: string };

/** Sortable by time, and unique to the inputs and options it was computed from. */
export function makeRunId(createdAt: Date, fingerprint: string): string {
  const stamp = createdAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${fingerprint.slice(0, 8)}`;
}

function parsePartial(key: string, text: string): PartialAggregate {
  const partial = JSON.parse(text) as PartialAggregate;
  if (partial.schemaVersion !== PARTIAL_SCHEMA_VERSION) {
    throw new Error(`${key}: partial schemaVersion ${partial.schemaVersion}, expected ${PARTIAL_SCHEMA_VERSION}`);
  }
  return partial;
}

/** The upload keys a dataset holds now (the default dataset also owns files straight under uploads/). */
async function uploadsOf(storage: Storage, dataset: string): Promise<Set<string>> {
  const keys = (await storage.list(`${PREFIX.uploads}${dataset}/`)).map((o) => o.key);
  if (dataset === DEFAULT_DATASET) {
    for (const { key } of await storage.list(PREFIX.uploads)) {
      if (!key.slice(PREFIX.uploads.length).includes('/')) keys.push(key);
    }
  }
  return new Set(keys);
}

async function readJson<T>(storage: Storage, key: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readText(storage, key)) as T;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

const readLatest = (storage: Storage, dataset: string) => readJson<Latest>(storage, latestKey(dataset));

/** The run latest.json points to, which this run's segment identities carry on from. */
async function readPreviousRun(storage: Storage, dataset: string, latest: Latest | undefined): Promise<PreviousRun | null> {
  if (!latest) return null;
  const folder = `${PREFIX.results}${dataset}/`;
  const summary = await readJson<Summary>(storage, `${folder}${latest.summary}`);
  if (!summary) return null;
  const customers = latest.customers ? ((await readJson<CustomersFile>(storage, `${folder}${latest.customers}`)) ?? null) : null;
  return { summary, customers };
}

/** What the outputs depend on besides the partials: the options, and how ids are published (the secret only by its hash). */
function outputSettings(options: SegmentOptions, privacy: PrivacyOptions): string {
  const ids = privacy.customerIds;
  const secret = ids.mode === 'hmac' ? createHash('sha256').update(ids.secret).digest('hex') : null;
  return JSON.stringify({ options, customerIds: ids.mode, secret, customersFile: privacy.customersFile });
}

interface Inputs {
  merged: PartialAggregate;
  keys: string[];
  fingerprint: string;
}

/**
 * Reads and merges the dataset's partials. A partial whose upload is gone (its removal
 * event was lost, or never sent: s3rver sends none for batch deletes) is left out, so the
 * results never count an upload that is not there. It is not deleted here: a removal
 * under partials/ would trigger segmentation again, and only ingest removes partials.
 */
async function readInputs(
  { storage, log = silentLogger, holdsUploads = true, written }: SegmentPorts,
  dataset: string,
  settings: string,
): Promise<Inputs> {
  const keys = (await storage.list(partialsPrefix(dataset))).map((o) => o.key).filter((k) => k.endsWith('.json'));
  const uploads = holdsUploads && keys.length > 0 ? await uploadsOf(storage, dataset) : undefined;
  const fingerprint = createHash('sha256').update(settings);
  const merger = new PartialMerger(dataset);
  const used: string[] = [];
  for await (const { key, bytes } of readObjects(storage, keys)) {
    const known = written?.get(key);
    const partial = known && bytes.equals(known.bytes) ? known.partial : parsePartial(key, bytes.toString('utf8'));
    if (uploads && !partial.sources.every((source) => uploads.has(source))) {
      log.info('leaving out the partial of a deleted upload', { dataset, partial: key });
      continue;
    }
    fingerprint.update(key).update('\0').update(bytes).update('\0');
    merger.add(partial);
    used.push(key);
  }
  return { merged: merger.result(), keys: used, fingerprint: fingerprint.digest('hex') };
}

/**
 * Segments everything a dataset holds: merges its partials, runs the model, writes the
 * run folder and then latest.json.
 *
 * Exactly once in effect, whatever the event order:
 * - a run whose inputs and options are those of the latest run does nothing (duplicate
 *   events, retries, idle schedules);
 * - latest.json carries a watermark, the time its run listed the partials; a run never
 *   replaces a latest.json whose watermark is later than its own, so an older view of the
 *   dataset never wins over a newer one. (Segmentation is also serialised per dataset:
 *   reserved concurrency 1 on AWS, one queue per dataset in the local stack.)
 * - a data problem (too few customers, a bad option) is written to
 *   reports/<dataset>/segment.error.json and leaves the previous results in place; storage
 *   faults propagate so that the caller (Lambda) retries.
 */
export async function segmentDataset(
  ports: SegmentPorts,
  dataset: string,
  options: SegmentOptions = DEFAULT_SEGMENT_OPTIONS,
  privacy: PrivacyOptions = PRIVATE_RESULTS,
): Promise<SegmentOutcome> {
  const { storage, clock = () => new Date(), log = silentLogger } = ports;
  ports.hierarchies?.warm(); // a worker thread boots while the partials are read
  const listedAt = clock();
  const watermark = listedAt.toISOString();
  const { merged, keys, fingerprint } = await readInputs(ports, dataset, outputSettings(options, privacy));
  const latestBefore = await readLatest(storage, dataset);
  if (keys.length === 0) {
    // Every upload is gone: so are the results (run folders stay, immutable).
    if (latestBefore) await storage.delete(latestKey(dataset));
    log.info('no partials to segment', { dataset });
    return { status: 'no-input', dataset };
  }
  if (latestBefore?.inputFingerprint === fingerprint) return { status: 'unchanged', dataset, runId: latestBefore.runId };

  const runId = makeRunId(listedAt, fingerprint);
  const isSuperseded = (latest: Latest | undefined) => latest !== undefined && latest.watermark > watermark;
  if (isSuperseded(latestBefore)) return { status: 'superseded', dataset, runId };

  const previous = await readPreviousRun(storage, dataset, latestBefore);
  let outputs;
  try {
    outputs = await segmentCustomers(merged, options, {
      runId, createdAt: watermark, previous, privacy, onPhase: ports.onPhase, hierarchies: ports.hierarchies,
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const report = {
      schemaVersion: RESULTS_SCHEMA_VERSION,
      status: 'error',
      dataset,
      createdAt: watermark,
      partials: keys,
      message: `segmentation of dataset "${dataset}" failed: ${error.message}`,
    };
    await putJson(storage, segmentErrorKey(dataset), report);
    log.error('segmentation failed', { dataset, message: report.message });
    return { status: 'failed', dataset, message: report.message };
  }

  const { summary, customers, charts } = outputs;
  const prefix = runPrefix(dataset, runId);
  const immutable = { cacheControl: CACHE.immutable };
  // The run's files all at once: on S3 each PUT waits tens of milliseconds for its answer.
  await Promise.all([
    putJson(storage, `${prefix}summary.json`, summary, immutable),
    customers && summary.files.customers && putJson(storage, `${prefix}${summary.files.customers}`, customers, { ...immutable, indent: 0 }),
    ...Object.entries(summary.files.charts).map(([name, file]) =>
      putJson(storage, `${prefix}${file}`, charts[name as keyof typeof charts], { ...immutable, indent: 0 }),
    ),
  ]);
  // Checked again just before the pointer moves: a later run may have finished meanwhile.
  if (isSuperseded(await readLatest(storage, dataset))) return { status: 'superseded', dataset, runId };
  const latest: Latest = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    dataset,
    runId,
    createdAt: summary.createdAt,
    watermark,
    inputFingerprint: fingerprint,
    summary: `${runId}/summary.json`,
    customers: summary.files.customers && `${runId}/${summary.files.customers}`,
    charts: Object.fromEntries(
      Object.entries(summary.files.charts).map(([name, file]) => [name, `${runId}/${file}`]),
    ) as Latest['charts'],
    k: summary.model.k,
    customerCount: summary.customers.segmented,
  };
  // Last: a reader that finds latest.json finds the whole run behind it.
  await putJson(storage, latestKey(dataset), latest);
  await storage.delete(segmentErrorKey(dataset));
  log.info('segmented', { dataset, runId, customers: summary.customers.segmented, k: summary.model.k });
  return { status: 'ok', runId, summary };
}

/** Every dataset that holds at least one partial, in name order. */
export async function listDatasets(storage: Storage): Promise<string[]> {
  const datasets = new Set<string>();
  for (const { key } of await storage.list(PREFIX.partials)) {
    const dataset = key.slice(PREFIX.partials.length).split('/')[0];
    if (dataset && key.endsWith('.json')) datasets.add(dataset);
  }
  return [...datasets].sort();
}
