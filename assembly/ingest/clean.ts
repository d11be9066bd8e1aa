// Port of src/ingest/clean.ts (RowCleaner.classify), which documents the rules row by row;
// keep the two in step. A row gets the first rule it fails.

import { Dictionaries, RowValues } from './aggregate';
import { DateReader } from './dates';
import { ByteDictionary } from './dictionary';
import { FingerprintHasher } from './fingerprint';
import { countryKept, isProduct } from './host';
import { grown } from './memory';
import { Record } from './record';
import { RunSets } from './run-sets';
import { customerIdEnd, DecimalMark, MissingMarkers, parsePriceE4, parseQuantity, trimmedEnd, trimmedStart } from './values';

// Verdicts: the drop reasons in REPORT_DROP_REASONS's order (src/ingest/report.ts), then kept.
export const MALFORMED = 0;
export const NO_CUSTOMER_ID = 1;
export const RETURNS = 2;
export const NON_POSITIVE_PRICE = 3;
export const DUPLICATE = 4;
export const NON_PRODUCT = 5;
export const EXCLUDED_COUNTRY = 6;
export const KEPT = 7;

// Which part of rule 0 a malformed row failed (Failure in src/ingest/clean.ts, in its order).
export const FIELD_COUNT = 0;
export const QUANTITY = 1;
export const UNIT_PRICE = 2;
export const LINE_VALUE = 3;
export const INVOICE_DATE = 4;

const UPPER_C: u8 = 67;
const MAX_SAFE_INTEGER: f64 = 9007199254740991;

/** Field → its column in the file (-1 for a description column the file lacks), and how many columns the header has. */
export class Columns {
  invoice: i32 = 0;
  stockCode: i32 = 0;
  description: i32 = -1;
  quantity: i32 = 0;
  invoiceDate: i32 = 0;
  unitPrice: i32 = 0;
  customerId: i32 = 0;
  country: i32 = 0;
  count: i32 = 0;
}

export class RowCleaner {
  /** The values of the row classified last (when it passed rule 0). */
  values: RowValues = new RowValues();
  dictionaries: Dictionaries = new Dictionaries();
  /** Which part of rule 0 the last malformed row failed. */
  failure: i32 = FIELD_COUNT;
  /** Rule 4's memory: per invoice, the fingerprints of its rows that passed rules 0–3. */
  private seen: RunSets;
  private hasher: FingerprintHasher = new FingerprintHasher();
  /** Per stock code id: 0 not looked at yet, 1 a product, 2 not a product. */
  private productKinds: usize = 0;
  /** Per stock code id: the id of the description its last row had, or -1. */
  private lastDescription: usize = 0;
  private stockCodeCapacity: i32 = 0;
  /** Per country id: 0 not looked at yet, 1 kept by the filter, 2 excluded. */
  private countryKinds: usize = 0;
  private countryCapacity: i32 = 0;

  constructor(
    private columns: Columns,
    private dates: DateReader,
    private decimal: DecimalMark,
    private missing: MissingMarkers,
    /** Whether the configuration names the countries to keep. */
    private filtersCountries: bool,
    expectedRows: i32,
  ) {
    // About three rows in four reach rule 4 in a retail export.
    this.seen = new RunSets(<i32>(<f64>expectedRows * 0.75));
  }

