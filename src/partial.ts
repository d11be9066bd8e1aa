/**
 * The partial: everything segmentation needs from one upload, mergeable with any other
 * partial of the same dataset. merge(p(A), p(B)) equals p(A ++ B): sets are kept exactly
 * (sorted arrays) and money is integral, so the order of merging never shows.
 */

export const PARTIAL_SCHEMA_VERSION = 1;

/** Why a row was dropped, in the order the cleaning rules are applied (DESIGN.md). */
export const DROP_REASONS = [
  'malformed',
  'noCustomerId',
  'returns',
  'nonPositivePrice',
  'duplicate',
  'nonProduct',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];
export type DropCounts = Record<DropReason, number>;

/**
 * Money fields (`…E4`) are integers in 1/10,000 of the currency unit: ingest accepts prices
 * of at most 4 decimals, so sums are exact and independent of merge order.
 * Timestamps are epoch milliseconds of the file's naive local times read as UTC.
 */
export interface CustomerAggregate {
  /** Country of the customer's earliest row (purchase or return); ties go to the smaller name. */
  country: string;
  /** Timestamp of that earliest row: decides `country` when partials merge. */
  firstSeen: number;
  /** Earliest and latest purchase (kept row); null when the customer only returned goods. */
  firstPurchase: number | null;
  lastPurchase: number | null;
  /** Distinct purchase invoices, sorted. */
  invoices: string[];
  /** Distinct stock codes bought, sorted. */
  products: string[];
  /** Kept rows (purchase lines). */
  lines: number;
  quantity: number;
  revenueE4: number;
  /** Sum of unit prices over purchase lines: average unit price = unitPriceSumE4 / lines. */
  unitPriceSumE4: number;
  /** Cancellations and non-positive quantities (rule 2), as positive amounts. */
  returnLines: number;
  returnQuantity: number;
  returnValueE4: number;
}

export interface ProductAggregate {
  /** The smallest non-empty description seen for the code (products carry several): order-free. */
  description: string;
  quantity: number;
  revenueE4: number;
  byCountry: Record<string, { quantity: number; revenueE4: number }>;
}

export interface CountryAggregate {
  lines: number;
  quantity: number;
  revenueE4: number;
}

export interface InputCounts {
  rowsRead: number;
  rowsKept: number;
  dropped: DropCounts;
}

export interface PartialAggregate {
  schemaVersion: typeof PARTIAL_SCHEMA_VERSION;
  dataset: string;
  /** The upload keys this partial covers, sorted. */
  sources: string[];
  input: InputCounts;
  /** Earliest and latest purchase over kept rows; null when no row was kept. */
  firstDate: number | null;
  lastDate: number | null;
  customers: Record<string, CustomerAggregate>;
  products: Record<string, ProductAggregate>;
  countries: Record<string, CountryAggregate>;
}

/** A partial as its upload's ingest wrote it: the stored bytes, and the object they were written from. */
export interface WrittenPartial {
  bytes: Uint8Array;
  partial: PartialAggregate;
}

export function emptyDropCounts(): DropCounts {
  return Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as DropCounts;
}

export function emptyPartial(dataset: string, sources: string[] = []): PartialAggregate {
  return {
    schemaVersion: PARTIAL_SCHEMA_VERSION,
    dataset,
    sources: [...sources].sort(),
    input: { rowsRead: 0, rowsKept: 0, dropped: emptyDropCounts() },
    firstDate: null,
    lastDate: null,
    customers: {},
    products: {},
    countries: {},
  };
}

