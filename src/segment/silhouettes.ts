import { silhouettes, silhouetteSampled, type Labeling, type SilhouetteResult } from '../kernels/index.js';
import type { ModelInput } from './transform.js';

/**
 * The silhouettes of several labelings of the customers: exact up to `sampleSize` customers,
 * all in one pass over the pairs (each distance computed once for every labeling); beyond,
 * each on its own stratified sample, drawn with its own seed.
 */
export function silhouettesOf(input: Pick<ModelInput, 'points' | 'n' | 'd'>, labelings: readonly (Labeling & { seed: number })[], sampleSize: number): SilhouetteResult[] {
  const { points, n, d } = input;
  if (!silhouetteSample(n, sampleSize).sampled) return silhouettes(points, n, d, labelings);
  return labelings.map(({ labels, k, seed }) => silhouetteSampled(points, n, d, labels, k, { sampleSize, seed }));
}

/** Whether the silhouettes of n customers are taken on a sample, and of how many: the rule silhouettesOf follows, for the summary to state. */
export function silhouetteSample(n: number, sampleSize: number): { sampled: boolean; sampleSize: number } {
  return { sampled: n > sampleSize, sampleSize: Math.min(n, sampleSize) };
}
