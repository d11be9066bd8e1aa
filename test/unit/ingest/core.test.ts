/**
 * The ingest core (WebAssembly, src/ingest/core.ts) against its oracle, the TypeScript row
 * loop (csv.ts → table.ts): on any text, cut into any chunks, under any configuration, the
 * two give the same partial and report facts to the byte, or the same error.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateTransactions } from '../../../src/generate/generator.js';
import type { DatasetConfig } from '../../../src/ingest/config.js';
import { CoreTable } from '../../../src/ingest/core.js';
import { CsvScanner } from '../../../src/ingest/csv.js';
import { TableReader, type TableResult, type TableSettings } from '../../../src/ingest/table.js';
import { cut } from '../../support/chunks.js';

interface Run {
  text: string;
  delimiter: ',' | ';';
  cuts: number[];
  config: DatasetConfig;
  maxMalformedRows: number;
  maxLineBytes: number;
}

type Outcome = { result: TableResult; customers: number } | { error: string } | { header: false };

function settingsOf(run: Run, bytes: number): TableSettings {
  return {
    dataset: 'retail',
    sourceKey: 'uploads/retail/f.csv',
    fileName: 'uploads/retail/f.csv',
    totalBytes: bytes,
    limits: { maxColumns: 64, maxMalformedRows: run.maxMalformedRows },
    config: run.config,
    decimalMark: run.config.decimalMark ?? (run.delimiter === ';' ? null : '.'),
  };
}

function outcome(read: () => { hasHeader: boolean; customers: number; finish(): TableResult }): Outcome {
  try {
    const table = read();
    if (!table.hasHeader) return { header: false };
    const customers = table.customers;
    return { result: table.finish(), customers };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

function oracle(run: Run): Outcome {
  const bytes = Buffer.from(run.text);
  return outcome(() => {
    const table = new TableReader(settingsOf(run, bytes.length));
    const scanner = new CsvScanner({
      delimiter: run.delimiter.charCodeAt(0),
      maxLineBytes: run.maxLineBytes,
      fileName: 'uploads/retail/f.csv',
      onRecord: (record) => table.accept(record),
    });
    for (const chunk of cut(bytes, run.cuts)) scanner.push(chunk);
    scanner.end();
    return table;
  });
}

function core(run: Run): Outcome {
  const bytes = Buffer.from(run.text);
  return outcome(() => {
    const table = new CoreTable(settingsOf(run, bytes.length), run.delimiter.charCodeAt(0), run.maxLineBytes);
    for (const chunk of cut(bytes, run.cuts)) table.push(chunk);
    table.end();
    return table;
  });
}

const HEADER = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];

/** Mostly well-formed values, then ones that take every other path: each rule, both decimal marks, every date layout, texts that sort differently as UTF-16 and UTF-8. */
function column(usual: string[], odd: string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...usual) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
}
/** Another value for a row's column `c`: rows that differ in one field only are not duplicates (rule 4). */
const OTHER = ['536369', '22634', 'BLUE HEART', '7', '12/3/2010 10:00', '4.95', '14688', 'Germany'];
const values = {
  invoice: column(['536365', '536366', '536367', '536368'], ['C536367', ' 536368 ', 'A563185', 'c1', '']),
  stockCode: column(['85123A', '71053', '22633', '84029E'], [' 22633', 'POST', 'gift_0001_20', 'M', 'm', 'BANK CHARGES']),
  description: column(['WHITE HANGING HEART', 'WHITE  HEART', 'LANTERN, METAL', 'Réunion déco', '😀 smile', '\uE000 private'], ['Lantern "Metal"', '', 'NA', ' padded ', 'tab\there', 'back\\slash', 'bell\u0007\u001f']),
  quantity: column(['6', '12', '1', '24'], ['-3', '0', '6.0', '6,0', '+5', ' 8 ', '1.5', 'x', '', '999999999999999', '1000000000000000', '-0']),
  date: column(
    ['12/1/2010 8:26', '12/1/2010 8:26', '12/2/2010 9:01', '1/12/2010 08:26', '2010-12-01T08:26:00Z', '2010-12-01 08:26'],
    [
      '12/1/10 8:26',
      '13/1/2010 8:26',
      '1/13/2010 8:26',
      '2/30/2011 1:00',
      '12/1/2010',
      '12/1/0050 8:26:07',
      '2010-12-01 08:26:00.123+05:30',
      '2010-12-01T08:26:00-0800',
      ' 2010-12-01 ',
      '12/1/2010 24:00',
      'x',
    ],
  ),
  price: column(['2.55', '3', '0.85', '12.5'], ['2,55', '0', '-1.5', '1.23456', '1.23450', '.5', '5.', '99999999999.9999', '', '1e3', '+0.1']),
  customer: column(['17850', '12583', '13047', '17850.0'], ['17850,0', ' 12583 ', 'NA', 'None', 'null', '', '-', '\uD83D\uDE00']),
  country: column(['United Kingdom', 'France', 'Réunion', '😀land', '\uE000land'], ['EIRE', ' Germany ']),
};
const rowFields = fc.tuple(values.invoice, values.stockCode, values.description, values.quantity, values.date, values.price, values.customer, values.country);

