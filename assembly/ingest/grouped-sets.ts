// Port of src/ingest/grouped-sets.ts, which documents the design; keep the two in step.
// One small set of keys per group, groups being dense dictionary ids: a customer's invoices and
// products, the row fingerprints of an invoice that came back (run-sets.ts). Each set is its own
// open-addressing table (linear probing, at most three quarters full), every table in one arena:
// row after row probes the same small table, already in cache, where one table of the file's
// size cost a cache miss per row.
//
// A key is one or two 32-bit words (fixed per instance), never all zeros: zeros mark a free
// slot. Store ids as id + 1.

import { cleared, grown } from './memory';
import { mixPair } from './pair-index';

const MIN_SLOTS: i32 = 8;
const MIN_GROUPS: i32 = 1024;
const MIN_ARENA_BYTES: usize = 16384;
/** Enough for a table of 128 two-word keys before the scratch grows. */
const MIN_SCRATCH_BYTES: usize = 1024;

// A group's record: where its table starts in the arena (bytes, as u32), its slots (0 while
// it has none) and its members. 16 bytes, so that a record never straddles a cache line.
const RECORD_SHIFT: usize = 4;
const START: usize = 0;
const SLOTS: usize = 4;
const COUNT: usize = 8;

export class GroupedSets {
  /**
   * Every group's table. A table that grows while it is the last one is rehashed in place; any
   * other moves to the end and leaves its old bytes unused: by doubling, at most as many as the
   * tables in use hold. Bytes from `used` on are not cleared: a table is cleared when handed out,
   * so that room never used costs address space only.
   */
  private arena: usize;
  private arenaBytes: usize;
  private used: usize = 0;
  private records: usize;
  private capacity: i32 = MIN_GROUPS;
  private total: i32 = 0;
  /** A table being rehashed in place. */
  private scratch: usize;
  private scratchBytes: usize = MIN_SCRATCH_BYTES;
  /** 4 or 8. */
  private keyBytes: usize;

  /** `wordsPerKey`: 1 or 2; `expectedKeys`: about how many keys to make room for, all groups together (0 when unknown). */
  constructor(wordsPerKey: i32, expectedKeys: i32) {
    this.keyBytes = <usize>wordsPerKey << 2;
    // Generous (a table has 4/3 to 8/3 slots per key, and one that moved leaves its old slots:
    // about 3 words per key for customers' products): room never used is never touched, and
    // the stub runtime keeps a grown arena's old block unless it was the last one.
    this.arenaBytes = max<usize>(MIN_ARENA_BYTES, <usize>max(expectedKeys, 0) * 4 * this.keyBytes);
    this.arena = heap.alloc(this.arenaBytes);
    this.records = cleared(<usize>MIN_GROUPS << RECORD_SHIFT);
    this.scratch = heap.alloc(MIN_SCRATCH_BYTES);
  }

  /** Keys in all groups. */
  get size(): i32 {
    return this.total;
  }

  /** Groups with room so far: every group that was added to is below it. */
  get groupCount(): i32 {
    return this.capacity;
  }

