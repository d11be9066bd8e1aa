/**
 * The partial rendered from plain tables: typed arrays of per-id records and the value
 * dictionaries' texts. PartialBuilder's state and the WebAssembly core's linear memory are
 * both read this way, so both render the same bytes.
 */
import {
  PARTIAL_SCHEMA_VERSION,
  type CountryAggregate,
  type CustomerAggregate,
  type InputCounts,
  type PartialAggregate,
  type ProductAggregate,
} from '../partial.js';

/**
 * Record layouts; the WebAssembly core writes the same ones: keep them in step with assembly/ingest/.
 *
 * Customers: one record of CUSTOMER.FIELDS doubles per customer id in one Float64Array, its
 * fields at these offsets. Numbers in objects would be boxed, one allocation apart from the
 * object each, and would change V8's field representations (and deoptimise the code reading
 * them) as sums outgrow small integers.
 * `ALT_…` are the same facts under the day-first reading of the dates, while undecided.
 */
export const CUSTOMER = {
  /** 1 once the customer has a row. */
  KNOWN: 0,
  COUNTRY: 1,
  FIRST_SEEN: 2,
  /** Infinity and -Infinity until the first purchase. */
  FIRST_PURCHASE: 3,
  LAST_PURCHASE: 4,
  LINES: 5,
  QUANTITY: 6,
  REVENUE: 7,
  UNIT_PRICE_SUM: 8,
  RETURN_LINES: 9,
  RETURN_QUANTITY: 10,
  RETURN_VALUE: 11,
  ALT_COUNTRY: 12,
  ALT_FIRST_SEEN: 13,
  ALT_FIRST_PURCHASE: 14,
  ALT_LAST_PURCHASE: 15,
  FIELDS: 16,
} as const;

/** Products, as customers are: their description's id (-1 until a row names one), quantity and revenue. */
export const PRODUCT = { DESCRIPTION: 0, QUANTITY: 1, REVENUE: 2, FIELDS: 3 } as const;

/** Countries' purchases, as customers are: lines (0 for a country with none), quantity and revenue. */
export const COUNTRY = { LINES: 0, QUANTITY: 1, REVENUE: 2, FIELDS: 3 } as const;

/** A dictionary's texts by id. */
export interface TextTable {
  readonly size: number;
  text(id: number): string;
}

/** Ids per group: group g's ids are members[offsets[g], offsets[g + 1]) (any order); groups beyond offsets.length - 1 are empty. */
export interface IdGroups {
  offsets: Int32Array;
  members: Int32Array;
}

/** An upload's aggregates; typed arrays may be longer than their contents (capacities). */
export interface PartialTables {
  /** CUSTOMER.FIELDS doubles per customer id; an id whose KNOWN is 0, or beyond the array, had no row. */
  customers: Float64Array;
  /** PRODUCT.FIELDS doubles per stock code id (DESCRIPTION -1 for none). */
  products: Float64Array;
  /** Per stock code id: 1 once it has a purchase; ids beyond its length have none. */
  sold: Uint8Array;
  /** (product, country) pairs sold: pair i is (pairProducts[i], pairCountries[i]), its quantity and revenue at pairAmounts[2i], pairAmounts[2i + 1]. */
  pairProducts: Int32Array;
  pairCountries: Int32Array;
  pairAmounts: Float64Array;
  /** COUNTRY.FIELDS doubles per country id. */
  countries: Float64Array;
  /** Per customer id: its purchase invoices' ids, and its purchased products' (stock code) ids. */
  customerInvoices: IdGroups;
  customerProducts: IdGroups;
  /** Invoices with a purchase. */
  invoiceCount: number;
  /** Earliest and latest purchase (epoch ms), Infinity / -Infinity when none. */
  firstDate: number;
  lastDate: number;
  texts: { customers: TextTable; countries: TextTable; invoices: TextTable; stockCodes: TextTable; descriptions: TextTable };
}

export interface DistinctCounts {
  customers: number;
  invoices: number;
  products: number;
  countries: number;
}