function field(text: string, delimiter: string, quoteAll: boolean): string {
  return quoteAll || text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A file: a header (the columns in some order, the description maybe missing, maybe an extra column), rows, junk. */
const run: fc.Arbitrary<Run> = fc
  .record({
    delimiter: fc.constantFrom<Run['delimiter']>(',', ';'),
    order: fc.shuffledSubarray([0, 1, 3, 4, 5, 6, 7], { minLength: 7 }),
    description: fc.boolean(),
    extra: fc.boolean(),
    quoteAll: fc.boolean(),
    crlf: fc.boolean(),
    lines: fc.array(
      fc.oneof(
        { weight: 10, arbitrary: rowFields.map((fields) => ({ fields })) },
        { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('x', ',', ';', '"', ' ', '1', '\n'), maxLength: 20 }).map((junk) => ({ junk })) },
      ),
      { minLength: 1, maxLength: 40 },
    ),
    repeat: fc.nat({ max: 3 }),
    echoes: fc.array(fc.record({ line: fc.nat(), column: fc.nat({ max: 7 }) }), { maxLength: 10 }),
    cuts: fc.array(fc.nat(), { maxLength: 8 }),
    dateOrder: fc.constantFrom<DatasetConfig['dateOrder']>(undefined, 'day-first', 'month-first'),
    countries: fc.option(fc.subarray(['United Kingdom', 'France', 'Réunion', '😀land']), { nil: undefined }),
    missingMarkers: fc.option(fc.constantFrom<string[]>(['-'], ['NA', ' None '], []), { nil: undefined }),
    decimalMark: fc.constantFrom<DatasetConfig['decimalMark']>(undefined, '.', ','),
    maxMalformedRows: fc.oneof({ weight: 1, arbitrary: fc.constant(2) }, { weight: 9, arbitrary: fc.constant(1_000) }),
    maxLineBytes: fc.oneof({ weight: 1, arbitrary: fc.constant(90) }, { weight: 9, arbitrary: fc.constant(100_000) }),
  })
  .map((f): Run => {
    const columns = [...f.order, ...(f.description ? [2] : [])];
    const header = [...columns.map((c) => HEADER[c]), ...(f.extra ? ['Notes'] : [])];
    const lines = [header.join(f.delimiter)];
    // Repeats make duplicates (rule 4), in the same invoice run or coming back after others.
    const rows = f.lines.filter((line) => 'fields' in line);
    const echoes = rows.length === 0 ? [] : f.echoes.map((e) => ({ fields: rows[e.line % rows.length].fields.map((v, c) => (c === e.column ? OTHER[c] : v)) }));
    const body = [...Array.from({ length: f.repeat + 1 }, () => f.lines).flat(), ...echoes];
    for (const line of body) {
      if ('junk' in line) lines.push(line.junk);
      else lines.push([...columns.map((c) => field(line.fields[c], f.delimiter, f.quoteAll)), ...(f.extra ? ['n'] : [])].join(f.delimiter));
    }
    const config: DatasetConfig = { dateOrder: f.dateOrder, countries: f.countries, missingMarkers: f.missingMarkers, decimalMark: f.decimalMark };
    return { text: lines.join(f.crlf ? '\r\n' : '\n'), delimiter: f.delimiter, cuts: f.cuts, config, maxMalformedRows: f.maxMalformedRows, maxLineBytes: f.maxLineBytes };
  });

describe('the ingest core', () => {
  it('reads any text, in any chunks, under any configuration, as the TypeScript row loop does', () => {
    fc.assert(
      fc.property(run, (r) => {
        const [read, expected] = [core(r), oracle(r)];
        expect(read).toEqual(expected);
        // Key order too: the stored JSON is canonical.
        if ('result' in read && 'result' in expected) expect(JSON.stringify(read.result.partial)).toBe(JSON.stringify(expected.result.partial));
      }),
      { numRuns: 1_000 },
    );
  });

  it('reads records wider than its first room for fields (32), in the header and in rows', () => {
    const extra = Array.from({ length: 40 }, (_, i) => `Extra${i}`);
    // The second row holds a quote: the scanner's other path.
    const row = (invoice: string) => [invoice, '85123A', invoice === '536366' ? '"WHITE, HANGING HEART"' : 'WHITE HANGING HEART', '6', '12/1/2010 8:26', '2.55', '17850', 'United Kingdom', ...extra.map(() => 'x')].join(',');
    const text = [[...HEADER, ...extra].join(','), row('536365'), row('536366'), ','.repeat(70), row('536367')].join('\n');
    const r: Run = { text, delimiter: ',', cuts: [100, 300], config: {}, maxMalformedRows: 1_000, maxLineBytes: 100_000 };
    const read = core(r);
    expect('result' in read && [read.result.facts.rowsKept, read.result.facts.dropped.malformed, read.result.facts.ignoredColumns.length]).toEqual([3, 1, 40]);
    expect(read).toEqual(oracle(r));
  });

  it('reads the real extracts and a generated file of 200,000 rows as the TypeScript row loop does', () => {
    const texts = [
      readFileSync(new URL('../../../../shared/data/online_retail_sample.csv', import.meta.url), 'utf8'),
      readFileSync(new URL('../../../../shared/data/online_retail_II_sample.csv', import.meta.url), 'utf8').replace(/^\uFEFF/, ''),
      [...generateTransactions({ rows: 200_000, seed: 11 }).chunks].join(''),
    ];
    for (const text of texts) {
      const r: Run = { text, delimiter: ',', cuts: [1, 65_537, 1_000_003], config: {}, maxMalformedRows: 1_000, maxLineBytes: 100_000 };
      const read = core(r);
      expect('result' in read && read.result.facts.rowsKept).toBeGreaterThan(0);
      expect(read).toEqual(oracle(r));
    }
  });
});
