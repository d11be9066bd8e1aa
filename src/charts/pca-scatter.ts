/** Customers in the plane of the first two principal components, coloured by segment. */

import { formatCount } from '../format.js';
import { CATEGORY_COLOURS, type ChartSpec, VEGA_LITE_SCHEMA } from './spec.js';

export interface ProjectedCustomer {
  x: number;
  y: number;
  segment: string;
}

/** At most this many points are drawn: a static page stays light; the sample is stated. */
export const PCA_MAX_POINTS = 5_000;

export function pcaScatterChart(
  points: readonly ProjectedCustomer[],
  { explained, segments, total }: { explained: readonly [number, number]; segments: readonly string[]; total: number },
): ChartSpec {
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
  const subtitle =
    points.length < total
      ? `${formatCount(points.length)} of ${formatCount(total)} customers, an even sample`
      : `${formatCount(total)} customers`;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Segments in the plane of the first two principal components', subtitle },
    description: `Model features projected on two principal components (${percent(explained[0])} and ${percent(explained[1])} of the variance), coloured by segment.`,
    width: 420,
    height: 320,
    data: { values: points },
    mark: { type: 'circle', size: 14, opacity: 0.6 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: `PC1 (${percent(explained[0])} of variance)`, scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', title: `PC2 (${percent(explained[1])} of variance)`, scale: { zero: false } },
      color: {
        field: 'segment',
        type: 'nominal',
        title: 'Segment',
        scale: { domain: [...segments], range: CATEGORY_COLOURS.slice(0, Math.max(1, segments.length)) },
      },
      tooltip: [{ field: 'segment', type: 'nominal', title: 'Segment' }],
    },
  };
}
