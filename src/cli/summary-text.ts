import { formatCount } from '../format.js';
import { DROP_REASONS } from '../partial.js';
import type { Summary } from '../results.js';

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** The few lines `segmint run` ends with. */
export function describeRun(summary: Summary, latestPath: string): string {
  const { input, model } = summary;
  const dropped = DROP_REASONS.filter((r) => input.dropped[r] > 0)
    .map((r) => `${r} ${formatCount(input.dropped[r])}`)
    .join(', ');
  const how =
    model.kSelection.method === 'fixed'
      ? 'fixed'
      : `best silhouette at or beyond the elbow (knee k=${model.kSelection.knee ?? 'none'})`;
  const lines = [
    `rows read ${formatCount(input.rowsRead)}, kept ${formatCount(input.rowsKept)}${dropped ? ` (dropped: ${dropped})` : ''}`,
    `customers segmented ${formatCount(summary.customers.segmented)}${summary.customers.returnsOnly ? `, ${formatCount(summary.customers.returnsOnly)} with returns only` : ''}`,
    `k = ${model.k} (${how}); model ${model.recommended.model}, silhouette ${model.silhouette.value.toFixed(3)}${model.silhouette.sampled ? ` on a sample of ${formatCount(model.silhouette.sampleSize)}` : ''}`,
    ...summary.segments.map(
      (s) => `  ${s.id}. ${s.name}: ${formatCount(s.size)} customers (${percent(s.share)}), ${percent(s.revenueShare)} of revenue — ${s.description}`,
    ),
    `results: ${latestPath}`,
  ];
  return lines.join('\n');
}
