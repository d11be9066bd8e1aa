/**
 * Records in, partial and report facts out: the header row maps the columns, and every
 * row after it is cleaned and aggregated. Workbooks are read here, as records of UTF-8
 * fields; text files by the ingest core (core.ts), a port of this row loop held to it by
 * the tests, which ends in the same header mapping and the same rendering (finishTable).
 */
import { formatCount } from '../format.js';
import type { InputCounts, PartialAggregate } from '../partial.js';
import { PartialBuilder } from './aggregate.js';
import { RowCleaner } from './clean.js';
import { mapColumns, type ColumnMapping } from './columns.js';
import type { DatasetConfig } from './config.js';
import { dateLayouts, dateOrderSummary, DateReader, type DateFindings } from './dates.js';
import { InputError } from './errors.js';
import { fieldText, type RecordFields } from './fields.js';
import type { IngestLimits } from './options.js';
import { distinctCounts, purchaseDates, renderPartial, type PartialTables } from './render.js';
import { DropLog, naiveIso, type QualityReport, type RowExample } from './report.js';
import { DecimalMark, DEFAULT_MISSING_MARKERS, MissingMarkers } from './values.js';

/** A row of the UCI file as CSV, about: the size of an upload tells how many rows to make room for. */
const BYTES_PER_ROW = 80;

export interface TableSettings {
  dataset: string;
  sourceKey: string;
  fileName: string;
  /** The upload's size, when known: about how many rows to make room for. */
  totalBytes?: number;
  limits: Pick<IngestLimits, 'maxColumns' | 'maxMalformedRows'>;
  config: DatasetConfig;
  /** The decimal mark prices use, or null to accept either until the first price with one decides. */
  decimalMark: '.' | ',' | null;
}

/** What the table knows for the report. */
export type TableFacts = Pick<
  QualityReport,
  | 'columns'
  | 'ignoredColumns'
  | 'decimalMark'
  | 'dateFormat'
  | 'dates'
  | 'rowsRead'
  | 'rowsKept'
  | 'dropped'
  | 'examples'
  | 'dateRange'
  | 'distinct'
>;

export interface TableResult {
  partial: PartialAggregate;
  facts: TableFacts;
}

/** What reads a file's records into its partial: this row loop, or the ingest core. */
export interface RowTable {
  readonly hasHeader: boolean;
  /** Rows read so far, for progress. */
  readonly rows: number;
  /** Distinct customer ids so far: about how many customers the partial will have. */
  readonly customers: number;
  finish(): TableResult;
}

export class TableReader implements RowTable {
  private mapping: ColumnMapping | null = null;
  private cleaner: RowCleaner | null = null;
  private builder: PartialBuilder | null = null;
  private readonly dates: DateReader;
  private readonly decimal: DecimalMark;
  private readonly drops = new DropLog();
  private rowsRead = 0;
  private rowsKept = 0;

  constructor(private readonly settings: TableSettings) {
    this.dates = new DateReader(settings.config.dateOrder);
    this.decimal = new DecimalMark(settings.decimalMark);
  }

  get hasHeader(): boolean {
    return this.mapping !== null;
  }

  get rows(): number {
    return this.rowsRead;
  }

  get customers(): number {
    return this.cleaner?.dictionaries.customers.size ?? 0;
  }

  /** The header first, then rows. */
  accept(record: RecordFields): void {
    const cleaner = this.cleaner;
    if (cleaner === null) {
      this.readHeader(record);
      return;
    }
    this.rowsRead++;
    const verdict = cleaner.classify(record);
    if (this.dates.justDecided) {
      this.dates.justDecided = false;
      this.builder!.settle(this.dates.order === 'day-first');
    }
    switch (verdict) {
      case 'kept':
        this.rowsKept++;
        this.builder!.addPurchase(cleaner.values);
        return;
      case 'returns':
        this.builder!.addReturn(cleaner.values);
        break;
      case 'malformed':
        this.drops.drop(verdict, record, () => cleaner.problem(record));
        if (this.drops.dropped.malformed > this.settings.limits.maxMalformedRows) {
          throw tooManyMalformed(this.settings, this.drops.examples.malformed, this.rowsRead);
        }
        return;
    }
    this.drops.drop(verdict, record);
  }

  /** The partial and what the table knows for the report; throws when no row parsed at all. */
  finish(): TableResult {
    // A file that never told day from month is read month-first.
    this.builder!.settle(false);
    return finishTable({
      settings: this.settings,
      mapping: this.mapping!,
      tables: this.builder!.tables(),
      rowsRead: this.rowsRead,
      rowsKept: this.rowsKept,
      drops: this.drops,
      dates: this.dates,
      decimalMark: this.decimal.mark,
    });
  }

