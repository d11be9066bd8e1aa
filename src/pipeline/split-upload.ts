/**
 * Large plain-text uploads, read by several workers: the file is cut into byte ranges that
 * start at line starts; each range is aggregated by its own invocation into a staged
 * partial; the merge combines them exactly as partials of separate uploads combine.
 * AWS Step Functions runs plan → map over ranges → merge (statemachines/split-ingest.asl.json);
 * the local stack runs the same definition.
 *
 * A range knows nothing of the rows of other ranges, so exact duplicates are found within
 * each range (as for separate uploads), and a line break inside a quoted field must not
 * fall on a cut: the report says the file was split.
 */
import { errorReportKey, parseUploadKey, partialKey, reportKey, stagingPrefix, type UploadRef } from '../keys.js';
import { readDatasetConfig } from './ingest-upload.js';
import type { SplitSettings } from './split-settings.js';
import { silentLogger, type Logger } from '../log.js';
import { errorReport, ingestStream, InputError, type QualityReport, type RowExample } from '../ingest/ingest.js';
import { EXAMPLES_PER_REASON, REPORT_DROP_REASONS, type ReportDropCounts } from '../ingest/report.js';
import { PartialMerger, type PartialAggregate } from '../partial.js';
import { jsonText, putIfChanged, putJson, readAll, readObjects, type Storage } from '../storage/storage.js';

export interface ByteRange {
  index: number;
  start: number;
  end: number;
}

/** What the plan hands the map and the merge (Step Functions state: small, JSON). */
export interface SplitPlan {
  bucket: string;
  key: string;
  size: number;
  /** The header line's bytes, with its line break, base64: every range is read behind it. */
  headerBase64: string;
  ranges: ByteRange[];
}

/** What a range leaves for the merge. */
export interface StagedRange {
  range: ByteRange;
  /** Line breaks in the range: the merge turns the range's line numbers into the file's. */
  lineBreaks: number;
  result: { partial: PartialAggregate; report: QualityReport } | { error: ReturnType<typeof errorReport> };
}

const NEWLINE = 0x0a;
/** How far to look for a line break at a time. */
const WINDOW_BYTES = 64 * 1024;

/** Offset just past the first line break at or after `from`, or `size` when there is none. */
async function nextLineStart(storage: Storage, key: string, from: number, size: number): Promise<number> {
  for (let at = from; at < size; at += WINDOW_BYTES) {
    const window = await readAll(await storage.getRange(key, at, Math.min(size, at + WINDOW_BYTES)));
    const newline = window.indexOf(NEWLINE);
    if (newline >= 0) return at + newline + 1;
  }
  return size;
}

/** Cuts the upload into ranges of about `rangeBytes`, each starting at a line start after the header. */
export async function planSplit(storage: Storage, bucket: string, key: string, settings: SplitSettings): Promise<SplitPlan> {
  const size = await storage.head(key);
  if (size === undefined) throw new RangeError(`cannot split ${key}: the upload is gone`);
  // UTF-16 has no single-byte line breaks to cut at: such a file is one range, read whole.
  const bom = await readAll(await storage.getRange(key, 0, Math.min(size, 2)));
  if ((bom[0] === 0xff && bom[1] === 0xfe) || (bom[0] === 0xfe && bom[1] === 0xff)) {
    return { bucket, key, size, headerBase64: '', ranges: [{ index: 0, start: 0, end: size }] };
  }
  const dataStart = await nextLineStart(storage, key, 0, size);
  const header = await readAll(await storage.getRange(key, 0, dataStart));
  const starts = [dataStart];
  for (let target = dataStart + settings.rangeBytes; target < size; target += settings.rangeBytes) {
    const start = await nextLineStart(storage, key, Math.max(target - 1, starts[starts.length - 1]), size);
    if (start > starts[starts.length - 1] && start < size) starts.push(start);
  }
  const ranges = starts.map((start, index) => ({ index, start, end: starts[index + 1] ?? size }));
  return { bucket, key, size, headerBase64: header.toString('base64'), ranges };
}

function stagedKey(upload: UploadRef, range: ByteRange): string {
  return `${stagingPrefix(upload)}${String(range.index).padStart(5, '0')}.json`;
}

