/**
 * Names people can act on: each segment gets a short name (Champions, Loyal, At risk, …) and a
 * one-sentence description, from where its median customer stands among all customers.
 *
 * The rule (NAME_RULE): a segment's levels are the percentiles, among all customers, of its
 * median recency, frequency, spend, tenure and basket value — recency and tenure reversed, so
 * that 1 means "bought most recently" and "joined most recently". Each name below has target
 * levels on the dimensions that define it; a segment's distance to a name is the root mean
 * square difference on those dimensions. Names go closest pair first (ties: the earlier
 * segment, then the earlier name in the list), each name at most once, so two segments never
 * share a name; "One-time buyers" needs a median of exactly one order. Names kept from an
 * earlier run (identity.ts) are taken first and not given again.
 */

import type { Feature } from './features.js';
import type { SegmentProfile } from './profiles.js';

/** The dimensions names are defined on, each a percentile in [0, 1] (see the module comment). */
export interface SegmentLevels {
  /** 1: bought most recently. */
  recency: number;
  /** 1: ordered most often. */
  frequency: number;
  /** 1: spent most. */
  monetary: number;
  /** 1: first bought most recently (newest). */
  newness: number;
  /** 1: largest spend per order. */
  basket: number;
}
type Level = keyof SegmentLevels;

interface Archetype {
  name: string;
  /** The start of the description sentence. */
  lead: string;
  target: Partial<SegmentLevels>;
  /** A hard condition on the segment's median customer, beyond the targets. */
  requires?: (profile: SegmentProfile['profile']) => boolean;
}

/** In order of preference on equal distances. */
export const ARCHETYPES: readonly Archetype[] = [
  { name: 'Champions', lead: 'Recent, frequent, high-spending customers', target: { recency: 0.85, frequency: 0.9, monetary: 0.9 } },
  { name: 'Loyal', lead: 'Regular customers who keep coming back', target: { recency: 0.65, frequency: 0.75, monetary: 0.7 } },
  { name: 'Big spenders', lead: 'High-value customers who buy large quantities per order', target: { monetary: 0.85, basket: 0.95 } },
  { name: 'New', lead: 'Customers whose first purchase was only recently', target: { newness: 0.95 } },
  {
    name: 'One-time buyers',
    lead: 'Customers who bought only once',
    target: { frequency: 0.15 },
    requires: (profile) => profile.frequency.median === 1,
  },
  { name: 'At risk', lead: 'Customers who used to buy often but have not bought for months', target: { recency: 0.35, frequency: 0.7, monetary: 0.65 } },
  { name: 'Hibernating', lead: 'Customers with a few small orders, long ago', target: { recency: 0.15, frequency: 0.4, monetary: 0.3 } },
  { name: 'Can’t lose them', lead: 'Once frequent, big customers who have gone quiet', target: { recency: 0.1, frequency: 0.85, monetary: 0.85 } },
  { name: 'Promising', lead: 'Recent customers with a few orders so far', target: { recency: 0.75, frequency: 0.4, monetary: 0.4 } },
  { name: 'Needs attention', lead: 'Customers around the middle on recency, frequency and spend', target: { recency: 0.5, frequency: 0.5, monetary: 0.5 } },
  { name: 'About to sleep', lead: 'Customers with below-average recency, frequency and spend, drifting away', target: { recency: 0.35, frequency: 0.3, monetary: 0.3 } },
  { name: 'Lost', lead: 'Customers who bought little, rarely and long ago', target: { recency: 0.05, frequency: 0.1, monetary: 0.1 } },
];

/** Once the names above are used up (more segments than names): "Other customers 1", "Other customers 2", … */
const FALLBACK_NAME = 'Other customers';

export const NAME_RULE =
  'Levels: the percentile among all customers of the segment median of recency (reversed), frequency, ' +
  'spend, tenure (reversed) and basket value. Each name has target levels; the distance is the root mean ' +
  'square difference on its dimensions; names are given closest pair first, each once (ties: earlier ' +
  'segment, then earlier name); One-time buyers needs a median of one order.';

export interface SegmentName {
  name: string;
  description: string;
  /** The name's archetype, or null for a fallback or kept name that is not one. */
  archetype: string | null;
  levels: SegmentLevels;
  /** Distance to the archetype's targets (null without one). */
  distance: number | null;
}

export interface NameOptions {
  /** Per segment, a name to keep (from the previous run), or null to name it here. */
  keep?: readonly (string | null)[];
}

/**
 * Share of `population` below `value`, counting equal values half (the mid-rank percentile).
 * Counted in one pass: a few segments' percentiles cost less so than sorting a million values.
 */
function percentile(population: Float64Array, value: number): number {
  let below = 0;
  let equal = 0;
  for (const v of population) {
    if (v < value) below++;
    else if (v === value) equal++;
  }
  return (below + equal / 2) / population.length;
}

