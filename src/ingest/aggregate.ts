import {
  PARTIAL_SCHEMA_VERSION,
  smallerDescription,
  type CountryAggregate,
  type CustomerAggregate,
  type InputCounts,
  type PartialAggregate,
  type ProductAggregate,
} from '../partial.js';
import type { ByteDictionary } from './dictionary.js';
import { GroupedSets } from './grouped-sets.js';
import { PairIndex } from './pair-index.js';
import { markMutable } from './mutable.js';

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

/**
 * Customers while rows are read: one record of CUSTOMER_FIELDS doubles per customer id in
 * one Float64Array, its fields at these offsets. Numbers in objects would be boxed, one
 * allocation apart from the object each, and would change V8's field representations
 * (and deoptimise the code reading them) as sums outgrow small integers.
 * `ALT_…` are the same facts under the day-first reading of the dates, while undecided.
 */
const KNOWN = 0; // 1 once the customer has a row
const COUNTRY = 1;
const FIRST_SEEN = 2;
/** Infinity and -Infinity until the first purchase. */
const FIRST_PURCHASE = 3;
const LAST_PURCHASE = 4;
const LINES = 5;
const QUANTITY = 6;
const REVENUE = 7;
const UNIT_PRICE_SUM = 8;
const RETURN_LINES = 9;
const RETURN_QUANTITY = 10;
const RETURN_VALUE = 11;
const ALT_COUNTRY = 12;
const ALT_FIRST_SEEN = 13;
const ALT_FIRST_PURCHASE = 14;
const ALT_LAST_PURCHASE = 15;
const CUSTOMER_FIELDS = 16;

/** Products while rows are read, as customers are: their description's id (-1 until a row names one), quantity and revenue. */
const DESCRIPTION = 0;
const PRODUCT_QUANTITY = 1;
const PRODUCT_REVENUE = 2;
const PRODUCT_FIELDS = 3;

/**
 * Every record array starts this small, so that each way of growing is taken in a file's
 * first rows, while the code is still being profiled: a first growth thousands of rows in
 * would discard the optimised aggregation.
 */
const MIN_CAPACITY = 4;

/** Countries' purchases, as customers are: lines (0 for a country with none), quantity and revenue. */
const COUNTRY_LINES = 0;
const COUNTRY_QUANTITY = 1;
const COUNTRY_REVENUE = 2;
const COUNTRY_FIELDS = 3;

/**
 * Accumulates purchases (kept rows) and returns (rule 2 rows with a customer id) of one
 * upload over dictionary ids, then renders the partial exactly as src/partial.ts describes it.
 *
 * While the file's day-month order is undecided (see dates.ts), every time-dependent fact
 * (first and last dates, a customer's first row and its country) is kept under both
 * readings; `settle` keeps one once the data or the end of the file decides.
 */
