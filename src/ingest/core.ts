/**
 * The host of the WebAssembly ingest core (assembly/ingest/), which reads delimited text:
 * UTF-8 is copied into its memory chunk by chunk, and the core scans, cleans and aggregates
 * the rows there. A row costs no JavaScript at all, so a file's first megabytes do not wait
 * for the optimising compiler as the TypeScript row loop's did (about 80 ms of a 0.5 s
 * ingest), and the rest runs about three times faster. The core asks this host only what
 * needs JavaScript: the header's columns, report examples, JavaScript's order of two texts,
 * the rule 5 and country-filter verdict of each new stock code or country.
 *
 * The partial is rendered from views of the core's tables by the code that renders the
 * TypeScript row loop's (render.ts). That loop (csv.ts, table.ts, clean.ts, aggregate.ts)
 * reads workbooks, and the tests hold the core to it on text files.
 */
import wasmBytes from '../../build/ingest.wasm';
import { formatCount } from '../format.js';
import { compileOptimised, instantiate } from '../kernels/module.js';
import { lineTooLong } from './csv.js';
import { FAILURES, isNonProduct, malformedProblem } from './clean.js';
import { DAY_MONTH_ORDERS, type DateFindings } from './dates.js';
import { RecordFields, utf8Text } from './fields.js';
import { COUNTRY, CUSTOMER, PRODUCT, type IdGroups, type PartialTables, type TextTable } from './render.js';
import { DropLog, REPORT_DROP_REASONS } from './report.js';
import { finishTable, mapHeader, tooManyMalformed, type RowTable, type TableResult, type TableSettings } from './table.js';
import { decimalMarkOf, DEFAULT_MISSING_MARKERS, missingMarkerBytes } from './values.js';
import type { ColumnMapping } from './columns.js';

interface LinearMemory {
  readonly buffer: ArrayBuffer;
}

/** The core's exports (assembly/ingest/index.ts documents them). */
interface IngestCore {
  memory: LinearMemory;
  start(delimiter: number, maxLineBytes: number, maxMalformedRows: number, dateOrder: number, decimal: number): void;
  reserveMarker(length: number): number;
  addMissingMarker(marker: number, length: number): void;
  configure(
    invoice: number, stockCode: number, description: number, quantity: number, invoiceDate: number, unitPrice: number,
    customerId: number, country: number, count: number, filtersCountries: boolean, expectedRows: number,
  ): void;
  reserve(bytes: number): number;
  scan(bytes: number, atEnd: boolean): void;
  pendingBytes(): number;
  pendingLine(): number;
  rowsRead(): number;
  customersSeen(): number;
  decimalMark(): number;
  dateOrder(): number;
  finish(): number;
}

/** Where `finish` puts each fact, one f64 each (assembly/ingest/index.ts). */
const FACT = {
  ROWS_READ: 0,
  ROWS_KEPT: 1,
  DROPPED: 2,
  FIRST_DATE: 9,
  LAST_DATE: 10,
  INVOICE_COUNT: 11,
  CUSTOMERS: 12,
  PRODUCTS: 14,
  PAIRS: 17,
  COUNTRIES: 21,
  CUSTOMER_INVOICES: 23,
  CUSTOMER_PRODUCTS: 25,
  DATES: 27,
  DICTIONARIES: 30,
  COUNT: 45,
} as const;
const DATE_LAYOUTS = 128;

let compiled: object | undefined;

export class CoreTable implements RowTable {
  private readonly core: IngestCore;
  private mapping: ColumnMapping | null = null;
  private readonly drops = new DropLog();
  private decidedBy: { line: number; text: string } | null = null;
  /** A view of the core's memory, renewed when the memory grows. */
  private bytes = new Uint8Array(0);
  private readonly record = new RecordFields();
  private readonly countries: ReadonlySet<string>;