  private readHeader(record: RecordFields): void {
    const { config } = this.settings;
    const { mapping, expectedRows } = mapHeader(record, this.settings);
    const cleaner = new RowCleaner(
      mapping,
      {
        dates: this.dates,
        decimal: this.decimal,
        missing: new MissingMarkers(config.missingMarkers ?? DEFAULT_MISSING_MARKERS),
        countries: config.countries === undefined ? null : new Set(config.countries),
      },
      expectedRows,
    );
    this.mapping = mapping;
    this.cleaner = cleaner;
    this.builder = new PartialBuilder(cleaner.dictionaries, this.dates.order === null, expectedRows);
  }
}

/** The header's column mapping, and about how many rows the file has (when its size is known). */
export function mapHeader(record: RecordFields, settings: TableSettings): { mapping: ColumnMapping; expectedRows: number } {
  const { config, dataset, fileName, limits } = settings;
  const header = Array.from({ length: record.count }, (_, i) => fieldText(record, i));
  const source = config.source ?? `config/${dataset}.json`;
  const mapping = mapColumns(header, fileName, record.line, limits.maxColumns, config.columns, source);
  return { mapping, expectedRows: Math.floor((settings.totalBytes ?? 0) / BYTES_PER_ROW) };
}

/** What a table has read once its rows are done: its aggregates settled to one day-month order. */
export interface FinishedRows {
  settings: TableSettings;
  mapping: ColumnMapping;
  tables: PartialTables;
  rowsRead: number;
  rowsKept: number;
  /** Its counts are the rows dropped per reason. */
  drops: DropLog;
  dates: DateFindings;
  decimalMark: '.' | ',' | null;
}

/** The partial and the report's facts of a table's rows; throws when no row parsed at all. */
export function finishTable(rows: FinishedRows): TableResult {
  const { settings, mapping, tables, rowsRead, rowsKept, dates } = rows;
  const { dropped, examples } = rows.drops;
  if (rowsRead > 0 && dropped.malformed === rowsRead) {
    throw new InputError({
      file: settings.fileName,
      line: examples.malformed[0].line,
      found: `no row that parses: ${describeExamples(examples.malformed)}`,
      expected: `rows of the header's ${mapping.columnCount} columns with a whole-number quantity, a price and a date`,
    });
  }
  // The partial's counts know no country filter: its rows read are the rows the filter let through.
  const input: InputCounts = {
    rowsRead: rowsRead - dropped.excludedCountry,
    rowsKept,
    dropped: {
      malformed: dropped.malformed,
      noCustomerId: dropped.noCustomerId,
      returns: dropped.returns,
      nonPositivePrice: dropped.nonPositivePrice,
      duplicate: dropped.duplicate,
      nonProduct: dropped.nonProduct,
    },
  };
  const partial = renderPartial(tables, settings.dataset, [settings.sourceKey], input);
  const range = purchaseDates(tables);
  const layouts = dateLayouts(dates);
  return {
    partial,
    facts: {
      columns: mapping.columns,
      ignoredColumns: mapping.ignoredColumns,
      decimalMark: rows.decimalMark,
      dateFormat: layouts[0]?.format ?? null,
      dates: { layouts, ...dateOrderSummary(dates), decidedBy: dates.decidedBy },
      rowsRead,
      rowsKept,
      dropped: { ...dropped },
      examples,
      dateRange: range === null ? null : { first: naiveIso(range.first), last: naiveIso(range.last) },
      distinct: distinctCounts(tables),
    },
  };
}

/** The error for more malformed rows than the limit allows, with the first ones' problems. */
export function tooManyMalformed(settings: TableSettings, malformed: readonly RowExample[], rowsRead: number): InputError {
  const max = formatCount(settings.limits.maxMalformedRows);
  return new InputError({
    file: settings.fileName,
    line: malformed[0].line,
    found: `more than ${max} rows that do not parse (of ${formatCount(rowsRead)} read): ${describeExamples(malformed)}`,
    expected: `at most ${max} (limits.maxMalformedRows): check the delimiter, decimal mark and date order, or raise the limit in the dataset's configuration`,
  });
}

function describeExamples(examples: readonly RowExample[]): string {
  return examples
    .slice(0, 3)
    .map((e) => `line ${e.line}: ${e.problem}`)
    .join('; ');
}
