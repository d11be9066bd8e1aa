import type { DatasetConfig } from './config.js';

export interface IngestLimits {
  /** Largest upload as stored, compressed or not, in bytes. */
  maxObjectBytes: number;
  /** Most bytes a gzip upload may expand to; for a workbook, the bytes of text its cells hold. */
  maxDecompressedBytes: number;
  /**
   * Most bytes out per byte in, for gzip uploads and workbooks: transaction text compresses
   * about 5 to 15 times, a decompression bomb thousands of times.
   */
  maxCompressionRatio: number;
  /** Longest record, in UTF-8 bytes without its line break. */
  maxLineBytes: number;
  /** Most columns a header may have. */
  maxColumns: number;
  /**
   * Rows that fail to parse (rule 0) before the file is rejected: past this, the file is
   * not what it claims to be (wrong date order, wrong decimal mark, wrong columns), and
   * the error says so instead of a report of nothing kept.
   */
  maxMalformedRows: number;
}

/** Safe for one Lambda: a 10 GB file passes, a bomb or a runaway line does not. */
export const DEFAULT_LIMITS: Readonly<IngestLimits> = Object.freeze({
  maxObjectBytes: 10 * 1024 ** 3,
  maxDecompressedBytes: 16 * 1024 ** 3,
  maxCompressionRatio: 100,
  maxLineBytes: 1024 * 1024,
  maxColumns: 256,
  maxMalformedRows: 100_000,
});

const LIMIT_NAMES = Object.keys(DEFAULT_LIMITS) as (keyof IngestLimits)[];

export interface IngestOptions {
  dataset: string;
  /** The upload's key, e.g. "uploads/retail/march 2011.csv": recorded in partial.sources. */
  sourceKey: string;
  /** Name used in messages and reports (usually sourceKey). */
  fileName: string;
  /** Size of the upload when known: a file over limits.maxObjectBytes fails before it is read. */
  totalBytes?: number;
  /** Called about every MiB of the upload read, and once at the end, with the rows and distinct customer ids so far. */
  onProgress?: (bytesRead: number, rowsRead: number, customersSeen: number) => void;
  /** The dataset's configuration (config/DATASET.json through parseDatasetConfig): overrides what ingest would guess. */
  config?: DatasetConfig;
  /** Override the configuration's limits and the defaults. */
  limits?: Partial<IngestLimits>;
}

/** Options checked and merged once: everything past this point trusts them. */
export interface Settings {
  dataset: string;
  sourceKey: string;
  fileName: string;
  totalBytes?: number;
  limits: IngestLimits;
  config: DatasetConfig;
  onProgress?: (bytesRead: number, rowsRead: number, customersSeen: number) => void;
}

export function checkLimits(limits: Partial<IngestLimits>, where: string): void {
  for (const [name, value] of Object.entries(limits)) {
    if (!(LIMIT_NAMES as string[]).includes(name)) throw new RangeError(`${where}: unknown limit ${name}`);
    if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${where}: limit ${name} must be a positive integer, got ${value}`);
  }
}

export function normaliseOptions(options: IngestOptions): Settings {
  for (const name of ['dataset', 'sourceKey', 'fileName'] as const) {
    if (typeof options[name] !== 'string' || options[name] === '') {
      throw new RangeError(`ingest option ${name} must be a non-empty string`);
    }
  }
  checkLimits(options.limits ?? {}, 'ingest option limits');
  const config = options.config ?? {};
  return {
    dataset: options.dataset,
    sourceKey: options.sourceKey,
    fileName: options.fileName,
    totalBytes: options.totalBytes,
    limits: { ...DEFAULT_LIMITS, ...config.limits, ...options.limits },
    config,
    onProgress: options.onProgress,
  };
}
