/**
 * The standard cleaning of DESIGN.md, row by row over a record's bytes: a row gets the
 * first rule it fails. Fields are parsed where they lie and the text fields interned to
 * dictionary ids, so a row that is dropped costs no allocation and a kept one only a few
 * table lookups.
 */
import type { DropReason } from '../partial.js';
import type { Dictionaries, RowValues } from './aggregate.js';
import type { ColumnMapping, Field } from './columns.js';
import { dateExpectation, type DateFindings, type DateReader } from './dates.js';
import { ByteDictionary } from './dictionary.js';
import { fieldText, trimmedEnd, trimmedStart, type RecordFields } from './fields.js';
import { FingerprintHasher } from './fingerprints.js';
import { RunSets } from './run-sets.js';
import { customerIdEnd, parsePriceE4, parseQuantity, type DecimalMark, type MissingMarkers } from './values.js';
import { markMutable } from './mutable.js';

/** Why a row was dropped, as the report counts it: the partial's reasons and the configuration's country filter. */
export type ReportDropReason = DropReason | 'excludedCountry';

/** What the cleaning does with a row: keeps it, or drops it for a reason ('returns' rows still count in their customer's returns). */
export type Verdict = 'kept' | ReportDropReason;

/** Stock codes of postage, fees, manual adjustments and samples: not products (rule 5). */
export const NON_PRODUCT_CODES: ReadonlySet<string> = new Set([
  'POST',
  'DOT',
  'M',
  'm',
  'D',
  'C2',
  'S',
  'B',
  'PADS',
  'BANK CHARGES',
  'AMAZONFEE',
  'CRUK',
  'DCGSSBOY',
  'DCGSSGIRL',
]);

export function isNonProduct(stockCode: string): boolean {
  return NON_PRODUCT_CODES.has(stockCode) || stockCode.startsWith('gift_');
}

const UPPER_C = 67;

/** Which part of rule 0 a malformed row failed, for its example in the report (numbered in this order by the ingest core). */
export const FAILURES = ['fieldCount', 'quantity', 'unitPrice', 'lineValue', 'invoiceDate'] as const;
export type Failure = (typeof FAILURES)[number];

/** Why a row failed rule 0, in words naming the file's columns. */
export function malformedProblem(
  failure: Failure,
  record: RecordFields,
  mapping: ColumnMapping,
  decimalMark: '.' | ',' | null,
  dates: Pick<DateFindings, 'order' | 'configured' | 'decidedBy'>,
): string {
  const column = (field: Field) => mapping.columns[field]!;
  const text = (field: Field) => JSON.stringify(fieldText(record, mapping.index[field]));
  switch (failure) {
    case 'fieldCount':
      return `${record.count} fields where the header has ${mapping.columnCount}`;
    case 'quantity':
      return `${column('quantity')} ${text('quantity')} is not a whole number`;
    case 'unitPrice':
      return `${column('unitPrice')} ${text('unitPrice')} is not a number with at most 4 decimals${decimalMark === null ? '' : ` after "${decimalMark}"`}`;
    case 'lineValue':
      return `${column('quantity')} × ${column('unitPrice')} is too large to add up exactly`;
    case 'invoiceDate':
      return `${column('invoiceDate')} ${text('invoiceDate')} is not ${dateExpectation(dates)}`;
  }
}

export interface CleaningRules {
  dates: DateReader;
  decimal: DecimalMark;
  missing: MissingMarkers;
  /** Countries to keep; null keeps all. */
  countries: ReadonlySet<string> | null;
}

export class RowCleaner {
  /** The values of the row classified last (when it passed rule 0). */
  readonly values: RowValues = {
    quantity: 0,
    priceE4: 0,
    timestamp: 0,
    alternative: 0,
    customer: 0,
    country: 0,
    invoice: 0,
    stockCode: 0,
    description: 0,
  };
  readonly dictionaries: Dictionaries = {
    customers: new ByteDictionary(),
    countries: new ByteDictionary(),
    invoices: new ByteDictionary(),
    stockCodes: new ByteDictionary(),
    descriptions: new ByteDictionary(),
  };
  private readonly index: Record<Field, number>;
  private readonly columnCount: number;
  /** Rule 4's memory: per invoice, the fingerprints of its rows that passed rules 0–3. */
  private readonly seen: RunSets;
  private readonly hasher = new FingerprintHasher();
  /** Per stock code id: 0 not looked at yet, 1 a product, 2 not a product. */
  private productKinds: Uint8Array = new Uint8Array(1024);
  /** Per stock code id: the id of the description its last row had, or -1. */
  private lastDescription: Int32Array = new Int32Array(1024).fill(-1);
  /** Per country id: 0 not looked at yet, 1 kept by the filter, 2 excluded. */
  private countryKinds: Uint8Array = new Uint8Array(64);
  private failure: Failure = 'fieldCount';

  constructor(
    private readonly mapping: ColumnMapping,
    private readonly rules: CleaningRules,
    /** About how many rows the file has, when its size tells. */
    expectedRows = 0,
  ) {
    this.index = mapping.index;
    this.columnCount = mapping.columnCount;
    // About three rows in four reach rule 4 in a retail export.
    this.seen = new RunSets(expectedRows * 0.75);
    markMutable(this, ['productKinds', 'lastDescription', 'countryKinds']);
  }

