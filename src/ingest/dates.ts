/**
 * Invoice dates, read from a field's bytes by hand (a regular expression per row would
 * cost more than the rest of the row). Accepted, with surrounding spaces:
 *
 * - `A/B/YY` and `A/B/YYYY` with an optional ` H:MM` or ` H:MM:SS`, where A/B is month/day
 *   (the UCI files, US spreadsheets) or day/month (most other places);
 * - ISO 8601: `YYYY-MM-DD`, optionally `T` or a space and `HH:MM`, `HH:MM:SS` or
 *   `HH:MM:SS.fff`, then optionally `Z` or an offset `±HH:MM`, `±HHMM`, `±HH`.
 *
 * Times are naive local times read as UTC, as the files have them; a time with a zone is
 * converted to that UTC instant. Two-digit years follow POSIX strptime: 69–99 → 19xx,
 * 00–68 → 20xx.
 *
 * Day-first or month-first is one choice per file: the configuration's, or else the first
 * date that is valid one way only (a first number above 12 means day-first, a second one
 * above 12 month-first). Until then each date is read month-first and its day-first
 * reading is kept in `alternative`, so the aggregates can switch once the data decides.
 * A file that never decides is read month-first, and the report says it was ambiguous.
 */
import { trimmedEnd, trimmedStart, utf8Text, SPACE } from './fields.js';
import { markMutable } from './mutable.js';

export type DayMonthOrder = 'month-first' | 'day-first';
/** What decided the day-month order: the configuration, a date of the file, or nothing (month-first by default). */
export type OrderSource = 'configuration' | 'data' | 'default';

export interface DateLayoutCount {
  /** E.g. `M/D/YY H:MM`, `D/M/YYYY H:MM:SS`, `YYYY-MM-DDTHH:MM:SSZ`. */
  format: string;
  rows: number;
}

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const UPPER_T = 84;
const UPPER_Z = 90;

/** Layout codes: which form a date had, for the report. */
const ISO = 1;
const YEAR4 = 2;
const TIME_SHIFT = 2; // 0 none, 1 H:MM, 2 H:MM:SS, 3 H:MM:SS.fff
const T_SEPARATOR = 16;
const ZONE_SHIFT = 5; // 0 none, 1 Z, 2 offset
const LAYOUTS = 128;

/** Dates up to this many bytes are remembered: the lines of an invoice repeat its date. */
const CACHE_BYTES = 64;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

/** The orders as the ingest core numbers them, from 1 (0: undecided). */
export const DAY_MONTH_ORDERS: readonly DayMonthOrder[] = ['month-first', 'day-first'];

/** What a file's dates showed, for the report: the TypeScript reader's state, or the ingest core's (core.ts). */
export interface DateFindings {
  /** Null while no date has told day and month apart (and no configuration has). */
  readonly order: DayMonthOrder | null;
  readonly configured: boolean;
  /** The date that decided the order. */
  readonly decidedBy: { line: number; text: string } | null;
  /** Some day-month date was read. */
  readonly sawDayMonth: boolean;
  /** Some date read while undecided named different days under the two orders. */
  readonly sawAmbiguous: boolean;
  /** Rows per layout code. */
  readonly counts: Float64Array;
}

/** What a date of this file looks like, for the message of a row whose date does not parse. */
export function dateExpectation(dates: Pick<DateFindings, 'order' | 'configured' | 'decidedBy'>): string {
  const iso = 'an ISO 8601 one (YYYY-MM-DD HH:MM:SS)';
  if (dates.order === null) return `a date such as 12/1/10 8:26, 1/12/2010 08:26 or 2010-12-01 08:26:00`;
  const layout = dates.order === 'day-first' ? 'D/M/YYYY H:MM' : 'M/D/YYYY H:MM';
  const why = dates.configured
    ? "as the dataset's configuration says"
    : `as line ${dates.decidedBy!.line}'s ${JSON.stringify(dates.decidedBy!.text)} showed`;
  return `a ${dates.order} date (${layout}, ${why}) or ${iso}`;
}

/** Day-month order as the report gives it. */
export function dateOrderSummary(dates: DateFindings): { order: DayMonthOrder | null; orderSource: OrderSource | null; ambiguous: boolean } {
  if (dates.configured) return { order: dates.order, orderSource: 'configuration', ambiguous: false };
  if (dates.order !== null) return { order: dates.order, orderSource: 'data', ambiguous: false };
  if (!dates.sawDayMonth) return { order: null, orderSource: null, ambiguous: false };
  return { order: 'month-first', orderSource: 'default', ambiguous: dates.sawAmbiguous };
}

