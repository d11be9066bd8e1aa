/**
 * A delimited text upload: bytes → UTF-8 (encoding.ts) → header line → delimiter →
 * the ingest core (core.ts), which scans, cleans and aggregates the rows. The delimiter is
 * sniffed from the header line, so bytes wait until that line is complete.
 */
import { formatCount } from '../format.js';
import { CoreTable } from './core.js';
import { Utf8Normaliser, type EncodingReport } from './encoding.js';
import { InputError } from './errors.js';
import { concatBytes } from './fields.js';
import type { Settings } from './options.js';
import { EXPECTED_TABLE, firstNonBlankLine, sniffDelimiter, type Delimiter } from './sniff.js';

const EMPTY = new Uint8Array(0);

export class DelimitedTextReader {
  private readonly normaliser = new Utf8Normaliser();
  /** UTF-8 received before the header line was complete. */
  private head: Uint8Array = EMPTY;
  private table: CoreTable | null = null;
  private delimiter: Delimiter | null = null;
  private bytesIn = 0;

  constructor(private readonly settings: Settings) {}

  get rows(): number {
    return this.table?.rows ?? 0;
  }

  get customers(): number {
    return this.table?.customers ?? 0;
  }

  push(bytes: Uint8Array): void {
    this.bytesIn += bytes.length;
    this.accept(this.normaliser.push(bytes));
  }

  finish(): { table: CoreTable; encoding: EncodingReport; delimiter: Delimiter } {
    this.accept(this.normaliser.end());
    if (this.table === null) {
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
    this.table!.end();
    return { table: this.table!, encoding: this.normaliser.report, delimiter: this.delimiter! };
  }

  private accept(utf8: Uint8Array): void {
    if (this.table !== null) {
      this.table.push(utf8);
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
    this.delimiter = delimiter;
    this.table = new CoreTable(
      {
        ...this.settings,
        // `;` files come from locales that write `2,55` as often as from tools that keep `2.55`.
        decimalMark: config.decimalMark ?? (delimiter === ';' ? null : '.'),
      },
      delimiter.charCodeAt(0),
      limits.maxLineBytes,
    );
    const head = this.head;
    this.head = EMPTY;
    this.table.push(head);
  }
}
