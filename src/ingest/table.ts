/**
 * Records in, partial and report facts out: the header row maps the columns, and every
 * row after it is cleaned and aggregated. Text files and workbooks both end here, as
 * records of UTF-8 fields, so they are cleaned and counted the same way.
 */
import { formatCount } from '../format.js';
import type { InputCounts, PartialAggregate } from '../partial.js';
import { PartialBuilder } from './aggregate.js';
import { RowCleaner } from './clean.js';
import { mapColumns, type ColumnMapping } from './columns.js';
import type { DatasetConfig } from './config.js';
import { DateReader } from './dates.js';
import { InputError } from './errors.js';
import { fieldText, type RecordFields } from './fields.js';
import type { IngestLimits } from './options.js';
import { DropLog, naiveIso, type DatesReport, type QualityReport, type RowExample } from './report.js';
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
type TableFacts = Pick<
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

export class TableReader {
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
        if (this.drops.dropped.malformed > this.settings.limits.maxMalformedRows) throw this.tooManyMalformed();
        return;
    }
    this.drops.drop(verdict, record);
  }

  /** The partial and what the table knows for the report; throws when no row parsed at all. */
  finish(): { partial: PartialAggregate; facts: TableFacts } {
    const builder = this.builder!;
    const { dropped, examples } = this.drops;
    if (this.rowsRead > 0 && dropped.malformed === this.rowsRead) {
      throw new InputError({
        file: this.settings.fileName,
        line: examples.malformed[0].line,
        found: `no row that parses: ${describeExamples(examples.malformed)}`,
        expected: `rows of the header's ${this.mapping!.columnCount} columns with a whole-number quantity, a price and a date`,
      });
    }
    // A file that never told day from month is read month-first.
    builder.settle(false);
    const excluded = dropped.excludedCountry;
    // The partial's counts know no country filter: its rows read are the rows the filter let through.
    const input: InputCounts = {
      rowsRead: this.rowsRead - excluded,
      rowsKept: this.rowsKept,
      dropped: {
        malformed: dropped.malformed,
        noCustomerId: dropped.noCustomerId,
        returns: dropped.returns,
        nonPositivePrice: dropped.nonPositivePrice,
        duplicate: dropped.duplicate,
        nonProduct: dropped.nonProduct,
      },
    };
    const partial = builder.toPartial(this.settings.dataset, [this.settings.sourceKey], input);
    const range = builder.dates();
    const layouts = this.dates.layouts();
    const dates: DatesReport = { layouts, ...this.dates.summary(), decidedBy: this.dates.decidedBy };
    const mapping = this.mapping!;
    return {
      partial,
      facts: {
        columns: mapping.columns,
        ignoredColumns: mapping.ignoredColumns,
        decimalMark: this.decimal.mark,
        dateFormat: layouts[0]?.format ?? null,
        dates,
        rowsRead: this.rowsRead,
        rowsKept: this.rowsKept,
        dropped: { ...dropped },
        examples,
        dateRange: range === null ? null : { first: naiveIso(range.first), last: naiveIso(range.last) },
        distinct: builder.distinct(),
      },
    };
  }

  private readHeader(record: RecordFields): void {
    const { config, dataset, fileName, limits } = this.settings;
    const header = Array.from({ length: record.count }, (_, i) => fieldText(record, i));
    const source = config.source ?? `config/${dataset}.json`;
    const mapping = mapColumns(header, fileName, record.line, limits.maxColumns, config.columns, source);
    const expectedRows = Math.floor((this.settings.totalBytes ?? 0) / BYTES_PER_ROW);
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

  private tooManyMalformed(): InputError {
    const { malformed } = this.drops.examples;
    const max = formatCount(this.settings.limits.maxMalformedRows);
    return new InputError({
      file: this.settings.fileName,
      line: malformed[0].line,
      found: `more than ${max} rows that do not parse (of ${formatCount(this.rowsRead)} read): ${describeExamples(malformed)}`,
      expected: `at most ${max} (limits.maxMalformedRows): check the delimiter, decimal mark and date order, or raise the limit in the dataset's configuration`,
    });
  }
}

function describeExamples(examples: readonly RowExample[]): string {
  return examples
    .slice(0, 3)
    .map((e) => `line ${e.line}: ${e.problem}`)
    .join('; ');
}
