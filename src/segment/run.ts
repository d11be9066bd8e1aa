import {
  bicChart,
  dendrogramChart,
  elbowChart,
  migrationChart,
  modelAgreementChart,
  modelComparisonChart,
  PCA_MAX_POINTS,
  pcaScatterChart,
  revenueByCountryChart,
  segmentProfilesChart,
  segmentSizesChart,
  silhouetteChart,
  topProductsChart,
  type ChartSpec,
} from '../charts/index.js';
import { distanceToAssignedCentre, pca2, predictMixture } from '../kernels/index.js';
import type { PartialAggregate } from '../partial.js';
import { publicCustomersFile, type PrivacyOptions } from '../privacy.js';
import { RESULTS_SCHEMA_VERSION, type ChartName, type CustomersFile, type Segment, type Summary } from '../results.js';
import { chooseK } from './choose-k.js';
import { customerFeatures, FEATURES, type CustomerTable } from './features.js';
import { dendrogram } from './hierarchical.js';
import { matchSegments, migrationMatrix, type PreviousSegmentation } from './identity.js';
import { inThisThread, type HierarchyBuilder, type HierarchyRequest } from './hierarchies.js';
import { compareModelsAtK, LINKAGES, type ModelComparison } from './models.js';
import { nameSegments } from './names.js';
import type { SegmentOptions } from './options.js';
import { orderByMeanSpend, segmentProfiles } from './profiles.js';
import { silhouetteSample } from './silhouettes.js';
import { DEFAULT_SWEEP, kmeansSweep, type SweepEntry } from './sweep.js';
import { logStandardise, type ModelInput } from './transform.js';

/** What the previous run of the dataset left: segment identities carry on from it. */
export interface PreviousRun {
  summary: Summary;
  /** Its published customers file, when there was one: the migration matrix needs it. */
  customers: CustomersFile | null;
}

export interface RunContext {
  runId: string;
  createdAt: string;
  previous: PreviousRun | null;
  privacy: PrivacyOptions;
  /** Told how long each phase took, in milliseconds (logs, the benchmark). */
  onPhase?: (phase: RunPhase, ms: number) => void;
  /** Builds the linkages' trees: in this thread unless given a worker thread (hierarchies.ts). */
  hierarchies?: HierarchyBuilder;
}

export type RunPhase = 'features' | 'kmeans sweep' | 'model comparison' | 'segments' | 'customers' | 'charts';

/** Runs `work`, telling `onPhase` how long it took. */
function timed<T>(phase: RunPhase, onPhase: RunContext['onPhase'], work: () => T): T {
  const started = performance.now();
  const result = work();
  onPhase?.(phase, performance.now() - started);
  return result;
}

export interface RunOutputs {
  summary: Summary;
  /** Null when the per-customer file is switched off. */
  customers: CustomersFile | null;
  charts: Partial<Record<ChartName, ChartSpec>>;
}

/** The country the product chart is about: the UK, as in the seed analyses, when present. */
const HOME_COUNTRY = 'United Kingdom';

function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

function productChartCountry(merged: PartialAggregate): string {
  if (merged.countries[HOME_COUNTRY]) return HOME_COUNTRY;
  let best = '';
  let bestRevenue = -Infinity;
  for (const [country, c] of Object.entries(merged.countries)) {
    if (c.revenueE4 > bestRevenue) [best, bestRevenue] = [country, c.revenueE4];
  }
  return best;
}

/** Each segment's mean in model space, k × d row-major: a centre for any model family. */
function memberMeans({ points, n, d }: ModelInput, segmentOf: Int32Array, k: number): Float64Array {
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const s = segmentOf[i];
    counts[s]++;
    for (let j = 0; j < d; j++) sums[s * d + j] += points[i * d + j];
  }
  return sums.map((sum, at) => sum / counts[Math.floor(at / d)]);
}

function previousSegmentation({ summary }: PreviousRun): PreviousSegmentation {
  return {
    transform: { features: summary.features.model, mean: summary.features.mean, std: summary.features.std },
    segments: summary.segments.map((s) => ({ id: s.id, name: s.name, centre: s.centre })),
    nextId: summary.identity.nextId,
  };
}

/**
 * Probability of each customer's most likely component under the membership mixture: its
 * probabilities are computed here, for this one mixture (the comparison's fits left theirs out).
 */
