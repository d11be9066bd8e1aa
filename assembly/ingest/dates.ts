// Invoice dates, read from a field's bytes in linear memory: port of src/ingest/dates.ts, which
// documents the formats and the day-month order; keep the two in step. Ranges are absolute
// addresses [start, end). The report side (expectation, summary, layout names) stays in
// TypeScript: the host reads the public fields of DateReader and hears of the deciding date
// through dateOrderDecided.
import { isDigit, trimmedEnd, trimmedStart } from './values';

export const MONTH_FIRST: i32 = 1;
export const DAY_FIRST: i32 = 2;

/**
 * Called once, when a date of the file decides the order (not when configured): order is
 * MONTH_FIRST or DAY_FIRST; start/end the trimmed date text.
 */
// @ts-ignore: decorator
@external("ingest", "dateOrderDecided")
declare function dateOrderDecided(order: i32, line: i32, start: usize, end: usize): void;

const PLUS: u32 = 43;
const MINUS: u32 = 45;
const DOT: u32 = 46;
const SLASH: u32 = 47;
const ZERO: u32 = 48;
const COLON: u32 = 58;
const SPACE: u32 = 32;
const UPPER_T: u32 = 84;
const UPPER_Z: u32 = 90;

/** Layout codes, the same as dates.ts's: the host names them for the report. */
const ISO = 1;
const YEAR4 = 2;
const TIME_SHIFT = 2; // 0 none, 1 H:MM, 2 H:MM:SS, 3 H:MM:SS.fff
const T_SEPARATOR = 16;
const ZONE_SHIFT = 5; // 0 none, 1 Z, 2 offset
const LAYOUTS: usize = 128;

/** Dates up to this many bytes are remembered: the lines of an invoice repeat its date. */
const CACHE_BYTES: usize = 64;

const MS_PER_DAY: i64 = 86_400_000;

const DAYS_IN_MONTH: StaticArray<u8> = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isValidDate(year: i32, month: i32, day: i32): bool {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= (month == 2 && leap ? 29 : <i32>unchecked(DAYS_IN_MONTH[month - 1]));
}

/**
 * Date.UTC(year, month - 1, day) for month 1–12, day 1–31 and year 0–9999, in integers (days
 * from the civil date, H. Hinnant's algorithm). As Date.UTC, a year 0–99 means 1900–1999, and a
 * day past the month's end runs into the next month (29/2/0000 checks as a leap year, is 1900).
 */
function utcMs(year: i32, month: i32, day: i32): i64 {
  if (year <= 99) year += 1900;
  // Years counted from March, so that a leap day ends the year; never negative here.
  const y = month <= 2 ? year - 1 : year;
  const era = y / 400;
  const yearOfEra = y - era * 400;
  const dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
  return <i64>(era * 146_097 + dayOfEra - 719_468) * MS_PER_DAY;
}

export class DateReader {
  /** MONTH_FIRST or DAY_FIRST; 0 while no date has told day and month apart (and no configuration has). */
  order: i32;
  /** The last date read as day-first would read it; equal to the value unless the order is undecided. */
  alternative: f64 = NaN;
  /** Set by the read that decides the order; the caller clears it once it has acted. */
  justDecided: bool = false;
  /** Some day-month date was read. */
  sawDayMonth: bool = false;
  /** Some date read while undecided named different days under the two orders. */
  sawAmbiguous: bool = false;
  /** LAYOUTS f64: how many dates had each layout code. */
  counts: usize;

  private cached: usize;
  private cachedLength: isize = -1;
  private cachedValue: f64 = NaN;
  private cachedAlternative: f64 = NaN;
  private cachedLayout: i32 = 0;

  // The cursor of the date being parsed.
  private at: usize = 0;
  private end: usize = 0;
  private digits: i32 = 0;
  private layout: i32 = 0;

  /** configuredOrder: 0 when not configured, else MONTH_FIRST or DAY_FIRST. */
  constructor(configuredOrder: i32) {
    this.order = configuredOrder;
    this.counts = heap.alloc(LAYOUTS << 3);
    memory.fill(this.counts, 0, LAYOUTS << 3);
    this.cached = heap.alloc(CACHE_BYTES);
  }

  /** Epoch ms of the date in [start, end), or NaN; `line` is where it was read, should it decide the order. */
  read(start: usize, end: usize, line: i32): f64 {
    start = trimmedStart(start, end);
    end = trimmedEnd(start, end);
    const length = end - start;
    if (<isize>length == this.cachedLength && memory.compare(start, this.cached, length) == 0) {
      this.count(this.cachedLayout);
      this.alternative = this.cachedAlternative;
      return this.cachedValue;
    }
    const value = this.parse(start, end, line);
    if (isNaN(value)) return NaN;
    this.count(this.layout);
    if (length <= CACHE_BYTES) {
      memory.copy(this.cached, start, length);
      this.cachedLength = length;
      this.cachedValue = value;
      this.cachedAlternative = this.alternative;
      this.cachedLayout = this.layout;
    }
    return value;
  }

  private count(layout: i32): void {
    const at = this.counts + (<usize>layout << 3);
    store<f64>(at, load<f64>(at) + 1);
  }

  private parse(start: usize, end: usize, line: i32): f64 {
    this.at = start;
    this.end = end;
    const first = this.number(4);
    if (first < 0 || this.at == end) return NaN;
    const separator = <u32>load<u8>(this.at);
    if (separator == SLASH && this.digits <= 2) return this.dayMonthDate(first, line, start);
    if (separator == MINUS && this.digits == 4) return this.isoDate(first);
    return NaN;
  }

