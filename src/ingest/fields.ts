/** A record's fields as byte ranges, and the byte helpers every parser of a record shares. */
import { markMutable } from './mutable.js';

export const SPACE = 32;
export const QUOTE = 34;

const decoder = new TextDecoder('utf-8');

/** Decodes bytes[start, end); the bytes are valid UTF-8 by the time they reach a record. */
export function utf8Text(bytes: Uint8Array, start: number, end: number): string {
  return decoder.decode(bytes.subarray(start, end));
}

export function trimmedStart(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && bytes[start] === SPACE) start++;
  return start;
}

export function trimmedEnd(bytes: Uint8Array, start: number, end: number): number {
  while (end > start && bytes[end - 1] === SPACE) end--;
  return end;
}

/** Field `i` as text, without surrounding spaces. */
export function fieldText(record: RecordFields, i: number): string {
  const start = trimmedStart(record.bytes, record.starts[i], record.ends[i]);
  return utf8Text(record.bytes, start, trimmedEnd(record.bytes, start, record.ends[i]));
}

/** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Joins a record's texts for one encoding call: a byte no text field holds in practice (checked). */
const SEPARATOR = '\u0000';
const EMPTY = new Uint8Array(0);
const encoder = new TextEncoder();

/**
 * A record's fields as byte ranges of UTF-8. The CSV scanner fills one with ranges of the
 * bytes it read instead of strings: a row then costs no allocation, and only values that
 * outlive the row (dictionary entries, report examples) are ever copied or decoded.
 * Records that arrive as strings (workbook cells, another parser's records) are encoded
 * into one. One class for every source of records: the cleaning code then sees one shape
 * of object, and V8 keeps its property loads monomorphic.
 */
export class RecordFields {
  /** UTF-8 bytes the ranges refer to. */
  bytes: Uint8Array = EMPTY;
  /** Field i is bytes[starts[i], ends[i]). */
  starts = new Int32Array(32);
  ends = new Int32Array(32);
  count = 0;
  /** 1-based physical line where the record starts (a workbook's row number). */
  line = 0;
  /** The record's text in the file is raw[rawStart, rawEnd); null when it came as texts. */
  raw: Uint8Array | null = null;
  rawStart = 0;
  rawEnd = 0;
  /** The texts a record came as. */
  private texts: readonly string[] = [];
  /** Where texts are encoded. */
  private encoded = new Uint8Array(1024);

  constructor() {
    markMutable(this, ['starts', 'ends', 'encoded']);
  }

  /** The record as the file has it, for report examples; a record of texts as CSV. */
  rawText(): string {
    return this.raw === null ? this.texts.map(csvField).join(',') : utf8Text(this.raw, this.rawStart, this.rawEnd);
  }

  /** Room for twice as many fields. */
  grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    starts.set(this.starts);
    this.starts = starts;
    const ends = new Int32Array(this.ends.length * 2);
    ends.set(this.ends);
    this.ends = ends;
  }

  /**
   * Holds `texts` (kept, not copied) as the record on `line`, encoded with one native call:
   * the texts are joined, encoded, and the field boundaries found again (from the lengths,
   * when the record is ASCII). Returns the record's size in UTF-8 bytes.
   */
  setTexts(texts: readonly string[], line: number): number {
    const n = texts.length;
    while (n > this.starts.length) this.grow();
    const joined = texts.join(SEPARATOR);
    // A UTF-16 code unit is at most 3 UTF-8 bytes.
    if (joined.length * 3 > this.encoded.length) this.encoded = new Uint8Array(joined.length * 3);
    const bytes = this.encoded;
    const size = encoder.encodeInto(joined, bytes).written;
    const { starts, ends } = this;
    this.bytes = bytes;
    this.count = n;
    this.line = line;
    this.raw = null;
    this.texts = texts;
    let at = 0;
    if (size === joined.length) {
      // ASCII: one byte per character.
      for (let i = 0; i < n; i++) {
        starts[i] = at;
        at += texts[i].length;
        ends[i] = at++;
      }
      return size - Math.max(0, n - 1);
    }
    let field = 0;
    starts[0] = 0;
    for (let i = 0; i < size; i++) {
      if (bytes[i] !== 0) continue;
      if (field === n - 1) return this.setEach(texts);
      ends[field++] = i;
      starts[field] = i + 1;
    }
    if (field !== n - 1) return this.setEach(texts);
    ends[field] = size;
    return size - Math.max(0, n - 1);
  }

  /** Encodes field by field: for a record whose texts hold the separator themselves. */
  private setEach(texts: readonly string[]): number {
    let at = 0;
    for (let i = 0; i < texts.length; i++) {
      this.starts[i] = at;
      at += encoder.encodeInto(texts[i], this.encoded.subarray(at)).written;
      this.ends[i] = at;
    }
    return at;
  }
}

/** Bytes of `a` then `b`, in a new array. */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