function memberships(comparison: ModelComparison, { points, n }: ModelInput): Float64Array | null {
  const mixture = comparison.mixture?.mixture;
  if (!mixture) return null;
  const { probabilities } = predictMixture(mixture, points, n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 0; c < mixture.k; c++) best = Math.max(best, probabilities[i * mixture.k + c]);
    out[i] = best;
  }
  return out;
}

/** An even sample of the projected customers (every step-th), so a static page stays light. */
function pcaPoints(input: ModelInput, { projected, explainedVarianceRatio }: ReturnType<typeof pca2>, segmentOf: Int32Array, names: string[]) {
  const step = Math.ceil(input.n / PCA_MAX_POINTS);
  const points = [];
  for (let i = 0; i < input.n; i += step) points.push({ x: projected[2 * i], y: projected[2 * i + 1], segment: names[segmentOf[i]] });
  return { points, explained: explainedVarianceRatio };
}

function sweepSummary(sweep: SweepEntry[]): Summary['model']['kmeans']['sweep'] {
  return sweep.map((e) => ({
    k: e.k,
    inertia: e.inertia,
    silhouette: e.silhouette,
    silhouetteSampleSize: e.silhouetteSampleSize,
    silhouetteSampled: e.silhouetteSampled,
    sizes: e.sizes,
    smallestShare: e.smallestShare,
    iterations: e.fit.iterations,
  }));
}

/** The customers' features and the model's input (the chosen features, log-standardised). */
export function modelInput(merged: PartialAggregate, options: SegmentOptions): { table: CustomerTable; input: ModelInput } {
  const table = customerFeatures(merged, options.asOf ?? merged.lastDate);
  return { table, input: logStandardise(table.columns, options.modelFeatures) };
}

/** What the linkages' trees are built from. */
export function treesRequest(input: ModelInput, options: SegmentOptions): HierarchyRequest {
  return { points: input.points, n: input.n, d: input.d, linkages: LINKAGES, seed: options.seed, silhouetteSampleSize: options.silhouetteSampleSize };
}

/**
 * The whole segmentation of a dataset's merged aggregates: features, model input, the
 * k-means sweep and the choice of k, every model family at k and the recommended one,
 * segments with stable ids and names, profiles, the customers file and the charts. Pure
 * apart from the WASM kernels; the caller stores what it returns.
 */