/** Union of two sorted arrays of distinct strings, sorted. */
export function sortedUnion(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) out.push(a[i++]);
    else if (a[i] > b[j]) out.push(b[j++]);
    else {
      out.push(a[i++]);
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

function minOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/** True when `a` decides a customer's country over `b`: earlier, or as early and smaller. */
function seenBefore(a: CustomerAggregate, b: CustomerAggregate): boolean {
  return a.firstSeen < b.firstSeen || (a.firstSeen === b.firstSeen && a.country < b.country);
}

export function mergeCustomers(a: CustomerAggregate, b: CustomerAggregate): CustomerAggregate {
  const first = seenBefore(a, b) ? a : b;
  return {
    country: first.country,
    firstSeen: first.firstSeen,
    firstPurchase: minOrNull(a.firstPurchase, b.firstPurchase),
    lastPurchase: maxOrNull(a.lastPurchase, b.lastPurchase),
    invoices: sortedUnion(a.invoices, b.invoices),
    products: sortedUnion(a.products, b.products),
    lines: a.lines + b.lines,
    quantity: a.quantity + b.quantity,
    revenueE4: a.revenueE4 + b.revenueE4,
    unitPriceSumE4: a.unitPriceSumE4 + b.unitPriceSumE4,
    returnLines: a.returnLines + b.returnLines,
    returnQuantity: a.returnQuantity + b.returnQuantity,
    returnValueE4: a.returnValueE4 + b.returnValueE4,
  };
}

/** The smaller of two descriptions, where an empty one counts as missing. */
export function smallerDescription(a: string, b: string): string {
  if (a === '') return b;
  if (b === '') return a;
  return a < b ? a : b;
}

/**
 * The entries as a record with its keys inserted in sorted order, so serialised partials are
 * canonical. (JSON still lists integer-like keys first, in numeric order: deterministic
 * too.) Built with fromEntries so that a key such as "__proto__" stays an ordinary key.
 */
function sortedRecordOf<T>(entries: Map<string, T>): Record<string, T> {
  return Object.fromEntries([...entries.keys()].sort().map((key) => [key, entries.get(key)!]));
}

/**
 * Whether the record enumerates its keys as sortedRecordOf's would: array-index keys come
 * first in numeric order however they were inserted, so only the others' order is checked.
 */
function inKeyOrder(record: object): boolean {
  let previous: string | undefined;
  for (const key of Object.keys(record)) {
    if (ARRAY_INDEX.test(key) && Number(key) < 2 ** 32 - 1) continue;
    if (previous !== undefined && !(previous < key)) return false;
    previous = key;
  }
  return true;
}

const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

/** Amounts added up across partials: a country's totals, or a product's in one country. */
type Amounts<T> = { [K in keyof T]: number };

/** Adds `amounts` into `into`'s entry for `key` (a copy of them when it has none: the partial's stay as they are). */
function addAmounts<T extends Amounts<T>>(into: Map<string, T>, key: string, amounts: T): void {
  const held = into.get(key);
  if (held === undefined) {
    into.set(key, { ...amounts });
    return;
  }
  for (const field of Object.keys(amounts) as (keyof T)[]) (held[field] as number) += amounts[field];
}

/** A product's totals once a second partial holds it; its countries become a sorted record once, at the end. */
interface ProductTotals {
  description: string;
  quantity: number;
  revenueE4: number;
  byCountry: Map<string, ProductAggregate['byCountry'][string]>;
}

function isTotals(product: ProductAggregate | ProductTotals): product is ProductTotals {
  return product.byCountry instanceof Map;
}

/** A product's record as totals to add to (copies: the partial's record stays as it is). */
function totalsOf({ description, quantity, revenueE4, byCountry }: ProductAggregate): ProductTotals {
  return { description, quantity, revenueE4, byCountry: new Map(Object.entries(byCountry).map(([country, amounts]) => [country, { ...amounts }])) };
}

/** The amounts as a sorted record (see sortedRecordOf) of copies: the merger's own totals stay its own. */
function sortedCopies<T extends Amounts<T>>(amounts: Map<string, T>): Record<string, T> {
  return sortedRecordOf(new Map([...amounts].map(([key, value]) => [key, { ...value }])));
}

/**
 * Merges any number of partials of one dataset, one at a time, into totals it keeps: each
 * partial costs its own size, where merging them two by two rebuilt every record held so
 * far (200 daily uploads of 4,372 customers took 3.7 s to merge that way). The partials
 * added are not changed, and the order they come in does not show in the result.
 */
export class PartialMerger {
  private readonly sources: string[][] = [];
  private readonly input: InputCounts = { rowsRead: 0, rowsKept: 0, dropped: emptyDropCounts() };
  private firstDate: number | null = null;
  private lastDate: number | null = null;
  /**
   * A record held by one partial so far is kept as that partial gave it. Customers' records
   * are merged whole (mergeCustomers): a customer is in few uploads, a product in most, so
   * a product's totals are added to in place from its second partial on.
   */
  private readonly customers = new Map<string, CustomerAggregate>();
  private readonly products = new Map<string, ProductAggregate | ProductTotals>();
  private readonly countries = new Map<string, CountryAggregate>();

  /** The first partial, folded into the totals only when a second comes: one upload needs no merging. */
  private only: PartialAggregate | undefined;

  constructor(readonly dataset: string) {}

  add(partial: PartialAggregate): void {
    if (partial.dataset !== this.dataset) {
      throw new RangeError(`cannot merge partials of datasets "${this.dataset}" and "${partial.dataset}"`);
    }
    if (this.only === undefined && this.sources.length === 0) {
      this.only = partial;
      return;
    }
    this.foldOnly();
    this.fold(partial);
  }

  /** Folds the one partial held aside into the totals. */
  private foldOnly(): void {
    if (this.only === undefined) return;
    this.fold(this.only);
    this.only = undefined;
  }

  private fold(partial: PartialAggregate): void {
    this.sources.push(partial.sources);
    this.input.rowsRead += partial.input.rowsRead;
    this.input.rowsKept += partial.input.rowsKept;
    for (const reason of DROP_REASONS) this.input.dropped[reason] += partial.input.dropped[reason];
    this.firstDate = minOrNull(this.firstDate, partial.firstDate);
    this.lastDate = maxOrNull(this.lastDate, partial.lastDate);
    for (const [id, customer] of Object.entries(partial.customers)) {
      const held = this.customers.get(id);
      this.customers.set(id, held === undefined ? customer : mergeCustomers(held, customer));
    }
    for (const [code, product] of Object.entries(partial.products)) {
      const held = this.products.get(code);
      if (held === undefined) {
        this.products.set(code, product);
        continue;
      }
      const totals = isTotals(held) ? held : totalsOf(held);
      this.products.set(code, totals);
      totals.description = smallerDescription(totals.description, product.description);
      totals.quantity += product.quantity;
      totals.revenueE4 += product.revenueE4;
      for (const [country, amounts] of Object.entries(product.byCountry)) addAmounts(totals.byCountry, country, amounts);
    }
    for (const [country, totals] of Object.entries(partial.countries)) addAmounts(this.countries, country, totals);
  }

  /** The merge of every partial added so far (the empty partial when none was). */
  result(): PartialAggregate {
    const only = this.only;
    if (only !== undefined && inKeyOrder(only.customers) && inKeyOrder(only.products) && inKeyOrder(only.countries)) {
      // As the fold would give it (a partial as ingest writes it has its records in their keys' order).
      return {
        schemaVersion: PARTIAL_SCHEMA_VERSION,
        dataset: this.dataset,
        sources: [...new Set(only.sources)].sort(),
        input: { ...only.input, dropped: { ...only.input.dropped } },
        firstDate: only.firstDate,
        lastDate: only.lastDate,
        customers: { ...only.customers },
        products: { ...only.products },
        countries: Object.fromEntries(Object.entries(only.countries).map(([country, totals]) => [country, { ...totals }])),
      };
    }
    this.foldOnly();
    const products = new Map<string, ProductAggregate>();
    for (const [code, product] of this.products) {
      products.set(code, isTotals(product) ? { ...product, byCountry: sortedCopies(product.byCountry) } : product);
    }
    return {
      schemaVersion: PARTIAL_SCHEMA_VERSION,
      dataset: this.dataset,
      sources: [...new Set(this.sources.flat())].sort(),
      input: { ...this.input, dropped: { ...this.input.dropped } },
      firstDate: this.firstDate,
      lastDate: this.lastDate,
      customers: sortedRecordOf(this.customers),
      products: sortedRecordOf(products),
      countries: sortedCopies(this.countries),
    };
  }
}
