import { markMutable } from './mutable.js';

/**
 * Interns byte strings: each distinct value gets a dense id, and its bytes are stored once
 * in an arena. Hand-written open addressing over typed arrays: hashing a field's bytes
 * where they lie costs less than decoding them to a string for a Map, allocates nothing
 * per row, and the garbage collector sees a few arrays instead of a million strings.
 */
export class ByteDictionary {
  /**
   * Small at first, so that every way of growing is taken in a file's first rows, while the
   * code is still being profiled: a first growth thousands of rows in would discard the
   * optimised cleaner.
   */
  private arena = new Uint8Array(256);
  private arenaUsed = 0;
  /** Id → where its bytes start in the arena; its bytes end where the next id's start. */
  private offsets = new Int32Array(9);
  private hashes = new Int32Array(8);
  /** Slot → 1 + id; 0 is empty. Never more than half full. */
  private slots = new Int32Array(16);
  private count = 0;
  /** Id → its text once decoded: one entry per id from its start, so the array never has holes (and never changes kind). */
  private readonly texts: (string | undefined)[] = [];
  /** The id interned last: the lines of an invoice repeat its invoice, customer and country. */
  private last = -1;
  /**
   * The arena, and the last two buffers compared, read four bytes at a time by `equals`: rows
   * come from a file's chunk or, quoted, from the scanner's own buffer, in turns.
   */
  private arenaWords: DataView = new DataView(this.arena.buffer);
  private source: Uint8Array = this.arena;
  private sourceWords: DataView = this.arenaWords;
  private otherSource: Uint8Array = this.arena;
  private otherSourceWords: DataView = this.arenaWords;

  constructor() {
    markMutable(this, ['arena', 'offsets', 'hashes', 'slots', 'arenaWords', 'source', 'sourceWords', 'otherSource', 'otherSourceWords']);
  }

  get size(): number {
    return this.count;
  }

  /** The id of b[start, end), adding it when new. */
  intern(b: Uint8Array, start: number, end: number): number {
    const length = end - start;
    const last = this.last;
    if (last >= 0 && this.matches(last, b, start, end)) return last;
    const hash = hashBytes(b, start, end);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let entry = this.slots[slot]; entry !== 0; slot = (slot + 1) & mask, entry = this.slots[slot]) {
      const id = entry - 1;
      if (this.hashes[id] === hash && this.offsets[id + 1] - this.offsets[id] === length && this.equals(id, b, start, length)) {
        this.last = id;
        return id;
      }
    }
    const id = this.add(b, start, end, hash);
    this.slots[slot] = id + 1;
    if (this.count * 2 > this.slots.length) this.growSlots();
    this.last = id;
    return id;
  }

  /** Whether `id`'s bytes are b[start, end). */
  matches(id: number, b: Uint8Array, start: number, end: number): boolean {
    return this.offsets[id + 1] - this.offsets[id] === end - start && this.equals(id, b, start, end - start);
  }

  /** The value of `id` as text, decoded once. */
  text(id: number): string {
    let text = this.texts[id];
    if (text === undefined) {
      text = Buffer.from(this.arena.buffer, this.arena.byteOffset, this.arena.byteLength).toString('utf8', this.offsets[id], this.offsets[id + 1]);
      this.texts[id] = text;
    }
    return text;
  }

  /**
   * Four bytes at a time, then byte by byte: a description is some 30 bytes and every row
   * compares one, and a DataView read is one load once optimised, so this takes about half
   * the time of a byte loop. The buffer changes about once a megabyte, so its view is kept.
   */
  private equals(id: number, b: Uint8Array, start: number, length: number): boolean {
    const arena = this.arena;
    const arenaWords = this.arenaWords;
    const words = b === this.source ? this.sourceWords : this.wordsOf(b);
    const offset = this.offsets[id];
    let i = 0;
    for (; i + 4 <= length; i += 4) if (arenaWords.getInt32(offset + i) !== words.getInt32(start + i)) return false;
    for (; i < length; i++) if (arena[offset + i] !== b[start + i]) return false;
    return true;
  }

  /** A view of `b`, which becomes the buffer compared last. */
  private wordsOf(b: Uint8Array): DataView {
    const words = b === this.otherSource ? this.otherSourceWords : new DataView(b.buffer, b.byteOffset, b.byteLength);
    this.otherSource = this.source;
    this.otherSourceWords = this.sourceWords;
    this.source = b;
    this.sourceWords = words;
    return words;
  }

  private add(b: Uint8Array, start: number, end: number, hash: number): number {
    const length = end - start;
    if (this.arenaUsed + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      arena.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = arena;
      this.arenaWords = new DataView(arena.buffer);
    }
    if (this.count + 1 === this.hashes.length) {
      const hashes = new Int32Array(this.hashes.length * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const offsets = new Int32Array(hashes.length + 1);
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    this.arena.set(b.subarray(start, end), this.arenaUsed);
    const id = this.count++;
    this.texts.push(undefined);
    this.hashes[id] = hash;
    this.offsets[id] = this.arenaUsed;
    this.arenaUsed += length;
    this.offsets[id + 1] = this.arenaUsed;
    return id;
  }

  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = this.hashes[id] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

/** FNV-1a over the bytes, then murmur3's finaliser so that the low bits (the slot) depend on every byte. */
function hashBytes(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i], 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
