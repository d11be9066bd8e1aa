// Port of src/ingest/dictionary.ts (ByteDictionary): keep the two in step. Same ids in the same
// first-seen order, same arena and offsets, same "last id" shortcut; two differences for wasm:
// a slot holds the value's hash beside 1 + its id, so a probe that misses reads no per-id
// array, and bytes are hashed and compared eight at a time (with FNV-1a's multiply per byte, a
// description's lookup took 34 ns instead of 20). Byte ranges are absolute addresses, [start, end).

import { cleared } from './memory';

/** A slot: the value's hash (i32), then 1 + its id (i32, 0 when the slot is empty). */
const SLOT_BYTES: usize = 8;

/** Interns byte strings: each distinct value gets a dense id, and its bytes are stored once in an arena. */
export class ByteDictionary {
  private arenaBase: usize;
  private arenaCapacity: usize = 256;
  private arenaUsed: usize = 0;
  /** Id → where its bytes start in the arena (i32); its bytes end where the next id's start. */
  private offsetBase: usize;
  private idCapacity: i32 = 8;
  /** Never more than half full. */
  private slotBase: usize;
  private mask: i32 = 15;
  private count: i32 = 0;
  /** The id interned last: the lines of an invoice repeat its invoice, customer and country. */
  private last: i32 = -1;

  constructor() {
    this.arenaBase = heap.alloc(this.arenaCapacity);
    this.offsetBase = heap.alloc((<usize>this.idCapacity + 1) << 2);
    store<i32>(this.offsetBase, 0);
    this.slotBase = cleared((<usize>this.mask + 1) * SLOT_BYTES);
  }

  get size(): i32 {
    return this.count;
  }

  /** The arena's address; it moves when the arena grows, so read it after the last `intern`. */
  get arena(): usize {
    return this.arenaBase;
  }

  /** The address of size + 1 i32: id i's bytes are arena[offsets[i], offsets[i + 1]). */
  get offsets(): usize {
    return this.offsetBase;
  }

  /** The id of the bytes [start, end), adding them when new. */
  intern(start: usize, end: usize): i32 {
    const last = this.last;
    if (last >= 0 && this.matches(last, start, end)) return last;
    const hash = hashBytes(start, end - start);
    const mask = this.mask;
    let slot = hash & mask;
    let at = this.slotBase + <usize>slot * SLOT_BYTES;
    for (let entry = load<i32>(at, 4); entry != 0; entry = load<i32>(at, 4)) {
      const id = entry - 1;
      if (load<i32>(at) == hash && this.matches(id, start, end)) {
        this.last = id;
        return id;
      }
      slot = (slot + 1) & mask;
      at = this.slotBase + <usize>slot * SLOT_BYTES;
    }
    const id = this.add(start, end);
    store<i32>(at, hash);
    store<i32>(at, id + 1, 4);
    if (2 * this.count > mask + 1) this.growSlots();
    this.last = id;
    return id;
  }

  /** Whether `id`'s bytes are [start, end). Inlined: it is most interns' whole work (the last id's). */
  // @ts-ignore: decorator
  @inline
  matches(id: i32, start: usize, end: usize): bool {
    const offset = this.offsetBase + (<usize>id << 2);
    const from = load<i32>(offset);
    const length = end - start;
    return <usize>(load<i32>(offset, 4) - from) == length && sameBytes(this.arenaBase + <usize>from, start, length);
  }

  /** Where `id`'s bytes start; valid until the next `intern` that adds a value (the arena may move). */
  bytesStart(id: i32): usize {
    return this.arenaBase + <usize>load<i32>(this.offsetBase + (<usize>id << 2));
  }

  bytesEnd(id: i32): usize {
    return this.arenaBase + <usize>load<i32>(this.offsetBase + (<usize>id << 2), 4);
  }

  private add(start: usize, end: usize): i32 {
    const length = end - start;
    if (this.arenaUsed + length > this.arenaCapacity) {
      this.arenaCapacity = max<usize>(2 * this.arenaCapacity, this.arenaUsed + length);
      this.arenaBase = heap.realloc(this.arenaBase, this.arenaCapacity);
    }
    if (this.count == this.idCapacity) {
      this.idCapacity *= 2;
      this.offsetBase = heap.realloc(this.offsetBase, (<usize>this.idCapacity + 1) << 2);
    }
    memory.copy(this.arenaBase + this.arenaUsed, start, length);
    const id = this.count++;
    this.arenaUsed += length;
    store<i32>(this.offsetBase + (<usize>this.count << 2), <i32>this.arenaUsed);
    return id;
  }

  /** Doubles the slots, placing each entry again by its stored hash. */
  private growSlots(): void {
    const old = this.slotBase;
    const oldSlots = <usize>this.mask + 1;
    const mask = 2 * this.mask + 1;
    const base = cleared(2 * oldSlots * SLOT_BYTES);
    for (let from = old, stop = old + oldSlots * SLOT_BYTES; from < stop; from += SLOT_BYTES) {
      const entry = load<u64>(from);
      if (entry >>> 32 == 0) continue;
      let slot = <i32>entry & mask;
      while (load<i32>(base + <usize>slot * SLOT_BYTES, 4) != 0) slot = (slot + 1) & mask;
      store<u64>(base + <usize>slot * SLOT_BYTES, entry);
    }
    this.slotBase = base;
    this.mask = mask;
  }
}

/**
 * Whether the n bytes at a and at b are equal, eight at a time: a tail is compared as the last
 * eight bytes (overlapping the words before), a value under eight bytes as two overlapping
 * halves, so no load reads outside the values.
 */
// @ts-ignore: decorator
@inline
function sameBytes(a: usize, b: usize, n: usize): bool {
  if (n >= 8) {
    const lastWord = n - 8;
    for (let i: usize = 0; i < lastWord; i += 8) if (load<u64>(a + i) != load<u64>(b + i)) return false;
    return load<u64>(a + lastWord) == load<u64>(b + lastWord);
  }
  if (n >= 4) return load<u32>(a) == load<u32>(b) && load<u32>(a + n - 4) == load<u32>(b + n - 4);
  if (n >= 2) return load<u16>(a) == load<u16>(b) && load<u16>(a + n - 2) == load<u16>(b + n - 2);
  return n == 0 || load<u8>(a) == load<u8>(b);
}

/**
 * A 32-bit hash of the n bytes at p, read as `sameBytes` reads them: a multiply and a rotation
 * per eight bytes, the length in the seed (overlapping reads alone would not tell lengths
 * apart), and the high half of a last product, whose bits depend on every bit before, so
 * that the low bits (the slot) do.
 */
// @ts-ignore: decorator
@inline
function hashBytes(p: usize, n: usize): i32 {
  let h = <u64>n * 0x9e3779b97f4a7c15;
  if (n >= 8) {
    const lastWord = p + n - 8;
    for (; p < lastWord; p += 8) h = step(h, load<u64>(p));
    h = step(h, load<u64>(lastWord));
  } else if (n >= 4) {
    h = step(h, (<u64>load<u32>(p) << 32) | <u64>load<u32>(p + n - 4));
  } else if (n > 0) {
    h = step(h, <u64>load<u8>(p) | (<u64>load<u8>(p + (n >> 1)) << 8) | (<u64>load<u8>(p + n - 1) << 16));
  }
  return <i32>(((h ^ (h >>> 32)) * 0xd6e8feb86659fd93) >>> 32);
}

// @ts-ignore: decorator
@inline
function step(h: u64, word: u64): u64 {
  return rotl<u64>((h ^ word) * 0xff51afd7ed558ccd, 31);
}