  /** Adds key (a, b) to `group`'s set (b is ignored for one-word keys); false when it is already a member. */
  add(group: i32, a: i32, b: i32): bool {
    if (group >= this.capacity) this.growGroups(group);
    const record = this.records + (<usize>group << RECORD_SHIFT);
    let slots = load<i32>(record, SLOTS);
    if (slots == 0) {
      slots = MIN_SLOTS;
      this.allocate(record, slots);
    }
    const table = this.arena + <usize>load<u32>(record, START);
    const mask = slots - 1;
    // Two loops rather than a test of the key's width per probe.
    if (this.keyBytes == 4) {
      let slot = mixPair(a, 0) & mask;
      for (;;) {
        const at = table + (<usize>slot << 2);
        const x = load<i32>(at);
        if (x == a) return false;
        if (x == 0) {
          store<i32>(at, a);
          break;
        }
        slot = (slot + 1) & mask;
      }
    } else {
      const key = (<u64><u32>b << 32) | <u64><u32>a;
      let slot = mixPair(a, b) & mask;
      for (;;) {
        const at = table + (<usize>slot << 3);
        const x = load<u64>(at);
        if (x == key) return false;
        if (x == 0) {
          store<u64>(at, key);
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    this.total++;
    const count = load<i32>(record, COUNT) + 1;
    store<i32>(record, count, COUNT);
    if (4 * count > 3 * slots) this.rehash(record, 2 * slots);
    return true;
  }

  /** Members of `group` (0 for a group never added to). */
  memberCount(group: i32): i32 {
    return group < this.capacity ? load<i32>(this.records + (<usize>group << RECORD_SHIFT), COUNT) : 0;
  }

  /**
   * Writes `group`'s keys (first words only for one-word keys; for two-word keys both words, 2 per key)
   * to `out` (i32s), in any order: room for memberCount(group) keys.
   */
  copyMembers(group: i32, out: usize): void {
    if (this.memberCount(group) == 0) return;
    const record = this.records + (<usize>group << RECORD_SHIFT);
    const keyBytes = this.keyBytes;
    let at = this.arena + <usize>load<u32>(record, START);
    const end = at + <usize>load<i32>(record, SLOTS) * keyBytes;
    if (keyBytes == 4) {
      for (; at < end; at += 4) {
        const key = load<i32>(at);
        if (key == 0) continue;
        store<i32>(out, key);
        out += 4;
      }
    } else {
      for (; at < end; at += 8) {
        const key = load<u64>(at);
        if (key == 0) continue;
        store<u64>(out, key);
        out += 8;
      }
    }
  }

  /** Gives the group of `record` a cleared table of `slots` slots at the end of the arena. */
  private allocate(record: usize, slots: i32): void {
    const bytes = <usize>slots * this.keyBytes;
    const start = this.used;
    this.used = start + bytes;
    if (this.used > this.arenaBytes) {
      const arenaBytes = max<usize>(this.used, 2 * this.arenaBytes);
      this.arena = heap.realloc(this.arena, arenaBytes);
      this.arenaBytes = arenaBytes;
    }
    store<u32>(record, <u32>start, START);
    store<i32>(record, slots, SLOTS);
    // Loops of u64s (a table is a multiple of 32 bytes) rather than memory.fill, and memory.copy in
    // rehash: tables are small, and those calls cost more than their bytes.
    for (let at = this.arena + start, end = at + bytes; at < end; at += 8) store<u64>(at, 0);
  }

  /** Gives the group of `record` a table of `slots` slots holding the keys it has. */
  private rehash(record: usize, slots: i32): void {
    const keyBytes = this.keyBytes;
    const oldStart = <usize>load<u32>(record, START);
    const oldBytes = <usize>load<i32>(record, SLOTS) * keyBytes;
    const last = oldStart + oldBytes == this.used;
    if (last) {
      // The last table: copied aside, then it grows where it is.
      if (this.scratchBytes < oldBytes) {
        this.scratchBytes = max<usize>(oldBytes, 2 * this.scratchBytes);
        this.scratch = heap.realloc(this.scratch, this.scratchBytes);
      }
      for (let i: usize = 0; i < oldBytes; i += 8) store<u64>(this.scratch + i, load<u64>(this.arena + oldStart + i));
      this.used = oldStart;
    }
    this.allocate(record, slots);
    // After allocate: it may have moved the arena.
    const table = this.arena + <usize>load<u32>(record, START);
    let from = last ? this.scratch : this.arena + oldStart;
    const end = from + oldBytes;
    const mask = slots - 1;
    if (keyBytes == 4) {
      for (; from < end; from += 4) {
        const a = load<i32>(from);
        if (a == 0) continue;
        let slot = mixPair(a, 0) & mask;
        while (load<i32>(table + (<usize>slot << 2)) != 0) slot = (slot + 1) & mask;
        store<i32>(table + (<usize>slot << 2), a);
      }
    } else {
      for (; from < end; from += 8) {
        const key = load<u64>(from);
        if (key == 0) continue;
        let slot = mixPair(<i32>key, <i32>(key >>> 32)) & mask;
        while (load<u64>(table + (<usize>slot << 3)) != 0) slot = (slot + 1) & mask;
        store<u64>(table + (<usize>slot << 3), key);
      }
    }
  }

  private growGroups(group: i32): void {
    const capacity = max(2 * this.capacity, group + 1);
    this.records = grown(this.records, <usize>this.capacity << RECORD_SHIFT, <usize>capacity << RECORD_SHIFT);
    this.capacity = capacity;
  }
}
