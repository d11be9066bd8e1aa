import { describe, expect, it } from 'vitest';
import { emptyDropCounts, type InputCounts } from '../../../src/partial.js';
import {
  COUNTRY,
  CUSTOMER,
  distinctCounts,
  PRODUCT,
  purchaseDates,
  renderPartial,
  type IdGroups,
  type PartialTables,
  type TextTable,
} from '../../../src/ingest/render.js';

function texts(...values: string[]): TextTable {
  return { size: values.length, text: (id) => values[id] };
}

/** Groups from lists of ids, in the order given. */
function groups(...lists: number[][]): IdGroups {
  const offsets = new Int32Array(lists.length + 1);
  lists.forEach((list, g) => (offsets[g + 1] = offsets[g] + list.length));
  return { offsets, members: Int32Array.from(lists.flat()) };
}

/** A customer record: its fields by name, the others 0. */
function customer(fields: Partial<Record<keyof typeof CUSTOMER, number>>): number[] {
  const record = new Array<number>(CUSTOMER.FIELDS).fill(0);
  for (const [name, value] of Object.entries(fields)) record[CUSTOMER[name as keyof typeof CUSTOMER]] = value;
  return record;
}

const T1 = Date.UTC(2010, 11, 1, 8, 26);
const T2 = Date.UTC(2011, 0, 5, 9, 0);
const T3 = Date.UTC(2011, 2, 7, 10, 30);

const INPUT: InputCounts = { rowsRead: 9, rowsKept: 6, dropped: { ...emptyDropCounts(), returns: 2, malformed: 1 } };

/**
 * Customers 0 ("17850") and 1 ("__proto__") bought, 2 ("12583") only returned goods, 3
 * ("13047") has no row and 4 ("99999") lies beyond the records; stock code 2 ("22633") was
 * never sold and 3 ("M") lies beyond `sold`; country 3 ("Germany") has no line and 4
 * ("Australia") lies beyond the records. Arrays hold more than their contents (capacities).
 */
function sampleTables(): PartialTables {
  const customers = new Float64Array(4 * CUSTOMER.FIELDS);
  customers.set(
    [
      ...customer({ KNOWN: 1, COUNTRY: 0, FIRST_SEEN: T1, FIRST_PURCHASE: T1, LAST_PURCHASE: T3, LINES: 4, QUANTITY: 26, REVENUE: 663000, UNIT_PRICE_SUM: 102000, RETURN_LINES: 1, RETURN_QUANTITY: 2, RETURN_VALUE: 51000 }),
      ...customer({ KNOWN: 1, COUNTRY: 1, FIRST_SEEN: T2, FIRST_PURCHASE: T2, LAST_PURCHASE: T2, LINES: 2, QUANTITY: 5, REVENUE: 75000, UNIT_PRICE_SUM: 40000, ALT_COUNTRY: 2 }),
      ...customer({ KNOWN: 1, COUNTRY: 2, FIRST_SEEN: T3, FIRST_PURCHASE: Infinity, LAST_PURCHASE: -Infinity, RETURN_LINES: 1, RETURN_QUANTITY: 3, RETURN_VALUE: 45000 }),
    ],
    0,
  );
  const products = new Float64Array(6 * PRODUCT.FIELDS);
  // "85123A" described by "WHITE HEART", "71053" by none; "M" has a record past `sold`, as stale capacity would.
  products.set([0, 26, 663000, -1, 5, 75000, 1, 0, 0, 1, 99, 99], 0);
  return {
    customers,
    products,
    sold: Uint8Array.of(1, 1, 0),
    // 85123A to United Kingdom, then EIRE, then France; 71053 to France.
    pairProducts: Int32Array.of(0, 1, 0, 0),
    pairCountries: Int32Array.of(0, 1, 2, 1),
    pairAmounts: Float64Array.of(20, 510000, 5, 75000, 4, 102000, 2, 51000, 777, 777),
    countries: Float64Array.of(2, 20, 510000, 3, 7, 126000, 1, 4, 102000, 0, 0, 0),
    customerInvoices: groups([3, 0, 2], [1]),
    customerProducts: groups([1, 0], [0, 1], []),
    invoiceCount: 4,
    firstDate: T1,
    lastDate: T3,
    texts: {
      customers: texts('17850', '__proto__', '12583', '13047', '99999'),
      countries: texts('United Kingdom', 'France', 'EIRE', 'Germany', 'Australia'),
      invoices: texts('536365', 'C1', '536400', '536370'),
      stockCodes: texts('85123A', '71053', '22633', 'M'),
      descriptions: texts('WHITE HEART', 'LANTERN'),
    },
  };
}

