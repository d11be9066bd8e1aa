/**
 * The whole segment run on N generated customers, in a process of its own: phase times and
 * peak memory. Customers are drawn straight as aggregates (a file of a million customers
 * would be 120 million rows), with the planted behaviours' spread of recency, frequency
 * and spend.
 *
 *   node dist/bench/children/scale.mjs N
 */
import { pathToFileURL } from 'node:url';
import { emptyPartial, type CustomerAggregate } from '../../src/partial.js';
import { PRIVATE_RESULTS } from '../../src/pipeline/segment-dataset.js';
import { hierarchyBuilder } from '../../src/segment/hierarchies.js';
import { DEFAULT_SEGMENT_OPTIONS } from '../../src/segment/options.js';
import { segmentCustomers } from '../../src/segment/run.js';

// Booting while the customers are drawn, as it boots while a segmentation reads its partials.
const hierarchies = hierarchyBuilder(pathToFileURL('dist/hierarchy-thread.mjs'));
hierarchies.warm();

const n = Number(process.argv[2]);
const DAY = 86_400_000;
const END = Date.UTC(2011, 11, 9);
/** Shared id strings: the run reads only how many invoices and products a customer has. */
const IDS = Array.from({ length: 400 }, (_, i) => String(500_000 + i));

let state = 12345;
const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const behaviours = [
  { share: 0.1, recency: 10, orders: 20, spend: 8000 },
  { share: 0.25, recency: 40, orders: 6, spend: 1500 },
  { share: 0.3, recency: 120, orders: 2, spend: 400 },
  { share: 0.35, recency: 250, orders: 1, spend: 150 },
];

const partial = emptyPartial('scale');
const customers: Record<string, CustomerAggregate> = {};
for (let i = 0; i < n; i++) {
  let pick = random();
  const b = behaviours.find((x) => (pick -= x.share) < 0) ?? behaviours[3];
  const orders = Math.max(1, Math.round(b.orders * (0.5 + random())));
  const lastPurchase = END - Math.floor(b.recency * (0.3 + 1.4 * random())) * DAY;
  const revenueE4 = Math.round(b.spend * Math.exp(random() - 0.5) * 1e4);
  customers[`c${i}`] = {
    country: 'United Kingdom',
    firstSeen: lastPurchase - 200 * DAY,
    firstPurchase: lastPurchase - Math.floor(200 * random()) * DAY,
    lastPurchase,
    invoices: IDS.slice(0, Math.min(orders, IDS.length)),
    products: IDS.slice(0, Math.min(orders * 3, IDS.length)),
    lines: orders * 4,
    quantity: orders * 40,
    revenueE4,
    unitPriceSumE4: orders * 4 * 30_000,
    returnLines: 0,
    returnQuantity: 0,
    returnValueE4: 0,
  };
}
partial.customers = customers;
partial.countries = { 'United Kingdom': { lines: n, quantity: n, revenueE4: n } };
partial.products = { '85123A': { description: 'WHITE HANGING HEART', quantity: n, revenueE4: n, byCountry: { 'United Kingdom': { quantity: n, revenueE4: n } } } };
partial.firstDate = END - 400 * DAY;
partial.lastDate = END;

const phases: Record<string, number> = {};
const started = performance.now();
const { customers: file } = await segmentCustomers(partial, DEFAULT_SEGMENT_OPTIONS, {
  runId: 'scale',
  createdAt: new Date(0).toISOString(),
  previous: null,
  privacy: PRIVATE_RESULTS,
  onPhase: (phase, ms) => (phases[phase] = ms),
  hierarchies,
});
const serialiseStarted = performance.now();
const bytes = JSON.stringify(file).length;
phases['customers.json'] = performance.now() - serialiseStarted;
phases.total = performance.now() - started;
console.log(JSON.stringify({ n, phases, customersJsonMiB: bytes / 2 ** 20, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
