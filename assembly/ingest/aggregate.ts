// Port of src/ingest/aggregate.ts (PartialBuilder), which documents what is accumulated and
// why; keep the two in step. The records have the layouts of src/ingest/render.ts, so the host
// renders the partial from views of this memory.

import { ByteDictionary } from './dictionary';
import { GroupedSets } from './grouped-sets';
import { textLess } from './host';
import { grown } from './memory';
import { PairIndex } from './pair-index';

// Customer record fields (CUSTOMER in src/ingest/render.ts).
const KNOWN = 0;
const COUNTRY = 1;
const FIRST_SEEN = 2;
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

// Product record fields (PRODUCT).
const DESCRIPTION = 0;
const PRODUCT_QUANTITY = 1;
const PRODUCT_REVENUE = 2;
const PRODUCT_FIELDS = 3;

// Country record fields (COUNTRY).
const COUNTRY_LINES = 0;
const COUNTRY_QUANTITY = 1;
const COUNTRY_REVENUE = 2;
const COUNTRY_FIELDS = 3;

/** A row that passed rule 0, as dictionary ids and numbers (RowValues). */
export class RowValues {
  quantity: f64 = 0;
  priceE4: f64 = 0;
  timestamp: f64 = 0;
  alternative: f64 = 0;
  customer: i32 = 0;
  country: i32 = 0;
  invoice: i32 = 0;
  stockCode: i32 = 0;
  description: i32 = 0;
}

/** The value dictionaries the cleaner fills and the builder reads texts from. */
export class Dictionaries {
  customers: ByteDictionary = new ByteDictionary();
  countries: ByteDictionary = new ByteDictionary();
  invoices: ByteDictionary = new ByteDictionary();
  stockCodes: ByteDictionary = new ByteDictionary();
  descriptions: ByteDictionary = new ByteDictionary();
}

/** Ids per group, as src/ingest/render.ts's IdGroups: group g's ids are members[offsets[g], offsets[g + 1]). */
export class IdGroups {
  offsets: usize = 0;
  members: usize = 0;
}

@inline function f64At(base: usize, index: i32): usize {
  return base + (<usize>index << 3);
}

export class PartialBuilder {
  customers: usize = 0;
  customerCapacity: i32 = 0;
  products: usize = 0;
  productCapacity: i32 = 0;
  sold: usize = 0;
  /** (product, country) pairs sold, and per pair its quantity and revenue. */
  productCountries: PairIndex = new PairIndex();
  pairAmounts: usize = 0;
  pairCapacity: i32 = 0;
  lastCountry: usize = 0;
  lastPair: usize = 0;
  countries: usize = 0;
  countryCapacity: i32 = 0;
  /** Per customer: its purchase invoices' and products' ids + 1. */
  customerInvoices: GroupedSets = new GroupedSets(1, 0);
  customerProducts: GroupedSets;
  lastCustomer: i32 = -1;
  lastInvoice: i32 = -1;
  purchased: usize = 0;
  purchasedCapacity: i32 = 0;
  invoiceCount: i32 = 0;
  firstDate: f64 = Infinity;
  lastDate: f64 = -Infinity;
  altFirstDate: f64 = Infinity;
  altLastDate: f64 = -Infinity;
  tracking: bool;

  constructor(
    private dictionaries: Dictionaries,
    undecided: bool,
    /** About how many rows the file has, when its size tells. */
    expectedRows: i32,
  ) {
    this.tracking = undecided;
    // A customer buys most products once: in a retail export, about two pairs for three rows.
    this.customerProducts = new GroupedSets(1, <i32>(<f64>expectedRows * 0.75));
  }

