/**
 * A set of two-word keys per group, for groups whose keys come in one run: rule 4's row
 * fingerprints per invoice, the lines of an invoice following one another.
 *
 * The group of the run under way is open: its keys sit in one hash table that the next
 * group reuses, so no table is built or rehashed per group (in a GroupedSets that was half
 * the cost of rule 4). Every key is also appended to its group's list, all a closed group
 * keeps. A group that comes back after its run ended (a file not sorted by invoice) has its
 * list moved into a GroupedSets, where it stays: each key moves at most once, whatever the
 * order of the file.
 *
 * A key is never all zeros (as in GroupedSets).
 */
import { GroupedSets } from './grouped-sets.js';
import { markMutable } from './mutable.js';
import { mixPair } from './pair-index.js';

/** Enough for an invoice of 700 lines before the open table grows. */
const MIN_SLOTS = 1024;
const MIN_GROUPS = 1024;

export class RunSets {
  private open = -1;
  /**
   * The open group's table: per slot a key's two words and the generation that wrote it.
   * Opening a group starts a new generation, which frees every slot at once.
   */
  private table = new Int32Array(3 * MIN_SLOTS);
  private generation = 1;
  private openCount = 0;
  /** The keys of every group opened, run after run: key i is words [2i, 2i + 1]. */
  private keys: Int32Array;
  private keyCount = 0;
  /** Per group: 1 + its first key in `keys`, 0 while it has none, -1 once moved to `returning`. */
  private firsts = new Int32Array(MIN_GROUPS);
  /** Per closed group: 1 + its last key in `keys`. */
  private ends = new Int32Array(MIN_GROUPS);
  /** Groups that came back after their run. */
  private readonly returning = new GroupedSets(2);

  constructor(
    /** About how many keys to make room for, all groups together. */
    expectedKeys = 0,
  ) {
    this.keys = new Int32Array(Math.max(1024, 2 * Math.ceil(expectedKeys)));
    markMutable(this, ['table', 'keys', 'firsts', 'ends']);
  }

  /** Adds key (a, b) to `group`'s set; false when it is already a member. */
  add(group: number, a: number, b: number): boolean {
    if (group !== this.open && !this.opens(group)) return this.returning.add(group, a, b);
    const table = this.table;
    const generation = this.generation;
    const mask = table.length / 3 - 1;
    let at = 3 * (mixPair(a, b) & mask);
    while (table[at + 2] === generation) {
      if (table[at] === a && table[at + 1] === b) return false;
      at = at + 3 === table.length ? 0 : at + 3;
    }
    table[at] = a;
    table[at + 1] = b;
    table[at + 2] = generation;
    if (2 * this.keyCount + 2 > this.keys.length) this.keys = grown(this.keys, 2 * this.keys.length);
    this.keys[2 * this.keyCount] = a;
    this.keys[2 * this.keyCount + 1] = b;
    this.keyCount++;
    if (4 * ++this.openCount > table.length) this.growTable();
    return true;
  }

  /** Closes the open group and opens `group` if it never was; false when it was (its keys are then in `returning`). */
  private opens(group: number): boolean {
    if (group >= this.firsts.length) {
      const length = Math.max(2 * this.firsts.length, group + 1);
      this.firsts = grown(this.firsts, length);
      this.ends = grown(this.ends, length);
    }
    if (this.open !== -1) this.ends[this.open] = this.keyCount + 1;
    this.open = -1;
    this.generation++;
    this.openCount = 0;
    const first = this.firsts[group];
    if (first === 0) {
      this.firsts[group] = this.keyCount + 1;
      this.open = group;
      return true;
    }
    if (first > 0) {
      for (let key = first - 1; key < this.ends[group] - 1; key++) this.returning.add(group, this.keys[2 * key], this.keys[2 * key + 1]);
      this.firsts[group] = -1;
    }
    return false;
  }

  /** Doubles the open table, inserting the open group's keys again. */
  private growTable(): void {
    const table = new Int32Array(2 * this.table.length);
    const mask = table.length / 3 - 1;
    const generation = this.generation;
    for (let key = this.firsts[this.open] - 1; key < this.keyCount; key++) {
      const a = this.keys[2 * key];
      const b = this.keys[2 * key + 1];
      let at = 3 * (mixPair(a, b) & mask);
      while (table[at + 2] === generation) at = at + 3 === table.length ? 0 : at + 3;
      table[at] = a;
      table[at + 1] = b;
      table[at + 2] = generation;
    }
    this.table = table;
  }
}

function grown(array: Int32Array, length: number) {
  const out = new Int32Array(length);
  out.set(array);
  return out;
}
