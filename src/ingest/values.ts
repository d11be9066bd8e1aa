/**
 * Scalar parsers for one field each, over the field's UTF-8 bytes. They run once per field
 * of every row, so they scan bytes in a loop instead of decoding a string and using
 * regular expressions, and return NaN (or -1) for text that does not parse rather than
 * throwing. Surrounding spaces are allowed.
 */
import { trimmedEnd, trimmedStart } from './fields.js';

const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** Beyond 15 digits a double is no longer an exact integer. */
const MAX_DIGITS = 15;
/** Price digits before the mark: 11 + 4 decimals stays within 15. */
const MAX_PRICE_INTEGER_DIGITS = 11;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/**
 * The character between a number's units and its decimals. Files separated by `;` come
 * from locales that write `2,55`, or from tools that kept `2.55`: either is accepted until
 * the first price with a mark decides, and from then on the other one fails to parse
 * (as `1.234,56` with a thousands separator should). Other files use `.` unless the
 * configuration says otherwise.
 */
export class DecimalMark {
  /** DOT or COMMA; 0 while undecided. */
  private code: number;

  constructor(fixed: '.' | ',' | null) {
    this.code = fixed === null ? 0 : fixed.charCodeAt(0);
  }

  /** The mark in use, or null while no price has shown one. */
  get mark(): '.' | ',' | null {
    return decimalMarkOf(this.code);
  }

  /** Whether `c` is the mark, deciding it when undecided: for prices. */
  take(c: number): boolean {
    if (c === this.code) return true;
    if (this.code !== 0 || (c !== DOT && c !== COMMA)) return false;
    this.code = c;
    return true;
  }

  /** Whether `c` may be the mark, without deciding: for quantities and ids, which rarely have one. */
  allows(c: number): boolean {
    return c === this.code || (this.code === 0 && (c === DOT || c === COMMA));
  }
}

/** The mark of its character code, null for 0 (undecided): the ingest core reports its mark as a code. */
export function decimalMarkOf(code: number): '.' | ',' | null {
  return code === 0 ? null : (String.fromCharCode(code) as '.' | ',');
}

/**
 * An integer with an optional sign. A fraction of zeros only (`6.0`, as spreadsheets
 * and pandas write integer columns holding a gap) is accepted; any other fraction is not.
 */
export function parseQuantity(b: Uint8Array, start: number, end: number, decimal: DecimalMark): number {
  let i = trimmedStart(b, start, end);
  const n = trimmedEnd(b, i, end);
  let negative = false;
  const sign = b[i];
  if (i < n && (sign === MINUS || sign === PLUS)) {
    negative = sign === MINUS;
    i++;
  }
  const digitsStart = i;
  let value = 0;
  for (; i < n; i++) {
    const c = b[i];
    if (!isDigit(c)) break;
    value = value * 10 + (c - ZERO);
  }
  const digits = i - digitsStart;
  if (digits === 0 || digits > MAX_DIGITS) return NaN;
  if (i < n) {
    if (!decimal.allows(b[i])) return NaN;
    for (i++; i < n; i++) if (b[i] !== ZERO) return NaN;
  }
  // 0 - value, not -value: a "-0" must not become the float -0.
  return negative ? 0 - value : value;
}

/**
 * A decimal price as an exact integer of 1/10,000 units (`2.55` → 25500), read from the
 * digits, never through a float multiply. More than 4 decimals is rejected unless the
 * extra digits are zeros: the partial's sums are exact only in whole E4 units, and a
 * fifth significant decimal means the column is not a price (or holds float noise such
 * as `2.5500000000000003`), which the report should show, not round away.
 */
export function parsePriceE4(b: Uint8Array, start: number, end: number, decimal: DecimalMark): number {
  let i = trimmedStart(b, start, end);
  const n = trimmedEnd(b, i, end);
  const sign = b[i];
  // Every price runs every operation of its sign, and its negation below: code first run by
  // the file's first signed price, thousands of rows in, would discard the optimised cleaner.
  const negative = i < n && sign === MINUS;
  const positive = i < n && sign === PLUS;
  i += negative || positive ? 1 : 0;
  let units = 0;
  const integerStart = i;
  for (; i < n; i++) {
    const c = b[i];
    if (!isDigit(c)) break;
    units = units * 10 + (c - ZERO);
  }
  const integerDigits = i - integerStart;
  if (integerDigits > MAX_PRICE_INTEGER_DIGITS) return NaN;
  let fraction = 0;
  let fractionDigits = 0;
  if (i < n) {
    if (!decimal.take(b[i])) return NaN;
    for (i++; i < n; i++) {
      const c = b[i];
      if (!isDigit(c)) return NaN;
      if (fractionDigits < 4) fraction = fraction * 10 + (c - ZERO);
      else if (c !== ZERO) return NaN;
      fractionDigits++;
    }
  }
  if (integerDigits + fractionDigits === 0) return NaN;
  for (let d = Math.min(fractionDigits, 4); d < 4; d++) fraction *= 10;
  const value = units * 10_000 + fraction;
  const negated = 0 - value;
  return negative ? negated : value;
}

/** What exports write for "no value" (R, pandas, SQL, Python), compared ignoring case. */
export const DEFAULT_MISSING_MARKERS: readonly string[] = ['', 'NA', 'NaN', 'null', 'None'];

/** Texts that mean "no value", compared with a field's trimmed bytes ignoring ASCII case. */
export class MissingMarkers {
  /** Lower-cased UTF-8 bytes of each marker. */
  private readonly markers: Uint8Array[];
  private readonly longest: number;

  constructor(markers: readonly string[]) {
    this.markers = missingMarkerBytes(markers);
    this.longest = Math.max(...this.markers.map((m) => m.length));
  }

  /** Whether trimmed bytes b[start, end) are a marker. */
  matches(b: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    if (length > this.longest) return false;
    for (const marker of this.markers) {
      if (marker.length !== length) continue;
      let i = 0;
      while (i < length && lowerAscii(b[start + i]) === marker[i]) i++;
      if (i === length) return true;
    }
    return false;
  }
}

/** Each marker's bytes as compared: trimmed, lower-cased, once each, the empty field included. */
export function missingMarkerBytes(markers: readonly string[]): Uint8Array[] {
  // An empty field always means missing: nothing else could be read from it.
  return [...new Set(['', ...markers].map((m) => m.trim().toLowerCase()))].map((m) => new TextEncoder().encode(m));
}

function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/**
 * End of the customer id in trimmed bytes b[start, end): `17850.0` ends before its zero
 * fraction, since spreadsheets and pandas turn integer ids with gaps into floats (`17850,0`
 * where the decimal mark is a comma).
 */
export function customerIdEnd(b: Uint8Array, start: number, end: number, decimal: DecimalMark): number {
  let i = start;
  while (i < end && isDigit(b[i])) i++;
  if (i === start || i === end || !decimal.allows(b[i])) return end;
  for (let j = i + 1; j < end; j++) if (b[j] !== ZERO) return end;
  return i;
}