  /** Keeps the day-first facts or the month-first ones, and stops tracking both. */
  settle(dayFirst: bool): void {
    if (!this.tracking) return;
    this.tracking = false;
    if (!dayFirst) return;
    for (let id = 0; id < this.customerCapacity; id++) {
      const c = f64At(this.customers, id * CUSTOMER_FIELDS);
      store<f64>(c + (COUNTRY << 3), load<f64>(c + (ALT_COUNTRY << 3)));
      store<f64>(c + (FIRST_SEEN << 3), load<f64>(c + (ALT_FIRST_SEEN << 3)));
      store<f64>(c + (FIRST_PURCHASE << 3), load<f64>(c + (ALT_FIRST_PURCHASE << 3)));
      store<f64>(c + (LAST_PURCHASE << 3), load<f64>(c + (ALT_LAST_PURCHASE << 3)));
    }
    this.firstDate = this.altFirstDate;
    this.lastDate = this.altLastDate;
  }

  addPurchase(row: RowValues): void {
    const timestamp = row.timestamp;
    const alternative = row.alternative;
    const quantity = row.quantity;
    const priceE4 = row.priceE4;
    const id = row.customer;
    const invoice = row.invoice;
    const stockCode = row.stockCode;
    const country = row.country;
    const value = quantity * priceE4;
    const c = this.customerRecord(row);
    if (timestamp < load<f64>(c + (FIRST_PURCHASE << 3))) store<f64>(c + (FIRST_PURCHASE << 3), timestamp);
    if (timestamp > load<f64>(c + (LAST_PURCHASE << 3))) store<f64>(c + (LAST_PURCHASE << 3), timestamp);
    if (timestamp < this.firstDate) this.firstDate = timestamp;
    if (timestamp > this.lastDate) this.lastDate = timestamp;
    if (this.tracking) {
      if (alternative < load<f64>(c + (ALT_FIRST_PURCHASE << 3))) store<f64>(c + (ALT_FIRST_PURCHASE << 3), alternative);
      if (alternative > load<f64>(c + (ALT_LAST_PURCHASE << 3))) store<f64>(c + (ALT_LAST_PURCHASE << 3), alternative);
      if (alternative < this.altFirstDate) this.altFirstDate = alternative;
      if (alternative > this.altLastDate) this.altLastDate = alternative;
    }
    store<f64>(c + (LINES << 3), load<f64>(c + (LINES << 3)) + 1);
    store<f64>(c + (QUANTITY << 3), load<f64>(c + (QUANTITY << 3)) + quantity);
    store<f64>(c + (REVENUE << 3), load<f64>(c + (REVENUE << 3)) + value);
    store<f64>(c + (UNIT_PRICE_SUM << 3), load<f64>(c + (UNIT_PRICE_SUM << 3)) + priceE4);

    // An invoice's lines follow one another: one lookup per invoice, not per line.
    if (this.lastCustomer != id || this.lastInvoice != invoice) {
      this.lastCustomer = id;
      this.lastInvoice = invoice;
      this.customerInvoices.add(id, invoice + 1, 0);
      this.markPurchased(invoice);
    }
    this.customerProducts.add(id, stockCode + 1, 0);

    if (stockCode >= this.productCapacity) this.growProducts(stockCode);
    const p = f64At(this.products, stockCode * PRODUCT_FIELDS);
    if (<f64>row.description != load<f64>(p + (DESCRIPTION << 3))) this.describe(p, row.description);
    store<f64>(p + (PRODUCT_QUANTITY << 3), load<f64>(p + (PRODUCT_QUANTITY << 3)) + quantity);
    store<f64>(p + (PRODUCT_REVENUE << 3), load<f64>(p + (PRODUCT_REVENUE << 3)) + value);
    store<u8>(this.sold + <usize>stockCode, 1);
    const pair =
      load<i32>(this.lastCountry + (<usize>stockCode << 2)) == country
        ? load<i32>(this.lastPair + (<usize>stockCode << 2))
        : this.productCountry(stockCode, country);
    const amounts = f64At(this.pairAmounts, 2 * pair);
    store<f64>(amounts, load<f64>(amounts) + quantity);
    store<f64>(amounts, load<f64>(amounts, 8) + value, 8);

    if (country >= this.countryCapacity) this.growCountries(country);
    const t = f64At(this.countries, country * COUNTRY_FIELDS);
    store<f64>(t + (COUNTRY_LINES << 3), load<f64>(t + (COUNTRY_LINES << 3)) + 1);
    store<f64>(t + (COUNTRY_QUANTITY << 3), load<f64>(t + (COUNTRY_QUANTITY << 3)) + quantity);
    store<f64>(t + (COUNTRY_REVENUE << 3), load<f64>(t + (COUNTRY_REVENUE << 3)) + value);
  }

