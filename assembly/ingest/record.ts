// A record's fields as byte ranges of linear memory (RecordFields in src/ingest/fields.ts): the
// scanner fills one record, record after record, and the cleaner reads it.

export class Record {
  /** 1-based physical line where the record starts. */
  line: i32 = 0;
  /** The record's text in the file, for report examples. */
  rawStart: usize = 0;
  rawEnd: usize = 0;
  count: i32 = 0;
  /** Field i is [start, end) at words 2i, 2i + 1 (u32 addresses). */
  fields: usize = heap.alloc(32 << 3);
  private capacity: i32 = 32;

  @inline start(i: i32): usize {
    return load<u32>(this.fields + (<usize>i << 3));
  }

  @inline end(i: i32): usize {
    return load<u32>(this.fields + (<usize>i << 3), 4);
  }

  /** Sets field `count`'s range and counts it, making room as needed. */
  @inline push(start: usize, end: usize): void {
    if (this.count == this.capacity) this.grow();
    const at = this.fields + (<usize>this.count << 3);
    store<u32>(at, <u32>start);
    store<u32>(at, <u32>end, 4);
    this.count++;
  }

  private grow(): void {
    this.capacity *= 2;
    this.fields = heap.realloc(this.fields, <usize>this.capacity << 3);
  }
}
