import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateExpectation, dateLayouts, dateOrderSummary, DateReader, type DayMonthOrder } from '../../../src/ingest/dates.js';

function reader(order?: DayMonthOrder) {
  const dates = new DateReader(order);
  let line = 0;
  const read = (text: string) => {
    const bytes = Buffer.from(text);
    return dates.read(bytes, 0, bytes.length, ++line);
  };
  const iso = (text: string) => {
    const t = read(text);
    return Number.isNaN(t) ? 'NaN' : new Date(t).toISOString();
  };
  return { dates, read, iso };
}

describe('DateReader', () => {
  it.each([
    ['12/1/10 8:26', '2010-12-01T08:26:00.000Z'],
    ['12/01/2010 08:26', '2010-12-01T08:26:00.000Z'],
    ['1/31/11 23:59:59', '2011-01-31T23:59:59.000Z'],
    [' 12/9/11 12:50 ', '2011-12-09T12:50:00.000Z'],
    ['6/1/69 0:00', '1969-06-01T00:00:00.000Z'],
    ['12/1/2010', '2010-12-01T00:00:00.000Z'],
    ['2010-12-01 08:26:00', '2010-12-01T08:26:00.000Z'],
    ['2010-12-01T08:26', '2010-12-01T08:26:00.000Z'],
    ['2012-02-29', '2012-02-29T00:00:00.000Z'],
    ['2010-12-01T08:26:00Z', '2010-12-01T08:26:00.000Z'],
    ['2010-12-01 08:26:00+00:00', '2010-12-01T08:26:00.000Z'],
    ['2010-12-01T08:26:00+01:00', '2010-12-01T07:26:00.000Z'],
    ['2010-12-01T08:26:00-0530', '2010-12-01T13:56:00.000Z'],
    ['2010-12-01T00:26:00+05', '2010-11-30T19:26:00.000Z'],
    ['2010-12-01T08:26:00.5Z', '2010-12-01T08:26:00.500Z'],
    ['2010-12-01T08:26:00.123456789', '2010-12-01T08:26:00.123Z'],
  ])('reads %j (month-first)', (text, expected) => {
    expect(reader('month-first').iso(text)).toBe(expected);
  });

  it.each([
    '',
    '13/13/10 8:26',
    '2/30/2010 8:26',
    '2011-02-29',
    '12/1/10 24:00',
    '12/1/10 8:6',
    '12/1/10T8:26',
    '12/1/100 8:26',
    '2010/12/01',
    '12-01-2010',
    '12/1/10 8:26 PM',
    '2010-12-01Z',
    '2010-12-01T08:26:00+25:00',
    '2010-12-01T08:26:00.',
    '0999-12-01',
  ])('rejects %j', (text) => {
    expect(reader('month-first').read(text)).toBeNaN();
  });

  it('reads day-first where configured', () => {
    const { iso, dates } = reader('day-first');
    expect(iso('1/12/2010 8:26')).toBe('2010-12-01T08:26:00.000Z');
    expect(iso('12/13/2010 8:26')).toBe('NaN');
    expect(dateOrderSummary(dates)).toEqual({ order: 'day-first', orderSource: 'configuration', ambiguous: false });
    expect(dateExpectation(dates)).toBe(
      "a day-first date (D/M/YYYY H:MM, as the dataset's configuration says) or an ISO 8601 one (YYYY-MM-DD HH:MM:SS)",
    );
  });

  it('reads month-first until a date valid one way only decides, keeping the day-first reading aside', () => {
    const { dates, iso, read } = reader();
    expect(iso('1/12/2010 8:26')).toBe('2010-01-12T08:26:00.000Z');
    expect(new Date(dates.alternative).toISOString()).toBe('2010-12-01T08:26:00.000Z');
    expect(dates.justDecided).toBe(false);
    expect(iso('2010-12-02 10:00:00')).toBe('2010-12-02T10:00:00.000Z');
    expect(new Date(dates.alternative).toISOString()).toBe('2010-12-02T10:00:00.000Z');
    expect(iso('13/12/2010 9:00')).toBe('2010-12-13T09:00:00.000Z');
    expect(dates.justDecided).toBe(true);
    expect(dates.decidedBy).toEqual({ line: 3, text: '13/12/2010 9:00' });
    // Decided: the date remembered month-first is read again, day-first.
    expect(iso('1/12/2010 8:26')).toBe('2010-12-01T08:26:00.000Z');
    expect(read('12/13/2010 9:00')).toBeNaN();
    expect(dateOrderSummary(dates)).toEqual({ order: 'day-first', orderSource: 'data', ambiguous: false });
    expect(dateExpectation(dates)).toBe(
      'a day-first date (D/M/YYYY H:MM, as line 3\'s "13/12/2010 9:00" showed) or an ISO 8601 one (YYYY-MM-DD HH:MM:SS)',
    );
  });

  it('decides month-first from a second number above 12', () => {
    const { dates, read } = reader();
    read('12/13/10 9:00');
    expect(dateOrderSummary(dates)).toEqual({ order: 'month-first', orderSource: 'data', ambiguous: false });
  });

  it('says when nothing decided, and whether that mattered', () => {
    const ambiguous = reader();
    ambiguous.read('1/12/2010 8:26');
    expect(dateOrderSummary(ambiguous.dates)).toEqual({ order: 'month-first', orderSource: 'default', ambiguous: true });
    const sameEitherWay = reader();
    sameEitherWay.read('1/1/2011 8:26');
    expect(dateOrderSummary(sameEitherWay.dates)).toEqual({ order: 'month-first', orderSource: 'default', ambiguous: false });
    const iso = reader();
    iso.read('2011-01-01');
    expect(dateOrderSummary(iso.dates)).toEqual({ order: null, orderSource: null, ambiguous: false });
  });

  it('counts the layouts it read, most used first', () => {
    const { dates, read } = reader('day-first');
    for (const text of ['1/12/10 8:26', '2/12/10 8:26', '1/12/2010 08:26:10', '2010-12-01', '2010-12-01T08:26:00.250+01:00', '2010-12-01 08:26', 'junk']) {
      read(text);
    }
    expect(dateLayouts(dates)).toEqual([
      { format: 'D/M/YY H:MM', rows: 2 },
      { format: 'D/M/YYYY H:MM:SS', rows: 1 },
      { format: 'YYYY-MM-DD', rows: 1 },
      { format: 'YYYY-MM-DD HH:MM', rows: 1 },
      { format: 'YYYY-MM-DDTHH:MM:SS.SSS±HH:MM', rows: 1 },
    ]);
  });

  it('reads any date-time back in every layout and either order', () => {
    const pad = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('2068-12-31'), noInvalidDate: true }),
        fc.constantFrom<DayMonthOrder>('month-first', 'day-first'),
        (date, order) => {
          const t = Math.floor(date.getTime() / 1000) * 1000;
          const u = new Date(t);
          const [y, mo, d, h, mi, s] = [u.getUTCFullYear(), u.getUTCMonth() + 1, u.getUTCDate(), u.getUTCHours(), u.getUTCMinutes(), u.getUTCSeconds()];
          const dayMonth = order === 'month-first' ? `${mo}/${d}` : `${d}/${mo}`;
          const { read } = reader(order);
          expect(read(`${dayMonth}/${y} ${h}:${pad(mi)}:${pad(s)}`)).toBe(t);
          expect(read(`${dayMonth}/${pad(y % 100)} ${h}:${pad(mi)}:${pad(s)}`)).toBe(t);
          expect(read(`${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}Z`)).toBe(t);
          expect(read(`${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`)).toBe(t);
        },
      ),
    );
  });
});