/** How many dates had each layout, most used first. */
export function dateLayouts(dates: DateFindings): DateLayoutCount[] {
  const order = dates.order ?? 'month-first';
  const out: DateLayoutCount[] = [];
  dates.counts.forEach((rows, code) => {
    if (rows > 0) out.push({ format: layoutName(code, order), rows });
  });
  return out.sort((a, b) => b.rows - a.rows || (a.format < b.format ? -1 : 1));
}

export class DateReader implements DateFindings {
  order: DayMonthOrder | null;
  /** The last date read as day-first would read it; equal to the value unless the order is undecided. */
  alternative = NaN;
  /** Set by the read that decides the order; the caller clears it once it has acted. */
  justDecided = false;
  decidedBy: { line: number; text: string } | null = null;
  readonly configured: boolean;
  sawDayMonth = false;
  sawAmbiguous = false;
  readonly counts = new Float64Array(LAYOUTS);

  private readonly cached = new Uint8Array(CACHE_BYTES);
  private cachedLength = -1;
  private cachedValue = NaN;
  private cachedAlternative = NaN;
  private cachedLayout = 0;

  // The cursor of the date being parsed.
  private b: Uint8Array = new Uint8Array(0);
  private at = 0;
  private end = 0;
  private digits = 0;
  private layout = 0;

  constructor(configured: DayMonthOrder | undefined) {
    this.order = configured ?? null;
    this.configured = configured !== undefined;
    markMutable(this, ['justDecided', 'sawDayMonth', 'sawAmbiguous']);
  }

  /** Epoch ms of the date in b[start, end), or NaN; `line` is where it was read, should it decide the order. */
  read(b: Uint8Array, start: number, end: number, line: number): number {
    start = trimmedStart(b, start, end);
    end = trimmedEnd(b, start, end);
    const length = end - start;
    if (length === this.cachedLength) {
      let i = 0;
      while (i < length && b[start + i] === this.cached[i]) i++;
      if (i === length) {
        this.counts[this.cachedLayout]++;
        this.alternative = this.cachedAlternative;
        return this.cachedValue;
      }
    }
    const value = this.parse(b, start, end, line);
    if (Number.isNaN(value)) return NaN;
    this.counts[this.layout]++;
    if (length <= CACHE_BYTES) {
      for (let i = 0; i < length; i++) this.cached[i] = b[start + i];
      this.cachedLength = length;
      this.cachedValue = value;
      this.cachedAlternative = this.alternative;
      this.cachedLayout = this.layout;
    }
    return value;
  }

  private parse(b: Uint8Array, start: number, end: number, line: number): number {
    this.b = b;
    this.at = start;
    this.end = end;
    const first = this.number(4);
    if (first < 0) return NaN;
    const separator = this.at < end ? b[this.at] : -1;
    if (separator === SLASH && this.digits <= 2) return this.dayMonthDate(first, line, start);
    if (separator === MINUS && this.digits === 4) return this.isoDate(first);
    return NaN;
  }

  private dayMonthDate(first: number, line: number, start: number): number {
    this.at++;
    const second = this.number(2);
    if (second < 0 || !this.expect(SLASH)) return NaN;
    let year = this.number(4);
    let layout = 0;
    if (this.digits === 2) year += year < 69 ? 2000 : 1900;
    else if (this.digits === 4) layout = YEAR4;
    else return NaN;
    const time = this.time(false);
    if (Number.isNaN(time) || this.at < this.end) return NaN;
    this.layout = layout | this.layout;
    this.sawDayMonth = true;
    let order = this.order;
    if (order === null) {
      const monthFirst = isValidDate(year, first, second);
      const dayFirst = isValidDate(year, second, first);
      if (monthFirst && dayFirst) {
        if (first !== second) this.sawAmbiguous = true;
        this.alternative = Date.UTC(year, second - 1, first) + time;
        return Date.UTC(year, first - 1, second) + time;
      }
      if (!monthFirst && !dayFirst) return NaN;
      order = monthFirst ? 'month-first' : 'day-first';
      this.decide(order, line, start);
    }
    const month = order === 'month-first' ? first : second;
    const day = order === 'month-first' ? second : first;
    if (!isValidDate(year, month, day)) return NaN;
    const value = Date.UTC(year, month - 1, day) + time;
    this.alternative = value;
    return value;
  }

