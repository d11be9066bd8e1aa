import { beforeAll, describe, expect, it } from 'vitest';
import { BEHAVIOURS } from '../../../src/generate/customers.js';
import { FEATURES, type Feature } from '../../../src/segment/features.js';
import { ARCHETYPES, describeSegment, nameSegments, segmentLevels } from '../../../src/segment/names.js';
import { type SegmentProfile, segmentProfiles } from '../../../src/segment/profiles.js';
import { type Planted, planted } from './planted';

/** Ten customers: recency 0, 10, …, 90 days; frequency 1..10; spend and tenure 100..1,000; basket 10..100. */
const population = Object.fromEntries(
  FEATURES.map((f) => [f, new Float64Array(10)]),
) as Record<Feature, Float64Array>;
for (let i = 0; i < 10; i++) {
  population.recency[i] = 10 * i;
  population.frequency[i] = i + 1;
  population.monetary[i] = 100 * (i + 1);
  population.tenure[i] = 100 * (i + 1);
  population.avgBasketValue[i] = 10 * (i + 1);
}

function segment(id: number, medians: Partial<Record<Feature, number>>): SegmentProfile {
  const profile = Object.fromEntries(
    FEATURES.map((f) => [f, { mean: medians[f] ?? 0, median: medians[f] ?? 0 }]),
  ) as SegmentProfile['profile'];
  return { id, size: 1, share: 0.1, revenueShare: 0.1, profile };
}

const best = segment(1, { recency: 5, frequency: 10, monetary: 1000, tenure: 1000, avgBasketValue: 100 });
const worst = segment(2, { recency: 90, frequency: 1, monetary: 100, tenure: 1000, avgBasketValue: 10 });

describe('segmentLevels', () => {
  it('places each segment median among all customers (mid-rank percentiles; recency and tenure reversed)', () => {
    expect(segmentLevels([best, worst], population)).toEqual([
      { recency: 0.9, frequency: 0.95, monetary: 0.95, newness: 0.050000000000000044, basket: 0.95 },
      { recency: 0.050000000000000044, frequency: 0.05, monetary: 0.05, newness: 0.050000000000000044, basket: 0.05 },
    ]);
  });
});

describe('nameSegments', () => {
  it('names each segment by the closest targets and describes it in one sentence', () => {
    expect(nameSegments([best, worst], population).map(({ name, description, archetype }) => ({ name, description, archetype }))).toEqual([
      {
        name: 'Champions',
        archetype: 'Champions',
        description:
          'Recent, frequent, high-spending customers: the median customer last bought 5 days ago, placed 10 orders and spent 1,000 in total.',
      },
      {
        // One order, but far from the one-time buyers' target level (0.15) on frequency: "Lost" fits better.
        name: 'Lost',
        archetype: 'Lost',
        description:
          'Customers who bought little, rarely and long ago: the median customer last bought 90 days ago, placed 1 order and spent 100 in total.',
      },
    ]);
  });

  it('gives "One-time buyers" only to a median of one order', () => {
    const once = segment(1, { recency: 45, frequency: 1, monetary: 200, tenure: 500, avgBasketValue: 30 });
    const twice = segment(2, { recency: 45, frequency: 2, monetary: 200, tenure: 500, avgBasketValue: 30 });
    expect(nameSegments([once], population)[0].name).toBe('One-time buyers');
    expect(nameSegments([twice], population)[0].name).not.toBe('One-time buyers');
  });

  it('never gives a name twice, falling back to numbered names when the names run out', () => {
    const same = Array.from({ length: ARCHETYPES.length + 2 }, (_, i) => segment(i + 1, { recency: 40, frequency: 5, monetary: 500, tenure: 500, avgBasketValue: 50 }));
    const names = nameSegments(same, population).map((n) => n.name);
    expect(new Set(names).size).toBe(same.length);
    // One-time buyers does not apply (five orders): the other eleven names, then two fallbacks.
    expect(names.filter((n) => n.startsWith('Other customers')).sort()).toEqual(['Other customers 1', 'Other customers 2', 'Other customers 3']);
    expect(names[0]).toBe('Needs attention');
  });

  it('keeps the names it is told to keep and gives them to no one else', () => {
    const named = nameSegments([best, worst], population, { keep: ['Lost', null] });
    expect(named.map((n) => n.name)).toEqual(['Lost', 'One-time buyers']);
    expect(named[0].description).toMatch(/^Customers who bought little, rarely and long ago: /);
    expect(nameSegments([best], population, { keep: ['VIP'] })[0]).toMatchObject({
      name: 'VIP',
      archetype: null,
      distance: null,
      description: 'Customers of this segment: the median customer last bought 5 days ago, placed 10 orders and spent 1,000 in total.',
    });
    expect(() => nameSegments([best, worst], population, { keep: ['Lost', 'Lost'] })).toThrow(/the kept name "Lost" is given to two segments/);
    expect(() => nameSegments([best, worst], population, { keep: [null] })).toThrow(/keep has 1 entries for 2 segments/);
  });

  it('describes fractions of days and orders, and large sums, the same in every locale', () => {
    const profile = segment(1, { recency: 245.5, frequency: 6.5, monetary: 12345.678 }).profile;
    expect(describeSegment('Lead', profile)).toBe(
      'Lead: the median customer last bought 245.5 days ago, placed 6.5 orders and spent 12,346 in total.',
    );
  });
});

describe('names of the planted behaviours', () => {
  // Segments made of exactly the customers of each planted behaviour must get that behaviour's name.
  const expected = {
    champion: 'Champions',
    loyal: 'Loyal',
    bigSpender: 'Big spenders',
    new: 'New',
    atRisk: 'At risk',
    hibernating: 'Hibernating',
    oneTime: 'One-time buyers',
  };
  let datasets: Planted[];
  beforeAll(async () => {
    datasets = [await planted(200_000, 7), await planted(200_000, 8)];
  });

  it.each([0, 1])('data set %i: each behaviour gets its own name', (index) => {
    const { table, behaviours } = datasets[index];
    const present = BEHAVIOURS.filter((b) => behaviours.includes(b));
    expect(present).toEqual(Object.keys(expected));
    const profiles = segmentProfiles(table, Int32Array.from(behaviours, (b) => present.indexOf(b)), present.length);
    const names = nameSegments(profiles, table.columns);
    expect(Object.fromEntries(present.map((b, i) => [b, names[i].name]))).toEqual(expected);
  });
});