  private dayMonthDate(first: i32, line: i32, start: usize): f64 {
    this.at++;
    const second = this.number(2);
    if (second < 0 || !this.expect(SLASH)) return NaN;
    let year = this.number(4);
    let layout = 0;
    if (this.digits == 2) year += year < 69 ? 2000 : 1900;
    else if (this.digits == 4) layout = YEAR4;
    else return NaN;
    const time = this.time(false);
    if (time < 0 || this.at < this.end) return NaN;
    this.layout = layout | this.layout;
    this.sawDayMonth = true;
    let order = this.order;
    if (order == 0) {
      const monthFirst = isValidDate(year, first, second);
      const dayFirst = isValidDate(year, second, first);
      if (monthFirst && dayFirst) {
        if (first != second) this.sawAmbiguous = true;
        this.alternative = <f64>(utcMs(year, second, first) + time);
        return <f64>(utcMs(year, first, second) + time);
      }
      if (!monthFirst && !dayFirst) return NaN;
      order = monthFirst ? MONTH_FIRST : DAY_FIRST;
      this.decide(order, line, start);
    }
    const month = order == MONTH_FIRST ? first : second;
    const day = order == MONTH_FIRST ? second : first;
    if (!isValidDate(year, month, day)) return NaN;
    const value = <f64>(utcMs(year, month, day) + time);
    this.alternative = value;
    return value;
  }

  private isoDate(year: i32): f64 {
    this.at++;
    const month = this.number(2);
    if (month < 0 || !this.expect(MINUS)) return NaN;
    const day = this.number(2);
    if (day < 0 || year < 1000 || !isValidDate(year, month, day)) return NaN;
    const time = this.time(true);
    if (time < 0) return NaN;
    let layout = ISO | this.layout;
    let offsetMinutes = 0;
    if (this.at < this.end && ((layout >> TIME_SHIFT) & 3) != 0) {
      if (this.expect(UPPER_Z)) {
        layout |= 1 << ZONE_SHIFT;
      } else {
        const sign = <u32>load<u8>(this.at);
        if (sign != PLUS && sign != MINUS) return NaN;
        this.at++;
        const hours = this.twoDigits();
        if (hours < 0 || hours > 23) return NaN;
        let minutes = 0;
        if (this.at < this.end) {
          this.expect(COLON);
          minutes = this.twoDigits();
          if (minutes < 0 || minutes > 59) return NaN;
        }
        offsetMinutes = hours * 60 + minutes;
        if (sign == MINUS) offsetMinutes = -offsetMinutes;
        layout |= 2 << ZONE_SHIFT;
      }
    }
    if (this.at < this.end) return NaN;
    this.layout = layout;
    const value = <f64>(utcMs(year, month, day) + time - <i64>offsetMinutes * 60_000);
    this.alternative = value;
    return value;
  }

  /**
   * The time of day in ms after a date (0 when the text ends there), or -1; sets the layout's
   * time and separator bits.
   */
  private time(iso: bool): i64 {
    this.layout = 0;
    if (this.at == this.end) return 0;
    if (iso && this.expect(UPPER_T)) this.layout = T_SEPARATOR;
    else if (!this.expect(SPACE)) return -1;
    while (this.expect(SPACE)) {}
    const hour = this.number(2);
    if (hour < 0 || hour > 23 || !this.expect(COLON)) return -1;
    const minute = this.number(2);
    if (minute < 0 || this.digits != 2 || minute > 59) return -1;
    let second = 0;
    let ms = 0;
    let kind = 1;
    if (this.expect(COLON)) {
      second = this.number(2);
      if (second < 0 || this.digits != 2 || second > 59) return -1;
      kind = 2;
      if (iso && this.expect(DOT)) {
        // Milliseconds are the first three digits; finer ones change no day's recency.
        const fractionStart = this.at;
        while (this.at < this.end && this.at - fractionStart < 9 && isDigit(load<u8>(this.at))) {
          if (this.at - fractionStart < 3) ms = ms * 10 + <i32>(<u32>load<u8>(this.at) - ZERO);
          this.at++;
        }
        const digits = this.at - fractionStart;
        if (digits == 0) return -1;
        for (let d = digits; d < 3; d++) ms *= 10;
        kind = 3;
      }
    }
    this.layout |= kind << TIME_SHIFT;
    return <i64>(((hour * 60 + minute) * 60 + second) * 1000 + ms);
  }

  private decide(order: i32, line: i32, start: usize): void {
    this.order = order;
    this.justDecided = true;
    dateOrderDecided(order, line, start, this.end);
    // A remembered date was read month-first while undecided.
    this.cachedLength = -1;
  }

  /** Reads 1 to `maxDigits` digits; -1 when there is none or there are more. Sets `digits`. */
  private number(maxDigits: i32): i32 {
    const start = this.at;
    let value = 0;
    while (this.at < this.end) {
      const c = <u32>load<u8>(this.at);
      if (!isDigit(c)) break;
      // Wraps past 9 digits, which are rejected anyway.
      value = value * 10 + <i32>(c - ZERO);
      this.at++;
    }
    this.digits = <i32>(this.at - start);
    return this.digits == 0 || this.digits > maxDigits ? -1 : value;
  }

  /** Exactly two digits (an offset's `0530` is two numbers); -1 otherwise. */
  private twoDigits(): i32 {
    if (this.at + 2 > this.end || !isDigit(load<u8>(this.at)) || !isDigit(load<u8>(this.at + 1))) return -1;
    const value = <i32>(<u32>load<u8>(this.at) - ZERO) * 10 + <i32>(<u32>load<u8>(this.at + 1) - ZERO);
    this.at += 2;
    return value;
  }

  private expect(code: u32): bool {
    if (this.at < this.end && <u32>load<u8>(this.at) == code) {
      this.at++;
      return true;
    }
    return false;
  }
}
