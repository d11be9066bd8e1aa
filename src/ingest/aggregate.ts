import {
  PARTIAL_SCHEMA_VERSION,
  smallerDescription,
  sortKeys,
  type CountryAggregate,
  type CustomerAggregate,
  type InputCounts,
  type PartialAggregate,
  type ProductAggregate,
} from '../partial.js';
import type { ByteDictionary } from './dictionary.js';
import { GroupedSets } from './grouped-sets.js';

/** A row that passed rule 0, as dictionary ids and numbers: filled by the cleaner for each row, read by the builder. */
export interface RowValues {
  quantity: number;
  priceE4: number;
  /** Epoch ms of the naive local time, read as UTC. */
  timestamp: number;
  /** The timestamp should the file turn out to be day-first; equal to `timestamp` once the order is known. */
  alternative: number;
  customer: number;
  country: number;
  invoice: number;
  stockCode: number;
  /** The id of the trimmed description; of the empty text when missing. */
  description: number;
}

/** The value dictionaries the cleaner fills and the builder reads its texts from. */
export interface Dictionaries {
  customers: ByteDictionary;
  countries: ByteDictionary;
  invoices: ByteDictionary;
  stockCodes: ByteDictionary;
  descriptions: ByteDictionary;
}

export interface DistinctCounts {
  customers: number;
  invoices: number;
  products: number;
  countries: number;
}

/** A customer while rows are read; `alt…` are the same facts under the day-first reading of the dates, while undecided. */
interface CustomerState {
  country: number;
  firstSeen: number;
  /** Infinity and -Infinity until the first purchase. */
  firstPurchase: number;
  lastPurchase: number;
  lines: number;
  quantity: number;
  revenueE4: number;
  unitPriceSumE4: number;
  returnLines: number;
  returnQuantity: number;
  returnValueE4: number;
  altCountry: number;
  altFirstSeen: number;
  altFirstPurchase: number;
  altLastPurchase: number;
}

interface ProductState {
  /** Description id; -1 until a row names one. */
  description: number;
  quantity: number;
  revenueE4: number;
  /** Country id → amounts. */
  byCountry: Map<number, Amounts>;
  /** The amounts of the country sold to last: most lines of a shop go to its home country. */
  lastCountry: number;
  lastAmounts: Amounts | null;
}

interface Amounts {
  quantity: number;
  revenueE4: number;
}

/**
 * Accumulates purchases (kept rows) and returns (rule 2 rows with a customer id) of one
 * upload over dictionary ids, then renders the partial exactly as src/partial.ts describes it.
 *
 * While the file's day-month order is undecided (see dates.ts), every time-dependent fact
 * (first and last dates, a customer's first row and its country) is kept under both
 * readings; `settle` keeps one once the data or the end of the file decides.
 */
export class PartialBuilder {
  private readonly customers: (CustomerState | undefined)[] = [];
  private readonly products: (ProductState | undefined)[] = [];
  private readonly countries: (CountryAggregate | undefined)[] = [];
  /** Per customer: its purchase invoices' and products' ids + 1. */
  private readonly customerInvoices = new GroupedSets(1);
  private readonly customerProducts: GroupedSets;
  /** The (customer, invoice) pair added last. */
  private lastCustomer = -1;
  private lastInvoice = -1;
  /** Invoice id → 1 once it has a purchase. */
  private purchased = new Uint8Array(1024);
  private invoiceCount = 0;
  private firstDate = Infinity;
  private lastDate = -Infinity;
  private altFirstDate = Infinity;
  private altLastDate = -Infinity;
  private tracking: boolean;

  constructor(
    private readonly dictionaries: Dictionaries,
    /** Whether the day-month order is still to be decided. */
    undecided: boolean,
    /** About how many rows the file has, when its size tells. */
    expectedRows = 0,
  ) {
    this.tracking = undecided;
    // A customer buys most products once: in a retail export, about two pairs for three rows.
    this.customerProducts = new GroupedSets(1, expectedRows * 0.75);
  }

  /** Keeps the day-first facts (`dayFirst`) or the month-first ones, and stops tracking both. */
  settle(dayFirst: boolean): void {
    if (!this.tracking) return;
    this.tracking = false;
    if (!dayFirst) return;
    for (const c of this.customers) {
      if (c === undefined) continue;
      c.country = c.altCountry;
      c.firstSeen = c.altFirstSeen;
      c.firstPurchase = c.altFirstPurchase;
      c.lastPurchase = c.altLastPurchase;
    }
    this.firstDate = this.altFirstDate;
    this.lastDate = this.altLastDate;
  }