  constructor(
    private readonly settings: TableSettings,
    delimiter: number,
    private readonly maxLineBytes: number,
  ) {
    this.countries = new Set(settings.config.countries);
    compiled ??= compileOptimised(wasmBytes);
    this.core = instantiate(compiled, { ingest: this.imports(), env: { abort: () => this.abort() } }) as IngestCore;
    const { config, limits } = settings;
    const dateOrder = config.dateOrder === undefined ? 0 : DAY_MONTH_ORDERS.indexOf(config.dateOrder) + 1;
    const decimal = settings.decimalMark === null ? 0 : settings.decimalMark.charCodeAt(0);
    this.core.start(delimiter, maxLineBytes, limits.maxMalformedRows, dateOrder, decimal);
    for (const marker of missingMarkerBytes(config.missingMarkers ?? DEFAULT_MISSING_MARKERS)) {
      const at = this.core.reserveMarker(marker.length);
      this.memory().set(marker, at);
      this.core.addMissingMarker(at, marker.length);
    }
  }

  get hasHeader(): boolean {
    return this.mapping !== null;
  }

  get rows(): number {
    return this.core.rowsRead();
  }

  get customers(): number {
    return this.core.customersSeen();
  }

  /** Reads the records that `utf8` completes. */
  push(utf8: Uint8Array): void {
    const at = this.core.reserve(utf8.length);
    this.memory().set(utf8, at);
    this.core.scan(utf8.length, false);
    // Bounds memory before the line ends.
    const max = this.maxLineBytes;
    if (this.core.pendingBytes() > max) {
      throw lineTooLong(this.settings.fileName, this.core.pendingLine(), `more than ${formatCount(max)} bytes without a line break`, max);
    }
  }

  /** Reads the last record, which may lack a line break. */
  end(): void {
    this.core.scan(0, true);
  }

  finish(): TableResult {
    const core = this.core;
    const at = core.finish();
    const memory = core.memory.buffer;
    const facts = new Float64Array(memory, at, FACT.COUNT);
    const f64s = (pointer: number, length: number) => new Float64Array(memory, pointer, length);
    const i32s = (pointer: number, length: number) => new Int32Array(memory, pointer, length);
    const customerCount = facts[FACT.CUSTOMERS + 1];
    const productCount = facts[FACT.PRODUCTS + 1];
    const pairCount = facts[FACT.PAIRS];
    const groups = (fact: number): IdGroups => {
      const offsets = i32s(facts[fact], customerCount + 1);
      return { offsets, members: i32s(facts[fact + 1], offsets[customerCount]) };
    };
    // Buffer's decoder, not TextDecoder: about twice as fast on short texts.
    const text = Buffer.from(memory);
    const dictionary = (which: number): TextTable => {
      const fact = FACT.DICTIONARIES + 3 * which;
      const size = facts[fact];
      const arena = facts[fact + 1];
      const offsets = i32s(facts[fact + 2], size + 1);
      const texts: string[] = [];
      return {
        size,
        text: (id) => (texts[id] ??= text.toString('utf8', arena + offsets[id], arena + offsets[id + 1])),
      };
    };
    const tables: PartialTables = {
      customers: f64s(facts[FACT.CUSTOMERS], customerCount * CUSTOMER.FIELDS),
      products: f64s(facts[FACT.PRODUCTS], productCount * PRODUCT.FIELDS),
      sold: new Uint8Array(memory, facts[FACT.PRODUCTS + 2], productCount),
      pairProducts: i32s(facts[FACT.PAIRS + 1], pairCount),
      pairCountries: i32s(facts[FACT.PAIRS + 2], pairCount),
      pairAmounts: f64s(facts[FACT.PAIRS + 3], 2 * pairCount),
      countries: f64s(facts[FACT.COUNTRIES], facts[FACT.COUNTRIES + 1] * COUNTRY.FIELDS),
      customerInvoices: groups(FACT.CUSTOMER_INVOICES),
      customerProducts: groups(FACT.CUSTOMER_PRODUCTS),
      invoiceCount: facts[FACT.INVOICE_COUNT],
      firstDate: facts[FACT.FIRST_DATE],
      lastDate: facts[FACT.LAST_DATE],
      texts: { customers: dictionary(0), countries: dictionary(1), invoices: dictionary(2), stockCodes: dictionary(3), descriptions: dictionary(4) },
    };
    const dropped = this.drops.dropped;
    REPORT_DROP_REASONS.forEach((reason, r) => (dropped[reason] = facts[FACT.DROPPED + r]));
    return finishTable({
      settings: this.settings,
      mapping: this.mapping!,
      tables,
      rowsRead: facts[FACT.ROWS_READ],
      rowsKept: facts[FACT.ROWS_KEPT],
      drops: this.drops,
      dates: this.dateFindings(facts[FACT.DATES], facts[FACT.DATES + 1], f64s(facts[FACT.DATES + 2], DATE_LAYOUTS)),
      decimalMark: decimalMarkOf(this.core.decimalMark()),
    });
  }

