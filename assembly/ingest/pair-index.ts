// Port of src/ingest/pair-index.ts: dense indexes of pairs of ids. Open addressing with linear
// probing over a power-of-two table; each slot holds its key, so a probe reads one slot and
// nothing else.

import { cleared } from './memory';

/**
 * PairIndex slot: a, b, 1 + the pair's index (0 when empty). 12 bytes rather than an aligned 16:
 * a file's (customer, product) pairs run to millions, where the table is a cache miss a lookup
 * either way (3.3M pairs: 69 ns a lookup and 256 MiB, against 77 ns and 320 MiB).
 */
const PAIR_SLOT_BYTES: usize = 12;

/**
 * Dense indexes for pairs of ids (a product and a country): the first pair seen gets 0, the
 * next new one 1, and so on, so that numbers kept per pair can live in arrays.
 */
export class PairIndex {
  /** Never more than half full. */
  private slotBase: usize;
  private mask: i32 = 1023;
  /** Index → its pair's a, and its b (i32 each). */
  private firstBase: usize;
  private secondBase: usize;
  private capacity: i32 = 512;
  private count: i32 = 0;

  constructor() {
    this.slotBase = cleared((<usize>this.mask + 1) * PAIR_SLOT_BYTES);
    this.firstBase = heap.alloc(<usize>this.capacity << 2);
    this.secondBase = heap.alloc(<usize>this.capacity << 2);
  }

  get size(): i32 {
    return this.count;
  }

  /** The address of size i32: pair i's a. It moves as pairs are added, so read it after the last `indexOf`. */
  get firsts(): usize {
    return this.firstBase;
  }

  /** The address of size i32: pair i's b, read as `firsts`. */
  get seconds(): usize {
    return this.secondBase;
  }

  /** The index of (a, b), adding the pair when new. */
  indexOf(a: i32, b: i32): i32 {
    const key = (<u64>b << 32) | <u64><u32>a;
    const mask = this.mask;
    let slot = mixPair(a, b) & mask;
    let at = this.slotBase + <usize>slot * PAIR_SLOT_BYTES;
    for (let entry = load<i32>(at, 8); entry != 0; entry = load<i32>(at, 8)) {
      if (load<u64>(at) == key) return entry - 1;
      slot = (slot + 1) & mask;
      at = this.slotBase + <usize>slot * PAIR_SLOT_BYTES;
    }
    const index = this.count++;
    if (index == this.capacity) {
      this.capacity *= 2;
      this.firstBase = heap.realloc(this.firstBase, <usize>this.capacity << 2);
      this.secondBase = heap.realloc(this.secondBase, <usize>this.capacity << 2);
    }
    store<i32>(this.firstBase + (<usize>index << 2), a);
    store<i32>(this.secondBase + (<usize>index << 2), b);
    store<u64>(at, key);
    store<i32>(at, index + 1, 8);
    if (2 * this.count > mask + 1) this.growSlots();
    return index;
  }

  first(pair: i32): i32 {
    return load<i32>(this.firstBase + (<usize>pair << 2));
  }

  second(pair: i32): i32 {
    return load<i32>(this.secondBase + (<usize>pair << 2));
  }

  /** Doubles the slots, placing each pair again, in index order. */
  private growSlots(): void {
    const mask = 2 * this.mask + 1;
    const base = cleared((<usize>mask + 1) * PAIR_SLOT_BYTES);
    for (let index = 0; index < this.count; index++) {
      const a = this.first(index);
      const b = this.second(index);
      let slot = mixPair(a, b) & mask;
      while (load<i32>(base + <usize>slot * PAIR_SLOT_BYTES, 8) != 0) slot = (slot + 1) & mask;
      const at = base + <usize>slot * PAIR_SLOT_BYTES;
      store<i32>(at, a);
      store<i32>(at, b, 4);
      store<i32>(at, index + 1, 8);
    }
    this.slotBase = base;
    this.mask = mask;
  }
}

/** Spreads a pair of small consecutive ids over all bits (murmur3's finaliser), so that a slot depends on both: as mixPair in src/ingest/pair-index.ts. */
// @ts-ignore: decorator
@inline
export function mixPair(a: i32, b: i32): i32 {
  let h = (a * <i32>0x9e3779b1) ^ b;
  h ^= h >>> 16;
  h *= <i32>0x85ebca6b;
  h ^= h >>> 13;
  h *= <i32>0xc2b2ae35;
  return h ^ (h >>> 16);
}