/** The header, then the range's bytes, counting the range's line breaks on the way. */
async function* behindHeader(header: Buffer, body: AsyncIterable<Uint8Array>, count: { lineBreaks: number }) {
  yield header;
  for await (const chunk of body) {
    for (let i = chunk.indexOf(NEWLINE); i >= 0; i = chunk.indexOf(NEWLINE, i + 1)) count.lineBreaks++;
    yield chunk;
  }
}

/** One range: read behind the header, aggregated, staged for the merge. Returns the staged key. */
export async function stageRange(storage: Storage, plan: SplitPlan, range: ByteRange): Promise<string> {
  const upload = parseUploadKey(plan.key);
  const count = { lineBreaks: 0 };
  const body = behindHeader(Buffer.from(plan.headerBase64, 'base64'), await storage.getRange(plan.key, range.start, range.end), count);
  let result: StagedRange['result'];
  try {
    result = await ingestStream(body, {
      dataset: upload.dataset,
      sourceKey: plan.key,
      fileName: plan.key,
      totalBytes: range.end - range.start,
      config: await readDatasetConfig(storage, upload.dataset),
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    result = { error: errorReport(error, upload.dataset) };
  }
  const key = stagedKey(upload, range);
  await putJson(storage, key, { range, lineBreaks: count.lineBreaks, result } satisfies StagedRange, { indent: 0 });
  return key;
}

/** Sums counts per key, in the order keys first appear. */
function sumBy<T>(items: readonly T[], key: (item: T) => string, count: (item: T) => number): Map<string, number> {
  const sums = new Map<string, number>();
  for (const item of items) sums.set(key(item), (sums.get(key(item)) ?? 0) + count(item));
  return sums;
}

/**
 * One report for the whole file from the reports of its ranges, in range order. A range is
 * read behind the header, so its first line is its line 2, as the file's first range's is:
 * a range's line L is the file's line L plus the line breaks of the ranges before it.
 */
export function mergeRangeReports(parts: { report: QualityReport; lineBreaksBefore: number }[], merged: PartialAggregate): QualityReport {
  const [first] = parts;
  const reports = parts.map((p) => p.report);
  const onFileLines = (examples: RowExample[], lineBreaksBefore: number) => examples.map((e) => ({ ...e, line: e.line + lineBreaksBefore }));
  const dropped = Object.fromEntries(
    REPORT_DROP_REASONS.map((reason) => [reason, reports.reduce((n, r) => n + r.dropped[reason], 0)]),
  ) as ReportDropCounts;
  const examples = Object.fromEntries(
    REPORT_DROP_REASONS.map((reason) => [
      reason,
      parts.flatMap(({ report, lineBreaksBefore }) => onFileLines(report.examples[reason], lineBreaksBefore)).slice(0, EXAMPLES_PER_REASON),
    ]),
  ) as QualityReport['examples'];
  const layouts = [...sumBy(reports.flatMap((r) => r.dates.layouts), (l) => l.format, (l) => l.rows)]
    .map(([format, rows]) => ({ format, rows }))
    .sort((a, b) => b.rows - a.rows || (a.format < b.format ? -1 : 1));
  const decided = parts.find((p) => p.report.dates.decidedBy !== null);
  const ranges = reports.map((r) => r.dateRange).filter((r) => r !== null);
  const invoices = new Set<string>();
  for (const customer of Object.values(merged.customers)) for (const invoice of customer.invoices) invoices.add(invoice);
  const encodings = reports.map((r) => r.encoding).filter((e) => e !== null);
  return {
    ...first.report,
    encoding: first.report.encoding && {
      ...first.report.encoding,
      name: encodings.find((e) => e.name !== first.report.encoding!.name)?.name ?? first.report.encoding.name,
      replacementCharacters: encodings.reduce((n, e) => n + e.replacementCharacters, 0),
      latin1Bytes: encodings.reduce((n, e) => n + e.latin1Bytes, 0),
    },
    decimalMark: reports.find((r) => r.decimalMark !== null)?.decimalMark ?? null,
    dateFormat: layouts[0]?.format ?? null,
    dates: {
      layouts,
      order: decided?.report.dates.order ?? first.report.dates.order,
      orderSource: decided?.report.dates.orderSource ?? first.report.dates.orderSource,
      ambiguous: reports.every((r) => r.dates.ambiguous),
      decidedBy: decided ? { ...decided.report.dates.decidedBy!, line: decided.report.dates.decidedBy!.line + decided.lineBreaksBefore } : null,
    },
    rowsRead: reports.reduce((n, r) => n + r.rowsRead, 0),
    rowsKept: reports.reduce((n, r) => n + r.rowsKept, 0),
    dropped,
    examples,
    dateRange: ranges.length
      ? { first: ranges.map((r) => r.first).sort()[0], last: ranges.map((r) => r.last).sort().at(-1)! }
      : null,
    distinct: {
      customers: Object.values(merged.customers).filter((c) => c.lines > 0).length,
      invoices: invoices.size,
      products: Object.keys(merged.products).length,
      countries: Object.keys(merged.countries).length,
    },
    durationMs: reports.reduce((n, r) => n + r.durationMs, 0),
    warnings: [...new Set(reports.flatMap((r) => r.warnings))],
    split: { ranges: parts.length, duplicates: 'found within each range' },
  } as QualityReport;
}

/**
 * Ranges decide day-first or month-first from their own dates: when two decided differently,
 * the file cannot be merged as read, and the dataset's configuration must say.
 */
function dateOrderConflict(upload: UploadRef, reports: QualityReport[]): InputError | null {
  const orders = new Set(reports.filter((r) => r.dates.orderSource === 'data').map((r) => r.dates.order));
  if (orders.size < 2) return null;
  return new InputError({
    file: upload.key,
    found: `parts of the file whose dates read as ${[...orders].join(' and parts whose dates read as ')}`,
    expected: `one order of day and month for the whole file: set "dateOrder" in config/${upload.dataset}.json`,
  });
}

export interface MergeOutcome {
  status: 'ok' | 'rejected';
  key: string;
}

/**
 * Merges the staged ranges into the upload's partial and report, as ingest writes them for
 * an upload read whole, then clears the staging area. A range that could not be read makes
 * the whole upload rejected, with that range's reason.
 */
export async function mergeRanges(storage: Storage, plan: SplitPlan, log: Logger = silentLogger): Promise<MergeOutcome> {
  const upload = parseUploadKey(plan.key);
  const staged: StagedRange[] = [];
  for await (const { bytes } of readObjects(storage, plan.ranges.map((range) => stagedKey(upload, range)))) staged.push(JSON.parse(bytes.toString('utf8')) as StagedRange);
  const failed = staged.find((s) => 'error' in s.result);
  const reports = staged.flatMap(({ result }) => ('report' in result ? [result.report] : []));
  const conflict = failed ? null : dateOrderConflict(upload, reports);
  if (failed && 'error' in failed.result) {
    await putJson(storage, errorReportKey(upload), failed.result.error);
    log.error('upload rejected', { key: plan.key, range: failed.range.index, message: failed.result.error.message });
  } else if (conflict) {
    await putJson(storage, errorReportKey(upload), errorReport(conflict, upload.dataset));
    log.error('upload rejected', { key: plan.key, message: conflict.message });
  } else {
    const merger = new PartialMerger(upload.dataset);
    const parts: { report: QualityReport; lineBreaksBefore: number }[] = [];
    let lineBreaksBefore = 0;
    for (const { result, lineBreaks } of staged) {
      if ('error' in result) continue;
      merger.add(result.partial);
      parts.push({ report: result.report, lineBreaksBefore });
      lineBreaksBefore += lineBreaks;
    }
    const merged = merger.result();
    await putJson(storage, reportKey(upload), mergeRangeReports(parts, merged));
    await storage.delete(errorReportKey(upload));
    const changed = await putIfChanged(storage, partialKey(upload), jsonText(merged, 0));
    log.info('ingested in ranges', { key: plan.key, ranges: plan.ranges.length, rowsRead: merged.input.rowsRead, changed });
  }
  for (const range of plan.ranges) await storage.delete(stagedKey(upload, range));
  return failed || conflict ? { status: 'rejected', key: plan.key } : { status: 'ok', key: plan.key };
}
