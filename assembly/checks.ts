// Checks of the host's input, run on its copy in linear memory.

/**
 * Index of the first of `count` f64 at `values` that is NaN or infinite, or -1 when every one
 * is finite: x - x is 0 for any finite x and NaN otherwise. Four pairs at a time, then the
 * exact index from the first four that hold one.
 */
export function firstNonFinite(values: usize, count: i32): i32 {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const zero = f64x2.splat(0);
    for (; i + 8 <= count; i += 8) {
      const at = values + (<usize>i << 3);
      const a = v128.load(at);
      const b = v128.load(at, 16);
      const c = v128.load(at, 32);
      const e = v128.load(at, 48);
      const bad = v128.or(
        v128.or(f64x2.ne(f64x2.sub(a, a), zero), f64x2.ne(f64x2.sub(b, b), zero)),
        v128.or(f64x2.ne(f64x2.sub(c, c), zero), f64x2.ne(f64x2.sub(e, e), zero)),
      );
      if (v128.any_true(bad)) break;
    }
  }
  for (; i < count; i++) {
    const x = load<f64>(values + (<usize>i << 3));
    if (x - x != 0) return i;
  }
  return -1;
}