  /** A cancellation or non-positive quantity: counted as positive amounts. */
  addReturn(row: RowValues): void {
    const c = this.customerRecord(row);
    const quantity = Math.abs(row.quantity);
    store<f64>(c + (RETURN_LINES << 3), load<f64>(c + (RETURN_LINES << 3)) + 1);
    store<f64>(c + (RETURN_QUANTITY << 3), load<f64>(c + (RETURN_QUANTITY << 3)) + quantity);
    store<f64>(c + (RETURN_VALUE << 3), load<f64>(c + (RETURN_VALUE << 3)) + quantity * Math.abs(row.priceE4));
  }

  /** Ids of each customer's purchase invoices (`invoices`) or products, grouped by customer. */
  groups(invoices: bool): IdGroups {
    const sets = invoices ? this.customerInvoices : this.customerProducts;
    const groups = this.customerCapacity;
    const offsets = heap.alloc(<usize>(groups + 1) << 2);
    const members = heap.alloc(<usize>max(sets.size, 1) << 2);
    let at = 0;
    for (let g = 0; g < groups; g++) {
      store<i32>(offsets + (<usize>g << 2), at);
      if (g >= sets.groupCount) continue;
      sets.copyMembers(g, members + (<usize>at << 2));
      at += sets.memberCount(g);
    }
    store<i32>(offsets + (<usize>groups << 2), at);
    // The sets hold ids + 1.
    for (let i = 0; i < at; i++) {
      const member = members + (<usize>i << 2);
      store<i32>(member, load<i32>(member) - 1);
    }
    const out = new IdGroups();
    out.offsets = offsets;
    out.members = members;
    return out;
  }

  /** Where the customer's record starts, made on its first row; its country follows the earliest row, ties to the smaller name. */
  private customerRecord(row: RowValues): usize {
    const timestamp = row.timestamp;
    const alternative = row.alternative;
    const country = row.country;
    if (row.customer >= this.customerCapacity) this.growCustomers(row.customer);
    const c = f64At(this.customers, row.customer * CUSTOMER_FIELDS);
    if (load<f64>(c + (KNOWN << 3)) == 0) {
      store<f64>(c + (KNOWN << 3), 1);
      store<f64>(c + (COUNTRY << 3), country);
      store<f64>(c + (FIRST_SEEN << 3), timestamp);
      store<f64>(c + (FIRST_PURCHASE << 3), Infinity);
      store<f64>(c + (LAST_PURCHASE << 3), -Infinity);
      store<f64>(c + (ALT_COUNTRY << 3), country);
      store<f64>(c + (ALT_FIRST_SEEN << 3), alternative);
      store<f64>(c + (ALT_FIRST_PURCHASE << 3), Infinity);
      store<f64>(c + (ALT_LAST_PURCHASE << 3), -Infinity);
      return c;
    }
    const firstSeen = load<f64>(c + (FIRST_SEEN << 3));
    if (timestamp < firstSeen || (timestamp == firstSeen && this.smallerCountry(country, <i32>load<f64>(c + (COUNTRY << 3))))) {
      store<f64>(c + (FIRST_SEEN << 3), timestamp);
      store<f64>(c + (COUNTRY << 3), country);
    }
    if (this.tracking) {
      const altFirstSeen = load<f64>(c + (ALT_FIRST_SEEN << 3));
      if (alternative < altFirstSeen || (alternative == altFirstSeen && this.smallerCountry(country, <i32>load<f64>(c + (ALT_COUNTRY << 3))))) {
        store<f64>(c + (ALT_FIRST_SEEN << 3), alternative);
        store<f64>(c + (ALT_COUNTRY << 3), country);
      }
    }
    return c;
  }

