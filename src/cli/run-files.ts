import { stat } from 'node:fs/promises';
import path from 'node:path';
import { assertDatasetName, latestKey, partialsPrefix, uploadKey, type UploadRef } from '../keys.js';
import type { PartialAggregate, WrittenPartial } from '../partial.js';
import { ingestSource, type IngestOutcome } from '../pipeline/ingest-upload.js';
import { segmentDataset, type SegmentOutcome } from '../pipeline/segment-dataset.js';
import type { HierarchyBuilder } from '../segment/hierarchies.js';
import type { SegmentOptions } from '../segment/options.js';
import { modelInput, treesRequest, type RunPhase } from '../segment/run.js';
import { FsStorage, readFile } from '../storage/fs.js';
import { progressReporter } from './progress.js';

export interface RunFilesOptions {
  files: string[];
  dataset: string;
  out: string;
  segment: SegmentOptions;
  /** Where progress goes (stderr in the CLI). */
  progress?: NodeJS.WriteStream;
  clock?: () => Date;
  /** Builds the linkages' trees (default: in this thread). */
  hierarchies?: HierarchyBuilder;
  /** Told how long each file's ingest and each phase of the segmentation took, in milliseconds (the benchmark). */
  onPhase?: (phase: RunPhase | 'ingest', ms: number) => void;
}

export interface RunFilesResult {
  ingested: { file: string; outcome: IngestOutcome }[];
  segmentation?: SegmentOutcome;
  storage: FsStorage;
  latest: string;
}

/**
 * `segmint run`: the pipeline over local files, no server. Each file is ingested as if it
 * had been uploaded to uploads/<dataset>/<its name>, then the dataset is segmented; the
 * output folder gets the bucket's layout.
 */
export async function runFiles(options: RunFilesOptions): Promise<RunFilesResult> {
  const dataset = assertDatasetName(options.dataset);
  const names = new Map<string, string>();
  for (const file of options.files) {
    const name = path.basename(file);
    const other = names.get(name);
    if (other) throw new RangeError(`two files share the name "${name}" (${other} and ${file}): each becomes uploads/${dataset}/${name}`);
    names.set(name, file);
  }
  const storage = new FsStorage(options.out);
  const ingested: RunFilesResult['ingested'] = [];
  // The partials written here go to the segmentation as objects too: it need not parse them again.
  const written = new Map<string, WrittenPartial>();
  let filesLeft = names.size;
  let customersAtLeast = 0;
  // One file into a dataset that has no partial yet: the segmentation will merge exactly its
  // partial, so the trees' thread starts on it while the partial is stored and read back.
  const expectsTrees = options.hierarchies !== undefined && names.size === 1 && (await storage.list(partialsPrefix(dataset))).length === 0;
  // It boots while the file is read, ready for the trees once the partial is made.
  if (expectsTrees) options.hierarchies?.warm();
  // As the last file is read, the trees' thread (booted by the first request, if not before) gets
  // their memory ready for the customers seen so far, at least as many as will be segmented: in
  // the time it waits, not in the first tree's.
  let prepared = 0;
  const getTreesReady = (customersSeen: number) => {
    const atLeast = Math.max(customersAtLeast, customersSeen);
    if (atLeast <= prepared) return;
    prepared = atLeast;
    options.hierarchies?.prepare(atLeast, options.segment.modelFeatures.length);
  };
  for (const [name, file] of names) {
    const last = --filesLeft === 0;
    const started = performance.now();
    const { size } = await stat(file);
    const upload: UploadRef = { key: uploadKey(dataset, name), dataset, file: name };
    const progress = progressReporter(`reading ${file}`, options.progress);
    const outcome = await ingestSource(
      {
        storage,
        onProgress: (bytes, total, rows, customers) => {
          progress.update(bytes, total, rows);
          if (last) getTreesReady(customers);
        },
        onPartial: (key, partial) => written.set(key, partial),
        onIngested: expectsTrees ? (partial) => expectTrees(options, partial) : undefined,
      },
      upload,
      readFile(file),
      size,
    );
    progress.done();
    ingested.push({ file, outcome });
    if (outcome.status === 'ok') customersAtLeast = Math.max(customersAtLeast, outcome.report.distinct.customers);
    options.onPhase?.('ingest', performance.now() - started);
  }
  const anyIngested = ingested.some(({ outcome }) => outcome.status === 'ok');
  const segmentation = anyIngested
    ? await segmentDataset(
        { storage, clock: options.clock, holdsUploads: false, hierarchies: options.hierarchies, written, onPhase: options.onPhase },
        dataset,
        options.segment,
      )
    : undefined;
  return { ingested, segmentation, storage, latest: path.join(storage.root, latestKey(dataset)) };
}

/** Starts the trees of the segmentation to come of `partial`, the dataset's only one. */
function expectTrees({ hierarchies, segment }: RunFilesOptions, partial: PartialAggregate): void {
  try {
    hierarchies!.expect(treesRequest(modelInput(partial, segment).input, segment));
  } catch (error) {
    // A data problem (no customers to segment): the segmentation reports it.
    if (!(error instanceof RangeError)) throw error;
  }
}