export async function segmentCustomers(merged: PartialAggregate, options: SegmentOptions, context: RunContext): Promise<RunOutputs> {
  const { onPhase, hierarchies = inThisThread } = context;
  const { table, input } = timed('features', onPhase, () => modelInput(merged, options));
  const seeding = { seed: options.seed, silhouetteSampleSize: options.silhouetteSampleSize };
  // The trees need only the model input: on a worker thread they grow while the sweep runs here.
  const trees = hierarchies.build(treesRequest(input, options));
  for (const tree of trees) tree.catch(() => {}); // awaited in the comparison; a failure before then is not unhandled
  const sweep = timed('kmeans sweep', onPhase, () => kmeansSweep(input, { ...DEFAULT_SWEEP, ...seeding }));
  const selection = chooseK(sweep, options.k === 'auto' ? undefined : options.k);
  hierarchies.cutAt(selection.k);
  // Drawn before the comparison, which they do not need: on two threads this one waits for the
  // last tree there, and what it draws now is off the end of the run (about 15 ms here).
  const dataCharts = partialCharts(merged);
  const projection = input.d >= 2 && input.n >= 2 ? pca2(input.points, input.n, input.d) : undefined;
  const comparisonStarted = performance.now();
  const comparison = await compareModelsAtK(input, sweep, selection.k, seeding, trees);
  onPhase?.('model comparison', performance.now() - comparisonStarted);
  const chosen = comparison.models.find((m) => m.model === comparison.recommendation.model)!;
  const segmentsStarted = performance.now();

  // Segment indexes by mean spend; ids from the previous run where segments carry on.
  const k = chosen.k;
  const rank = orderByMeanSpend(chosen.labels, k, table.columns.monetary);
  const segmentOf = chosen.labels.map((label) => rank[label]);
  const centres = memberMeans(input, segmentOf, k);
  const centreOf = (s: number) => Array.from(centres.subarray(s * input.d, (s + 1) * input.d));
  const transform = { features: options.modelFeatures, mean: input.mean, std: input.std };
  const identity = matchSegments(
    { transform, centres: Array.from({ length: k }, (_, s) => centreOf(s)) },
    context.previous && previousSegmentation(context.previous),
  );
  const profiles = segmentProfiles(table, segmentOf, k);
  const names = nameSegments(profiles, table.columns, { keep: identity.segments.map((s) => s.name) });
  const segments: Segment[] = profiles
    .map((profile, s) => ({
      ...profile,
      id: identity.segments[s].id,
      name: names[s].name,
      description: names[s].description,
      previousId: identity.segments[s].previousId,
      centre: centreOf(s),
    }))
    .sort((a, b) => a.id - b.id);
  const idOf = (s: number) => identity.segments[s].id;
  onPhase?.('segments', performance.now() - segmentsStarted);

  const customersStarted = performance.now();
  const distances = distanceToAssignedCentre(input.points, input.n, input.d, centres, segmentOf);
  const membership = memberships(comparison, input);
  const customers = publicCustomersFile(
    {
      schemaVersion: RESULTS_SCHEMA_VERSION,
      dataset: merged.dataset,
      runId: context.runId,
      customers: table.ids.map((id, i) => ({
        id,
        segment: idOf(segmentOf[i]),
        distance: distances[i],
        membership: membership ? membership[i] : null,
        country: table.countries[i],
        recency: table.columns.recency[i],
        frequency: table.columns.frequency[i],
        monetary: table.columns.monetary[i],
      })),
    },
    context.privacy,
  );
  const previousCustomers = context.previous?.customers;
  const migration =
    previousCustomers && customers
      ? migrationMatrix(previousCustomers.customers, customers.customers, {
          from: context.previous!.summary.segments.map((s) => s.id),
          to: segments.map((s) => s.id),
        })
      : null;

  onPhase?.('customers', performance.now() - customersStarted);

  const nameOfLabel = (label: number) => segments.find((s) => s.id === idOf(rank[label]))!.name;
  const charts = timed('charts', onPhase, () => runCharts(dataCharts, projection, table, input, comparison, {
    sweep,
    k: selection.k,
    segments,
    segmentOf,
    idOf,
    nameOfLabel,
    migration,
    context,
  }));
  const summary: Summary = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    dataset: merged.dataset,
    runId: context.runId,
    createdAt: context.createdAt,
    seed: options.seed,
    input: {
      files: merged.sources,
      rowsRead: merged.input.rowsRead,
      rowsKept: merged.input.rowsKept,
      dropped: merged.input.dropped,
      dateRange:
        merged.firstDate === null || merged.lastDate === null
          ? null
          : { first: isoDate(merged.firstDate), last: isoDate(merged.lastDate) },
      revenue: Object.values(merged.countries).reduce((sum, c) => sum + c.revenueE4, 0) / 1e4,
    },
    customers: { segmented: table.ids.length, returnsOnly: table.returnsOnly },
    features: {
      all: [...FEATURES],
      model: options.modelFeatures,
      transform: 'log1p+standardise',
      asOf: isoDate(table.asOf),
      mean: input.mean,
      std: input.std,
    },
    model: {
      k: selection.k,
      kSelection: selection,
      recommended: {
        model: chosen.model,
        family: chosen.family,
        reason: comparison.recommendation.reason,
        rule: comparison.recommendation.rule,
        excluded: comparison.recommendation.excluded,
      },
      silhouette: { value: chosen.silhouette, ...silhouetteSample(input.n, options.silhouetteSampleSize) },
      kmeans: {
        algorithm: sweep.find((e) => e.k === selection.k)!.fit.algorithm,
        init: 'k-means++',
        starts: DEFAULT_SWEEP.starts,
        sweep: sweepSummary(sweep),
      },
      mixtures: { bic: comparison.bic, sampleSize: comparison.mixtureSampleSize, membership: comparison.mixture?.model ?? null },
      hierarchical: comparison.models
        .filter((m) => m.hierarchy)
        .map(({ hierarchy: h }) => ({ linkage: h!.method, engine: h!.engine, leaves: h!.leaves, note: h!.note })),
      comparison: comparison.table,
    },
    segments,
    identity: {
      previousRunId: context.previous?.summary.runId ?? null,
      nextId: identity.nextId,
      retired: identity.retired,
      migration,
      note: identityNote(context.previous, identity.unmatchedReason, migration !== null),
    },
    files: {
      customers: customers ? 'customers.json' : null,
      charts: Object.fromEntries(Object.keys(charts).map((name) => [name, `charts/${name}.vl.json`])),
    },
  };
  return { summary, customers, charts };
}