describe('renderPartial', () => {
  it('renders every record in its keys order, lists sorted by text, from hand-made tables', () => {
    const partial = renderPartial(sampleTables(), 'retail', ['uploads/retail/b.csv', 'uploads/retail/a.csv'], INPUT);
    const expected = {
      schemaVersion: 1,
      dataset: 'retail',
      sources: ['uploads/retail/a.csv', 'uploads/retail/b.csv'],
      input: INPUT,
      firstDate: T1,
      lastDate: T3,
      customers: {
        '12583': {
          country: 'EIRE',
          firstSeen: T3,
          firstPurchase: null,
          lastPurchase: null,
          invoices: [],
          products: [],
          lines: 0,
          quantity: 0,
          revenueE4: 0,
          unitPriceSumE4: 0,
          returnLines: 1,
          returnQuantity: 3,
          returnValueE4: 45000,
        },
        '17850': {
          country: 'United Kingdom',
          firstSeen: T1,
          firstPurchase: T1,
          lastPurchase: T3,
          invoices: ['536365', '536370', '536400'],
          products: ['71053', '85123A'],
          lines: 4,
          quantity: 26,
          revenueE4: 663000,
          unitPriceSumE4: 102000,
          returnLines: 1,
          returnQuantity: 2,
          returnValueE4: 51000,
        },
        ['__proto__']: {
          country: 'France',
          firstSeen: T2,
          firstPurchase: T2,
          lastPurchase: T2,
          invoices: ['C1'],
          products: ['71053', '85123A'],
          lines: 2,
          quantity: 5,
          revenueE4: 75000,
          unitPriceSumE4: 40000,
          returnLines: 0,
          returnQuantity: 0,
          returnValueE4: 0,
        },
      },
      products: {
        '71053': { description: '', quantity: 5, revenueE4: 75000, byCountry: { France: { quantity: 5, revenueE4: 75000 } } },
        '85123A': {
          description: 'WHITE HEART',
          quantity: 26,
          revenueE4: 663000,
          byCountry: {
            EIRE: { quantity: 4, revenueE4: 102000 },
            France: { quantity: 2, revenueE4: 51000 },
            'United Kingdom': { quantity: 20, revenueE4: 510000 },
          },
        },
      },
      countries: {
        EIRE: { lines: 1, quantity: 4, revenueE4: 102000 },
        France: { lines: 3, quantity: 7, revenueE4: 126000 },
        'United Kingdom': { lines: 2, quantity: 20, revenueE4: 510000 },
      },
    };
    expect(partial).toEqual(expected);
    // Key order too: the stored partial is this object's JSON.
    expect(JSON.stringify(partial)).toBe(JSON.stringify(expected));
  });

  it('keeps "__proto__" an own key of a plain object', () => {
    const { customers } = renderPartial(sampleTables(), 'retail', [], INPUT);
    expect(Object.getPrototypeOf(customers)).toBe(Object.prototype);
    expect(Object.hasOwn(customers, '__proto__')).toBe(true);
    expect(Object.keys(customers)).toEqual(['12583', '17850', '__proto__']);
    expect(customers['__proto__'].country).toBe('France');
  });

  it('lists a product country by name, whatever the order its pairs were made in', () => {
    const tables = sampleTables();
    tables.pairProducts = Int32Array.of(0, 0, 0);
    tables.pairCountries = Int32Array.of(2, 0, 1);
    const { byCountry } = renderPartial(tables, 'retail', [], INPUT).products['85123A'];
    expect(Object.keys(byCountry)).toEqual(['EIRE', 'France', 'United Kingdom']);
    expect(byCountry).toEqual({
      EIRE: { quantity: 20, revenueE4: 510000 },
      France: { quantity: 4, revenueE4: 102000 },
      'United Kingdom': { quantity: 5, revenueE4: 75000 },
    });
    expect(renderPartial(tables, 'retail', [], INPUT).products['71053'].byCountry).toEqual({});
  });

  it('skips ids beyond the arrays: customers, stock codes, countries, groups', () => {
    const tables = sampleTables();
    tables.customers = tables.customers.subarray(0, 2 * CUSTOMER.FIELDS);
    tables.sold = tables.sold.subarray(0, 1);
    tables.pairProducts = tables.pairProducts.subarray(0, 1);
    tables.pairCountries = tables.pairCountries.subarray(0, 1);
    tables.countries = tables.countries.subarray(0, COUNTRY.FIELDS);
    tables.customerInvoices = groups([3, 0, 2]);
    tables.customerProducts = { offsets: new Int32Array(0), members: new Int32Array(0) };
    const partial = renderPartial(tables, 'retail', [], INPUT);
    expect(Object.keys(partial.customers)).toEqual(['17850', '__proto__']);
    expect(partial.customers['17850'].invoices).toEqual(['536365', '536370', '536400']);
    expect(partial.customers['17850'].products).toEqual([]);
    expect(partial.customers['__proto__'].invoices).toEqual([]);
    expect(partial.products).toEqual({
      '85123A': { description: 'WHITE HEART', quantity: 26, revenueE4: 663000, byCountry: { 'United Kingdom': { quantity: 20, revenueE4: 510000 } } },
    });
    expect(partial.countries).toEqual({ 'United Kingdom': { lines: 2, quantity: 20, revenueE4: 510000 } });
  });
});

