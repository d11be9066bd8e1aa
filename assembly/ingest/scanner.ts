// The CSV dialect of src/ingest/csv.ts (which documents it: RFC 4180 plus what real exports do),
// scanned in linear memory: the host copies each chunk of UTF-8 behind the bytes of the record
// still incomplete, and every complete record goes to the table as byte ranges. A record without
// a quote, most of them, is split where it lies, sixteen bytes at a time; a record with a quote is
// unescaped into scratch memory by a state machine.

import { lineTooLong } from './host';
import { grown } from './memory';
import { Record } from './record';
import { Table } from './table';

const LF: u8 = 10;
const CR: u8 = 13;
const QUOTE: u8 = 34;

export class Scanner {
  /** Bytes received: [position, length) are not scanned yet, a record that may go on. */
  private buffer: usize = 0;
  private capacity: i32 = 0;
  private length: i32 = 0;
  private position: i32 = 0;
  /** Physical line where `position` is. */
  line: i32 = 1;
  /** Where a quoted record's fields are unescaped: as large as the buffer, as unescaping never lengthens a record. */
  private scratch: usize = 0;
  private record: Record = new Record();

  constructor(
    private delimiter: u8,
    private maxLineBytes: i32,
  ) {}

  /** Bytes received but not scanned: the start of a record that the next chunk completes. */
  get pending(): i32 {
    return this.length - this.position;
  }

  /** Where the host writes its next `bytes` bytes, after the pending ones (moved to the front). */
  reserve(bytes: i32): usize {
    const pending = this.pending;
    memory.copy(this.buffer, this.buffer + <usize>this.position, <usize>pending);
    this.position = 0;
    this.length = pending;
    if (pending + bytes > this.capacity) {
      const capacity = max(2 * this.capacity, pending + bytes);
      this.buffer = grown(this.buffer, <usize>this.capacity, <usize>capacity);
      this.scratch = grown(this.scratch, <usize>this.capacity, <usize>capacity);
      this.capacity = capacity;
    }
    return this.buffer + <usize>pending;
  }

  /** Hands every complete record of the `bytes` just written to `table`; at the end of the input, the last one too. */
  scan(bytes: i32, atEnd: bool, table: Table): void {
    this.length += bytes;
    const buf = this.buffer;
    const n = this.length;
    const d = this.delimiter;
    const record = this.record;
    let pos = this.position;
    while (pos < n) {
      // The line's end, unless a quote comes first: such a record is unescaped as a whole.
      const i = lineBreakOrQuote(buf, pos, n);
      if (i < n && load<u8>(buf + <usize>i) == QUOTE) {
        const next = this.scanQuoted(pos, atEnd, table);
        if (next == -1) break; // may continue past n
        pos = next;
        continue;
      }
      if (i == n && !atEnd) break; // the line may go on in the next chunk
      let end = i;
      if (end > pos && load<u8>(buf + <usize>(end - 1)) == CR) end--;
      if (end > pos) {
        record.count = 0;
        splitFields(buf + <usize>pos, buf + <usize>end, d, record);
        this.emit(buf + <usize>pos, buf + <usize>end, table);
      }
      this.line++;
      pos = i < n ? i + 1 : n;
    }
    this.position = pos;
  }

