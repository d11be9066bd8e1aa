// Port of src/ingest/table.ts's row loop (TableReader.accept): the header goes to the host,
// which maps the columns and configures the cleaning; every row after it is cleaned,
// aggregated and, when dropped, counted. Keep the two in step.

import { PartialBuilder } from './aggregate';
import { Columns, KEPT, MALFORMED, RETURNS, RowCleaner } from './clean';
import { DateReader, DAY_FIRST } from './dates';
import { example, header, tooManyMalformed } from './host';
import { Record } from './record';
import { DecimalMark, MissingMarkers } from './values';

/** EXAMPLES_PER_REASON of src/ingest/report.ts. */
const EXAMPLES_PER_REASON: f64 = 5;
/** The drop reasons, excludedCountry last (REPORT_DROP_REASONS). */
export const REASONS = 7;

export class Table {
  cleaner: RowCleaner | null = null;
  builder: PartialBuilder | null = null;
  rowsRead: f64 = 0;
  rowsKept: f64 = 0;
  /** Rows dropped per reason. */
  dropped: StaticArray<f64> = new StaticArray<f64>(REASONS);

  constructor(
    public dates: DateReader,
    public decimal: DecimalMark,
    public missing: MissingMarkers,
    private maxMalformedRows: f64,
  ) {}

  /** Sets up the cleaning for the header's columns: the host calls it while it reads the header. */
  configure(columns: Columns, filtersCountries: bool, expectedRows: i32): void {
    const cleaner = new RowCleaner(columns, this.dates, this.decimal, this.missing, filtersCountries, expectedRows);
    this.cleaner = cleaner;
    this.builder = new PartialBuilder(cleaner.dictionaries, this.dates.order == 0, expectedRows);
  }

  /** The header first, then rows. */
  accept(record: Record): void {
    const cleaner = this.cleaner;
    if (cleaner === null) {
      header(record.line, record.fields, record.count);
      return;
    }
    const builder = this.builder!;
    this.rowsRead++;
    const verdict = cleaner.classify(record);
    if (this.dates.justDecided) {
      this.dates.justDecided = false;
      builder.settle(this.dates.order == DAY_FIRST);
    }
    if (verdict == KEPT) {
      this.rowsKept++;
      builder.addPurchase(cleaner.values);
      return;
    }
    if (verdict == RETURNS) builder.addReturn(cleaner.values);
    const count = this.dropped[verdict] + 1;
    this.dropped[verdict] = count;
    if (count <= EXAMPLES_PER_REASON) {
      example(verdict, cleaner.failure, record.line, record.rawStart, record.rawEnd, record.fields, record.count);
    }
    if (verdict == MALFORMED && count > this.maxMalformedRows) tooManyMalformed();
  }
}
