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

/**
 * The distances from the point at p to the eight at j..j+7, stored from `out` (SIMD build), as
 * four twoDistances would: each of p's coordinates is loaded once for the eight, and the loads
 * and stores are at constant offsets. A block's row at a time, it takes a quarter off the
 * linkages' distance matrix and the silhouettes' tiles.
 */
// @ts-ignore: decorator
@inline
export function eightDistances(coordinates: usize, n: usize, d: i32, p: i32, j: i32, out: usize): void {
  const pairedEnd = d & ~1;
  let even0 = f64x2.splat(0), even1 = f64x2.splat(0), even2 = f64x2.splat(0), even3 = f64x2.splat(0);
  let odd0 = f64x2.splat(0), odd1 = f64x2.splat(0), odd2 = f64x2.splat(0), odd3 = f64x2.splat(0);
  for (let c = 0; c < pairedEnd; c += 2) {
    const pe = f64x2.splat(coordinate(coordinates, n, c, p));
    const at = coordinates + ((<usize>c * n + <usize>j) << 3);
    let e = f64x2.sub(v128.load(at, 0), pe); even0 = f64x2.add(even0, f64x2.mul(e, e));
    e = f64x2.sub(v128.load(at, 16), pe); even1 = f64x2.add(even1, f64x2.mul(e, e));
    e = f64x2.sub(v128.load(at, 32), pe); even2 = f64x2.add(even2, f64x2.mul(e, e));
    e = f64x2.sub(v128.load(at, 48), pe); even3 = f64x2.add(even3, f64x2.mul(e, e));
    const po = f64x2.splat(coordinate(coordinates, n, c + 1, p));
    const next = at + (n << 3);
    let o = f64x2.sub(v128.load(next, 0), po); odd0 = f64x2.add(odd0, f64x2.mul(o, o));
    o = f64x2.sub(v128.load(next, 16), po); odd1 = f64x2.add(odd1, f64x2.mul(o, o));
    o = f64x2.sub(v128.load(next, 32), po); odd2 = f64x2.add(odd2, f64x2.mul(o, o));
    o = f64x2.sub(v128.load(next, 48), po); odd3 = f64x2.add(odd3, f64x2.mul(o, o));
  }
  let s0 = f64x2.add(even0, odd0), s1 = f64x2.add(even1, odd1), s2 = f64x2.add(even2, odd2), s3 = f64x2.add(even3, odd3);
  if (d & 1) {
    const pl = f64x2.splat(coordinate(coordinates, n, pairedEnd, p));
    const at = coordinates + ((<usize>pairedEnd * n + <usize>j) << 3);
    let l = f64x2.sub(v128.load(at, 0), pl); s0 = f64x2.add(s0, f64x2.mul(l, l));
    l = f64x2.sub(v128.load(at, 16), pl); s1 = f64x2.add(s1, f64x2.mul(l, l));
    l = f64x2.sub(v128.load(at, 32), pl); s2 = f64x2.add(s2, f64x2.mul(l, l));
    l = f64x2.sub(v128.load(at, 48), pl); s3 = f64x2.add(s3, f64x2.mul(l, l));
  }
  v128.store(out, f64x2.sqrt(s0), 0);
  v128.store(out, f64x2.sqrt(s1), 16);
  v128.store(out, f64x2.sqrt(s2), 32);
  v128.store(out, f64x2.sqrt(s3), 48);
}
