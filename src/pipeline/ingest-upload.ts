import { configKey, errorReportKey, parseUploadKey, partialKey, reportKey, type UploadRef } from '../keys.js';
import { silentLogger, type Logger } from '../log.js';
import { errorReport, ingestStream, InputError, parseDatasetConfig, type DatasetConfig, type QualityReport } from '../ingest/ingest.js';
import type { PartialAggregate, WrittenPartial } from '../partial.js';
import { jsonText, putIfChanged, putJson, readText, type Storage } from '../storage/storage.js';
import { shouldSplit, type SplitSettings } from './split-settings.js';

export interface IngestPorts {
  storage: Storage;
  log?: Logger;
  onProgress?: (bytesRead: number, totalBytes: number | undefined, rowsRead: number, customersSeen: number) => void;
  /** Hands large plain-text uploads to the split-ingest state machine; without it, every upload is read whole. */
  split?: { settings: SplitSettings; start(key: string): Promise<string> };
  /** Told of each partial written, as stored and as an object (`segmint run` hands them to its segmentation). */
  onPartial?: (key: string, written: WrittenPartial) => void;
  /** Gets the partial as soon as it is made, before it is stored. */
  onIngested?: (partial: PartialAggregate) => void;
}

export type IngestOutcome =
  /** `changed` is false when the partial already held exactly this (a repeated event). */
  | { status: 'ok'; partialKey: string; report: QualityReport; changed: boolean }
  | { status: 'rejected'; errorReportKey: string; error: InputError }
  | { status: 'gone'; key: string }
  /** Handed to the split-ingest state machine, which writes the partial. */
  | { status: 'split'; key: string; execution: string }
  | { status: 'removed'; key: string; partialKey: string }
  | { status: 'recreated'; key: string };

/**
 * The dataset's reading settings, config/<dataset>.json, when it has one. A configuration
 * that does not parse throws InputError, so it becomes the upload's error report.
 */
export async function readDatasetConfig(storage: Storage, dataset: string): Promise<DatasetConfig | undefined> {
  const key = configKey(dataset);
  if ((await storage.head(key)) === undefined) return undefined;
  return parseDatasetConfig(await readText(storage, key), key);
}

/** Ingests the upload stored at `key` (the handler's entry). */
export async function ingestUpload(ports: IngestPorts, key: string): Promise<IngestOutcome> {
  const upload = parseUploadKey(key);
  const totalBytes = await ports.storage.head(key);
  if (totalBytes === undefined) {
    // Deleted between the event and now: nothing to read, and nothing to undo here.
    ports.log?.info('upload is gone', { key });
    return { status: 'gone', key };
  }
  if (ports.split && shouldSplit(key, totalBytes, ports.split.settings)) {
    const execution = await ports.split.start(key);
    ports.log?.info('split across workers', { key, bytes: totalBytes, execution });
    return { status: 'split', key, execution };
  }
  return ingestSource(ports, upload, await ports.storage.get(key), totalBytes);
}

/**
 * Ingests one upload from its bytes: cleans and aggregates it, and writes its report and
 * then its partial (keyed by the upload's key, so a repeated event rewrites the same
 * partial). A file that cannot be read gets an error report beside the reports and changes
 * nothing else: an earlier partial of the same key, and every result, stay as they were.
 */
export async function ingestSource(
  { storage, log = silentLogger, onProgress, onPartial, onIngested }: IngestPorts,
  upload: UploadRef,
  body: AsyncIterable<Uint8Array>,
  totalBytes?: number,
): Promise<IngestOutcome> {
  const { key } = upload;
  try {
    const { partial, report } = await ingestStream(body, {
      dataset: upload.dataset,
      sourceKey: key,
      fileName: key,
      totalBytes,
      config: await readDatasetConfig(storage, upload.dataset),
      onProgress: onProgress && ((bytesRead, rowsRead, customersSeen) => onProgress(bytesRead, totalBytes, rowsRead, customersSeen)),
    });
    onIngested?.(partial);
    // The report is stored (and an earlier rejection's report removed) while the partial is
    // serialised: on S3 each request waits tens of milliseconds for its answer.
    const reported = Promise.all([putJson(storage, reportKey(upload), report), storage.delete(errorReportKey(upload))]);
    const target = partialKey(upload);
    const bytes = Buffer.from(jsonText(partial, 0));
    await reported;
    // Last: the partial is what triggers segmentation.
    const changed = await putIfChanged(storage, target, bytes);
    onPartial?.(target, { bytes, partial });
    log.info('ingested', { key, partial: target, rowsRead: report.rowsRead, rowsKept: report.rowsKept, changed });
    return { status: 'ok', partialKey: target, report, changed };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const target = errorReportKey(upload);
    await putJson(storage, target, errorReport(error, upload.dataset));
    log.error('upload rejected', { key, report: target, message: error.message });
    return { status: 'rejected', errorReportKey: target, error };
  }
}

/**
 * An upload was deleted: its partial goes (which triggers segmentation without it), and so
 * do its reports. Deleting what is already gone is fine, so repeated events are harmless.
 */
export async function removeUpload({ storage, log = silentLogger }: IngestPorts, key: string): Promise<IngestOutcome> {
  const upload = parseUploadKey(key);
  if ((await storage.head(key)) !== undefined) {
    // Re-created since the removal: its creation event ingests it.
    log.info('upload is back; nothing to remove', { key });
    return { status: 'recreated', key };
  }
  const target = partialKey(upload);
  await storage.delete(reportKey(upload));
  await storage.delete(errorReportKey(upload));
  await storage.delete(target);
  log.info('removed', { key, partial: target });
  return { status: 'removed', key, partialKey: target };
}
