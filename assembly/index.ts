// The kernels module: k-means and silhouette over f64 data in linear memory. Every export
// takes explicit pointers (usize) and lengths (i32) into buffers the host lays out; the stub
// runtime never frees, so no kernel allocates. src/kernels/kernels.ts is the only caller.

export { lloyd, lloydScratchBytes, kmeans, kmeansScratchBytes, distancesToAssignedCentre } from './kmeans';
export { silhouette, silhouettes, silhouetteScratchBytes, silhouettesScratchBytes, stratifiedSample, stratifiedSampleScratchBytes } from './silhouette';
export {
  linkageDistancesBytes,
  linkageDistancesScratchBytes,
  linkageDistances,
  linkageMatrix,
  linkageMatrixBytes,
  nnChainLinkage,
  nnChainScratchBytes,
  tileCondensed,
} from './hclust';

/** First free byte after static data: the host lays out its buffers from here. */
export function heapBase(): usize {
  return __heap_base;
}
export { hamerly, hamerlyScratchBytes } from './kmeans';
export {
  gaussianMixture, gaussianMixtureScratchBytes, gaussianMixturePredict, gaussianMixturePredictScratchBytes,
} from './gmm';
export { calinskiHarabasz, daviesBouldin, clusterIndexScratchBytes, labelCounts, pairCounts } from './metrics';
export { pca2, pca2ScratchBytes } from './pca';
export { distancesToCentres, pairwiseDistances, distancesScratchBytes } from './pairwise';
export { firstNonFinite } from './checks';
