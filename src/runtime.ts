/**
 * Process-wide adapters for the handlers, configured from the environment once: the S3
 * client (one per process, reused by warm invocations) and the logger.
 *
 *   SEGMINT_S3_ENDPOINT   an S3-compatible endpoint (the local stack's); unset on AWS
 *   SEGMINT_BUCKET        the bucket scheduled runs read (S3 events name their own)
 *   SEGMINT_SEED, SEGMINT_K, SEGMINT_FEATURES   segmentation defaults
 *   SEGMINT_SPLIT_STATE_MACHINE   the split-ingest state machine's ARN (large uploads)
 *   SEGMINT_SPLIT_THRESHOLD_BYTES, SEGMINT_SPLIT_RANGE_BYTES   when to split, and how finely
 *   SEGMINT_CUSTOMER_IDS, SEGMINT_ID_SECRET, SEGMINT_CUSTOMERS_FILE   how customer ids are published
 *   SEGMINT_LOG_FORMAT    `text` for people at a terminal (the local stack); JSON lines otherwise
 *   SEGMINT_THREADS       1 keeps segmentation on one thread (see src/segment/hierarchies.ts)
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { createHash } from 'node:crypto';
import { DEFAULT_SPLIT, type SplitSettings } from './pipeline/split-settings.js';
import { jsonLogger, textLogger, type Logger } from './log.js';
import { parsePrivacyOptions, type PrivacyOptions } from './privacy.js';
import { parseSegmentOptions, type SegmentOptions, type SegmentOptionsInput } from './segment/options.js';
import { createS3Client, S3Storage } from './storage/s3.js';

/** One client per endpoint: on Lambda that is one per process; a test may run several local stacks. */
const clients = new Map<string, S3Client>();

export function storageForBucket(bucket: string): S3Storage {
  const endpoint = process.env.SEGMINT_S3_ENDPOINT ?? '';
  let client = clients.get(endpoint);
  if (!client) {
    client = createS3Client({ endpoint: endpoint || undefined, region: process.env.AWS_REGION });
    clients.set(endpoint, client);
  }
  return new S3Storage(client, bucket);
}

export function configuredBucket(): string {
  const bucket = process.env.SEGMINT_BUCKET;
  if (!bucket) throw new Error('SEGMINT_BUCKET is not set: scheduled runs need to know which bucket to read');
  return bucket;
}

/** Segmentation options: the environment's defaults, overridden by what an event carries. */
export function segmentOptions(overrides: SegmentOptionsInput = {}): SegmentOptions {
  const fromEnv = parseSegmentOptions({
    seed: process.env.SEGMINT_SEED || undefined,
    k: process.env.SEGMINT_K || undefined,
    features: process.env.SEGMINT_FEATURES || undefined,
  });
  return parseSegmentOptions(overrides, fromEnv);
}

/** JSON lines for CloudWatch; text when the local stack runs in a terminal. Read per call, so setting it late works. */
/** How results publish customer ids: by default a keyed hash, so the bucket's public results hold no raw id. */
export function privacyOptions(): PrivacyOptions {
  return parsePrivacyOptions({
    customerIds: process.env.SEGMINT_CUSTOMER_IDS || undefined,
    secret: process.env.SEGMINT_ID_SECRET || undefined,
    customersFile: process.env.SEGMINT_CUSTOMERS_FILE || undefined,
  });
}

export const log: Logger = {
  info: (message, fields) => chosenLogger().info(message, fields),
  error: (message, fields) => chosenLogger().error(message, fields),
};

function chosenLogger(): Logger {
  return process.env.SEGMINT_LOG_FORMAT === 'text' ? textLogger : jsonLogger;
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer; got ${raw}`);
  return value;
}

export function splitSettings(): SplitSettings {
  return {
    thresholdBytes: positiveInteger('SEGMINT_SPLIT_THRESHOLD_BYTES', DEFAULT_SPLIT.thresholdBytes),
    rangeBytes: positiveInteger('SEGMINT_SPLIT_RANGE_BYTES', DEFAULT_SPLIT.rangeBytes),
  };
}

/** Starts the split-ingest state machine for an upload; resolves to the execution's name. */
export type SplitStarter = (input: { bucket: string; key: string }, version: string) => Promise<string>;

let localStarter: SplitStarter | undefined;

/** The local stack runs the state machine in-process instead of on Step Functions. */
export function useLocalStateMachine(starter: SplitStarter | undefined): void {
  localStarter = starter;
}

let sfn: SFNClient | undefined;

/**
 * How this process starts split ingestion, or undefined when it cannot (no state machine
 * configured): then large uploads are read whole. On AWS the execution is named after the
 * upload's key and version, so a repeated event starts nothing new.
 */
export function splitStarter(): SplitStarter | undefined {
  if (localStarter) return localStarter;
  const stateMachineArn = process.env.SEGMINT_SPLIT_STATE_MACHINE;
  if (!stateMachineArn) return undefined;
  return async (input, version) => {
    sfn ??= new SFNClient({ region: process.env.AWS_REGION });
    const name = createHash('sha256').update(`${input.bucket}/${input.key}@${version}`).digest('hex').slice(0, 64);
    await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
    return name;
  };
}
