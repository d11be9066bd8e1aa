// The one typed wrapper around the WebAssembly kernels: import kernels from here.
export { kernelMemoryBytes, loadKernels } from './module.js';
export type { KMeansOptions, KMeansResult, SilhouetteResult, SilhouetteSampleOptions } from './types.js';
export { distanceToAssignedCentre, kmeans, lloyd } from './kmeans.js';
export { silhouette, silhouettes, silhouetteSampled, type Labeling } from './silhouette.js';
export { LINKAGE_METHODS, linkage, linkageDistances, linkageFromDistances, linkageMatrixBytes, prepareLinkage } from './hclust.js';
export type { Linkage, LinkageMethod, LinkageOptions } from './hclust.js';
export type {
  CovarianceType, DistanceMetric, GaussianMixtureModel, GaussianMixtureOptions, GaussianMixtureResult, KMeansAlgorithm,
  LabelsOnly, MixtureInit, MixturePrediction, Pca2Result,
} from './types.js';
export {
  COVARIANCE_TYPES, DISTANCE_METRICS, GMM_DEFAULTS, HAMERLY_FROM_N, KMEANS_DEFAULTS, MINIBATCH_FROM_N, chooseKMeansAlgorithm,
  mixtureParameterCount,
} from './types.js';
export { hamerly } from './kmeans.js';
export { gaussianMixture, predictMixture } from './gmm.js';
export { calinskiHarabasz, daviesBouldin, labelCounts, pairCounts } from './metrics.js';
export { pca2 } from './pca.js';
export { distancesToCentres, pairwiseDistances } from './distances.js';