describe('distinctCounts and purchaseDates', () => {
  it('count customers, products and countries with a purchase, and the invoices given', () => {
    const tables = sampleTables();
    expect(distinctCounts(tables)).toEqual({ customers: 2, invoices: 4, products: 2, countries: 3 });
    expect(purchaseDates(tables)).toEqual({ first: T1, last: T3 });
  });

  it('answer zeros and null for tables with no purchase', () => {
    const none = new Int32Array(0);
    const tables: PartialTables = {
      ...sampleTables(),
      customers: Float64Array.from(customer({ KNOWN: 1, FIRST_PURCHASE: Infinity, LAST_PURCHASE: -Infinity, RETURN_LINES: 1, RETURN_QUANTITY: 1, RETURN_VALUE: 10000 })),
      products: new Float64Array(0),
      sold: new Uint8Array(0),
      pairProducts: none,
      pairCountries: none,
      pairAmounts: new Float64Array(0),
      countries: new Float64Array(4 * COUNTRY.FIELDS),
      customerInvoices: { offsets: none, members: none },
      customerProducts: { offsets: none, members: none },
      invoiceCount: 0,
      firstDate: Infinity,
      lastDate: -Infinity,
    };
    expect(distinctCounts(tables)).toEqual({ customers: 0, invoices: 0, products: 0, countries: 0 });
    expect(purchaseDates(tables)).toBeNull();
    const partial = renderPartial(tables, 'retail', [], INPUT);
    expect([partial.firstDate, partial.lastDate, partial.products, partial.countries]).toEqual([null, null, {}, {}]);
    expect(Object.keys(partial.customers)).toEqual(['17850']);
  });
});
