// Port of src/ingest/fingerprints.ts (FingerprintHasher): keep the two in step, they must give
// the same high and low words for the same values. That file says why two 32-bit hashes, and
// how likely two rows' fingerprints are to collide.

/** A row's 64-bit fingerprint: murmur3's mixing for `high`, xxHash32's for `low`. */
export class FingerprintHasher {
  high: i32 = 0;
  low: i32 = 0;

  reset(): void {
    this.high = <i32>0x9747b28c;
    this.low = 0x165667b1;
  }

  word(k: i32): void {
    const m = rotl<i32>(k * <i32>0xcc9e2d51, 15) * 0x1b873593;
    this.high = rotl<i32>(this.high ^ m, 13) * 5 + <i32>0xe6546b64;
    this.low = rotl<i32>(this.low + k * <i32>0x85ebca77, 13) * <i32>0x9e3779b1;
  }

  /** Any double, exactly: its low 32 bits, then its high 32 bits (as a Float64Array's Int32Array view on little-endian). */
  number(value: f64): void {
    const bits = reinterpret<u64>(value);
    this.word(<i32>bits);
    this.word(<i32>(bits >>> 32));
  }

  /** Finalises both halves (murmur3's and xxHash32's avalanche). */
  finish(): void {
    let h = this.high;
    h ^= h >>> 16;
    h *= <i32>0x85ebca6b;
    h ^= h >>> 13;
    h *= <i32>0xc2b2ae35;
    this.high = h ^ (h >>> 16);
    let x = this.low;
    x ^= x >>> 15;
    x *= <i32>0x85ebca77;
    x ^= x >>> 13;
    x *= <i32>0xc2b2ae3d;
    this.low = x ^ (x >>> 16);
  }
}
