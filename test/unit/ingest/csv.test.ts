import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvScanner } from '../../../src/ingest/csv.js';
import { InputError } from '../../../src/ingest/errors.js';
import { utf8Text } from '../../../src/ingest/fields.js';
import { cut } from '../../support/chunks.js';

interface ScannedRecord {
  fields: string[];
  line: number;
  raw: string;
}

/** UTF-8 chunks → scanner, each record copied out as text. */
function scanChunks(chunks: Uint8Array[], delimiter = ',', maxLineBytes = 1 << 20): ScannedRecord[] {
  const records: ScannedRecord[] = [];
  const scanner = new CsvScanner({
    delimiter: delimiter.charCodeAt(0),
    maxLineBytes,
    fileName: 'test.csv',
    onRecord: (r) =>
      records.push({
        fields: Array.from({ length: r.count }, (_, i) => utf8Text(r.bytes, r.starts[i], r.ends[i])),
        line: r.line,
        raw: r.rawText(),
      }),
  });
  for (const chunk of chunks) scanner.push(chunk);
  scanner.end();
  return records;
}

function scanText(text: string, delimiter = ','): ScannedRecord[] {
  return scanChunks([Buffer.from(text)], delimiter);
}

describe('CsvScanner', () => {
  it('splits unquoted records and skips lines with no characters', () => {
    expect(scanText('a,b,c\r\n1,2,3\n\n\r\n4,,6\n,\r\n7,8,\r')).toEqual([
      { fields: ['a', 'b', 'c'], line: 1, raw: 'a,b,c' },
      { fields: ['1', '2', '3'], line: 2, raw: '1,2,3' },
      { fields: ['4', '', '6'], line: 5, raw: '4,,6' },
      { fields: ['', ''], line: 6, raw: ',' },
      { fields: ['7', '8', ''], line: 7, raw: '7,8,' },
    ]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks, counting physical lines', () => {
    const text = 'id;text\n1;"a; ""b""\r\nc"\n2;"x"y\n3;""\n4;5" pot;"z"\r\n';
    expect(scanText(text, ';')).toEqual([
      { fields: ['id', 'text'], line: 1, raw: 'id;text' },
      { fields: ['1', 'a; "b"\r\nc'], line: 2, raw: '1;"a; ""b""\r\nc"' },
      { fields: ['2', 'xy'], line: 4, raw: '2;"x"y' },
      { fields: ['3', ''], line: 5, raw: '3;""' },
      { fields: ['4', '5" pot', 'z'], line: 6, raw: '4;5" pot;"z"' },
    ]);
  });

  it('lets an unterminated quote run to the end of the input', () => {
    expect(scanText('a,"b\nc').map((r) => r.fields)).toEqual([['a', 'b\nc']]);
  });

  it('reassembles characters, doubled quotes and CRLF pairs split across one-byte chunks', () => {
    const bytes = Buffer.from('£,"€\r\n😀"""\r\nx,y\r\n');
    const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
    expect(scanChunks(chunks).map((r) => r.fields)).toEqual([
      ['£', '€\r\n😀"'],
      ['x', 'y'],
    ]);
  });

  it('rejects a line over the limit, naming the file and the line', () => {
    const text = `a,b\nc,d\ne,${'x'.repeat(150)}\n`;
    expect(() => scanChunks([Buffer.from(text)], ',', 152)).not.toThrow();
    expect(() => scanChunks([Buffer.from(text)], ',', 100)).toThrow(
      new InputError({ file: 'test.csv', line: 3, found: 'a line of 152 bytes', expected: 'at most 100 bytes per line (limits.maxLineBytes)' }),
    );
  });

  it('rejects a line over the limit before it ends', () => {
    const chunks = [Buffer.from('a,b\n'), Buffer.from('y'.repeat(300))];
    expect(() => scanChunks(chunks, ',', 100)).toThrow('test.csv, line 2: found more than 100 bytes without a line break');
  });

  it('measures the limit in UTF-8 bytes, not characters', () => {
    const line = '€'.repeat(40); // 40 characters, 120 bytes
    expect(() => scanChunks([Buffer.from(`${line}\n`)], ',', 100)).toThrow('found a line of 120 bytes');
    expect(() => scanChunks([Buffer.from(`${line}\n`)], ',', 120)).not.toThrow();
  });

  it('scans chunks far larger than its search window, with records longer than it', () => {
    // Records of every length up to 300 bytes, some quoted over two lines, one of 200,000 bytes.
    const records = Array.from({ length: 12_000 }, (_, i) => {
      const long = i === 5_000 ? 'y'.repeat(200_000) : 'x'.repeat(i % 300);
      return [`${i}`, i % 7 === 0 ? `"${long}\n""q"""` : long, 'z'];
    });
    const text = records.map((r) => r.join(',')).join('\r\n') + '\r\n';
    const expected = records.map((r) => r.map((f) => (f.startsWith('"') ? f.slice(1, -1).replaceAll('""', '"') : f)));
    const bytes = Buffer.from(text);
    for (const chunks of [[bytes], cut(bytes, [70_000, 1_000_003, 1_500_000])]) {
      const scanned = scanChunks(chunks);
      expect(scanned.map((r) => r.fields)).toEqual(expected);
      // The last record starts after 11,999 records, 1,715 of them quoted over two lines.
      expect(scanned.at(-1)!.line).toBe(1 + 11_999 + 1_715);
    }
  });

  it('scans back any records, however they are quoted, ended and cut into chunks', () => {
    const unit = fc.constantFrom('a', 'Z', '7', ' ', ',', ';', '\t', '|', '"', '\n', '\r', '\r\n', 'é', '£', '€', '😀', '中');
    const field = fc.string({ unit, maxLength: 10 });
    const record = fc.array(fc.record({ value: field, quoted: fc.boolean() }), { minLength: 1, maxLength: 40 });
    const table = fc.array(fc.record({ cells: record, crlf: fc.boolean() }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(
        table,
        fc.constantFrom(',', ';', '\t', '|'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 40 }),
        (rows, delimiter, finalBreak, cuts) => {
          const serialised = rows.map(({ cells }) =>
            cells
              .map(({ value, quoted }) => {
                const mustQuote =
                  /["\r\n]/.test(value) || value.includes(delimiter) || (cells.length === 1 && value === '');
                return mustQuote || quoted ? `"${value.replaceAll('"', '""')}"` : value;
              })
              .join(delimiter),
          );
          let text = '';
          const expected: ScannedRecord[] = [];
          let line = 1;
          serialised.forEach((raw, i) => {
            expected.push({ fields: rows[i].cells.map((c) => c.value), line, raw });
            line += 1 + (raw.match(/\n/g)?.length ?? 0);
            const last = i === rows.length - 1;
            text += raw + (last && !finalBreak ? '' : rows[i].crlf ? '\r\n' : '\n');
          });
          expect(scanChunks(cut(Buffer.from(text), cuts), delimiter)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
