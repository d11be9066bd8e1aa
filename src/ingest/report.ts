/** The data-quality report stored at reports/<dataset>/<file>.json (schemas/report.schema.json). */
import { formatCount } from '../format.js';
import { DROP_REASONS } from '../partial.js';
import type { DistinctCounts } from './render.js';
import type { ReportDropReason } from './clean.js';
import type { Field } from './columns.js';
import type { DatasetConfig } from './config.js';
import type { DateLayoutCount, DayMonthOrder, OrderSource } from './dates.js';
import type { EncodingReport } from './encoding.js';
import type { InputError } from './errors.js';
import type { RecordFields } from './fields.js';
import { markMutable } from './mutable.js';
import type { Delimiter } from './sniff.js';

export const REPORT_SCHEMA_VERSION = 1;
export const EXAMPLES_PER_REASON = 5;
/** Example text is cut to this many characters, so a report stays small whatever the lines. */
export const EXAMPLE_TEXT_MAX = 500;

/** The partial's reasons in the order the rules apply, then rows the configuration's country filter left out. */
export const REPORT_DROP_REASONS = [...DROP_REASONS, 'excludedCountry'] as const satisfies readonly ReportDropReason[];
export type ReportDropCounts = Record<ReportDropReason, number>;

export interface RowExample {
  /** 1-based physical line where the row starts (for a workbook, its row number). */
  line: number;
  /** The row as it appears in the file, without its line break (a workbook's cells as CSV). */
  text: string;
  /** For a malformed row: what did not parse. */
  problem?: string;
}

export interface DatesReport {
  /** Layouts of the dates read, most used first. */
  layouts: DateLayoutCount[];
  /** How dates such as 1/12/2010 were read; null when the file has none. */
  order: DayMonthOrder | null;
  orderSource: OrderSource | null;
  /** No date told day and month apart, so the file was read month-first by default. */
  ambiguous: boolean;
  /** The first date that was valid in one order only. */
  decidedBy: { line: number; text: string } | null;
}

export interface QualityReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  status: 'ok';
  file: string;
  dataset: string;
  format: 'csv' | 'xlsx';
  compression: 'gzip' | null;
  /** The worksheet read, for a workbook. */
  sheet: string | null;
  /** Null for a workbook. */
  encoding: EncodingReport | null;
  /** Null for a workbook. */
  delimiter: Delimiter | null;
  /** The decimal mark prices were read with; null when no price had one. */
  decimalMark: '.' | ',' | null;
  /** Canonical field → header found in the file. */
  columns: Partial<Record<Field, string>>;
  ignoredColumns: string[];
  /** The layout most dates had, e.g. `M/D/YY H:MM`; null when no date parsed. */
  dateFormat: string | null;
  dates: DatesReport;
  /** The dataset's configuration as applied, when there was one. */
  configuration: DatasetConfig | null;
  /** rowsRead = rowsKept + the sum of dropped. */
  rowsRead: number;
  rowsKept: number;
  dropped: ReportDropCounts;
  /** The first rows dropped for each reason. */
  examples: Record<ReportDropReason, RowExample[]>;
  /** Earliest and latest kept purchase, as naive ISO date-times (no zone, as in the file). */
  dateRange: { first: string; last: string } | null;
  /** Over kept rows. */
  distinct: DistinctCounts;
  durationMs: number;
  /** What the reader should check: text read as Latin-1, dates read month-first by default. */
  warnings: string[];
}

export interface ErrorReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  status: 'error';
  file: string;
  dataset: string;
  message: string;
  line: number | null;
  found: string;
  expected: string;
}

export type IngestReport = QualityReport | ErrorReport;

/** The report stored for a file that could not be ingested. */
export function errorReport(error: InputError, dataset: string): ErrorReport {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    status: 'error',
    file: error.file,
    dataset,
    message: error.message,
    line: error.line ?? null,
    found: error.found,
    expected: error.expected,
  };
}

/** Counts dropped rows by reason and keeps the first examples of each. */
export class DropLog {
  readonly dropped = Object.fromEntries(REPORT_DROP_REASONS.map((r) => [r, 0])) as ReportDropCounts;
  /**
   * Every reason's examples in one array, which holds objects from the file's first drop on:
   * an array per reason would change kind with its first example, thousands of rows in for
   * the rare reasons, and discard every optimised function that had read one.
   */
  private readonly found: { reason: ReportDropReason; example: RowExample }[] = [];
  /**
   * No examples yet, made before any row: a record keyed by the reasons shares its hidden
   * classes with `dropped`, and turning those fields from counts to arrays once the row loop
   * is optimised would discard it.
   */
  private readonly none = Object.fromEntries(REPORT_DROP_REASONS.map((r) => [r, [] as RowExample[]])) as Record<ReportDropReason, RowExample[]>;

  constructor() {
    markMutable(this.dropped, REPORT_DROP_REASONS);
  }

  /** `problem` says why a malformed row failed; it is asked only while examples are wanted. */
  drop(reason: ReportDropReason, record: RecordFields, problem?: () => string): void {
    if (++this.dropped[reason] <= EXAMPLES_PER_REASON) this.keep(reason, record, problem);
  }

  /** Keeps `record` as an example of `reason`, without counting it: the ingest core counts its drops itself. */
  keep(reason: ReportDropReason, record: RecordFields, problem?: () => string): void {
    const raw = record.rawText();
    const text = raw.length > EXAMPLE_TEXT_MAX ? `${raw.slice(0, EXAMPLE_TEXT_MAX)}…` : raw;
    const example = problem === undefined ? { line: record.line, text } : { line: record.line, text, problem: problem() };
    this.found.push({ reason, example });
  }

  /** The first examples of each reason, in the order of the file. */
  get examples(): Record<ReportDropReason, RowExample[]> {
    const examples = { ...this.none };
    for (const reason of REPORT_DROP_REASONS) examples[reason] = [];
    for (const { reason, example } of this.found) examples[reason].push(example);
    return examples;
  }
}

/** A naive timestamp as `YYYY-MM-DDTHH:MM:SS`, without a zone: the file's times have none. */
export function naiveIso(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19);
}

/** What a reader of the report should check, in words. */
export function reportWarnings(report: Omit<QualityReport, 'warnings'>): string[] {
  const warnings: string[] = [];
  const count = (n: number, what: string) => `${formatCount(n)} ${what}${n === 1 ? '' : 's'}`;
  const { encoding, dates, dataset } = report;
  if (encoding?.name === 'latin-1') {
    warnings.push('The file is not UTF-8: it was read as Latin-1 (Windows-1252). If accented text looks wrong, save the file as UTF-8.');
  } else if (encoding !== null && encoding.latin1Bytes > 0) {
    warnings.push(
      `${count(encoding.latin1Bytes, 'byte')} not valid UTF-8 ${encoding.latin1Bytes === 1 ? 'was' : 'were'} read as Latin-1 (Windows-1252). If accented text looks wrong, save the file as UTF-8.`,
    );
  }
  if (encoding !== null && encoding.replacementCharacters > 0) {
    warnings.push(`${count(encoding.replacementCharacters, 'character')} could not be decoded and became U+FFFD.`);
  }
  if (dates.ambiguous) {
    const file = report.configuration?.source ?? `config/${dataset}.json`;
    warnings.push(
      `No date told day and month apart (none has a day above 12), so dates were read month-first (M/D). If the file is day-first, set "dateOrder": "day-first" in ${file}.`,
    );
  }
  return warnings;
}
