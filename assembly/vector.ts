// Element-wise vector steps over `d` f64s for the mixture and PCA kernels. The f64x2 and scalar
// paths round each element identically (no reduction), so the SIMD and scalar builds agree bit for bit.

import { row } from './distance';

/** y += alpha * x. */
// @ts-ignore: decorator
@inline
export function addScaled(y: usize, x: usize, alpha: f64, d: i32): void {
  const pairedBytes = <usize>(d & ~1) << 3;
  if (ASC_FEATURE_SIMD) {
    const scale = f64x2.splat(alpha);
    for (let offset: usize = 0; offset < pairedBytes; offset += 16) {
      v128.store(y + offset, f64x2.add(v128.load(y + offset), f64x2.mul(v128.load(x + offset), scale)));
    }
  } else {
    for (let offset: usize = 0; offset < pairedBytes; offset += 8) {
      store<f64>(y + offset, load<f64>(y + offset) + load<f64>(x + offset) * alpha);
    }
  }
  if (d & 1) store<f64>(y + pairedBytes, load<f64>(y + pairedBytes) + load<f64>(x + pairedBytes) * alpha);
}

/** out = alpha * x. */
// @ts-ignore: decorator
@inline
export function scaled(out: usize, x: usize, alpha: f64, d: i32): void {
  const pairedBytes = <usize>(d & ~1) << 3;
  if (ASC_FEATURE_SIMD) {
    const factor = f64x2.splat(alpha);
    for (let offset: usize = 0; offset < pairedBytes; offset += 16) {
      v128.store(out + offset, f64x2.mul(v128.load(x + offset), factor));
    }
  } else {
    for (let offset: usize = 0; offset < pairedBytes; offset += 8) store<f64>(out + offset, load<f64>(x + offset) * alpha);
  }
  if (d & 1) store<f64>(out + pairedBytes, load<f64>(x + pairedBytes) * alpha);
}

/** out = a - b. */
// @ts-ignore: decorator
@inline
export function subtract(out: usize, a: usize, b: usize, d: i32): void {
  const pairedBytes = <usize>(d & ~1) << 3;
  if (ASC_FEATURE_SIMD) {
    for (let offset: usize = 0; offset < pairedBytes; offset += 16) {
      v128.store(out + offset, f64x2.sub(v128.load(a + offset), v128.load(b + offset)));
    }
  } else {
    for (let offset: usize = 0; offset < pairedBytes; offset += 8) {
      store<f64>(out + offset, load<f64>(a + offset) - load<f64>(b + offset));
    }
  }
  if (d & 1) store<f64>(out + pairedBytes, load<f64>(a + pairedBytes) - load<f64>(b + pairedBytes));
}

/** y *= alpha. */
// @ts-ignore: decorator
@inline
export function scale(y: usize, alpha: f64, d: i32): void {
  const pairedBytes = <usize>(d & ~1) << 3;
  if (ASC_FEATURE_SIMD) {
    const factor = f64x2.splat(alpha);
    for (let offset: usize = 0; offset < pairedBytes; offset += 16) {
      v128.store(y + offset, f64x2.mul(v128.load(y + offset), factor));
    }
  } else {
    for (let offset: usize = 0; offset < pairedBytes; offset += 8) store<f64>(y + offset, load<f64>(y + offset) * alpha);
  }
  if (d & 1) store<f64>(y + pairedBytes, load<f64>(y + pairedBytes) * alpha);
}

/**
 * The upper triangle of matrix += weight * diff diff^T. Row j is updated from column j, or j - 1
 * when j is odd, so the f64x2 lanes stay aligned and full; the one entry below the diagonal that
 * this touches is overwritten later by its mirror image.
 */
// @ts-ignore: decorator
@inline
export function addOuter(matrix: usize, diff: usize, weight: f64, d: i32): void {
  for (let j = 0; j < d; j++) {
    const from = <usize>(j & ~1) << 3;
    addScaled(row(matrix, j, d) + from, diff + from, weight * load<f64>(diff + (<usize>j << 3)), d - (j & ~1));
  }
}

/** y += alpha (a − b)², element by element: the same bits as `addScaled(y, (a − b)², alpha)`, without storing the squares. */
// @ts-ignore: decorator
@inline
export function addScaledSquaredDifference(y: usize, a: usize, b: usize, alpha: f64, d: i32): void {
  const pairedBytes = <usize>(d & ~1) << 3;
  if (ASC_FEATURE_SIMD) {
    const scale = f64x2.splat(alpha);
    for (let offset: usize = 0; offset < pairedBytes; offset += 16) {
      const difference = f64x2.sub(v128.load(a + offset), v128.load(b + offset));
      v128.store(y + offset, f64x2.add(v128.load(y + offset), f64x2.mul(f64x2.mul(difference, difference), scale)));
    }
  } else {
    for (let offset: usize = 0; offset < pairedBytes; offset += 8) {
      const difference = load<f64>(a + offset) - load<f64>(b + offset);
      store<f64>(y + offset, load<f64>(y + offset) + difference * difference * alpha);
    }
  }
  if (d & 1) {
    const difference = load<f64>(a + pairedBytes) - load<f64>(b + pairedBytes);
    store<f64>(y + pairedBytes, load<f64>(y + pairedBytes) + difference * difference * alpha);
  }
}
