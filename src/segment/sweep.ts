import { kmeans, type KMeansResult } from '../kernels/index.js';
import type { SweepPoint } from './choose-k.js';
import { silhouettesOf } from './silhouettes.js';
import type { ModelInput } from './transform.js';

export interface SweepOptions {
  kMin: number;
  kMax: number;
  seed: number;
  /** k-means++ starts per k; the start of lowest inertia is kept. */
  starts: number;
  /** Exact silhouette up to this many customers; a stratified sample of this size beyond. */
  silhouetteSampleSize: number;
}

export const DEFAULT_SWEEP: Omit<SweepOptions, 'seed' | 'silhouetteSampleSize'> = {
  kMin: 2,
  kMax: 10,
  starts: 10,
};

export interface SweepEntry extends SweepPoint {
  fit: KMeansResult;
  silhouetteSampleSize: number;
  silhouetteSampled: boolean;
  sizes: number[];
}

function clusterSizes(labels: Int32Array, k: number): number[] {
  const sizes = new Array<number>(k).fill(0);
  for (const label of labels) sizes[label]++;
  return sizes;
}

/** k-means for every k of the sweep, each with its silhouette. Each k draws from its own seed. */
export function kmeansSweep(input: ModelInput, options: SweepOptions): SweepEntry[] {
  const { points, n, d } = input;
  if (n < 3) throw new RangeError(`segmentation needs at least 3 customers with purchases; found ${n}`);
  const kMax = Math.min(options.kMax, n - 1);
  const fits: { k: number; seed: number; fit: KMeansResult }[] = [];
  for (let k = options.kMin; k <= kMax; k++) {
    const seed = options.seed + k;
    fits.push({ k, seed, fit: kmeans(points, n, d, k, { seed, starts: options.starts }) });
  }
  const scores = silhouettesOf(input, fits.map(({ k, seed, fit }) => ({ labels: fit.labels, k, seed })), options.silhouetteSampleSize);
  return fits.map(({ k, fit }, index) => {
    const sizes = clusterSizes(fit.labels, k);
    return {
      k,
      fit,
      inertia: fit.inertia,
      silhouette: scores[index].mean,
      silhouetteSampleSize: scores[index].sampleSize,
      silhouetteSampled: scores[index].sampled,
      sizes,
      smallestShare: Math.min(...sizes) / n,
    };
  });
}
