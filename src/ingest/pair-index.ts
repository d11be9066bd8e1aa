import { markMutable } from './mutable.js';

/**
 * Dense indices for pairs of ids (a product and a country): the first pair seen gets 0, the
 * next new one 1, and so on, so that numbers kept per pair can live in typed arrays.
 * Open addressing with linear probing over typed arrays, at most half full, as in
 * dictionary.ts: a Map of Maps cost a hashed lookup and a boxed number per row.
 */
export class PairIndex {
  /** Slot → 1 + index; 0 is free. */
  private slots = new Int32Array(1024);
  /** Index i's pair is at [2i, 2i + 1]. */
  private pairs = new Int32Array(1024);
  private count = 0;

  constructor() {
    markMutable(this, ['slots', 'pairs']);
  }

  get size(): number {
    return this.count;
  }

  /** The index of (a, b), adding the pair when new. */
  indexOf(a: number, b: number): number {
    const mask = this.slots.length - 1;
    let slot = mixPair(a, b) & mask;
    for (let entry = this.slots[slot]; entry !== 0; slot = (slot + 1) & mask, entry = this.slots[slot]) {
      const index = entry - 1;
      if (this.pairs[2 * index] === a && this.pairs[2 * index + 1] === b) return index;
    }
    const index = this.count++;
    if (2 * this.count > this.pairs.length) {
      const pairs = new Int32Array(2 * this.pairs.length);
      pairs.set(this.pairs);
      this.pairs = pairs;
    }
    this.pairs[2 * index] = a;
    this.pairs[2 * index + 1] = b;
    this.slots[slot] = index + 1;
    if (2 * this.count > this.slots.length) this.growSlots();
    return index;
  }

  first(index: number): number {
    return this.pairs[2 * index];
  }

  second(index: number): number {
    return this.pairs[2 * index + 1];
  }

  private growSlots(): void {
    const slots = new Int32Array(2 * this.slots.length);
    const mask = slots.length - 1;
    for (let index = 0; index < this.count; index++) {
      let slot = mixPair(this.pairs[2 * index], this.pairs[2 * index + 1]) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.slots = slots;
  }
}

/** Spreads a pair of small consecutive ids over all bits (murmur3's finaliser), so that a slot depends on both. */
export function mixPair(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ b;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
