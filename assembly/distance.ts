// Distances between two rows of `d` f64s. Each has an f64x2 path and a scalar path chosen at
// compile time (ASC_FEATURE_SIMD): build/kernels.wasm takes the SIMD one, and the benchmark
// compiles the same source without `--enable simd` to measure what SIMD buys. Both paths sum in
// the same order (two lanes: even and odd coordinates apart, an odd last coordinate added at the
// end), so they agree bit for bit, and so does the TypeScript oracle.

/** Address of row `i` of a row-major f64 matrix with `d` columns. */
// @ts-ignore: decorator
@inline
export function row(base: usize, i: i32, d: i32): usize {
  return base + ((<usize>i * <usize>d) << 3);
}

/** Squared euclidean distance. */
// @ts-ignore: decorator
@inline
export function squaredDistance(a: usize, b: usize, d: i32): f64 {
  const pairedBytes = <usize>(d & ~1) << 3;
  let sum: f64;
  if (ASC_FEATURE_SIMD) {
    let lanes = f64x2.splat(0);
    for (let offset: usize = 0; offset < pairedBytes; offset += 16) {
      const diff = f64x2.sub(v128.load(a + offset), v128.load(b + offset));
      lanes = f64x2.add(lanes, f64x2.mul(diff, diff));
    }
    sum = f64x2.extract_lane(lanes, 0) + f64x2.extract_lane(lanes, 1);
  } else {
    let even = 0.0;
    let odd = 0.0;
    for (let offset: usize = 0; offset < pairedBytes; offset += 16) {
      const e = load<f64>(a + offset) - load<f64>(b + offset);
      even += e * e;
      const o = load<f64>(a + offset, 8) - load<f64>(b + offset, 8);
      odd += o * o;
    }
    sum = even + odd;
  }
  if (d & 1) {
    const diff = load<f64>(a + pairedBytes) - load<f64>(b + pairedBytes);
    sum += diff * diff;
  }
  return sum;
}

/**
 * The second result of the last `squaredDistancePair` call: AssemblyScript has no tuples, and a
 * v128 return would not exist in the scalar build.
 */
export let pairSecond: f64 = 0;

/**
 * Squared distances from `point` to `a` (returned) and to `b` (left in `pairSecond`), each summed
 * exactly as `squaredDistance` sums it: sharing the point's loads and the loop makes the nearest
 * centre search faster without changing a bit.
 */
// @ts-ignore: decorator
@inline
export function squaredDistancePair(point: usize, a: usize, b: usize, d: i32): f64 {
  const pairedBytes = <usize>(d & ~1) << 3;
  let sumA: f64;
  let sumB: f64;
  if (ASC_FEATURE_SIMD) {
    let lanesA = f64x2.splat(0);
    let lanesB = f64x2.splat(0);
    for (let offset: usize = 0; offset < pairedBytes; offset += 16) {
      const p = v128.load(point + offset);
      const diffA = f64x2.sub(p, v128.load(a + offset));
      const diffB = f64x2.sub(p, v128.load(b + offset));
      lanesA = f64x2.add(lanesA, f64x2.mul(diffA, diffA));
      lanesB = f64x2.add(lanesB, f64x2.mul(diffB, diffB));
    }
    sumA = f64x2.extract_lane(lanesA, 0) + f64x2.extract_lane(lanesA, 1);
    sumB = f64x2.extract_lane(lanesB, 0) + f64x2.extract_lane(lanesB, 1);
  } else {
    let evenA = 0.0;
    let oddA = 0.0;
    let evenB = 0.0;
    let oddB = 0.0;
    for (let offset: usize = 0; offset < pairedBytes; offset += 16) {
      const pe = load<f64>(point + offset);
      const po = load<f64>(point + offset, 8);
      const ea = pe - load<f64>(a + offset);
      const oa = po - load<f64>(a + offset, 8);
      const eb = pe - load<f64>(b + offset);
      const ob = po - load<f64>(b + offset, 8);
      evenA += ea * ea;
      oddA += oa * oa;
      evenB += eb * eb;
      oddB += ob * ob;
    }
    sumA = evenA + oddA;
    sumB = evenB + oddB;
  }
  if (d & 1) {
    const p = load<f64>(point + pairedBytes);
    const diffA = p - load<f64>(a + pairedBytes);
    const diffB = p - load<f64>(b + pairedBytes);
    sumA += diffA * diffA;
    sumB += diffB * diffB;
  }
  pairSecond = sumB;
  return sumA;
}