  private isoDate(year: number): number {
    this.at++;
    const month = this.number(2);
    if (month < 0 || !this.expect(MINUS)) return NaN;
    const day = this.number(2);
    if (day < 0 || year < 1000 || !isValidDate(year, month, day)) return NaN;
    const time = this.time(true);
    if (Number.isNaN(time)) return NaN;
    let layout = ISO | this.layout;
    let offsetMinutes = 0;
    if (this.at < this.end && (layout >> TIME_SHIFT) & 3) {
      if (this.expect(UPPER_Z)) {
        layout |= 1 << ZONE_SHIFT;
      } else {
        const sign = this.b[this.at];
        if (sign !== PLUS && sign !== MINUS) return NaN;
        this.at++;
        const hours = this.twoDigits();
        if (hours < 0 || hours > 23) return NaN;
        let minutes = 0;
        if (this.at < this.end) {
          this.expect(COLON);
          minutes = this.twoDigits();
          if (minutes < 0 || minutes > 59) return NaN;
        }
        offsetMinutes = (sign === MINUS ? -1 : 1) * (hours * 60 + minutes);
        layout |= 2 << ZONE_SHIFT;
      }
    }
    if (this.at < this.end) return NaN;
    this.layout = layout;
    const value = Date.UTC(year, month - 1, day) + time - offsetMinutes * 60_000;
    this.alternative = value;
    return value;
  }

  /**
   * The time of day in ms after a date (0 when the text ends there), or NaN; sets the
   * layout's time and separator bits.
   */
  private time(iso: boolean): number {
    this.layout = 0;
    if (this.at === this.end) return 0;
    if (iso && this.expect(UPPER_T)) this.layout = T_SEPARATOR;
    else if (!this.expect(SPACE)) return NaN;
    while (this.expect(SPACE));
    const hour = this.number(2);
    if (hour < 0 || hour > 23 || !this.expect(COLON)) return NaN;
    const minute = this.number(2);
    if (minute < 0 || this.digits !== 2 || minute > 59) return NaN;
    let second = 0;
    let ms = 0;
    let kind = 1;
    if (this.expect(COLON)) {
      second = this.number(2);
      if (second < 0 || this.digits !== 2 || second > 59) return NaN;
      kind = 2;
      if (iso && this.expect(DOT)) {
        // Milliseconds are the first three digits; finer ones change no day's recency.
        const fractionStart = this.at;
        while (this.at < this.end && this.at - fractionStart < 9 && isDigit(this.b[this.at])) {
          if (this.at - fractionStart < 3) ms = ms * 10 + (this.b[this.at] - ZERO);
          this.at++;
        }
        const digits = this.at - fractionStart;
        if (digits === 0) return NaN;
        for (let d = digits; d < 3; d++) ms *= 10;
        kind = 3;
      }
    }
    this.layout |= kind << TIME_SHIFT;
    return ((hour * 60 + minute) * 60 + second) * 1000 + ms;
  }

  private decide(order: DayMonthOrder, line: number, start: number): void {
    this.order = order;
    this.justDecided = true;
    this.decidedBy = { line, text: utf8Text(this.b, start, this.end) };
    // A remembered date was read month-first while undecided.
    this.cachedLength = -1;
  }

  /** Reads 1 to `maxDigits` digits; -1 when there is none or there are more. Sets `digits`. */
  private number(maxDigits: number): number {
    const start = this.at;
    let value = 0;
    while (this.at < this.end) {
      const c = this.b[this.at];
      if (!isDigit(c)) break;
      value = value * 10 + (c - ZERO);
      this.at++;
    }
    this.digits = this.at - start;
    return this.digits === 0 || this.digits > maxDigits ? -1 : value;
  }

  /** Exactly two digits (an offset's `0530` is two numbers); -1 otherwise. */
  private twoDigits(): number {
    if (this.at + 2 > this.end || !isDigit(this.b[this.at]) || !isDigit(this.b[this.at + 1])) return -1;
    const value = (this.b[this.at] - ZERO) * 10 + (this.b[this.at + 1] - ZERO);
    this.at += 2;
    return value;
  }

  private expect(code: number): boolean {
    if (this.at < this.end && this.b[this.at] === code) {
      this.at++;
      return true;
    }
    return false;
  }
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function layoutName(code: number, order: DayMonthOrder): string {
  const time = (code >> TIME_SHIFT) & 3;
  if (code & ISO) {
    const clock = ['', 'HH:MM', 'HH:MM:SS', 'HH:MM:SS.SSS'][time];
    const zone = ['', 'Z', '±HH:MM'][(code >> ZONE_SHIFT) & 3];
    return `YYYY-MM-DD${time === 0 ? '' : (code & T_SEPARATOR ? 'T' : ' ') + clock}${zone}`;
  }
  const dayMonth = order === 'day-first' ? 'D/M' : 'M/D';
  return `${dayMonth}/${code & YEAR4 ? 'YYYY' : 'YY'}${['', ' H:MM', ' H:MM:SS'][time]}`;
}