  classify(record: Record): i32 {
    const columns = this.columns;
    if (record.count != columns.count) return this.malformed(FIELD_COUNT);
    const decimal = this.decimal;
    const v = this.values;

    const quantity = parseQuantity(record.start(columns.quantity), record.end(columns.quantity), decimal);
    if (isNaN(quantity)) return this.malformed(QUANTITY);
    const priceE4 = parsePriceE4(record.start(columns.unitPrice), record.end(columns.unitPrice), decimal);
    if (isNaN(priceE4)) return this.malformed(UNIT_PRICE);
    // The line value, quantity × price, must be an exact integer too.
    if (!(Math.abs(quantity * priceE4) <= MAX_SAFE_INTEGER)) return this.malformed(LINE_VALUE);
    const timestamp = this.dates.read(record.start(columns.invoiceDate), record.end(columns.invoiceDate), record.line);
    if (isNaN(timestamp)) return this.malformed(INVOICE_DATE);
    v.quantity = quantity;
    v.priceE4 = priceE4;
    v.timestamp = timestamp;
    v.alternative = this.dates.alternative;
    v.country = intern(this.dictionaries.countries, record.start(columns.country), record.end(columns.country));
    if (this.filtersCountries && !this.countryKept(v.country)) return EXCLUDED_COUNTRY;

    let start = trimmedStart(record.start(columns.customerId), record.end(columns.customerId));
    let end = trimmedEnd(start, record.end(columns.customerId));
    if (this.missing.matches(start, end)) return NO_CUSTOMER_ID;
    v.customer = this.dictionaries.customers.intern(start, customerIdEnd(start, end, decimal));

    start = trimmedStart(record.start(columns.invoice), record.end(columns.invoice));
    end = trimmedEnd(start, record.end(columns.invoice));
    if ((start < end && load<u8>(start) == UPPER_C) || quantity <= 0) return RETURNS;
    if (priceE4 <= 0) return NON_POSITIVE_PRICE;
    v.invoice = this.dictionaries.invoices.intern(start, end);
    v.stockCode = intern(this.dictionaries.stockCodes, record.start(columns.stockCode), record.end(columns.stockCode));
    if (v.stockCode >= this.stockCodeCapacity) this.growStockCodes(v.stockCode);
    if (columns.description == -1) {
      v.description = this.describe(v.stockCode, 0, 0);
    } else {
      start = trimmedStart(record.start(columns.description), record.end(columns.description));
      end = trimmedEnd(start, record.end(columns.description));
      // A missing marker is no description, as an empty field is.
      v.description = this.describe(v.stockCode, start, this.missing.matches(start, end) ? start : end);
    }
    // Only rows that passed rules 0–3 are remembered: a repeat of a dropped row is dropped anyway.
    if (!this.remember(v)) return DUPLICATE;
    if (!this.isProduct(v.stockCode)) return NON_PRODUCT;
    return KEPT;
  }

  private malformed(failure: i32): i32 {
    this.failure = failure;
    return MALFORMED;
  }

  /** The id of description [start, end) of `stockCode`: most rows repeat their product's last description. */
  private describe(stockCode: i32, start: usize, end: usize): i32 {
    const descriptions = this.dictionaries.descriptions;
    const at = this.lastDescription + (<usize>stockCode << 2);
    const last = load<i32>(at);
    if (last != -1 && descriptions.matches(last, start, end)) return last;
    const id = descriptions.intern(start, end);
    store<i32>(at, id);
    return id;
  }

  /** Rule 4: false when a row with the same values passed before (see src/ingest/clean.ts). */
  private remember(v: RowValues): bool {
    const h = this.hasher;
    h.reset();
    h.word(v.stockCode);
    h.word(v.description);
    h.number(v.quantity);
    h.number(v.timestamp);
    h.number(v.priceE4);
    h.word(v.customer);
    h.word(v.country);
    h.finish();
    // As the TypeScript: fingerprint (0, 0) is taken for (0, 1).
    return this.seen.add(v.invoice, h.high, h.high == 0 && h.low == 0 ? 1 : h.low);
  }

  private isProduct(stockCode: i32): bool {
    const at = this.productKinds + <usize>stockCode;
    let kind = load<u8>(at);
    if (kind == 0) {
      const codes = this.dictionaries.stockCodes;
      kind = isProduct(codes.bytesStart(stockCode), codes.bytesEnd(stockCode)) ? 1 : 2;
      store<u8>(at, kind);
    }
    return kind == 1;
  }

  private countryKept(country: i32): bool {
    if (country >= this.countryCapacity) {
      const capacity = max(2 * this.countryCapacity, max(country + 1, 64));
      this.countryKinds = grown(this.countryKinds, <usize>this.countryCapacity, <usize>capacity);
      this.countryCapacity = capacity;
    }
    const at = this.countryKinds + <usize>country;
    let kind = load<u8>(at);
    if (kind == 0) {
      const countries = this.dictionaries.countries;
      kind = countryKept(countries.bytesStart(country), countries.bytesEnd(country)) ? 1 : 2;
      store<u8>(at, kind);
    }
    return kind == 1;
  }

  private growStockCodes(id: i32): void {
    const old = this.stockCodeCapacity;
    const capacity = max(2 * old, max(id + 1, 1024));
    this.productKinds = grown(this.productKinds, <usize>old, <usize>capacity);
    this.lastDescription = grown(this.lastDescription, <usize>old << 2, <usize>capacity << 2, 0xff);
    this.stockCodeCapacity = capacity;
  }
}

function intern(dictionary: ByteDictionary, start: usize, end: usize): i32 {
  start = trimmedStart(start, end);
  return dictionary.intern(start, trimmedEnd(start, end));
}