/**
 * SIMD build only: the squared distances from `point` to `a` and to `b` as the two lanes of one
 * f64x2, each summed exactly as `squaredDistance` sums it (the lanes of the two accumulators are
 * paired up by shuffles rather than extracted), for branch-free nearest-centre searches.
 */
// @ts-ignore: decorator
@inline
export function squaredDistanceLanes(point: usize, a: usize, b: usize, d: i32): v128 {
  const pairedBytes = <usize>(d & ~1) << 3;
  let lanesA = f64x2.splat(0);
  let lanesB = f64x2.splat(0);
  for (let offset: usize = 0; offset < pairedBytes; offset += 16) {
    const p = v128.load(point + offset);
    const diffA = f64x2.sub(p, v128.load(a + offset));
    const diffB = f64x2.sub(p, v128.load(b + offset));
    lanesA = f64x2.add(lanesA, f64x2.mul(diffA, diffA));
    lanesB = f64x2.add(lanesB, f64x2.mul(diffB, diffB));
  }
  let sums = f64x2.add(v128.shuffle<f64>(lanesA, lanesB, 0, 2), v128.shuffle<f64>(lanesA, lanesB, 1, 3));
  if (d & 1) {
    const last = f64x2.replace_lane(f64x2.splat(load<f64>(a + pairedBytes)), 1, load<f64>(b + pairedBytes));
    const diff = f64x2.sub(f64x2.splat(load<f64>(point + pairedBytes)), last);
    sums = f64x2.add(sums, f64x2.mul(diff, diff));
  }
  return sums;
}

/**
 * SIMD build only: `squaredDistanceLanes` for a point of `dims` coordinates (1 to 8, a constant
 * at each call site) that the caller already holds in registers: its coordinate pairs in
 * `p0`..`p3` and, when `dims` is odd, its last coordinate in both lanes of `last`. A search over
 * many centres then loads the point once and runs no loop over its coordinates. Same sums, bit for
 * bit (an accumulator starts at its first product, which equals 0 plus it).
 */
// @ts-ignore: decorator
@inline
export function squaredDistanceLanesHeld(p0: v128, p1: v128, p2: v128, p3: v128, last: v128, dims: i32, a: usize, b: usize): v128 {
  const pairs = dims >> 1;
  let sums = f64x2.splat(0);
  if (pairs > 0) {
    let diffA = f64x2.sub(p0, v128.load(a));
    let diffB = f64x2.sub(p0, v128.load(b));
    let lanesA = f64x2.mul(diffA, diffA);
    let lanesB = f64x2.mul(diffB, diffB);
    if (pairs > 1) {
      diffA = f64x2.sub(p1, v128.load(a, 16));
      diffB = f64x2.sub(p1, v128.load(b, 16));
      lanesA = f64x2.add(lanesA, f64x2.mul(diffA, diffA));
      lanesB = f64x2.add(lanesB, f64x2.mul(diffB, diffB));
    }
    if (pairs > 2) {
      diffA = f64x2.sub(p2, v128.load(a, 32));
      diffB = f64x2.sub(p2, v128.load(b, 32));
      lanesA = f64x2.add(lanesA, f64x2.mul(diffA, diffA));
      lanesB = f64x2.add(lanesB, f64x2.mul(diffB, diffB));
    }
    if (pairs > 3) {
      diffA = f64x2.sub(p3, v128.load(a, 48));
      diffB = f64x2.sub(p3, v128.load(b, 48));
      lanesA = f64x2.add(lanesA, f64x2.mul(diffA, diffA));
      lanesB = f64x2.add(lanesB, f64x2.mul(diffB, diffB));
    }
    sums = f64x2.add(v128.shuffle<f64>(lanesA, lanesB, 0, 2), v128.shuffle<f64>(lanesA, lanesB, 1, 3));
  }
  if (dims & 1) {
    const lastBytes = <usize>(pairs << 4);
    const diff = f64x2.sub(last, f64x2.replace_lane(f64x2.splat(load<f64>(a + lastBytes)), 1, load<f64>(b + lastBytes)));
    sums = f64x2.add(sums, f64x2.mul(diff, diff));
  }
  return sums;
}

