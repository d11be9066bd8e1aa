// PCA to two components, for the segment scatter chart.

import { Frame, kernels, type KernelModule } from './module.js';
import type { Pca2Result } from './types.js';
import { pointsIn, requireInteger, requirePoints } from './validate.js';

interface PcaKernels extends KernelModule {
  pca2ScratchBytes(d: number): number;
  pca2(points: number, n: number, d: number, mean: number, components: number, variances: number,
    projected: number, scratch: number): void;
}

/**
 * scikit-learn's PCA(n_components=2) on the centred (not scaled) points: the two principal axes,
 * their explained variance and its share of the total, and every point projected on them. Axis
 * signs are arbitrary in PCA; here each axis's largest loading is positive. Needs n >= 2, d >= 2.
 */
export function pca2(points: Float64Array, n: number, d: number): Pca2Result {
  requireInteger('pca2', 'n', n, 2);
  requireInteger('pca2', 'd', d, 2);
  requirePoints('pca2', points, n, d);
  const module = kernels<PcaKernels>();
  const frame = new Frame(module);
  const pointsAt = pointsIn(frame, 'pca2', points, d);
  const meanAt = frame.reserve(d * 8);
  const componentsAt = frame.reserve(2 * d * 8);
  const variancesAt = frame.reserve(4 * 8);
  const projectedAt = frame.reserve(n * 2 * 8);
  const scratchAt = frame.reserve(module.pca2ScratchBytes(d));
  module.pca2(pointsAt, n, d, meanAt, componentsAt, variancesAt, projectedAt, scratchAt);
  const variances = frame.f64Out(variancesAt, 4);
  return {
    mean: frame.f64Out(meanAt, d),
    components: frame.f64Out(componentsAt, 2 * d),
    explainedVariance: [variances[0], variances[1]],
    explainedVarianceRatio: [variances[2], variances[3]],
    projected: frame.f64Out(projectedAt, n * 2),
  };
}
