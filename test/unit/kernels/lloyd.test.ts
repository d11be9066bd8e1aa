import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lloyd } from '../../../src/kernels/index.js';
import * as oracle from '../../../src/kernels/oracle';
import { lloydCases, matrix, maxRelativeError, relativeError } from './reference';

describe('lloyd reproduces scikit-learn KMeans(init=initCentres, n_init=1, tol=0)', () => {
  it.each(lloydCases.map((c, index) => ({ ...c, index })))('case $index (n=$n, d=$d, k=$k)', (c) => {
    const result = lloyd(matrix(c.X), c.n, c.d, matrix(c.initCentres), c.k);

    expect(Array.from(result.labels)).toEqual(c.labels);
    expect(maxRelativeError(result.centres, c.centres.flat())).toBeLessThan(1e-9);
    expect(relativeError(result.inertia, c.inertia)).toBeLessThan(1e-9);
    // sklearn's n_iter_ counts the iteration that finds the labels unchanged; so do we, exactly.
    expect(result.iterations).toBe(c.nIter);
    expect(result.converged).toBe(true);
  });

  it('stops at maxIter and reports not converged', () => {
    const c = lloydCases[2];
    const result = lloyd(matrix(c.X), c.n, c.d, matrix(c.initCentres), c.k, 2);
    expect(result.iterations).toBe(2);
    expect(result.converged).toBe(false);
  });

  // d up to 8 takes searches specialised to d; passes touch memory 4 KiB ahead of the point
  // in hand until the last 4 KiB of points. Sizes straddle that boundary for every d.
  it('gives the oracle\'s labels and centres bit for bit on every specialised path, on both sides of the touch-ahead boundary', () => {
    const coordinate = fc.double({ min: -50, max: 50, noNaN: true });
    fc.assert(
      fc.property(
        fc.record({ d: fc.integer({ min: 1, max: 9 }), k: fc.integer({ min: 1, max: 9 }), extra: fc.integer({ min: -40, max: 40 }) }).chain(({ d, k, extra }) => {
          const n = Math.max(k, Math.ceil((4096 + 8) / (d * 8)) + extra);
          return fc.record({ d: fc.constant(d), k: fc.constant(k), n: fc.constant(n), points: fc.array(coordinate, { minLength: n * d, maxLength: n * d }) });
        }),
        ({ d, k, n, points: values }) => {
          const points = Float64Array.from(values);
          const init = points.slice(0, k * d).map((value, index) => value + (index % 3) - 1);
          const wasm = lloyd(points, n, d, init, k, 5);
          const ts = oracle.lloyd(points, n, d, init, k, 5);
          expect(wasm.labels).toEqual(ts.labels);
          expect(wasm.centres).toEqual(ts.centres);
          expect(wasm.iterations).toBe(ts.iterations);
        },
      ),
      { numRuns: 150 },
    );
  });
});
