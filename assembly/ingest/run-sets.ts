// Port of src/ingest/run-sets.ts, which documents the design; keep the two in step.
// A set of two-word keys per group, for groups whose keys come in one run: rule 4's row
// fingerprints per invoice, the lines of an invoice following one another.
//
// The group of the run under way is open: its keys sit in one hash table that the next group
// reuses, so no table is built or rehashed per group. Every key is also appended to a list, all
// a closed group keeps. A group that comes back after its run ended (a file not sorted by
// invoice) has its keys moved into a GroupedSets, where it stays: each key moves at most once,
// whatever the order of the file.
//
// A key is never all zeros (as in GroupedSets).

import { GroupedSets } from './grouped-sets';
import { mixPair } from './pair-index';
import { cleared, grown } from './memory';

/** Enough for an invoice of 768 lines before the open table grows. */
const MIN_SLOTS: i32 = 1024;
const MIN_GROUPS: i32 = 1024;
const MIN_KEYS: i32 = 512;
/** An open-table slot: a key's two words, then the generation that wrote it. */
const SLOT_BYTES: usize = 12;

export class RunSets {
  private open: i32 = -1;
  /** The open group's table. Opening a group starts a new generation, which frees every slot at once. */
  private table: usize;
  private mask: i32 = MIN_SLOTS - 1;
  private generation: i32 = 1;
  private openCount: i32 = 0;
  /** The keys of every group opened, run after run, 8 bytes each. */
  private keys: usize;
  private keyCapacity: i32;
  private keyCount: i32 = 0;
  /** Per group, two i32s: 1 + its first key in `keys` (0 while it has none, -1 once moved to `returning`), then once closed 1 + the end of its keys. */
  private runs: usize;
  private capacity: i32 = MIN_GROUPS;
  /** Groups that came back after their run. */
  private returning: GroupedSets = new GroupedSets(2, 0);

  /** `expectedKeys`: about how many keys to make room for, all groups together (0 when unknown). */
  constructor(expectedKeys: i32) {
    this.table = cleared(<usize>MIN_SLOTS * SLOT_BYTES);
    this.keyCapacity = max(MIN_KEYS, expectedKeys);
    this.keys = heap.alloc(<usize>this.keyCapacity << 3);
    this.runs = cleared(<usize>MIN_GROUPS << 3);
  }

  /** Adds key (a, b) to `group`'s set; false when it is already a member. */
  add(group: i32, a: i32, b: i32): bool {
    if (group != this.open && !this.opens(group)) return this.returning.add(group, a, b);
    const key = (<u64><u32>b << 32) | <u64><u32>a;
    const table = this.table;
    const mask = this.mask;
    const generation = this.generation;
    let slot = mixPair(a, b) & mask;
    let at = table + <usize>slot * SLOT_BYTES;
    while (load<i32>(at, 8) == generation) {
      if (load<u64>(at) == key) return false;
      slot = (slot + 1) & mask;
      at = table + <usize>slot * SLOT_BYTES;
    }
    store<u64>(at, key);
    store<i32>(at, generation, 8);
    if (this.keyCount == this.keyCapacity) {
      this.keyCapacity *= 2;
      this.keys = heap.realloc(this.keys, <usize>this.keyCapacity << 3);
    }
    store<u64>(this.keys + (<usize>this.keyCount << 3), key);
    this.keyCount++;
    if (4 * ++this.openCount > 3 * (mask + 1)) this.growTable();
    return true;
  }

  /** Closes the open group and opens `group` if it never was; false when it was (its keys are then in `returning`). */
  private opens(group: i32): bool {
    if (group >= this.capacity) {
      const capacity = max(2 * this.capacity, group + 1);
      this.runs = grown(this.runs, <usize>this.capacity << 3, <usize>capacity << 3);
      this.capacity = capacity;
    }
    if (this.open != -1) store<i32>(this.runs + (<usize>this.open << 3), this.keyCount + 1, 4);
    this.open = -1;
    this.generation++;
    this.openCount = 0;
    const run = this.runs + (<usize>group << 3);
    const first = load<i32>(run);
    if (first == 0) {
      store<i32>(run, this.keyCount + 1);
      this.open = group;
      return true;
    }
    if (first > 0) {
      const end = this.keys + (<usize>(load<i32>(run, 4) - 1) << 3);
      for (let at = this.keys + (<usize>(first - 1) << 3); at < end; at += 8) this.returning.add(group, load<i32>(at), load<i32>(at, 4));
      store<i32>(run, -1);
    }
    return false;
  }

  /**
   * Doubles the open table, inserting the open group's keys again under a new generation: that
   * frees the old slots, and only the new half needs clearing.
   */
  private growTable(): void {
    const slots = <usize>this.mask + 1;
    const table = (this.table = grown(this.table, slots * SLOT_BYTES, 2 * slots * SLOT_BYTES));
    const mask = (this.mask = 2 * this.mask + 1);
    const generation = ++this.generation;
    const end = this.keys + (<usize>this.keyCount << 3);
    for (let from = this.keys + (<usize>(load<i32>(this.runs + (<usize>this.open << 3)) - 1) << 3); from < end; from += 8) {
      const key = load<u64>(from);
      let slot = mixPair(<i32>key, <i32>(key >>> 32)) & mask;
      while (load<i32>(table + <usize>slot * SLOT_BYTES, 8) == generation) slot = (slot + 1) & mask;
      const at = table + <usize>slot * SLOT_BYTES;
      store<u64>(at, key);
      store<i32>(at, generation, 8);
    }
  }
}
