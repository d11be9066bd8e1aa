/**
 * The ingest use case without IO: a byte stream of one upload becomes its mergeable
 * partial and its data-quality report.
 *
 * stream → gunzip? → workbook (xlsx.ts) or text (encoding → sniff → CSV scanner) →
 * map columns → clean → aggregate
 *
 * Memory is bounded by the distinct customers, invoices and products and 8 to 38 bytes
 * per row for the duplicate rule (see fingerprints.ts), never the file: bytes are handled
 * one chunk at a time and rows are reduced as they are scanned.
 */
import type { PartialAggregate } from '../partial.js';
import { formatCount } from '../format.js';
import { InputError } from './errors.js';
import { concatBytes } from './fields.js';
import { gunzip } from './gzip.js';
import { normaliseOptions, type IngestOptions, type Settings } from './options.js';
import { REPORT_SCHEMA_VERSION, reportWarnings, type QualityReport } from './report.js';
import { describeBinary, HEAD_BYTES, isGzip, isZip } from './sniff.js';
import { TableReader, type RowTable } from './table.js';
import { DelimitedTextReader } from './text.js';
import { readWorkbook } from './xlsx.js';

export { parseDatasetConfig, type DatasetConfig } from './config.js';
export { InputError } from './errors.js';
export { DEFAULT_LIMITS, type IngestLimits, type IngestOptions } from './options.js';
export { errorReport, type ErrorReport, type IngestReport, type QualityReport, type RowExample } from './report.js';

export interface IngestResult {
  partial: PartialAggregate;
  report: QualityReport;
}

/** Bytes handed to the text reader at a time: a source may hand over the whole file as one chunk. */
const SLICE_BYTES = 1024 * 1024;
const PROGRESS_EVERY_BYTES = 1024 * 1024;

/**
 * Reads one upload: CSV or TSV text in UTF-8, UTF-16 or Latin-1, or an XLSX workbook,
 * either of them possibly gzip-compressed (told by their first bytes, not their name).
 * Throws InputError when the file cannot be read as a transaction table (the caller
 * stores `errorReport(error, dataset)`); bad rows are counted instead.
 */
export async function ingestStream(source: AsyncIterable<Uint8Array>, options: IngestOptions): Promise<IngestResult> {
  const settings = normaliseOptions(options);
  const started = performance.now();
  const { limits, fileName } = settings;
  if (settings.totalBytes !== undefined && settings.totalBytes > limits.maxObjectBytes) {
    throw objectTooLarge(settings, `a file of ${formatCount(settings.totalBytes)} bytes`);
  }
  let reading: RowCounts | undefined;
  const counter = new ByteCounter(settings, () => reading);
  let { head, rest } = await peek(counter.count(source), HEAD_BYTES);
  let compression: QualityReport['compression'] = null;
  if (isGzip(head)) {
    compression = 'gzip';
    ({ head, rest } = await peek(gunzip(rest, limits, fileName), HEAD_BYTES));
    if (isGzip(head)) throw new InputError({ file: fileName, found: 'gzip data inside gzip data', expected: 'one level of gzip compression' });
  }

  let read: Pick<QualityReport, 'format' | 'sheet' | 'encoding' | 'delimiter'> & { table: RowTable };
  if (isZip(head)) {
    const table = new TableReader({ ...settings, decimalMark: '.' });
    reading = table;
    const sheet = await readWorkbook(rest, table, settings, () => counter.bytesRead);
    read = { format: 'xlsx', sheet, encoding: null, delimiter: null, table };
  } else {
    const binary = describeBinary(head);
    if (binary !== null) throw new InputError({ file: fileName, ...binary });
    const text = new DelimitedTextReader(settings);
    reading = text;
    for await (const chunk of rest) {
      for (let offset = 0; offset < chunk.length; offset += SLICE_BYTES) text.push(chunk.subarray(offset, offset + SLICE_BYTES));
    }
    const { table, encoding, delimiter } = text.finish();
    read = { format: 'csv', sheet: null, encoding, delimiter, table };
  }
  if (!read.table.hasHeader) {
    throw new InputError({ file: fileName, found: `a worksheet ${JSON.stringify(read.sheet)} with no rows`, expected: 'a header row of column names, then one row per transaction' });
  }
  const { partial, facts } = read.table.finish();
  counter.finish();
  const report: Omit<QualityReport, 'warnings'> = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    status: 'ok',
    file: fileName,
    dataset: settings.dataset,
    format: read.format,
    compression,
    sheet: read.sheet,
    encoding: read.encoding,
    delimiter: read.delimiter,
    decimalMark: facts.decimalMark,
    columns: facts.columns,
    ignoredColumns: facts.ignoredColumns,
    dateFormat: facts.dateFormat,
    dates: facts.dates,
    configuration: options.config ?? null,
    rowsRead: facts.rowsRead,
    rowsKept: facts.rowsKept,
    dropped: facts.dropped,
    examples: facts.examples,
    dateRange: facts.dateRange,
    distinct: facts.distinct,
    durationMs: Math.round(performance.now() - started),
  };
  return { partial, report: { ...report, warnings: reportWarnings(report) } };
}

function objectTooLarge(settings: Settings, found: string): InputError {
  const max = formatCount(settings.limits.maxObjectBytes);
  return new InputError({ file: settings.fileName, found, expected: `at most ${max} bytes (limits.maxObjectBytes)` });
}

/** Counts the upload's bytes as they are read: the size limit, and progress about every MiB. */
class ByteCounter {
  bytesRead = 0;
  private lastProgress = 0;

  constructor(
    private readonly settings: Settings,
    private readonly reading: () => RowCounts | undefined,
  ) {}

  async *count(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    const { limits } = this.settings;
    for await (const chunk of source) {
      this.bytesRead += chunk.length;
      if (this.bytesRead > limits.maxObjectBytes) throw objectTooLarge(this.settings, `more than ${formatCount(limits.maxObjectBytes)} bytes`);
      yield chunk;
      if (this.bytesRead - this.lastProgress >= PROGRESS_EVERY_BYTES) {
        this.lastProgress = this.bytesRead;
        this.report();
      }
    }
  }

  finish(): void {
    this.report();
  }

  private report(): void {
    const counts = this.reading();
    this.settings.onProgress?.(this.bytesRead, counts?.rows ?? 0, counts?.customers ?? 0);
  }
}

/** What progress reports of the rows read so far. */
type RowCounts = Pick<RowTable, 'rows' | 'customers'>;

/** The first `bytes` bytes of `source` (fewer if it is shorter), and all of it again as `rest`. */
async function peek(source: AsyncIterable<Uint8Array>, bytes: number): Promise<{ head: Uint8Array; rest: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let head: Uint8Array = new Uint8Array(0);
  while (head.length < bytes) {
    const next = await iterator.next();
    if (next.done) break;
    taken.push(next.value);
    head = concatBytes(head, next.value.subarray(0, bytes - head.length));
  }
  async function* rest(): AsyncGenerator<Uint8Array> {
    try {
      yield* taken;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      // A reader that stops early (a rejected file) lets go of the source.
      await iterator.return?.();
    }
  }
  return { head, rest: rest() };
}