  private smallerCountry(a: i32, b: i32): bool {
    if (a == b) return false;
    const countries = this.dictionaries.countries;
    return textLess(countries.bytesStart(a), countries.bytesEnd(a), countries.bytesStart(b), countries.bytesEnd(b));
  }

  /** Keeps the smallest non-empty description of the product whose record is at `p` (order-free, as partials merge). */
  private describe(p: usize, description: i32): void {
    const descriptions = this.dictionaries.descriptions;
    const start = descriptions.bytesStart(description);
    const end = descriptions.bytesEnd(description);
    if (start == end) return;
    const known = <i32>load<f64>(p + (DESCRIPTION << 3));
    if (known == -1 || descriptions.bytesStart(known) == descriptions.bytesEnd(known) || textLess(start, end, descriptions.bytesStart(known), descriptions.bytesEnd(known))) {
      store<f64>(p + (DESCRIPTION << 3), description);
    }
  }

  private growCustomers(id: i32): void {
    const capacity = max(2 * this.customerCapacity, max(id + 1, 4));
    const bytes = <usize>CUSTOMER_FIELDS << 3;
    this.customers = grown(this.customers, <usize>this.customerCapacity * bytes, <usize>capacity * bytes);
    this.customerCapacity = capacity;
  }

  private growProducts(id: i32): void {
    const old = this.productCapacity;
    const capacity = max(2 * old, max(id + 1, 4));
    const bytes = <usize>PRODUCT_FIELDS << 3;
    this.products = grown(this.products, <usize>old * bytes, <usize>capacity * bytes);
    for (let p = old; p < capacity; p++) store<f64>(f64At(this.products, p * PRODUCT_FIELDS + DESCRIPTION), -1);
    this.sold = grown(this.sold, <usize>old, <usize>capacity);
    this.lastCountry = grown(this.lastCountry, <usize>old << 2, <usize>capacity << 2, 0xff);
    this.lastPair = grown(this.lastPair, <usize>old << 2, <usize>capacity << 2);
    this.productCapacity = capacity;
  }

  /** The pair of product `id` and `country`, its amounts made room for on its first sale. */
  private productCountry(id: i32, country: i32): i32 {
    const pair = this.productCountries.indexOf(id, country);
    if (pair >= this.pairCapacity) {
      const capacity = max(2 * this.pairCapacity, 1024);
      this.pairAmounts = grown(this.pairAmounts, <usize>this.pairCapacity << 4, <usize>capacity << 4);
      this.pairCapacity = capacity;
    }
    store<i32>(this.lastCountry + (<usize>id << 2), country);
    store<i32>(this.lastPair + (<usize>id << 2), pair);
    return pair;
  }

  private growCountries(id: i32): void {
    const capacity = max(2 * this.countryCapacity, max(id + 1, 4));
    const bytes = <usize>COUNTRY_FIELDS << 3;
    this.countries = grown(this.countries, <usize>this.countryCapacity * bytes, <usize>capacity * bytes);
    this.countryCapacity = capacity;
  }

  private markPurchased(invoice: i32): void {
    if (invoice >= this.purchasedCapacity) {
      const capacity = max(2 * this.purchasedCapacity, max(invoice + 1, 1024));
      this.purchased = grown(this.purchased, <usize>this.purchasedCapacity, <usize>capacity);
      this.purchasedCapacity = capacity;
    }
    if (load<u8>(this.purchased + <usize>invoice) == 0) {
      store<u8>(this.purchased + <usize>invoice, 1);
      this.invoiceCount++;
    }
  }
}