function identityNote(previous: PreviousRun | null, unmatchedReason: string | undefined, migrated: boolean): string {
  if (!previous) return 'The first run of this dataset: segments are numbered by mean spend, highest first.';
  if (unmatchedReason) return `No segment was matched to the previous run's: ${unmatchedReason}.`;
  return (
    'Segments were matched to the previous run’s by least total distance between centres in this run’s model space; ' +
    `a segment within ${1} of a previous centre keeps its id and name.` +
    (migrated ? '' : ' No migration matrix: the previous or this run has no customers file.')
  );
}

/** The charts of the merged aggregates alone. */
function partialCharts(merged: PartialAggregate): Pick<Record<ChartName, ChartSpec>, 'top-products' | 'revenue-by-country'> {
  const chartCountry = productChartCountry(merged);
  return {
    'top-products': topProductsChart(
      Object.entries(merged.products)
        .filter(([, p]) => p.byCountry[chartCountry])
        .map(([stockCode, p]) => ({ stockCode, description: p.description, quantity: p.byCountry[chartCountry].quantity })),
      chartCountry,
    ),
    'revenue-by-country': revenueByCountryChart(
      Object.entries(merged.countries).map(([country, c]) => ({ country, revenue: c.revenueE4 / 1e4 })),
    ),
  };
}

function runCharts(
  dataCharts: ReturnType<typeof partialCharts>,
  /** The model input's first two principal components, when it has two features and two customers. */
  projection: ReturnType<typeof pca2> | undefined,
  table: CustomerTable,
  input: ModelInput,
  comparison: ModelComparison,
  run: {
    sweep: SweepEntry[];
    k: number;
    segments: Segment[];
    segmentOf: Int32Array;
    idOf: (segment: number) => number;
    /** The segment name of a label of the recommended model. */
    nameOfLabel: (label: number) => string;
    migration: Summary['identity']['migration'];
    context: RunContext;
  },
): Partial<Record<ChartName, ChartSpec>> {
  const { sweep, k, segments, segmentOf, idOf, nameOfLabel, migration, context } = run;
  const nameById = new Map(segments.map((s) => [s.id, s.name]));
  const nameOfIndex = Array.from({ length: segments.length }, (_, s) => nameById.get(idOf(s))!);
  const recommended = comparison.recommendation.model;
  const charts: Partial<Record<ChartName, ChartSpec>> = {
    ...dataCharts,
    elbow: elbowChart(sweep, k),
    silhouette: silhouetteChart(sweep, k),
    bic: bicChart(comparison.bic),
    'model-comparison': modelComparisonChart(comparison.table, recommended),
    'model-agreement': modelAgreementChart(comparison.table),
    'segment-sizes': segmentSizesChart(segments.map((s) => ({ id: String(s.id), name: s.name, size: s.size, share: s.share }))),
    'segment-profiles': segmentProfilesChart(
      segments.map((s) => ({ id: String(s.id), name: s.name, profile: s.profile })),
      [...FEATURES],
    ),
  };
  if (projection) {
    const { points, explained } = pcaPoints(input, projection, segmentOf, nameOfIndex);
    charts.pca = pcaScatterChart(points, { explained, segments: segments.map((s) => s.name), total: table.ids.length });
  }
  // The tree of the recommended linkage, or ward's: the one the seed analyses draw.
  const tree = comparison.models.find((m) => m.model === recommended && m.hierarchy) ?? comparison.models.find((m) => m.model === 'hierarchical-ward');
  if (tree?.hierarchy) {
    const drawn = dendrogram(tree.hierarchy, { k: tree.k <= 30 ? tree.k : undefined });
    // The tree's clusters are the segments when it is the recommended model.
    const names = tree.model === recommended ? Array.from({ length: tree.k }, (_, label) => nameOfLabel(label)) : undefined;
    charts.dendrogram = dendrogramChart(drawn, names);
  }
  if (migration && context.previous) {
    const previousNames = Object.fromEntries(context.previous.summary.segments.map((s) => [s.id, s.name]));
    charts.migration = migrationChart(migration, { from: previousNames, to: Object.fromEntries(nameById) });
  }
  return charts;
}
