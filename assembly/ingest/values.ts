// Scalar parsers for one field each, over the field's UTF-8 bytes in linear memory: port of
// src/ingest/values.ts, which documents what each one accepts and why; keep the two in step.
// Ranges are absolute addresses [start, end). Text that does not parse gives NaN, not a trap.

const SPACE: u32 = 32;
const PLUS: u32 = 43;
const COMMA: u32 = 44;
const MINUS: u32 = 45;
const DOT: u32 = 46;
const ZERO: u32 = 48;

/** Beyond 15 digits a double is no longer an exact integer. */
const MAX_DIGITS: usize = 15;
/** Price digits before the mark: 11 + 4 decimals stays within 15. */
const MAX_PRICE_INTEGER_DIGITS: usize = 11;

// @ts-ignore: decorator
@inline
export function isDigit(c: u32): bool {
  return c - ZERO < 10;
}

export function trimmedStart(start: usize, end: usize): usize {
  while (start < end && <u32>load<u8>(start) == SPACE) start++;
  return start;
}

export function trimmedEnd(start: usize, end: usize): usize {
  while (end > start && <u32>load<u8>(end - 1) == SPACE) end--;
  return end;
}

/** The character between a number's units and its decimals, as DecimalMark in values.ts. */
export class DecimalMark {
  /** DOT or COMMA; 0 while undecided. */
  code: u32;

  constructor(code: u32) {
    this.code = code;
  }

  /** Whether `c` is the mark, deciding it when undecided: for prices. */
  take(c: u32): bool {
    if (c == this.code) return true;
    if (this.code != 0 || (c != DOT && c != COMMA)) return false;
    this.code = c;
    return true;
  }

  /** Whether `c` may be the mark, without deciding: for quantities and ids. */
  allows(c: u32): bool {
    return c == this.code || (this.code == 0 && (c == DOT || c == COMMA));
  }
}

/** An integer with an optional sign and an optional fraction of zeros only; NaN otherwise. */
export function parseQuantity(start: usize, end: usize, decimal: DecimalMark): f64 {
  let i = trimmedStart(start, end);
  const n = trimmedEnd(i, end);
  let negative = false;
  if (i < n) {
    const sign = <u32>load<u8>(i);
    if (sign == MINUS || sign == PLUS) {
      negative = sign == MINUS;
      i++;
    }
  }
  const digitsStart = i;
  let value: f64 = 0;
  for (; i < n; i++) {
    const c = <u32>load<u8>(i);
    if (!isDigit(c)) break;
    value = value * 10 + <f64>(c - ZERO);
  }
  const digits = i - digitsStart;
  if (digits == 0 || digits > MAX_DIGITS) return NaN;
  if (i < n) {
    if (!decimal.allows(load<u8>(i))) return NaN;
    for (i++; i < n; i++) if (<u32>load<u8>(i) != ZERO) return NaN;
  }
  // 0 - value, not -value: a "-0" must not become the float -0.
  return negative ? 0 - value : value;
}

/** A decimal price as an exact integer of 1/10,000 units (`2.55` → 25500); NaN otherwise. */
export function parsePriceE4(start: usize, end: usize, decimal: DecimalMark): f64 {
  let i = trimmedStart(start, end);
  const n = trimmedEnd(i, end);
  let negative = false;
  if (i < n) {
    const sign = <u32>load<u8>(i);
    if (sign == MINUS || sign == PLUS) {
      negative = sign == MINUS;
      i++;
    }
  }
  let units: f64 = 0;
  const integerStart = i;
  for (; i < n; i++) {
    const c = <u32>load<u8>(i);
    if (!isDigit(c)) break;
    units = units * 10 + <f64>(c - ZERO);
  }
  const integerDigits = i - integerStart;
  if (integerDigits > MAX_PRICE_INTEGER_DIGITS) return NaN;
  let fraction: f64 = 0;
  let fractionDigits: usize = 0;
  if (i < n) {
    // Decides an undecided mark even when the rest then fails, as values.ts does.
    if (!decimal.take(load<u8>(i))) return NaN;
    for (i++; i < n; i++) {
      const c = <u32>load<u8>(i);
      if (!isDigit(c)) return NaN;
      if (fractionDigits < 4) fraction = fraction * 10 + <f64>(c - ZERO);
      else if (c != ZERO) return NaN;
      fractionDigits++;
    }
  }
  if (integerDigits + fractionDigits == 0) return NaN;
  for (let d = min(fractionDigits, 4); d < 4; d++) fraction *= 10;
  const value = units * 10_000 + fraction;
  // 0 - value, not -value: a "-0" must not become the float -0.
  return negative ? 0 - value : value;
}

/** End of the customer id in a trimmed range: before a zero fraction (`17850.0`), else `end`. */
export function customerIdEnd(start: usize, end: usize, decimal: DecimalMark): usize {
  let i = start;
  while (i < end && isDigit(load<u8>(i))) i++;
  if (i == start || i == end || !decimal.allows(load<u8>(i))) return end;
  for (let j = i + 1; j < end; j++) if (<u32>load<u8>(j) != ZERO) return end;
  return i;
}

/** Texts that mean "no value", compared with a field's trimmed bytes ignoring ASCII case. */
export class MissingMarkers {
  /** Each marker as its byte length (u32) then its lower-cased bytes, one after another. */
  private data: usize;
  private size: usize = 0;
  private capacity: usize = 64;
  private longest: usize = 0;

  constructor() {
    this.data = heap.alloc(this.capacity);
  }

  /** Adds a marker the host has trimmed, lower-cased and deduplicated (the empty one too). */
  add(marker: usize, length: i32): void {
    const at = this.size;
    const size = at + 4 + <usize>length;
    if (size > this.capacity) {
      this.capacity = max(size, this.capacity << 1);
      this.data = heap.realloc(this.data, this.capacity);
    }
    store<u32>(this.data + at, length);
    memory.copy(this.data + at + 4, marker, length);
    this.size = size;
    if (<usize>length > this.longest) this.longest = length;
  }

  /** Whether the trimmed range [start, end) is a marker. */
  matches(start: usize, end: usize): bool {
    const length = end - start;
    if (length > this.longest) return false;
    const stop = this.data + this.size;
    let marker = this.data;
    while (marker < stop) {
      const markerLength = <usize>load<u32>(marker);
      marker += 4;
      if (markerLength == length) {
        let i: usize = 0;
        while (i < length && lowerAscii(load<u8>(start + i)) == <u32>load<u8>(marker + i)) i++;
        if (i == length) return true;
      }
      marker += markerLength;
    }
    return false;
  }
}

// @ts-ignore: decorator
@inline
function lowerAscii(c: u32): u32 {
  return c - 65 < 26 ? c + 32 : c;
}