  /**
   * Scans the record at `start`, which holds a quote, unescaping its fields into scratch. Returns
   * where the next record starts, or -1 when this one may continue past the bytes received. A
   * quoted field runs to its closing quote (a doubled quote is one quote; an unterminated one runs
   * to the end of the input); text after it, or an unquoted field, runs to the next delimiter or
   * line break, quotes and all.
   */
  private scanQuoted(start: i32, atEnd: bool, table: Table): i32 {
    const buf = this.buffer;
    const n = this.length;
    const d = this.delimiter;
    const scratch = this.scratch;
    const record = this.record;
    record.count = 0;
    let o: usize = scratch;
    let i = start;
    for (;;) {
      const fieldStart = o;
      if (i < n && load<u8>(buf + <usize>i) == QUOTE) {
        i++;
        for (;;) {
          while (i < n && load<u8>(buf + <usize>i) != QUOTE) {
            store<u8>(o++, load<u8>(buf + <usize>i));
            i++;
          }
          if (i == n) {
            if (!atEnd) return -1;
            break; // an unterminated quote runs to the end of the input
          }
          // A doubled quote may straddle two chunks.
          if (i + 1 == n && !atEnd) return -1;
          if (i + 1 < n && load<u8>(buf + <usize>(i + 1)) == QUOTE) {
            store<u8>(o++, QUOTE);
            i += 2;
            continue;
          }
          i++;
          break;
        }
      }
      const textStart = i;
      let c: i32 = -1;
      while (i < n) {
        c = load<u8>(buf + <usize>i);
        if (c == d || c == LF) break;
        i++;
      }
      if (i == n) {
        if (!atEnd) return -1;
        c = -1;
      }
      let textEnd = i;
      if (c != d && textEnd > textStart && load<u8>(buf + <usize>(textEnd - 1)) == CR) textEnd--;
      memory.copy(o, buf + <usize>textStart, <usize>(textEnd - textStart));
      o += <usize>(textEnd - textStart);
      record.push(fieldStart, o);
      if (c == d) {
        i++;
        continue;
      }
      const rawEnd = c == LF && i > start && load<u8>(buf + <usize>(i - 1)) == CR ? i - 1 : i;
      this.emit(buf + <usize>start, buf + <usize>rawEnd, table);
      this.line += 1 + lineBreaks(buf + <usize>start, buf + <usize>rawEnd);
      return c == LF ? i + 1 : n;
    }
  }

  private emit(rawStart: usize, rawEnd: usize, table: Table): void {
    const bytes = <i32>(rawEnd - rawStart);
    if (bytes > this.maxLineBytes) lineTooLong(this.line, bytes);
    const record = this.record;
    record.line = this.line;
    record.rawStart = rawStart;
    record.rawEnd = rawEnd;
    table.accept(record);
  }
}

/** The first line break or quote in buf[from, n), or n. Sixteen bytes at a time. */
function lineBreakOrQuote(buf: usize, from: i32, n: i32): i32 {
  let i = from;
  if (ASC_FEATURE_SIMD) {
    const lf = i8x16.splat(LF);
    const quote = i8x16.splat(QUOTE);
    for (; i + 16 <= n; i += 16) {
      const bytes = v128.load(buf + <usize>i);
      const hits = i8x16.bitmask(v128.or(i8x16.eq(bytes, lf), i8x16.eq(bytes, quote)));
      if (hits != 0) return i + ctz(hits);
    }
  }
  for (; i < n; i++) {
    const c = load<u8>(buf + <usize>i);
    if (c == LF || c == QUOTE) return i;
  }
  return n;
}

/** Pushes the fields of [start, end), split at each delimiter `d`, onto `record`. */
function splitFields(start: usize, end: usize, d: u8, record: Record): void {
  let fieldStart = start;
  let i = start;
  if (ASC_FEATURE_SIMD) {
    const delimiter = i8x16.splat(d);
    for (; i + 16 <= end; i += 16) {
      let hits = i8x16.bitmask(i8x16.eq(v128.load(i), delimiter));
      while (hits != 0) {
        const found = i + <usize>ctz(hits);
        record.push(fieldStart, found);
        fieldStart = found + 1;
        hits &= hits - 1;
      }
    }
  }
  for (; i < end; i++) {
    if (load<u8>(i) != d) continue;
    record.push(fieldStart, i);
    fieldStart = i + 1;
  }
  record.push(fieldStart, end);
}

/** Line breaks in [start, end). */
function lineBreaks(start: usize, end: usize): i32 {
  let count = 0;
  for (let i = start; i < end; i++) if (load<u8>(i) == LF) count++;
  return count;
}
