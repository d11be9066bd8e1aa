import type { S3Event } from 'aws-lambda';
import { assertDatasetName, datasetOfPartialKey, decodeEventKey } from '../src/keys.js';
import { listDatasets, segmentDataset, type SegmentOutcome } from '../src/pipeline/segment-dataset.js';
import { loadKernels } from '../src/kernels/index.js';
import { hierarchyBuilder } from '../src/segment/hierarchies.js';
import { configuredBucket, log, privacyOptions, segmentOptions, storageForBucket } from '../src/runtime.js';

// During Lambda's init phase, once per process: warm invocations find the kernels ready.
loadKernels();
// The linkages' trees on a worker thread beside the bundle when the function has a second vCPU (1,769 MB and up).
const hierarchies = hierarchyBuilder(new URL('./hierarchy-thread.mjs', import.meta.url));

/** The input a scheduled rule passes: a dataset (or none: every dataset) and options. */
export interface ScheduledSegmentation {
  dataset?: string;
  /** YYYY-MM-DD: recency is counted to this date, so the run is reproducible. */
  asOfDate?: string;
  seed?: number | string;
  k?: number | string;
}

function isS3Event(event: S3Event | ScheduledSegmentation): event is S3Event {
  return Array.isArray((event as S3Event).Records);
}

/** S3 ObjectCreated on partials/, or a schedule → re-segment the dataset(s). */
export async function handler(event: S3Event | ScheduledSegmentation): Promise<SegmentOutcome[]> {
  if (isS3Event(event)) {
    // One run per dataset and bucket, however many partials the event names.
    const targets = new Map<string, { bucket: string; dataset: string }>();
    for (const record of event.Records) {
      const dataset = datasetOfPartialKey(decodeEventKey(record.s3.object.key));
      targets.set(`${record.s3.bucket.name}/${dataset}`, { bucket: record.s3.bucket.name, dataset });
    }
    const outcomes: SegmentOutcome[] = [];
    for (const { bucket, dataset } of targets.values()) {
      outcomes.push(await segmentDataset({ storage: storageForBucket(bucket), log, hierarchies }, dataset, segmentOptions(), privacyOptions()));
    }
    return outcomes;
  }
  const storage = storageForBucket(configuredBucket());
  const options = segmentOptions({ seed: event.seed, k: event.k, asOfDate: event.asOfDate });
  const datasets = event.dataset ? [assertDatasetName(event.dataset)] : await listDatasets(storage);
  const outcomes: SegmentOutcome[] = [];
  const privacy = privacyOptions();
  for (const dataset of datasets) outcomes.push(await segmentDataset({ storage, log, hierarchies }, dataset, options, privacy));
  return outcomes;
}
