import { smallerDescription } from '../partial.js';
import type { ByteDictionary } from './dictionary.js';
import { GroupedSets } from './grouped-sets.js';
import { PairIndex } from './pair-index.js';
import { markMutable } from './mutable.js';
import { COUNTRY as COUNTRY_RECORD, CUSTOMER, PRODUCT, type IdGroups, type PartialTables } from './render.js';

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

// The record layouts (render.ts) as plain constants: the hot code below reads no object for them.
const { KNOWN, COUNTRY, FIRST_SEEN, FIRST_PURCHASE, LAST_PURCHASE, LINES, QUANTITY, REVENUE, UNIT_PRICE_SUM, RETURN_LINES, RETURN_QUANTITY, RETURN_VALUE } = CUSTOMER;
const { ALT_COUNTRY, ALT_FIRST_SEEN, ALT_FIRST_PURCHASE, ALT_LAST_PURCHASE, FIELDS: CUSTOMER_FIELDS } = CUSTOMER;
const { DESCRIPTION, QUANTITY: PRODUCT_QUANTITY, REVENUE: PRODUCT_REVENUE, FIELDS: PRODUCT_FIELDS } = PRODUCT;
const { LINES: COUNTRY_LINES, QUANTITY: COUNTRY_QUANTITY, REVENUE: COUNTRY_REVENUE, FIELDS: COUNTRY_FIELDS } = COUNTRY_RECORD;

/**
 * Every record array starts this small, so that each way of growing is taken in a file's
 * first rows, while the code is still being profiled: a first growth thousands of rows in
 * would discard the optimised aggregation.
 */
const MIN_CAPACITY = 4;

/**
 * Accumulates purchases (kept rows) and returns (rule 2 rows with a customer id) of one
 * upload over dictionary ids, in the record layouts of render.ts, which renders the partial
 * from `tables()`.
 *
 * While the file's day-month order is undecided (see dates.ts), every time-dependent fact
 * (first and last dates, a customer's first row and its country) is kept under both
 * readings; `settle` keeps one once the data or the end of the file decides.
 */
export class PartialBuilder {
  /** Customer records (see CUSTOMER in render.ts); ids below `customerCapacity` have room. */
  private customers = new Float64Array(0);
  private customerCapacity = 0;
  /** Product records (see PRODUCT in render.ts). */
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
  /** Country records (see COUNTRY in render.ts). */
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

  /** The aggregates so far, for render.ts: the record arrays themselves (as long as their capacities), the pairs and sets copied. */
  tables(): PartialTables {
    const pairs = this.productCountries;
    const pairProducts = new Int32Array(pairs.size);
    const pairCountries = new Int32Array(pairs.size);
    for (let pair = 0; pair < pairs.size; pair++) {
      pairProducts[pair] = pairs.first(pair);
      pairCountries[pair] = pairs.second(pair);
    }
    return {
      customers: this.customers,
      products: this.products,
      sold: this.sold,
      pairProducts,
      pairCountries,
      pairAmounts: this.productCountryAmounts,
      countries: this.countries,
      customerInvoices: idGroups(this.customerInvoices, this.customerCapacity),
      customerProducts: idGroups(this.customerProducts, this.customerCapacity),
      invoiceCount: this.invoiceCount,
      firstDate: this.firstDate,
      lastDate: this.lastDate,
      texts: this.dictionaries,
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

/** Sets of ids + 1 as the ids, grouped, for groups below `groups` (the sets have none beyond). */
function idGroups(sets: GroupedSets, groups: number): IdGroups {
  const offsets = new Int32Array(groups + 1);
  for (let group = 0; group < groups; group++) offsets[group + 1] = offsets[group] + sets.memberWords(group);
  const members = new Int32Array(offsets[groups]);
  for (let group = 0; group < groups; group++) sets.copyMembers(group, members, offsets[group]);
  for (let i = 0; i < members.length; i++) members[i]--;
  return { offsets, members };
}
