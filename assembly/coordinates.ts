// Points stored dimension by dimension: coordinate c of the point at position p is at c·n + p.
// In this layout the pairwise kernels (silhouettes, the linkages' distances) read two points'
// coordinates in one f64x2 load and compute two distances at once, one per lane.

import { row } from './distance';

/** Coordinate c of the point at position p. */
// @ts-ignore: decorator
@inline
export function coordinate(coordinates: usize, n: usize, c: i32, p: i32): f64 {
  return load<f64>(coordinates + ((<usize>c * n + <usize>p) << 3));
}

/** Stores point i of `points` (row-major, n × d) at position p of `coordinates`. */
// @ts-ignore: decorator
@inline
export function storeCoordinates(points: usize, d: i32, i: i32, coordinates: usize, n: usize, p: i32): void {
  const point = row(points, i, d);
  for (let c = 0; c < d; c++) store<f64>(coordinates + ((<usize>c * n + <usize>p) << 3), load<f64>(point + (<usize>c << 3)));
}

/** All n points (row-major, n × d) into `coordinates`, each at its own position. */
export function copyCoordinates(points: usize, n: i32, d: i32, coordinates: usize): void {
  for (let i = 0; i < n; i++) storeCoordinates(points, d, i, coordinates, <usize>n, i);
}

/**
 * The distances from the point at p to those at j and j + 1, one per lane. Coordinates are
 * summed as `squaredDistance` sums them (even and odd ones apart), so all three agree bit for bit.
 */
// @ts-ignore: decorator
@inline
export function twoDistances(coordinates: usize, n: usize, d: i32, p: i32, j: i32): v128 {
  const pairedEnd = d & ~1;
  let even = f64x2.splat(0);
  let odd = f64x2.splat(0);
  for (let c = 0; c < pairedEnd; c += 2) {
    const e = f64x2.sub(v128.load(coordinates + ((<usize>c * n + <usize>j) << 3)), f64x2.splat(coordinate(coordinates, n, c, p)));
    even = f64x2.add(even, f64x2.mul(e, e));
    const o = f64x2.sub(v128.load(coordinates + ((<usize>(c + 1) * n + <usize>j) << 3)), f64x2.splat(coordinate(coordinates, n, c + 1, p)));
    odd = f64x2.add(odd, f64x2.mul(o, o));
  }
  let squared = f64x2.add(even, odd);
  if (d & 1) {
    const last = f64x2.sub(v128.load(coordinates + ((<usize>pairedEnd * n + <usize>j) << 3)), f64x2.splat(coordinate(coordinates, n, pairedEnd, p)));
    squared = f64x2.add(squared, f64x2.mul(last, last));
  }
  return f64x2.sqrt(squared);
}

/** The distance from the point at p to the one at j, summed as `twoDistances` sums it. */
// @ts-ignore: decorator
@inline
export function oneDistance(coordinates: usize, n: usize, d: i32, p: i32, j: i32): f64 {
  const pairedEnd = d & ~1;
  let even = 0.0;
  let odd = 0.0;
  for (let c = 0; c < pairedEnd; c += 2) {
    const e = coordinate(coordinates, n, c, j) - coordinate(coordinates, n, c, p);
    even += e * e;
    const o = coordinate(coordinates, n, c + 1, j) - coordinate(coordinates, n, c + 1, p);
    odd += o * o;
  }
  let squared = even + odd;
  if (d & 1) {
    const last = coordinate(coordinates, n, pairedEnd, j) - coordinate(coordinates, n, pairedEnd, p);
    squared += last * last;
  }
  return Math.sqrt(squared);
}
