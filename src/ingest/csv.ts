/**
 * Streaming CSV scanner over UTF-8 bytes: the definition of the dialect, and the oracle of
 * the ingest core's scanner (assembly/ingest/scanner.ts), which reads text uploads; the
 * tests hold the two to the same records (test/unit/ingest/core.test.ts). Hand-written
 * for throughput: it never decodes a record to a string. It hands out each record
 * as byte ranges on the buffer it read (see fields.ts). A record without a quote, most of
 * them, is split with native searches for its delimiters; only a record with a quote goes
 * through the state machine that unescapes its fields into a scratch buffer.
 *
 * RFC 4180 plus what real exports do: LF or CRLF endings; quoted fields holding
 * delimiters, doubled quotes and line breaks; text after a closing quote kept in the
 * field; a quote inside an unquoted field taken literally; a line with no characters is
 * no record (files often end in blank lines). Delimiters, quotes and line breaks are
 * ASCII, and no byte of a multi-byte UTF-8 character is, so scanning bytes is exact.
 */
import { formatCount } from '../format.js';
import { InputError } from './errors.js';
import { QUOTE, RecordFields } from './fields.js';
import { markMutable } from './mutable.js';

const LF = 10;
const CR = 13;
const EMPTY = new Uint8Array(0);
/** Bytes searched through one Latin-1 string (see `scan`). */
const WINDOW_BYTES = 64 * 1024;

export interface CsvScannerOptions {
  /** The delimiter's byte. */
  delimiter: number;
  maxLineBytes: number;
  /** Named in the error for an over-long line. */
  fileName: string;
  /** Gets each record; the record's ranges are valid until it returns. */
  onRecord: (record: RecordFields) => void;
}

export class CsvScanner {
  /** Bytes of the record not yet complete at the end of the last chunk. */
  private pending: Uint8Array = EMPTY;
  /** Physical line number where `pending` starts. */
  private line = 1;
  /** The one record the scanner fills and hands out, record after record. */
  private readonly record = new RecordFields();
  /** Where a quoted record's fields are unescaped. */
  private scratch = new Uint8Array(1024);
  /** Where the pending bytes and the next chunk are joined. */
  private joint = new Uint8Array(0);
  /** The delimiter as a one-character string, for indexOf. */
  private readonly delimiter: string;
  private readonly delimiterCode: number;

  constructor(private readonly options: CsvScannerOptions) {
    this.delimiter = String.fromCharCode(options.delimiter);
    this.delimiterCode = options.delimiter;
    markMutable(this, ['scratch', 'joint']);
  }

