import type { CustomerAggregate, PartialAggregate } from '../partial.js';

/** Per-customer features, in original units (DESIGN.md, "Features and models"). */
export const FEATURES = [
  'recency',
  'frequency',
  'monetary',
  'quantity',
  'avgUnitPrice',
  'avgBasketValue',
  'distinctProducts',
  'tenure',
] as const;
export type Feature = (typeof FEATURES)[number];

export const FEATURE_DESCRIPTIONS: Record<Feature, string> = {
  recency: 'days from the last purchase to the dataset’s last purchase date',
  frequency: 'distinct purchase invoices',
  monetary: 'spend on kept purchase lines',
  quantity: 'items bought',
  avgUnitPrice: 'mean unit price over purchase lines',
  avgBasketValue: 'spend per invoice',
  distinctProducts: 'distinct stock codes bought',
  tenure: 'days from the first purchase to the dataset’s last purchase date',
};

export interface CustomerTable {
  /** Customers with at least one purchase, in id order. */
  ids: string[];
  countries: string[];
  columns: Record<Feature, Float64Array>;
  /** Customers seen only in returns: no purchase to segment them by. */
  returnsOnly: number;
  /** The date recency and tenure are measured to (epoch ms). */
  asOf: number;
}

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to`, as pandas' `(to - from).days` counts them. */
function daysBetween(from: number, to: number): number {
  return Math.floor((to - from) / DAY_MS);
}

/**
 * Turns merged aggregates into one row of features per purchasing customer.
 * `asOf` defaults to the dataset's last purchase date; an earlier date would give negative
 * recencies, so it is refused.
 */
export function customerFeatures(partial: PartialAggregate, asOf: number | null = partial.lastDate): CustomerTable {
  if (asOf !== null && partial.lastDate !== null && asOf < partial.lastDate) {
    throw new RangeError(
      `asOfDate ${new Date(asOf).toISOString().slice(0, 10)} is before the dataset's last purchase (${new Date(partial.lastDate).toISOString()}): expected a date on or after it`,
    );
  }
  // for…in, not Object.entries and Object.keys: one pass and no pair array per customer (over
  // a million customers, 0.4 s against 1.5 s on their own here).
  const purchasing: CustomerAggregate[] = [];
  const ids: string[] = [];
  let returnsOnly = 0;
  for (const id in partial.customers) {
    const customer = partial.customers[id];
    if (customer.lines > 0) {
      ids.push(id);
      purchasing.push(customer);
    } else {
      returnsOnly++;
    }
  }
  const n = purchasing.length;
  const columns = Object.fromEntries(FEATURES.map((f) => [f, new Float64Array(n)])) as Record<Feature, Float64Array>;
  const countries: string[] = new Array(n);
  const reference = asOf ?? 0;
  purchasing.forEach((c, i) => {
    const monetary = c.revenueE4 / 1e4;
    const frequency = c.invoices.length;
    countries[i] = c.country;
    columns.recency[i] = daysBetween(c.lastPurchase!, reference);
    columns.frequency[i] = frequency;
    columns.monetary[i] = monetary;
    columns.quantity[i] = c.quantity;
    columns.avgUnitPrice[i] = c.unitPriceSumE4 / c.lines / 1e4;
    columns.avgBasketValue[i] = monetary / frequency;
    columns.distinctProducts[i] = c.products.length;
    columns.tenure[i] = daysBetween(c.firstPurchase!, reference);
  });
  return {
    ids,
    countries,
    columns,
    returnsOnly,
    asOf: reference,
  };
}