  addPurchase(row: RowValues): void {
    const { timestamp, alternative, quantity, priceE4, customer: id, invoice, stockCode } = row;
    const value = quantity * priceE4;
    const customer = this.customer(row);
    if (timestamp < customer.firstPurchase) customer.firstPurchase = timestamp;
    if (timestamp > customer.lastPurchase) customer.lastPurchase = timestamp;
    if (timestamp < this.firstDate) this.firstDate = timestamp;
    if (timestamp > this.lastDate) this.lastDate = timestamp;
    if (this.tracking) {
      if (alternative < customer.altFirstPurchase) customer.altFirstPurchase = alternative;
      if (alternative > customer.altLastPurchase) customer.altLastPurchase = alternative;
      if (alternative < this.altFirstDate) this.altFirstDate = alternative;
      if (alternative > this.altLastDate) this.altLastDate = alternative;
    }
    customer.lines++;
    customer.quantity += quantity;
    customer.revenueE4 += value;
    customer.unitPriceSumE4 += priceE4;

    // An invoice's lines follow one another: one lookup per invoice, not per line.
    if (this.lastCustomer !== id || this.lastInvoice !== invoice) {
      this.lastCustomer = id;
      this.lastInvoice = invoice;
      this.customerInvoices.add(id, invoice + 1, 0);
      this.markPurchased(invoice);
    }
    this.customerProducts.add(id, stockCode + 1, 0);

    const product = this.product(stockCode);
    if (row.description !== product.description) this.describe(product, row.description);
    product.quantity += quantity;
    product.revenueE4 += value;
    const byCountry = product.lastCountry === row.country ? product.lastAmounts! : this.amounts(product, row.country);
    byCountry.quantity += quantity;
    byCountry.revenueE4 += value;

    let country = this.countries[row.country];
    if (country === undefined) {
      country = { lines: 0, quantity: 0, revenueE4: 0 };
      setAt(this.countries, row.country, country);
    }
    country.lines++;
    country.quantity += quantity;
    country.revenueE4 += value;
  }

  /** A cancellation or non-positive quantity: counted as positive amounts. */
  addReturn(row: RowValues): void {
    const customer = this.customer(row);
    const quantity = Math.abs(row.quantity);
    customer.returnLines++;
    customer.returnQuantity += quantity;
    customer.returnValueE4 += quantity * Math.abs(row.priceE4);
  }

  distinct(): DistinctCounts {
    let customers = 0;
    for (const c of this.customers) if (c !== undefined && c.lines > 0) customers++;
    let products = 0;
    for (const p of this.products) if (p !== undefined) products++;
    let countries = 0;
    for (const c of this.countries) if (c !== undefined) countries++;
    return { customers, invoices: this.invoiceCount, products, countries };
  }

  /** Earliest and latest purchase; null when nothing was bought. */
  dates(): { first: number; last: number } | null {
    return this.firstDate === Infinity ? null : { first: this.firstDate, last: this.lastDate };
  }

  toPartial(dataset: string, sources: readonly string[], input: InputCounts): PartialAggregate {
    const { customers: customerIds, countries: countryIds, invoices: invoiceIds, stockCodes, descriptions } = this.dictionaries;
    const invoicesOf = sortedTexts(this.customerInvoices, invoiceIds);
    const productsOf = sortedTexts(this.customerProducts, stockCodes);
    const customers = sortedRecord(
      entries(this.customers).map(([id, c]): [string, CustomerAggregate] => [
        customerIds.text(id),
        {
          country: countryIds.text(c.country),
          firstSeen: c.firstSeen,
          firstPurchase: c.lines > 0 ? c.firstPurchase : null,
          lastPurchase: c.lines > 0 ? c.lastPurchase : null,
          invoices: invoicesOf(id),
          products: productsOf(id),
          lines: c.lines,
          quantity: c.quantity,
          revenueE4: c.revenueE4,
          unitPriceSumE4: c.unitPriceSumE4,
          returnLines: c.returnLines,
          returnQuantity: c.returnQuantity,
          returnValueE4: c.returnValueE4,
        },
      ]),
    );
    const products = sortedRecord(
      entries(this.products).map(([id, p]): [string, ProductAggregate] => [
        stockCodes.text(id),
        {
          description: p.description === -1 ? '' : descriptions.text(p.description),
          quantity: p.quantity,
          revenueE4: p.revenueE4,
          byCountry: sortKeys(Object.fromEntries([...p.byCountry].map(([country, amounts]) => [countryIds.text(country), amounts]))),
        },
      ]),
    );
    const countries = sortedRecord(entries(this.countries).map(([id, c]) => [countryIds.text(id), c]));
    const dates = this.dates();
    return {
      schemaVersion: PARTIAL_SCHEMA_VERSION,
      dataset,
      sources: [...sources].sort(),
      input,
      firstDate: dates?.first ?? null,
      lastDate: dates?.last ?? null,
      customers,
      products,
      countries,
    };
  }

