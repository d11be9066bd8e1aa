/**
 * A row's 64-bit fingerprint for rule 4 (exact duplicates), as two independent 32-bit
 * hashes of its values: murmur3's mixing for one half, xxHash32's for the other, so that
 * inputs that happen to collide in one do not in the other. Remembering fingerprints
 * costs 8 to 16 bytes a row, and up to 22 more for the rows of an invoice that comes back
 * after others (see run-sets.ts); remembering the rows would cost the file's size again,
 * and a 10 GB file would not fit a Lambda's memory.
 *
 * Fingerprints can collide, but the cleaner compares them within an invoice only: two
 * different rows are taken for duplicates with probability about the sum of n²/2^65 over
 * invoices of n rows, under 10^-9 for 5,000,000 rows in invoices of up to a thousand
 * lines, and under 10^-6 should all of them share one invoice.
 */
export class FingerprintHasher {
  high = 0;
  low = 0;
  private readonly doubles = new Float64Array(1);
  private readonly words = new Int32Array(this.doubles.buffer);

  reset(): void {
    this.high = 0x9747b28c;
    this.low = 0x165667b1;
  }

  word(k: number): void {
    let m = Math.imul(k, 0xcc9e2d51);
    m = (m << 15) | (m >>> 17);
    m = Math.imul(m, 0x1b873593);
    let h = this.high ^ m;
    h = (h << 13) | (h >>> 19);
    this.high = (Math.imul(h, 5) + 0xe6546b64) | 0;

    let x = (this.low + Math.imul(k, 0x85ebca77)) | 0;
    x = (x << 13) | (x >>> 19);
    this.low = Math.imul(x, 0x9e3779b1);
  }

  /** Any double, exactly: its two 32-bit halves. */
  number(value: number): void {
    this.doubles[0] = value;
    this.word(this.words[0]);
    this.word(this.words[1]);
  }

  /** Finalises both halves (murmur3's and xxHash32's avalanche). */
  finish(): void {
    let h = this.high;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    this.high = h ^ (h >>> 16);
    let x = this.low;
    x ^= x >>> 15;
    x = Math.imul(x, 0x85ebca77);
    x ^= x >>> 13;
    x = Math.imul(x, 0xc2b2ae3d);
    this.low = x ^ (x >>> 16);
  }
}
