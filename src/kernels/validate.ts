// Argument checks for the kernel wrappers: done once, at this boundary; the kernels trust their input.

import type { Frame } from './module.js';

export function requireInteger(fn: string, name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${fn}: ${name} must be an integer >= ${min}, got ${value}`);
  }
}

export function requireSeed(fn: string, seed: number): void {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`${fn}: seed must be a safe integer, got ${seed}`);
}

/** `values` is a Float64Array of `rows` rows of `d` numbers. */
function requireShape(fn: string, name: string, values: Float64Array, rows: number, d: number): void {
  if (!(values instanceof Float64Array)) throw new RangeError(`${fn}: ${name} must be a Float64Array`);
  if (values.length !== rows * d) {
    throw new RangeError(`${fn}: ${name} has length ${values.length}, expected ${rows} rows x ${d} columns = ${rows * d}`);
  }
}

function notFinite(fn: string, name: string, values: Float64Array, at: number, d: number): RangeError {
  return new RangeError(`${fn}: ${name} must be finite, but row ${Math.floor(at / d)}, column ${at % d} is ${values[at]}`);
}

/** `values` holds `rows` rows of `d` finite numbers. */
export function requireMatrix(fn: string, name: string, values: Float64Array, rows: number, d: number): void {
  requireShape(fn, name, values, rows, d);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw notFinite(fn, name, values, i, d);
  }
}

/** n points of d coordinates; that each coordinate is finite is checked on their copy (pointsIn). */
export function requirePoints(fn: string, points: Float64Array, n: number, d: number): void {
  requireInteger(fn, 'n', n, 1);
  requireInteger(fn, 'd', d, 1);
  requireShape(fn, 'points', points, n, d);
}

/**
 * Copies the points (requirePoints) into the call's frame and checks there that every
 * coordinate is finite: one pass in WebAssembly over the copy, not one in JavaScript before
 * it. A million customers' points took 8 ms a check that way, and a segmentation makes
 * some 90 kernel calls.
 */
export function pointsIn(frame: Frame, fn: string, points: Float64Array, d: number): number {
  const pointer = frame.f64In(points);
  const at = frame.firstNonFinite(pointer, points.length);
  if (at !== -1) throw notFinite(fn, 'points', points, at, d);
  return pointer;
}

export function requireClusterCount(fn: string, n: number, k: number): void {
  requireInteger(fn, 'k', k, 1);
  if (n < k) throw new RangeError(`${fn}: n (${n}) is less than k (${k}): cannot make more clusters than there are points`);
}

export function requireLabels(fn: string, labels: Int32Array, n: number, k: number): void {
  if (!(labels instanceof Int32Array)) throw new RangeError(`${fn}: labels must be an Int32Array`);
  if (labels.length !== n) throw new RangeError(`${fn}: labels has length ${labels.length}, expected n = ${n}`);
  for (let i = 0; i < n; i++) {
    if (labels[i] < 0 || labels[i] >= k) throw new RangeError(`${fn}: labels[${i}] is ${labels[i]}, expected 0 <= label < k = ${k}`);
  }
}

/** scikit-learn's check_number_of_labels: a clustering score needs 2 to n - 1 distinct labels. */
export function requireScoredLabels(fn: string, score: string, labels: Int32Array, n: number, k: number): void {
  requireLabels(fn, labels, n, k);
  const seen = new Uint8Array(k);
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    if (seen[labels[i]] === 0) {
      seen[labels[i]] = 1;
      distinct++;
    }
  }
  if (distinct < 2 || distinct > n - 1) {
    throw new RangeError(`${fn}: ${score} needs 2 to n - 1 = ${n - 1} distinct labels, got ${distinct}`);
  }
}

export function requireSilhouetteLabels(fn: string, labels: Int32Array, n: number, k: number): void {
  requireScoredLabels(fn, 'the silhouette', labels, n, k);
}

export function requireOneOf<T extends string>(fn: string, name: string, value: unknown, allowed: readonly T[]): asserts value is T {
  if (!allowed.includes(value as T)) {
    throw new RangeError(`${fn}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`);
  }
}

/** A finite number >= min. */
export function requireNumber(fn: string, name: string, value: number, min: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new RangeError(`${fn}: ${name} must be a finite number >= ${min}, got ${value}`);
  }
}