/** Manhattan (city block) distance. */
// @ts-ignore: decorator
@inline
export function manhattanDistance(a: usize, b: usize, d: i32): f64 {
  const pairedBytes = <usize>(d & ~1) << 3;
  let sum: f64;
  if (ASC_FEATURE_SIMD) {
    let lanes = f64x2.splat(0);
    for (let offset: usize = 0; offset < pairedBytes; offset += 16) {
      lanes = f64x2.add(lanes, f64x2.abs(f64x2.sub(v128.load(a + offset), v128.load(b + offset))));
    }
    sum = f64x2.extract_lane(lanes, 0) + f64x2.extract_lane(lanes, 1);
  } else {
    let even = 0.0;
    let odd = 0.0;
    for (let offset: usize = 0; offset < pairedBytes; offset += 16) {
      even += Math.abs(load<f64>(a + offset) - load<f64>(b + offset));
      odd += Math.abs(load<f64>(a + offset, 8) - load<f64>(b + offset, 8));
    }
    sum = even + odd;
  }
  if (d & 1) sum += Math.abs(load<f64>(a + pairedBytes) - load<f64>(b + pairedBytes));
  return sum;
}

/** Dot product. */
// @ts-ignore: decorator
@inline
export function dot(a: usize, b: usize, d: i32): f64 {
  const pairedBytes = <usize>(d & ~1) << 3;
  let sum: f64;
  if (ASC_FEATURE_SIMD) {
    let lanes = f64x2.splat(0);
    for (let offset: usize = 0; offset < pairedBytes; offset += 16) {
      lanes = f64x2.add(lanes, f64x2.mul(v128.load(a + offset), v128.load(b + offset)));
    }
    sum = f64x2.extract_lane(lanes, 0) + f64x2.extract_lane(lanes, 1);
  } else {
    let even = 0.0;
    let odd = 0.0;
    for (let offset: usize = 0; offset < pairedBytes; offset += 16) {
      even += load<f64>(a + offset) * load<f64>(b + offset);
      odd += load<f64>(a + offset, 8) * load<f64>(b + offset, 8);
    }
    sum = even + odd;
  }
  if (d & 1) sum += load<f64>(a + pairedBytes) * load<f64>(b + pairedBytes);
  return sum;
}

/**
 * Σ ((a − b) · f)² element by element, summed as `dot` sums it: the same bits as `dot(y, y)`
 * with y = (a − b) · f, without storing y.
 */
// @ts-ignore: decorator
@inline
export function scaledSquaredDistance(a: usize, b: usize, f: usize, d: i32): f64 {
  const pairedBytes = <usize>(d & ~1) << 3;
  let sum: f64;
  if (ASC_FEATURE_SIMD) {
    let lanes = f64x2.splat(0);
    for (let offset: usize = 0; offset < pairedBytes; offset += 16) {
      const y = f64x2.mul(f64x2.sub(v128.load(a + offset), v128.load(b + offset)), v128.load(f + offset));
      lanes = f64x2.add(lanes, f64x2.mul(y, y));
    }
    sum = f64x2.extract_lane(lanes, 0) + f64x2.extract_lane(lanes, 1);
  } else {
    let even = 0.0;
    let odd = 0.0;
    for (let offset: usize = 0; offset < pairedBytes; offset += 16) {
      const e = (load<f64>(a + offset) - load<f64>(b + offset)) * load<f64>(f + offset);
      even += e * e;
      const o = (load<f64>(a + offset, 8) - load<f64>(b + offset, 8)) * load<f64>(f + offset, 8);
      odd += o * o;
    }
    sum = even + odd;
  }
  if (d & 1) {
    const y = (load<f64>(a + pairedBytes) - load<f64>(b + pairedBytes)) * load<f64>(f + pairedBytes);
    sum += y * y;
  }
  return sum;
}