export class PartialBuilder {
  /** Customer records (see CUSTOMER_FIELDS); ids below `customerCapacity` have room. */
  private customers = new Float64Array(0);
  private customerCapacity = 0;
  /** Product records (see PRODUCT_FIELDS). */
  private products = new Float64Array(0);
  private productCapacity = 0;
  /** Per product: 1 once it has a purchase. */
  private sold = new Uint8Array(0);
  /** (product, country) pairs sold; per pair, its quantity and revenue at [2i, 2i + 1]. */
  private readonly productCountries = new PairIndex();
  private productCountryAmounts = new Float64Array(2 * MIN_CAPACITY);
  /** Per product: the country sold to last and its pair (most lines of a shop go to its home country); -1 for none. */
  private lastCountry = new Int32Array(0);
  private lastPair = new Int32Array(0);
  /** Country records (see COUNTRY_FIELDS). */
  private countries = new Float64Array(MIN_CAPACITY * COUNTRY_FIELDS);
  /** Per customer: its purchase invoices' and products' ids + 1. */
  private readonly customerInvoices = new GroupedSets(1);
  private readonly customerProducts: GroupedSets;
  /** The (customer, invoice) pair added last. */
  private lastCustomer = -1;
  private lastInvoice = -1;
  /** Invoice id → 1 once it has a purchase. */
  private purchased = new Uint8Array(MIN_CAPACITY);
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
    markMutable(this, ['customers', 'products', 'sold', 'productCountryAmounts', 'lastCountry', 'lastPair', 'purchased', 'countries']);
  }

  /** Keeps the day-first facts (`dayFirst`) or the month-first ones, and stops tracking both. */
  settle(dayFirst: boolean): void {
    if (!this.tracking) return;
    this.tracking = false;
    if (!dayFirst) return;
    const c = this.customers;
    for (let at = 0; at < c.length; at += CUSTOMER_FIELDS) {
      c[at + COUNTRY] = c[at + ALT_COUNTRY];
      c[at + FIRST_SEEN] = c[at + ALT_FIRST_SEEN];
      c[at + FIRST_PURCHASE] = c[at + ALT_FIRST_PURCHASE];
      c[at + LAST_PURCHASE] = c[at + ALT_LAST_PURCHASE];
    }
    this.firstDate = this.altFirstDate;
    this.lastDate = this.altLastDate;
  }

  addPurchase(row: RowValues): void {
    const { timestamp, alternative, quantity, priceE4, customer: id, invoice, stockCode, country } = row;
    const value = quantity * priceE4;
    const c = this.customerRecord(row);
    const customers = this.customers;
    if (timestamp < customers[c + FIRST_PURCHASE]) customers[c + FIRST_PURCHASE] = timestamp;
    if (timestamp > customers[c + LAST_PURCHASE]) customers[c + LAST_PURCHASE] = timestamp;
    if (timestamp < this.firstDate) this.firstDate = timestamp;
    if (timestamp > this.lastDate) this.lastDate = timestamp;
    if (this.tracking) {
      if (alternative < customers[c + ALT_FIRST_PURCHASE]) customers[c + ALT_FIRST_PURCHASE] = alternative;
      if (alternative > customers[c + ALT_LAST_PURCHASE]) customers[c + ALT_LAST_PURCHASE] = alternative;
      if (alternative < this.altFirstDate) this.altFirstDate = alternative;
      if (alternative > this.altLastDate) this.altLastDate = alternative;
    }
    customers[c + LINES]++;
    customers[c + QUANTITY] += quantity;
    customers[c + REVENUE] += value;
    customers[c + UNIT_PRICE_SUM] += priceE4;

    // An invoice's lines follow one another: one lookup per invoice, not per line.
    if (this.lastCustomer !== id || this.lastInvoice !== invoice) {
      this.lastCustomer = id;
      this.lastInvoice = invoice;
      this.customerInvoices.add(id, invoice + 1, 0);
      this.markPurchased(invoice);
    }
    this.customerProducts.add(id, stockCode + 1, 0);

    if (stockCode >= this.productCapacity) this.growProducts(stockCode);
    const products = this.products;
    const p = stockCode * PRODUCT_FIELDS;
    if (row.description !== products[p + DESCRIPTION]) this.describe(p, row.description);
    products[p + PRODUCT_QUANTITY] += quantity;
    products[p + PRODUCT_REVENUE] += value;
    this.sold[stockCode] = 1;
    const pair = this.lastCountry[stockCode] === country ? this.lastPair[stockCode] : this.productCountry(stockCode, country);
    this.productCountryAmounts[2 * pair] += quantity;
    this.productCountryAmounts[2 * pair + 1] += value;

    if ((country + 1) * COUNTRY_FIELDS > this.countries.length) this.growCountries(country);
    const totals = this.countries;
    const t = country * COUNTRY_FIELDS;
    totals[t + COUNTRY_LINES]++;
    totals[t + COUNTRY_QUANTITY] += quantity;
    totals[t + COUNTRY_REVENUE] += value;
  }

  /** A cancellation or non-positive quantity: counted as positive amounts. */
  addReturn(row: RowValues): void {
    const c = this.customerRecord(row);
    const quantity = Math.abs(row.quantity);
    this.customers[c + RETURN_LINES]++;
    this.customers[c + RETURN_QUANTITY] += quantity;
    this.customers[c + RETURN_VALUE] += quantity * Math.abs(row.priceE4);
  }

  distinct(): DistinctCounts {
    let customers = 0;
    for (let at = 0; at < this.customers.length; at += CUSTOMER_FIELDS) if (this.customers[at + LINES] > 0) customers++;
    let products = 0;
    for (let id = 0; id < this.productCapacity; id++) products += this.sold[id];
    let countries = 0;
    for (let t = 0; t < this.countries.length; t += COUNTRY_FIELDS) if (this.countries[t + COUNTRY_LINES] > 0) countries++;
    return { customers, invoices: this.invoiceCount, products, countries };
  }

  /** Earliest and latest purchase; null when nothing was bought. */
  dates(): { first: number; last: number } | null {
    return this.firstDate === Infinity ? null : { first: this.firstDate, last: this.lastDate };
  }

  toPartial(dataset: string, sources: readonly string[], input: InputCounts): PartialAggregate {
    const { customers: customerIds, countries: countryIds, invoices: invoiceIds, stockCodes, descriptions } = this.dictionaries;
    const codeOrder = textOrder(stockCodes);
    const countryOrder = textOrder(countryIds);
    const invoicesOf = sortedTexts(this.customerInvoices, invoiceIds, textOrder(invoiceIds));
    const productsOf = sortedTexts(this.customerProducts, stockCodes, codeOrder);
    // Records are filled in their keys' order (see setEntry), which the dictionaries' orders give.
    const c = this.customers;
    const customers: Record<string, CustomerAggregate> = {};
    for (const id of textOrder(customerIds)) {
      const at = id * CUSTOMER_FIELDS;
      if (id >= this.customerCapacity || c[at + KNOWN] === 0) continue;
      const bought = c[at + LINES] > 0;
      setEntry(customers, customerIds.text(id), {
        country: countryIds.text(c[at + COUNTRY] | 0),
        firstSeen: c[at + FIRST_SEEN],
        firstPurchase: bought ? c[at + FIRST_PURCHASE] : null,
        lastPurchase: bought ? c[at + LAST_PURCHASE] : null,
        invoices: invoicesOf(id),
        products: productsOf(id),
        lines: c[at + LINES],
        quantity: c[at + QUANTITY],
        revenueE4: c[at + REVENUE],
        unitPriceSumE4: c[at + UNIT_PRICE_SUM],
        returnLines: c[at + RETURN_LINES],
        returnQuantity: c[at + RETURN_QUANTITY],
        returnValueE4: c[at + RETURN_VALUE],
      });
    }
    const pairsOf = this.pairsByProduct(countryOrder);
    const amounts = this.productCountryAmounts;
    const products: Record<string, ProductAggregate> = {};
    for (const id of codeOrder) {
      if (id >= this.productCapacity || this.sold[id] === 0) continue;
      const p = id * PRODUCT_FIELDS;
      const byCountry: ProductAggregate['byCountry'] = {};
      for (const pair of pairsOf(id)) {
        setEntry(byCountry, countryIds.text(this.productCountries.second(pair)), { quantity: amounts[2 * pair], revenueE4: amounts[2 * pair + 1] });
      }
      setEntry(products, stockCodes.text(id), {
        description: this.products[p + DESCRIPTION] === -1 ? '' : descriptions.text(this.products[p + DESCRIPTION] | 0),
        quantity: this.products[p + PRODUCT_QUANTITY],
        revenueE4: this.products[p + PRODUCT_REVENUE],
        byCountry,
      });
    }
    const countries: Record<string, CountryAggregate> = {};
    for (const id of countryOrder) {
      const t = id * COUNTRY_FIELDS;
      const lines = t < this.countries.length ? this.countries[t + COUNTRY_LINES] : 0;
      if (lines === 0) continue;
      setEntry(countries, countryIds.text(id), { lines, quantity: this.countries[t + COUNTRY_QUANTITY], revenueE4: this.countries[t + COUNTRY_REVENUE] });
    }
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

  /** Where the customer's record starts, made on its first row; its country follows the earliest row, ties to the smaller name. */
  private customerRecord(row: RowValues): number {
    const { timestamp, alternative, country } = row;
    if (row.customer >= this.customerCapacity) this.growCustomers(row.customer);
    const c = this.customers;
    const at = row.customer * CUSTOMER_FIELDS;
    if (c[at + KNOWN] === 0) {
      c[at + KNOWN] = 1;
      c[at + COUNTRY] = country;
      c[at + FIRST_SEEN] = timestamp;
      c[at + FIRST_PURCHASE] = Infinity;
      c[at + LAST_PURCHASE] = -Infinity;
      c[at + ALT_COUNTRY] = country;
      c[at + ALT_FIRST_SEEN] = alternative;
      c[at + ALT_FIRST_PURCHASE] = Infinity;
      c[at + ALT_LAST_PURCHASE] = -Infinity;
      return at;
    }
    const firstSeen = c[at + FIRST_SEEN];
    if (timestamp < firstSeen || (timestamp === firstSeen && this.smallerCountry(country, c[at + COUNTRY] | 0))) {
      c[at + FIRST_SEEN] = timestamp;
      c[at + COUNTRY] = country;
    }
    if (this.tracking) {
      const altFirstSeen = c[at + ALT_FIRST_SEEN];
      if (alternative < altFirstSeen || (alternative === altFirstSeen && this.smallerCountry(country, c[at + ALT_COUNTRY] | 0))) {
        c[at + ALT_FIRST_SEEN] = alternative;
        c[at + ALT_COUNTRY] = country;
      }
    }
    return at;
  }

  /**
   * Ids read from a record array are doubles to V8, and the callers pass them on with `| 0`:
   * a double where the dictionary has only seen small integers would discard the optimised code.
   */
  private smallerCountry(a: number, b: number): boolean {
    return a !== b && this.dictionaries.countries.text(a) < this.dictionaries.countries.text(b);
  }

  private growCustomers(id: number): void {
    this.customerCapacity = Math.max(2 * this.customerCapacity, id + 1, MIN_CAPACITY);
    const grown = new Float64Array(this.customerCapacity * CUSTOMER_FIELDS);
    grown.set(this.customers);
    this.customers = grown;
  }

  private growProducts(id: number): void {
    const capacity = Math.max(2 * this.productCapacity, id + 1, MIN_CAPACITY);
    const grown = new Float64Array(capacity * PRODUCT_FIELDS);
    grown.set(this.products);
    for (let p = this.productCapacity; p < capacity; p++) grown[p * PRODUCT_FIELDS + DESCRIPTION] = -1;
    this.products = grown;
    const sold = new Uint8Array(capacity);
    sold.set(this.sold);
    this.sold = sold;
    const lastCountry = new Int32Array(capacity).fill(-1);
    lastCountry.set(this.lastCountry);
    this.lastCountry = lastCountry;
    const lastPair = new Int32Array(capacity);
    lastPair.set(this.lastPair);
    this.lastPair = lastPair;
    this.productCapacity = capacity;
  }

  /** The pair of product `id` and `country`, its amounts made room for on its first sale. */
  private productCountry(id: number, country: number): number {
    const pair = this.productCountries.indexOf(id, country);
    if (2 * pair + 1 >= this.productCountryAmounts.length) {
      const grown = new Float64Array(2 * this.productCountryAmounts.length);
      grown.set(this.productCountryAmounts);
      this.productCountryAmounts = grown;
    }
    this.lastCountry[id] = country;
    this.lastPair[id] = pair;
    return pair;
  }

  /** Product id → its (product, country) pairs, ordered by the countries' names. */
  private pairsByProduct(countryOrder: Int32Array): (product: number) => number[] {
    const countryRank = ranksOf(countryOrder);
    const pairs = this.productCountries;
    const byProduct: number[][] = Array.from({ length: this.productCapacity }, () => []);
    for (let pair = 0; pair < pairs.size; pair++) byProduct[pairs.first(pair)].push(pair);
    return (product) => byProduct[product].sort((a, b) => countryRank[pairs.second(a)] - countryRank[pairs.second(b)]);
  }

  /** Keeps the smallest non-empty description of the product whose record starts at `p` (order-free, as partials merge). */
  private describe(p: number, description: number): void {
    const { descriptions } = this.dictionaries;
    const text = descriptions.text(description);
    const known = this.products[p + DESCRIPTION] === -1 ? '' : descriptions.text(this.products[p + DESCRIPTION] | 0);
    if (text !== '' && smallerDescription(known, text) === text) this.products[p + DESCRIPTION] = description;
  }

  private growCountries(id: number): void {
    const grown = new Float64Array(Math.max(2 * this.countries.length, (id + 1) * COUNTRY_FIELDS));
    grown.set(this.countries);
    this.countries = grown;
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

/**
 * Adds an entry to a record being filled in its keys' order, as src/partial.ts's merges make
 * them. Assignment, but for "__proto__", which must stay an own property.
 */
function setEntry<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/** The dictionary's ids, ordered by their texts. */
function textOrder(dictionary: ByteDictionary): Int32Array {
  const texts = Array.from({ length: dictionary.size }, (_, id) => dictionary.text(id));
  const ids = Int32Array.from({ length: dictionary.size }, (_, id) => id);
  return ids.sort((a, b) => (texts[a] < texts[b] ? -1 : texts[a] > texts[b] ? 1 : 0));
}

/** Id → its place in `order`. */
function ranksOf(order: Int32Array): Int32Array {
  const rank = new Int32Array(order.length);
  order.forEach((id, r) => (rank[id] = r));
  return rank;
}

/**
 * Customer id → the texts of the ids in its set, sorted: every id is replaced by its rank
 * among the dictionary's texts (`order`: the ids by text), so a customer's list sorts as
 * numbers in one typed array (string arrays sorted by string cost more than the rest of the
 * output).
 */
function sortedTexts(sets: GroupedSets, dictionary: ByteDictionary, order: Int32Array): (customer: number) => string[] {
  const rank = ranksOf(order);
  const byRank = Array.from(order, (id) => dictionary.text(id));
  // One buffer for every customer's ranks: an array each would be memory outside the heap each.
  let scratch = new Int32Array(0);
  return (customer) => {
    const count = sets.memberWords(customer);
    if (scratch.length < count) scratch = new Int32Array(Math.max(count, 2 * scratch.length));
    sets.copyMembers(customer, scratch);
    const ranked = scratch.subarray(0, count);
    for (let i = 0; i < count; i++) ranked[i] = rank[ranked[i] - 1];
    ranked.sort();
    const texts: string[] = new Array(count);
    for (let i = 0; i < count; i++) texts[i] = byRank[ranked[i]];
    return texts;
  };
}
