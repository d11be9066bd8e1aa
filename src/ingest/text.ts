/**
 * A delimited text upload: bytes → UTF-8 (encoding.ts) → header line → delimiter →
 * records (csv.ts) → table. The delimiter is sniffed from the header line, so bytes wait
 * until that line is complete.
 */
import { formatCount } from '../format.js';
import { CsvScanner } from './csv.js';
import { Utf8Normaliser, type EncodingReport } from './encoding.js';
import { InputError } from './errors.js';
import { concatBytes } from './fields.js';
import type { Settings } from './options.js';
import { EXPECTED_TABLE, firstNonBlankLine, sniffDelimiter, type Delimiter } from './sniff.js';
import { TableReader } from './table.js';

const EMPTY = new Uint8Array(0);

export class DelimitedTextReader {
  private readonly normaliser = new Utf8Normaliser();
  /** UTF-8 received before the header line was complete. */
  private head: Uint8Array = EMPTY;
  private scanner: CsvScanner | null = null;
  private table: TableReader | null = null;
  private delimiter: Delimiter | null = null;
  private bytesIn = 0;

  constructor(private readonly settings: Settings) {}

  get rows(): number {
    return this.table?.rows ?? 0;
  }

  push(bytes: Uint8Array): void {
    this.bytesIn += bytes.length;
    this.accept(this.normaliser.push(bytes));
  }

  finish(): { table: TableReader; encoding: EncodingReport; delimiter: Delimiter } {
    this.accept(this.normaliser.end());
    if (this.scanner === null) {
      const header = firstNonBlankLine(this.head, true);
      if (header === undefined) {
        throw new InputError({
          file: this.settings.fileName,
          found: this.bytesIn === 0 ? 'an empty file (0 bytes)' : 'no header row, only blank lines',
          expected: EXPECTED_TABLE,
        });
      }
      this.start(header);
    }
    this.scanner!.end();
    return { table: this.table!, encoding: this.normaliser.report, delimiter: this.delimiter! };
  }

  private accept(utf8: Uint8Array): void {
    if (this.scanner !== null) {
      this.scanner.push(utf8);
      return;
    }
    this.head = concatBytes(this.head, utf8);
    const header = firstNonBlankLine(this.head, false);
    if (header !== undefined) {
      this.start(header);
    } else if (this.head.length > this.settings.limits.maxLineBytes) {
      const max = formatCount(this.settings.limits.maxLineBytes);
      let lines = 1;
      for (let i = this.head.indexOf(10); i !== -1; i = this.head.indexOf(10, i + 1)) lines++;
      throw new InputError({
        file: this.settings.fileName,
        line: lines,
        found: `more than ${max} bytes without a line break`,
        expected: `at most ${max} bytes per line (limits.maxLineBytes)`,
      });
    }
  }

  private start(header: { text: string; line: number }): void {
    const { config, fileName, limits } = this.settings;
    const delimiter = config.delimiter ?? sniffDelimiter(header.text, fileName, header.line);
    const table = new TableReader({
      ...this.settings,
      // `;` files come from locales that write `2,55` as often as from tools that keep `2.55`.
      decimalMark: config.decimalMark ?? (delimiter === ';' ? null : '.'),
    });
    this.delimiter = delimiter;
    this.table = table;
    this.scanner = new CsvScanner({
      delimiter: delimiter.charCodeAt(0),
      maxLineBytes: limits.maxLineBytes,
      fileName,
      onRecord: (record) => table.accept(record),
    });
    const head = this.head;
    this.head = EMPTY;
    this.scanner.push(head);
  }
}
