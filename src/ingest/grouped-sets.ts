/**
 * One small set of keys per group, groups being dense dictionary ids: a customer's invoices
 * and products, an invoice's row fingerprints. Each set is its own open-addressing table
 * (linear probing, at most three quarters full: in cache, a longer probe costs less than
 * the memory an emptier table would touch), and every table lives in one Int32Array arena.
 *
 * Why per group: the lines of an invoice follow one another and share its customer, so
 * row after row probes the same small table, already in cache. One table of every pair,
 * of the file's size, cost a cache miss per row, the most expensive line of ingest. The
 * garbage collector sees a few typed arrays, not an object per group.
 *
 * A key is one or two 32-bit words (fixed per instance), never all zeros: zeros mark a free
 * slot. Store ids as id + 1.
 */
import { mixPair } from './pair-index.js';
import { markMutable } from './mutable.js';

const MIN_SLOTS = 8;
/**
 * Small, so that groups and arena grow in a file's first rows, while the code is being
 * profiled: a first growth thousands of rows in would discard the optimised aggregation.
 */
const MIN_GROUPS = 16;
const MIN_ARENA_WORDS = 64;

export class GroupedSets {
  /**
   * Every group's table. A table that grows while it is the last one is rehashed in place;
   * any other moves to the end and leaves its old words unused: by doubling, at most as
   * many as the tables in use hold. Words from `used` on are zeros.
   */
  private arena: Int32Array;
  private used = 0;
  /** Per group: where its table starts in the arena (in words), its slots (0 while it has none) and its members. */
  private starts = new Int32Array(MIN_GROUPS);
  private slots = new Int32Array(MIN_GROUPS);
  private counts = new Int32Array(MIN_GROUPS);
  private total = 0;
  /** A table being rehashed in place. */
  private scratch = new Int32Array(0);

  constructor(
    private readonly wordsPerKey: 1 | 2,
    /** About how many keys to make room for, all groups together. */
    expectedKeys = 0,
  ) {
    // Generous: words never written cost address space only, and each growth copies the arena.
    // With no estimate, small: it then grows in the first rows (see MIN_GROUPS).
    this.arena = new Int32Array(Math.max(MIN_ARENA_WORDS, Math.ceil(expectedKeys) * 4 * wordsPerKey));
    markMutable(this, ['starts', 'slots', 'counts', 'scratch']);
  }

  /** Keys in all groups. */
  get size(): number {
    return this.total;
  }

  /** Adds key (a, b) to `group`'s set (b is ignored for one-word keys); false when it is already a member. */
  add(group: number, a: number, b: number): boolean {
    if (group >= this.slots.length) this.growGroups(group);
    const w = this.wordsPerKey;
    let slots = this.slots[group];
    if (slots === 0) slots = this.allocate(group, MIN_SLOTS);
    const arena = this.arena;
    const start = this.starts[group];
    const mask = slots - 1;
    let slot = mixPair(a, w === 1 ? 0 : b) & mask;
    for (;;) {
      const at = start + slot * w;
      const x = arena[at];
      const y = w === 1 ? 0 : arena[at + 1];
      if (x === a && (w === 1 || y === b)) return false;
      if (x === 0 && y === 0) {
        arena[at] = a;
        if (w === 2) arena[at + 1] = b;
        break;
      }
      slot = (slot + 1) & mask;
    }
    this.total++;
    if (4 * ++this.counts[group] > 3 * slots) this.rehash(group, slots * 2);
    return true;
  }

  /** Words of `group`'s keys. */
  memberWords(group: number): number {
    return group < this.counts.length ? this.counts[group] * this.wordsPerKey : 0;
  }

  /**
   * Writes the keys of `group`'s set, in no particular order, as their words one after another,
   * into `out` from `offset` on (room for memberWords(group) words): one buffer serves every group.
   */
  copyMembers(group: number, out: Int32Array, offset = 0): void {
    if (this.memberWords(group) === 0) return;
    const w = this.wordsPerKey;
    const arena = this.arena;
    const end = this.starts[group] + this.slots[group] * w;
    let n = offset;
    for (let at = this.starts[group]; at < end; at += w) {
      if (arena[at] === 0 && (w === 1 || arena[at + 1] === 0)) continue;
      out[n++] = arena[at];
      if (w === 2) out[n++] = arena[at + 1];
    }
  }

  /** Room for a table of `slots` slots at the end of the arena, given to `group`. */
  private allocate(group: number, slots: number): number {
    const words = slots * this.wordsPerKey;
    this.reserve(this.used + words);
    this.starts[group] = this.used;
    this.slots[group] = slots;
    this.used += words;
    return slots;
  }

  private reserve(words: number): void {
    if (words <= this.arena.length) return;
    const arena = new Int32Array(Math.max(words, 2 * this.arena.length));
    arena.set(this.arena.subarray(0, this.used));
    this.arena = arena;
  }

  /** Gives `group` a table of `slots` slots holding the keys it has. */
  private rehash(group: number, slots: number): void {
    const w = this.wordsPerKey;
    const oldStart = this.starts[group];
    const oldWords = this.slots[group] * w;
    // Loops rather than subarray, set and fill: tables are small, and those calls cost more than their words.
    const last = oldStart + oldWords === this.used;
    if (last) {
      // The last table: copied aside, then it grows where it is.
      if (this.scratch.length < oldWords) this.scratch = new Int32Array(Math.max(oldWords, 2 * this.scratch.length));
      for (let i = 0; i < oldWords; i++) {
        this.scratch[i] = this.arena[oldStart + i];
        this.arena[oldStart + i] = 0;
      }
      this.used = oldStart;
    }
    this.allocate(group, slots);
    // After allocate: it may have replaced the arena to make room.
    const arena = this.arena;
    const old = last ? this.scratch : arena;
    let from = last ? 0 : oldStart;
    const start = this.starts[group];
    const mask = slots - 1;
    for (const end = from + oldWords; from < end; from += w) {
      const a = old[from];
      const b = w === 1 ? 0 : old[from + 1];
      if (a === 0 && b === 0) continue;
      let slot = mixPair(a, b) & mask;
      while (arena[start + slot * w] !== 0 || (w === 2 && arena[start + slot * w + 1] !== 0)) slot = (slot + 1) & mask;
      arena[start + slot * w] = a;
      if (w === 2) arena[start + slot * w + 1] = b;
    }
  }

  private growGroups(group: number): void {
    const length = Math.max(2 * this.slots.length, group + 1);
    const grow = (array: Int32Array) => {
      const grown = new Int32Array(length);
      grown.set(array);
      return grown;
    };
    this.starts = grow(this.starts);
    this.slots = grow(this.slots);
    this.counts = grow(this.counts);
  }
}