const LEVEL_FEATURES: Record<Level, { feature: Feature; reversed: boolean }> = {
  recency: { feature: 'recency', reversed: true },
  frequency: { feature: 'frequency', reversed: false },
  monetary: { feature: 'monetary', reversed: false },
  newness: { feature: 'tenure', reversed: true },
  basket: { feature: 'avgBasketValue', reversed: false },
};
const LEVELS = Object.keys(LEVEL_FEATURES) as Level[];

/** Where each segment's median customer stands among all customers (see SegmentLevels). */
export function segmentLevels(
  profiles: readonly SegmentProfile[],
  population: Readonly<Record<Feature, Float64Array>>,
): SegmentLevels[] {
  for (const level of LEVELS) {
    if (population[LEVEL_FEATURES[level].feature].length === 0) throw new RangeError('segmentLevels: the population is empty');
  }
  return profiles.map((segment) => {
    const levels = {} as SegmentLevels;
    for (const level of LEVELS) {
      const { feature, reversed } = LEVEL_FEATURES[level];
      const median = segment.profile[feature].median;
      if (!Number.isFinite(median)) throw new RangeError(`segmentLevels: segment ${segment.id} has no median ${feature}`);
      const p = percentile(population[feature], median);
      levels[level] = reversed ? 1 - p : p;
    }
    return levels;
  });
}

function distanceTo(archetype: Archetype, levels: SegmentLevels): number {
  const dimensions = Object.entries(archetype.target) as [Level, number][];
  let sum = 0;
  for (const [level, target] of dimensions) sum += (levels[level] - target) ** 2;
  return Math.sqrt(sum / dimensions.length);
}

/** `decimals` at most (trailing zeros dropped), thousands with commas, the same in every locale. */
function quantity(value: number, decimals = 1): string {
  const [whole, fraction = ''] = value.toFixed(decimals).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const kept = fraction.replace(/0+$/, '');
  return kept ? `${grouped}.${kept}` : grouped;
}

function plural(value: number, one: string, many: string): string {
  return `${quantity(value)} ${value === 1 ? one : many}`;
}

/** One sentence: what the name means, then the median customer's numbers. */
export function describeSegment(lead: string, profile: SegmentProfile['profile']): string {
  return (
    `${lead}: the median customer last bought ${plural(profile.recency.median, 'day', 'days')} ago, ` +
    `placed ${plural(profile.frequency.median, 'order', 'orders')} and spent ${quantity(profile.monetary.median, 0)} in total.`
  );
}

const KEPT_LEAD = 'Customers of this segment';

/** A name and a description for every segment (see the module comment for the rule). */
export function nameSegments(
  profiles: readonly SegmentProfile[],
  population: Readonly<Record<Feature, Float64Array>>,
  options: NameOptions = {},
): SegmentName[] {
  const keep = options.keep ?? profiles.map(() => null);
  if (keep.length !== profiles.length) throw new RangeError(`nameSegments: keep has ${keep.length} entries for ${profiles.length} segments`);
  const taken = new Set<string>();
  for (const name of keep) {
    if (name === null) continue;
    if (taken.has(name)) throw new RangeError(`nameSegments: the kept name "${name}" is given to two segments`);
    taken.add(name);
  }
  const levels = segmentLevels(profiles, population);
  const chosen: (Archetype | null)[] = profiles.map(() => null);

  const pairs: { segment: number; archetype: number; distance: number }[] = [];
  profiles.forEach((segment, s) => {
    if (keep[s] !== null) return;
    ARCHETYPES.forEach((archetype, a) => {
      if (taken.has(archetype.name) || (archetype.requires && !archetype.requires(segment.profile))) return;
      pairs.push({ segment: s, archetype: a, distance: distanceTo(archetype, levels[s]) });
    });
  });
  pairs.sort((x, y) => x.distance - y.distance || x.segment - y.segment || x.archetype - y.archetype);
  const named = new Set<number>();
  for (const { segment, archetype } of pairs) {
    if (named.has(segment) || taken.has(ARCHETYPES[archetype].name)) continue;
    chosen[segment] = ARCHETYPES[archetype];
    named.add(segment);
    taken.add(ARCHETYPES[archetype].name);
  }

  let fallback = 0;
  return profiles.map((segment, s) => {
    let name = keep[s];
    let archetype = chosen[s];
    if (name !== null) archetype = ARCHETYPES.find((a) => a.name === name) ?? null;
    else if (archetype) name = archetype.name;
    else {
      do name = `${FALLBACK_NAME} ${++fallback}`;
      while (taken.has(name));
      taken.add(name);
    }
    return {
      name,
      description: describeSegment(archetype?.lead ?? KEPT_LEAD, segment.profile),
      archetype: archetype?.name ?? null,
      levels: levels[s],
      distance: archetype ? distanceTo(archetype, levels[s]) : null,
    };
  });
}