/** The partial exactly as src/partial.ts describes it. */
export function renderPartial(tables: PartialTables, dataset: string, sources: readonly string[], input: InputCounts): PartialAggregate {
  const { customers: customerIds, countries: countryIds, invoices: invoiceIds, stockCodes, descriptions } = tables.texts;
  const codeOrder = textOrder(stockCodes);
  const countryOrder = textOrder(countryIds);
  const invoicesOf = sortedTexts(tables.customerInvoices, invoiceIds, textOrder(invoiceIds));
  const productsOf = sortedTexts(tables.customerProducts, stockCodes, codeOrder);
  // Records are filled in their keys' order (see setEntry), which the dictionaries' orders give.
  const c = tables.customers;
  const customers: Record<string, CustomerAggregate> = {};
  for (const id of textOrder(customerIds)) {
    const at = id * CUSTOMER.FIELDS;
    if (at + CUSTOMER.FIELDS > c.length || c[at + CUSTOMER.KNOWN] === 0) continue;
    const bought = c[at + CUSTOMER.LINES] > 0;
    setEntry(customers, customerIds.text(id), {
      country: countryIds.text(c[at + CUSTOMER.COUNTRY] | 0),
      firstSeen: c[at + CUSTOMER.FIRST_SEEN],
      firstPurchase: bought ? c[at + CUSTOMER.FIRST_PURCHASE] : null,
      lastPurchase: bought ? c[at + CUSTOMER.LAST_PURCHASE] : null,
      invoices: invoicesOf(id),
      products: productsOf(id),
      lines: c[at + CUSTOMER.LINES],
      quantity: c[at + CUSTOMER.QUANTITY],
      revenueE4: c[at + CUSTOMER.REVENUE],
      unitPriceSumE4: c[at + CUSTOMER.UNIT_PRICE_SUM],
      returnLines: c[at + CUSTOMER.RETURN_LINES],
      returnQuantity: c[at + CUSTOMER.RETURN_QUANTITY],
      returnValueE4: c[at + CUSTOMER.RETURN_VALUE],
    });
  }
  const pairsOf = pairsByProduct(tables, countryOrder);
  const { sold, products: records, pairCountries, pairAmounts: amounts } = tables;
  const products: Record<string, ProductAggregate> = {};
  for (const id of codeOrder) {
    if (id >= sold.length || sold[id] === 0) continue;
    const p = id * PRODUCT.FIELDS;
    const byCountry: ProductAggregate['byCountry'] = {};
    for (const pair of pairsOf(id)) {
      setEntry(byCountry, countryIds.text(pairCountries[pair]), { quantity: amounts[2 * pair], revenueE4: amounts[2 * pair + 1] });
    }
    setEntry(products, stockCodes.text(id), {
      description: records[p + PRODUCT.DESCRIPTION] === -1 ? '' : descriptions.text(records[p + PRODUCT.DESCRIPTION] | 0),
      quantity: records[p + PRODUCT.QUANTITY],
      revenueE4: records[p + PRODUCT.REVENUE],
      byCountry,
    });
  }
  const totals = tables.countries;
  const countries: Record<string, CountryAggregate> = {};
  for (const id of countryOrder) {
    const t = id * COUNTRY.FIELDS;
    const lines = t < totals.length ? totals[t + COUNTRY.LINES] : 0;
    if (lines === 0) continue;
    setEntry(countries, countryIds.text(id), { lines, quantity: totals[t + COUNTRY.QUANTITY], revenueE4: totals[t + COUNTRY.REVENUE] });
  }
  const dates = purchaseDates(tables);
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

/** Customers, invoices, products and countries with a purchase. */
export function distinctCounts(tables: PartialTables): DistinctCounts {
  const { customers: c, sold, countries: totals } = tables;
  let customers = 0;
  for (let at = 0; at < c.length; at += CUSTOMER.FIELDS) if (c[at + CUSTOMER.LINES] > 0) customers++;
  let products = 0;
  for (let id = 0; id < sold.length; id++) products += sold[id];
  let countries = 0;
  for (let t = 0; t < totals.length; t += COUNTRY.FIELDS) if (totals[t + COUNTRY.LINES] > 0) countries++;
  return { customers, invoices: tables.invoiceCount, products, countries };
}

/** Earliest and latest purchase; null when nothing was bought. */
export function purchaseDates(tables: PartialTables): { first: number; last: number } | null {
  return tables.firstDate === Infinity ? null : { first: tables.firstDate, last: tables.lastDate };
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
function textOrder(dictionary: TextTable): Int32Array {
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
 * Customer id → the texts of its group's ids, sorted: every id is replaced by its rank
 * among the dictionary's texts (`order`: the ids by text), so a customer's list sorts as
 * numbers in one typed array (string arrays sorted by string cost more than the rest of the
 * output).
 */
function sortedTexts(groups: IdGroups, dictionary: TextTable, order: Int32Array): (customer: number) => string[] {
  const rank = ranksOf(order);
  const byRank = Array.from(order, (id) => dictionary.text(id));
  const { offsets, members } = groups;
  const last = offsets.length - 1;
  // One buffer for every customer's ranks: an array each would be memory outside the heap each.
  let scratch = new Int32Array(0);
  return (customer) => {
    const start = customer < last ? offsets[customer] : 0;
    const count = customer < last ? offsets[customer + 1] - start : 0;
    if (scratch.length < count) scratch = new Int32Array(Math.max(count, 2 * scratch.length));
    const ranked = scratch.subarray(0, count);
    for (let i = 0; i < count; i++) ranked[i] = rank[members[start + i]];
    ranked.sort();
    const texts: string[] = new Array(count);
    for (let i = 0; i < count; i++) texts[i] = byRank[ranked[i]];
    return texts;
  };
}

/** Product id → its (product, country) pairs, ordered by the countries' names. */
function pairsByProduct(tables: PartialTables, countryOrder: Int32Array): (product: number) => number[] {
  const countryRank = ranksOf(countryOrder);
  const { pairProducts, pairCountries } = tables;
  const byProduct: number[][] = Array.from({ length: tables.sold.length }, () => []);
  for (let pair = 0; pair < pairProducts.length; pair++) byProduct[pairProducts[pair]].push(pair);
  return (product) => byProduct[product].sort((a, b) => countryRank[pairCountries[a]] - countryRank[pairCountries[b]]);
}