  private imports() {
    const text = (start: number, end: number) => utf8Text(this.memory(), start, end);
    return {
      textLess: (aStart: number, aEnd: number, bStart: number, bEnd: number) => text(aStart, aEnd) < text(bStart, bEnd),
      isProduct: (start: number, end: number) => !isNonProduct(text(start, end)),
      countryKept: (start: number, end: number) => this.countries.has(text(start, end)),
      header: (line: number, fields: number, count: number) => this.readHeader(this.recordAt(line, fields, count, 0, 0)),
      example: (reason: number, failure: number, line: number, rawStart: number, rawEnd: number, fields: number, count: number) => {
        const record = this.recordAt(line, fields, count, rawStart, rawEnd);
        const problem =
          reason === 0
            ? () => malformedProblem(FAILURES[failure], record, this.mapping!, decimalMarkOf(this.core.decimalMark()), this.dateOrder())
            : undefined;
        this.drops.keep(REPORT_DROP_REASONS[reason], record, problem);
      },
      tooManyMalformed: () => {
        throw tooManyMalformed(this.settings, this.drops.examples.malformed, this.core.rowsRead());
      },
      lineTooLong: (line: number, bytes: number) => {
        throw lineTooLong(this.settings.fileName, line, `a line of ${formatCount(bytes)} bytes`, this.maxLineBytes);
      },
      dateOrderDecided: (_order: number, line: number, start: number, end: number) => {
        this.decidedBy = { line, text: text(start, end) };
      },
    };
  }

  /** The core failed an internal check, or its memory could not grow: no fault of the file's. */
  private abort(): never {
    throw new RangeError(`ingest of ${this.settings.fileName} stopped: the ingest core ran out of memory (${this.core.memory.buffer.byteLength} bytes) or failed a check`);
  }

  private readHeader(record: RecordFields): void {
    const { mapping, expectedRows } = mapHeader(record, this.settings);
    const { index } = mapping;
    this.mapping = mapping;
    this.core.configure(
      index.invoice, index.stockCode, index.description, index.quantity, index.invoiceDate, index.unitPrice, index.customerId, index.country,
      mapping.columnCount, this.settings.config.countries !== undefined, expectedRows,
    );
  }

  private memory(): Uint8Array {
    const buffer = this.core.memory.buffer;
    if (this.bytes.buffer !== buffer) this.bytes = new Uint8Array(buffer);
    return this.bytes;
  }

  /** The core's record as RecordFields: `count` (start, end) address pairs at `fields`. */
  private recordAt(line: number, fields: number, count: number, rawStart: number, rawEnd: number): RecordFields {
    const record = this.record;
    const bytes = this.memory();
    while (record.starts.length < count) record.grow();
    const ranges = new Uint32Array(bytes.buffer, fields, 2 * count);
    for (let i = 0; i < count; i++) {
      record.starts[i] = ranges[2 * i];
      record.ends[i] = ranges[2 * i + 1];
    }
    record.bytes = bytes;
    record.count = count;
    record.line = line;
    record.raw = bytes;
    record.rawStart = rawStart;
    record.rawEnd = rawEnd;
    return record;
  }

  /** The day-month order as decided so far: what a malformed date's problem names. */
  private dateOrder(): Pick<DateFindings, 'order' | 'configured' | 'decidedBy'> {
    const order = this.core.dateOrder();
    return { order: order === 0 ? null : DAY_MONTH_ORDERS[order - 1], configured: this.settings.config.dateOrder !== undefined, decidedBy: this.decidedBy };
  }

  private dateFindings(sawDayMonth: number, sawAmbiguous: number, counts: Float64Array): DateFindings {
    return { ...this.dateOrder(), sawDayMonth: sawDayMonth === 1, sawAmbiguous: sawAmbiguous === 1, counts };
  }
}