  push(chunk: Uint8Array): void {
    // Always a plain Uint8Array, never a Buffer: one shape of array keeps every byte access in
    // the scanner and the parsers monomorphic, which V8 compiles to a plain load.
    const buf = this.pending.length === 0 ? new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length) : this.join(chunk);
    this.reserveScratch(buf.length);
    this.pending = buf.subarray(this.scan(buf, false));
    // Bounds memory before the line ends.
    if (this.pending.length > this.options.maxLineBytes) {
      throw this.lineTooLong(`more than ${formatCount(this.options.maxLineBytes)} bytes without a line break`);
    }
  }

  /** Scans the last record, which may lack a line break. */
  end(): void {
    this.reserveScratch(this.pending.length);
    this.scan(this.pending, true);
    this.pending = EMPTY;
  }

  /**
   * The pending bytes, then `chunk`, in one buffer that is reused from chunk to chunk: a new
   * one each time would be a megabyte of memory outside the heap per chunk, and such
   * allocations are what makes V8 run its full collections.
   */
  private join(chunk: Uint8Array): Uint8Array {
    const pending = this.pending;
    const length = pending.length + chunk.length;
    let joint = this.joint;
    if (joint.length < length) {
      joint = new Uint8Array(Math.max(length, 2 * joint.length));
      joint.set(pending);
      this.joint = joint;
    } else if (pending.buffer === joint.buffer) {
      const from = pending.byteOffset - joint.byteOffset;
      joint.copyWithin(0, from, from + pending.length);
    } else {
      joint.set(pending);
    }
    joint.set(chunk, pending.length);
    return joint.subarray(0, length);
  }

  /**
   * Hands out every complete record of `buf`; returns where the first incomplete one starts.
   * The bytes are searched through Latin-1 copies of windows of them: one byte per
   * character, so string indices are byte offsets, and V8's String indexOf finds a
   * delimiter or line break about twice as fast as a loop over the bytes. Delimiters,
   * quotes and line breaks are ASCII, so the copy finds them where the UTF-8 has them. A
   * window of 64 KiB stays in V8's young generation, which collects it for almost nothing;
   * a copy of a whole megabyte chunk would cost a full collection now and then.
   */
  private scan(buf: Uint8Array, atEnd: boolean): number {
    const n = buf.length;
    const bytes = Buffer.from(buf.buffer, buf.byteOffset, n);
    const delimiter = this.delimiter;
    const record = this.record;
    /** The window: text is buf[base, base + text.length) as Latin-1. */
    let base = 0;
    let text = '';
    /** The first quote at or after pos in the window, as a window index; -1 for none. */
    let quoteAt = -1;
    let pos = 0;
    while (pos < n) {
      let nl = pos - base < text.length ? text.indexOf('\n', pos - base) : -1;
      if (nl === -1 && base + text.length < n) {
        // A new window from the record's start, as wide as the record needs.
        let size = WINDOW_BYTES;
        do {
          base = pos;
          text = bytes.toString('latin1', pos, Math.min(n, pos + size));
          nl = text.indexOf('\n');
          size *= 2;
        } while (nl === -1 && base + text.length < n);
        quoteAt = text.indexOf('"');
      }
      if (quoteAt !== -1 && (nl === -1 || quoteAt < nl)) {
        const next = this.scanQuoted(buf, pos, atEnd);
        if (next === -1) break;
        pos = next;
        quoteAt = pos - base < text.length ? text.indexOf('"', pos - base) : -1;
        continue;
      }
      let end = nl === -1 ? n : base + nl;
      if (nl === -1 && !atEnd) break;
      const next = end + 1;
      if (end > pos && buf[end - 1] === CR) end--;
      if (end > pos) {
        let { starts, ends } = record;
        let count = 0;
        let fieldStart = pos;
        for (let d = text.indexOf(delimiter, pos - base) + base; d !== base - 1 && d < end; d = text.indexOf(delimiter, d + 1 - base) + base) {
          // Room for this field and the last one.
          if (count + 2 > starts.length) {
            record.grow();
            ({ starts, ends } = record);
          }
          starts[count] = fieldStart;
          ends[count++] = d;
          fieldStart = d + 1;
        }
        starts[count] = fieldStart;
        ends[count++] = end;
        this.emit(buf, buf, count, pos, end);
      }
      this.line++;
      pos = next;
    }
    // Past n only at the end, where no record is incomplete. (Clamped here, it would be the
    // first operation after a loop optimised before its first return, and discard it.)
    return pos;
  }

  /**
   * Room to unescape any record of a buffer of `bytes` bytes (unescaping never lengthens one),
   * made here, once per chunk: growing it inside the scan, on a record thousands of rows in,
   * would discard the scan's optimised code.
   */
  private reserveScratch(bytes: number): void {
    if (this.scratch.length < bytes) this.scratch = new Uint8Array(Math.max(2 * this.scratch.length, bytes));
  }

  /**
   * Scans the record starting at `start`, which holds a quote, unescaping its fields into
   * the scratch buffer. Returns where the next record starts, or -1 when this one may
   * continue in the next chunk.
   */
  private scanQuoted(buf: Uint8Array, start: number, atEnd: boolean): number {
    const n = buf.length;
    const delimiter = this.delimiterCode;
    const record = this.record;
    const out = this.scratch;
    let w = 0;
    let count = 0;
    let i = start;
    for (;;) {
      const fieldStart = w;
      if (i < n && buf[i] === QUOTE) {
        i++;
        for (;;) {
          while (i < n && buf[i] !== QUOTE) out[w++] = buf[i++];
          if (i === n) {
            if (!atEnd) return -1;
            // An unterminated quote runs to the end of the input.
            break;
          }
          // A doubled quote may straddle two chunks.
          if (i + 1 === n && !atEnd) return -1;
          if (buf[i + 1] === QUOTE) {
            out[w++] = QUOTE;
            i += 2;
            continue;
          }
          i++;
          break;
        }
      }
      // Unquoted text, or text after a closing quote, runs to the next delimiter or line break.
      const textStart = i;
      let c = -1;
      while (i < n) {
        c = buf[i];
        if (c === delimiter || c === LF) break;
        i++;
      }
      if (i === n) {
        if (!atEnd) return -1;
        c = -1;
      }
      let textEnd = i;
      if (c !== delimiter && textEnd > textStart && buf[textEnd - 1] === CR) textEnd--;
      for (let j = textStart; j < textEnd; j++) out[w++] = buf[j];
      if (count === record.starts.length) record.grow();
      record.starts[count] = fieldStart;
      record.ends[count++] = w;
      if (c === delimiter) {
        i++;
        continue;
      }
      const rawEnd = c === LF && i > start && buf[i - 1] === CR ? i - 1 : i;
      this.emit(out, buf, count, start, rawEnd);
      this.line += 1 + countLineBreaks(buf, start, rawEnd);
      return c === LF ? i + 1 : n;
    }
  }

  private emit(bytes: Uint8Array, raw: Uint8Array, count: number, rawStart: number, rawEnd: number): void {
    if (rawEnd - rawStart > this.options.maxLineBytes) throw this.lineTooLong(`a line of ${formatCount(rawEnd - rawStart)} bytes`);
    const record = this.record;
    record.bytes = bytes;
    record.count = count;
    record.line = this.line;
    record.raw = raw;
    record.rawStart = rawStart;
    record.rawEnd = rawEnd;
    this.options.onRecord(record);
  }

  private lineTooLong(found: string): InputError {
    return lineTooLong(this.options.fileName, this.line, found, this.options.maxLineBytes);
  }
}

/** The error for a record longer than the limit: `found` says how long. */
export function lineTooLong(file: string, line: number, found: string, maxLineBytes: number): InputError {
  return new InputError({ file, line, found, expected: `at most ${formatCount(maxLineBytes)} bytes per line (limits.maxLineBytes)` });
}

function countLineBreaks(b: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = b.indexOf(LF, start); i !== -1 && i < end; i = b.indexOf(LF, i + 1)) count++;
  return count;
}