  classify(record: RecordFields): Verdict {
    if (record.count !== this.columnCount) return this.malformed('fieldCount');
    const { bytes: b, starts, ends } = record;
    const index = this.index;
    const { decimal } = this.rules;
    const v = this.values;

    const quantity = parseQuantity(b, starts[index.quantity], ends[index.quantity], decimal);
    if (Number.isNaN(quantity)) return this.malformed('quantity');
    const priceE4 = parsePriceE4(b, starts[index.unitPrice], ends[index.unitPrice], decimal);
    if (Number.isNaN(priceE4)) return this.malformed('unitPrice');
    // The line value, quantity × price, must be an exact integer too.
    if (!Number.isSafeInteger(quantity * priceE4)) return this.malformed('lineValue');
    const timestamp = this.rules.dates.read(b, starts[index.invoiceDate], ends[index.invoiceDate], record.line);
    if (Number.isNaN(timestamp)) return this.malformed('invoiceDate');
    v.quantity = quantity;
    v.priceE4 = priceE4;
    v.timestamp = timestamp;
    v.alternative = this.rules.dates.alternative;
    v.country = this.intern(this.dictionaries.countries, b, starts[index.country], ends[index.country]);
    if (this.rules.countries !== null && !this.countryKept(v.country)) return 'excludedCountry';

    let start = trimmedStart(b, starts[index.customerId], ends[index.customerId]);
    let end = trimmedEnd(b, start, ends[index.customerId]);
    if (this.rules.missing.matches(b, start, end)) return 'noCustomerId';
    v.customer = this.dictionaries.customers.intern(b, start, customerIdEnd(b, start, end, decimal));

    start = trimmedStart(b, starts[index.invoice], ends[index.invoice]);
    end = trimmedEnd(b, start, ends[index.invoice]);
    if ((start < end && b[start] === UPPER_C) || quantity <= 0) return 'returns';
    if (priceE4 <= 0) return 'nonPositivePrice';
    v.invoice = this.dictionaries.invoices.intern(b, start, end);
    v.stockCode = this.intern(this.dictionaries.stockCodes, b, starts[index.stockCode], ends[index.stockCode]);
    if (index.description === -1) {
      v.description = this.describe(v.stockCode, b, 0, 0);
    } else {
      start = trimmedStart(b, starts[index.description], ends[index.description]);
      end = trimmedEnd(b, start, ends[index.description]);
      // A missing marker is no description, as an empty field is.
      v.description = this.describe(v.stockCode, b, start, this.rules.missing.matches(b, start, end) ? start : end);
    }
    // Only rows that passed rules 0–3 are remembered: a repeat of a dropped row is dropped anyway.
    if (!this.remember(v)) return 'duplicate';
    if (!this.isProduct(v.stockCode)) return 'nonProduct';
    return 'kept';
  }

  /** Why the last row classified as malformed failed, in words naming the file's columns. */
  problem(record: RecordFields): string {
    return malformedProblem(this.failure, record, this.mapping, this.rules.decimal.mark, this.rules.dates);
  }

  private malformed(failure: Failure): Verdict {
    this.failure = failure;
    return 'malformed';
  }

  private intern(dictionary: ByteDictionary, b: Uint8Array, start: number, end: number): number {
    start = trimmedStart(b, start, end);
    return dictionary.intern(b, start, trimmedEnd(b, start, end));
  }

  /** The id of description b[start, end) of `stockCode`: most rows repeat their product's last description, and comparing it costs less than a lookup. */
  private describe(stockCode: number, b: Uint8Array, start: number, end: number): number {
    const { descriptions } = this.dictionaries;
    if (stockCode >= this.lastDescription.length) {
      const grown = new Int32Array(Math.max(2 * this.lastDescription.length, stockCode + 1)).fill(-1);
      grown.set(this.lastDescription);
      this.lastDescription = grown;
    }
    const last = this.lastDescription[stockCode];
    if (last !== -1 && descriptions.matches(last, b, start, end)) return last;
    const id = descriptions.intern(b, start, end);
    this.lastDescription[stockCode] = id;
    return id;
  }

  /**
   * Rule 4: false when a row with the same values passed before. Values, not texts: `6` and
   * `6.0`, or one date in two layouts, are the same. Rows are remembered by invoice, the
   * fingerprint covering the other values.
   */
  private remember(v: RowValues): boolean {
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
    // (0, 0) marks a free slot: that one fingerprint is taken for (0, 1).
    return this.seen.add(v.invoice, h.high, h.high === 0 && h.low === 0 ? 1 : h.low);
  }

  private isProduct(stockCode: number): boolean {
    if (stockCode >= this.productKinds.length) this.productKinds = grown(this.productKinds, stockCode);
    let kind = this.productKinds[stockCode];
    if (kind === 0) {
      kind = isNonProduct(this.dictionaries.stockCodes.text(stockCode)) ? 2 : 1;
      this.productKinds[stockCode] = kind;
    }
    return kind === 1;
  }

  private countryKept(country: number): boolean {
    if (country >= this.countryKinds.length) this.countryKinds = grown(this.countryKinds, country);
    let kind = this.countryKinds[country];
    if (kind === 0) {
      kind = this.rules.countries!.has(this.dictionaries.countries.text(country)) ? 1 : 2;
      this.countryKinds[country] = kind;
    }
    return kind === 1;
  }
}

function grown(array: Uint8Array, index: number): Uint8Array {
  const out = new Uint8Array(Math.max(array.length * 2, index + 1));
  out.set(array);
  return out;
}
