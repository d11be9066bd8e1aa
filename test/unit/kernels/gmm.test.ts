import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COVARIANCE_TYPES, gaussianMixture, mixtureParameterCount, predictMixture, type CovarianceType,
} from '../../../src/kernels/index.js';
import * as oracle from '../../../src/kernels/oracle-gmm';
import { blobs, pointsCase } from './arbitraries';
import { gmmReference, matrix, maxRelativeError, relativeError } from './reference';

const { X, k, weightsInit, meansInit } = gmmReference;
const points = matrix(X);
const n = X.length;
const d = X[0].length;
const fromReferenceInit = { weights: Float64Array.from(weightsInit), means: matrix(meansInit) };

describe('gaussianMixture reproduces scikit-learn GaussianMixture(reg_covar=1e-6) from given initial parameters', () => {
  // The reference's iteration counts (19, 20, 118, 76 at maxIter 200) are reproduced by tol = 1e-10
  // and by no tolerance a decade either side: the fixture was generated with tol=1e-10.
  it.each(gmmReference.cases.map((c) => ({ ...c, name: `${c.covarianceType}, maxIter ${c.maxIter}` })))('$name', (c) => {
    const result = gaussianMixture(points, n, d, k, {
      seed: 0, covarianceType: c.covarianceType, maxIter: c.maxIter, tol: 1e-10, init: fromReferenceInit,
    });
    expect(maxRelativeError(result.weights, c.weights)).toBeLessThan(1e-6);
    expect(maxRelativeError(result.means, c.means.flat())).toBeLessThan(1e-6);
    expect(maxRelativeError(result.covariances, (c.covariances as number[]).flat(2))).toBeLessThan(1e-6);
    expect(relativeError(result.meanLogLikelihood, c.meanLogLikelihood)).toBeLessThan(1e-6);
    expect(relativeError(result.bic, c.bic)).toBeLessThan(1e-6);
    expect(relativeError(result.aic, c.aic)).toBeLessThan(1e-6);
    expect(Array.from(result.labels)).toEqual(c.labels);
    expect([result.iterations, result.converged]).toEqual([c.nIter, c.converged]);
    expect(result.logLikelihood).toBeCloseTo(result.meanLogLikelihood * n, 9);
    expect(result.initialisation).toEqual({ kind: 'parameters' });
  });

  it("counts free parameters as scikit-learn's _n_parameters (d = 3, k = 3)", () => {
    expect(COVARIANCE_TYPES.map((type) => mixtureParameterCount(type, 3, 3))).toEqual([29, 17, 20, 14]);
  });
});

describe('gaussianMixture from k-means initialisations', () => {
  const data = blobs([300, 200, 100], 3);

  it.each(COVARIANCE_TYPES.map((type) => ({ type })))('$type: labels, probabilities and score agree with predictMixture', ({ type }) => {
    const result = gaussianMixture(data.points, data.n, 3, 3, { seed: 4, covarianceType: type });
    expect(result.initialisation).toEqual({ kind: 'kmeans', algorithm: 'lloyd' });
    expect(result.converged).toBe(true);
    const prediction = predictMixture(result, data.points, data.n);
    expect(prediction.labels).toEqual(result.labels);
    expect(prediction.probabilities).toEqual(result.probabilities);
    expect(prediction.meanLogLikelihood).toBe(result.meanLogLikelihood);
    for (let i = 0; i < data.n; i++) {
      const row = Array.from(result.probabilities.subarray(i * 3, i * 3 + 3));
      expect(row.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 12);
      expect(row.indexOf(Math.max(...row))).toBe(result.labels[i]);
    }
    // Well separated blobs: every blob is one component.
    expect(new Set(result.labels).size).toBe(3);
  });

  it.each(COVARIANCE_TYPES.map((type) => ({ type })))('$type: labels only, when asked, is the same fit and prediction less the probabilities', ({ type }) => {
    const { probabilities, ...fit } = gaussianMixture(data.points, data.n, 3, 3, { seed: 4, covarianceType: type });
    expect(probabilities).toHaveLength(data.n * 3);
    expect(gaussianMixture(data.points, data.n, 3, 3, { seed: 4, covarianceType: type, probabilities: false })).toStrictEqual(fit);
    const { probabilities: predicted, ...prediction } = predictMixture(fit, data.points, data.n);
    expect(predicted).toEqual(probabilities);
    expect(predictMixture(fit, data.points, data.n, { probabilities: false })).toStrictEqual(prediction);
  });

  it.each(COVARIANCE_TYPES.map((type) => ({ type })))('$type: predicts new points as the TypeScript oracle does', ({ type }) => {
    const model = gaussianMixture(data.points, data.n, 3, 3, { seed: 2, covarianceType: type });
    const fresh = Float64Array.from({ length: 60 }, (_, i) => Math.cos(i * 3.1) * 12 + 8);
    const wasm = predictMixture(model, fresh, 20);
    const ts = oracle.predictMixture(model, fresh, 20);
    expect(wasm.labels).toEqual(ts.labels);
    expect(maxRelativeError(wasm.probabilities, ts.probabilities)).toBeLessThanOrEqual(1e-12);
    expect(relativeError(wasm.meanLogLikelihood, ts.meanLogLikelihood)).toBeLessThanOrEqual(1e-12);
  });

  it('is deterministic for a seed; more starts never end lower (the first start is the same)', () => {
    const one = gaussianMixture(data.points, data.n, 3, 4, { seed: 11, covarianceType: 'diag' });
    expect(gaussianMixture(data.points, data.n, 3, 4, { seed: 11, covarianceType: 'diag' })).toEqual(one);
    const three = gaussianMixture(data.points, data.n, 3, 4, { seed: 11, covarianceType: 'diag', starts: 3 });
    expect(three.lowerBound).toBeGreaterThanOrEqual(one.lowerBound);
  });

  it('starts from given labels', () => {
    const result = gaussianMixture(data.points, data.n, 3, 3, { seed: 0, init: { labels: data.labels } });
    expect(result.initialisation).toEqual({ kind: 'labels' });
    expect(result.labels).toEqual(data.labels);
  });

  // One start: two starts reaching the same optimum can tie to the last bit, and the kernel's and
  // V8's Math.exp / Math.log (which may differ by an ulp) then keep different ones. 1e-7, not
  // tighter: on degenerate inputs (near-duplicate points, tight components) the tied covariance,
  // a difference of scatters as in scikit-learn, amplifies those ulps.
  it.each(COVARIANCE_TYPES.map((type) => ({ type })))('$type: equals the TypeScript oracle on random inputs', ({ type }) => {
    fc.assert(
      fc.property(pointsCase(30, 4), ({ n: size, d: dims, k: components, points: values, seed }) => {
        const options = { seed, covarianceType: type as CovarianceType, maxIter: 20 };
        const wasm = gaussianMixture(values, size, dims, components, options);
        const ts = oracle.gaussianMixture(values, size, dims, components, options);
        expect(wasm.labels).toEqual(ts.labels);
        expect([wasm.iterations, wasm.converged]).toEqual([ts.iterations, ts.converged]);
        expect(relativeError(wasm.meanLogLikelihood, ts.meanLogLikelihood)).toBeLessThanOrEqual(1e-7);
        expect(maxRelativeError(wasm.probabilities, ts.probabilities)).toBeLessThanOrEqual(1e-7);
        expect(maxRelativeError(wasm.means, ts.means)).toBeLessThanOrEqual(1e-7);
        expect(maxRelativeError(wasm.covariances, ts.covariances)).toBeLessThanOrEqual(1e-7);
      }),
      { numRuns: 100 },
    );
  });
});