  /** The customer's state; its country follows the earliest row, ties to the smaller name. */
  private customer(row: RowValues): CustomerState {
    const { timestamp, alternative, country } = row;
    let customer = this.customers[row.customer];
    if (customer === undefined) {
      customer = {
        country,
        firstSeen: timestamp,
        firstPurchase: Infinity,
        lastPurchase: -Infinity,
        lines: 0,
        quantity: 0,
        revenueE4: 0,
        unitPriceSumE4: 0,
        returnLines: 0,
        returnQuantity: 0,
        returnValueE4: 0,
        altCountry: country,
        altFirstSeen: alternative,
        altFirstPurchase: Infinity,
        altLastPurchase: -Infinity,
      };
      setAt(this.customers, row.customer, customer);
      return customer;
    }
    if (timestamp < customer.firstSeen || (timestamp === customer.firstSeen && this.smallerCountry(country, customer.country))) {
      customer.firstSeen = timestamp;
      customer.country = country;
    }
    if (
      this.tracking &&
      (alternative < customer.altFirstSeen || (alternative === customer.altFirstSeen && this.smallerCountry(country, customer.altCountry)))
    ) {
      customer.altFirstSeen = alternative;
      customer.altCountry = country;
    }
    return customer;
  }

  private smallerCountry(a: number, b: number): boolean {
    return a !== b && this.dictionaries.countries.text(a) < this.dictionaries.countries.text(b);
  }

  private product(id: number): ProductState {
    let product = this.products[id];
    if (product === undefined) {
      product = { description: -1, quantity: 0, revenueE4: 0, byCountry: new Map(), lastCountry: -1, lastAmounts: null };
      setAt(this.products, id, product);
    }
    return product;
  }

  private amounts(product: ProductState, country: number): Amounts {
    let amounts = product.byCountry.get(country);
    if (amounts === undefined) {
      amounts = { quantity: 0, revenueE4: 0 };
      product.byCountry.set(country, amounts);
    }
    product.lastCountry = country;
    product.lastAmounts = amounts;
    return amounts;
  }

  /** Keeps the smallest non-empty description (order-free, as partials merge). */
  private describe(product: ProductState, description: number): void {
    const { descriptions } = this.dictionaries;
    const text = descriptions.text(description);
    const known = product.description === -1 ? '' : descriptions.text(product.description);
    if (text !== '' && smallerDescription(known, text) === text) product.description = description;
  }

  private markPurchased(invoice: number): void {
    if (invoice >= this.purchased.length) {
      const grown = new Uint8Array(Math.max(this.purchased.length * 2, invoice + 1));
      grown.set(this.purchased);
      this.purchased = grown;
    }
    if (this.purchased[invoice] === 0) {
      this.purchased[invoice] = 1;
      this.invoiceCount++;
    }
  }
}

/** Stores `value` at `index` of a dense array, filling the gap with undefined (no holes: holes make V8's arrays slow). */
function setAt<T>(array: (T | undefined)[], index: number, value: T): void {
  while (array.length < index) array.push(undefined);
  array[index] = value;
}

/**
 * The entries as a record with its keys inserted in sorted order, as src/partial.ts's
 * sortKeys makes them, in one pass. fromEntries, not assignment: a key such as "__proto__"
 * must stay an own property.
 */
function sortedRecord<T>(entries: [string, T][]): Record<string, T> {
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function entries<T>(array: (T | undefined)[]): [number, T][] {
  const out: [number, T][] = [];
  array.forEach((value, id) => {
    if (value !== undefined) out.push([id, value]);
  });
  return out;
}

/**
 * Customer id → the texts of the ids in its set, sorted: every id is replaced by its rank
 * among the dictionary's texts, so a customer's list sorts as numbers in one typed array
 * (string arrays sorted by string cost more than the rest of the output).
 */
function sortedTexts(sets: GroupedSets, dictionary: ByteDictionary): (customer: number) => string[] {
  const sorted = Array.from({ length: dictionary.size }, (_, id) => dictionary.text(id)).map((text, id) => ({ text, id }));
  sorted.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const rank = new Int32Array(dictionary.size);
  sorted.forEach(({ id }, r) => (rank[id] = r));
  return (customer) => {
    const ranks = sets.members(customer);
    for (let i = 0; i < ranks.length; i++) ranks[i] = rank[ranks[i] - 1];
    ranks.sort();
    const texts: string[] = [];
    for (let i = 0; i < ranks.length; i++) texts.push(sorted[ranks[i]].text);
    return texts;
  };
}