describe('gaussianMixture on degenerate input', () => {
  it('fits n = k points (each its own component, covariance regCovar) and duplicate points', () => {
    const result = gaussianMixture(Float64Array.from([0, 0, 5, 5, 9, 1]), 3, 2, 3, { seed: 1 });
    expect(Array.from(result.weights).map((w) => Math.round(w * 3))).toEqual([1, 1, 1]);
    expect(Math.max(...result.covariances)).toBeCloseTo(1e-6, 12);
    const duplicates = gaussianMixture(Float64Array.from([1, 1, 1, 1, 4, 4]), 6, 1, 2, { seed: 1, covarianceType: 'spherical' });
    expect(Array.from(duplicates.labels).sort()).toEqual([0, 0, 0, 0, 1, 1].sort());
  });

  it('fits a zero-variance feature through regCovar', () => {
    const values = Float64Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 7 : (i % 5) + Math.floor(i / 20) * 10));
    for (const type of COVARIANCE_TYPES) {
      const result = gaussianMixture(values, 20, 2, 2, { seed: 3, covarianceType: type });
      expect(Number.isFinite(result.bic)).toBe(true);
    }
  });

  it('throws a clear error when a covariance is singular and regCovar is 0', () => {
    // Three singletons: each covariance is 0 (up to the rounding of its mean), so none is positive definite.
    expect(() => gaussianMixture(Float64Array.from([0, 0, 5, 5, 9, 1]), 3, 2, 3, { seed: 1, regCovar: 0 })).toThrow(
      /^gaussianMixture: component \d's covariance is not positive definite \(a singleton or collapsed component\); increase regCovar \(now 0\), lower k, or scale the input$/,
    );
    expect(() => gaussianMixture(Float64Array.from([0, 0, 4]), 3, 1, 2, { seed: 1, regCovar: 0, covarianceType: 'diag' }))
      .toThrow(/component \d's covariance is not positive definite/);
  });

  it('rejects bad arguments with a RangeError that says what is wrong', () => {
    const ok = { seed: 1 };
    expect(() => gaussianMixture(points, n, d, n + 1, ok)).toThrow(/n \(800\) is less than k \(801\)/);
    expect(() => gaussianMixture(points, n, d, 3, { seed: 1, covarianceType: 'banana' as CovarianceType }))
      .toThrow("gaussianMixture: covarianceType must be one of 'full', 'tied', 'diag', 'spherical', got \"banana\"");
    expect(() => gaussianMixture(points, n, d, 3, { seed: 1, regCovar: -1 })).toThrow(/regCovar must be a finite number >= 0, got -1/);
    expect(() => gaussianMixture(points, n, d, 3, { seed: 1, tol: NaN })).toThrow(/tol must be a finite number >= 0, got NaN/);
    expect(() => gaussianMixture(points, n, d, 3, { seed: 1, starts: 2, init: fromReferenceInit })).toThrow(/starts > 1 needs k-means/);
    expect(() => gaussianMixture(points, n, d, 3, { seed: 1, init: { ...fromReferenceInit, weights: Float64Array.from([0.5, 0.5, 0.5]) } }))
      .toThrow(/init.weights must lie in \[0, 1\] and sum to 1, got sum 1.5/);
    expect(() => gaussianMixture(points, n, d, 3, {
      seed: 1, covarianceType: 'tied', init: { ...fromReferenceInit, precisions: Float64Array.from([1, 2, 0, 2, 1, 0, 0, 0, 1]) },
    })).toThrow('gaussianMixture: init.precisions is not positive definite');
    expect(() => gaussianMixture(points, n, d, 3, { seed: 1, init: { labels: new Int32Array(n).fill(3) } })).toThrow(/labels\[0\] is 3/);
  });
});
