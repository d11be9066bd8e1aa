/**
 * An XLSX upload, read with exceljs's streaming WorkbookReader: the ZIP entries and the
 * sheet's XML are parsed as they arrive, a row at a time, so the workbook is never
 * expanded in memory (only the shared-strings table is held: one copy of each distinct
 * text). Cells become text as a CSV export would write them and go through the same table
 * as text files.
 */
import { Readable } from 'node:stream';
import { formatCount } from '../format.js';
import { InputError } from './errors.js';
import { RecordFields } from './fields.js';
import type { Settings } from './options.js';
import { quote } from './sniff.js';
import type { TableReader } from './table.js';

/** What this module uses of exceljs's streaming reader, whose typings omit it. */
interface WorkbookReader extends AsyncIterable<WorksheetReader> {
  model?: { sheets?: { name: string }[] };
}
interface WorksheetReader extends AsyncIterable<{ number: number; values: unknown }> {
  name: string;
}

/**
 * Feeds the chosen worksheet (the configuration's `sheet`, else the first tab) to `table`;
 * returns the sheet's name. `bytesRead` tells how much of the upload has been read, for
 * the expansion limits. Cells hold numbers, not text with a decimal mark: the table's
 * decimal mark is `.`.
 */
export async function readWorkbook(
  source: AsyncIterable<Uint8Array>,
  table: TableReader,
  settings: Settings,
  bytesRead: () => number,
): Promise<string> {
  const input = Readable.from(source);
  // exceljs pipes its input into its unzipper, and a pipe does not pass errors on: should the
  // source fail (the network, a gzip bomb), exceljs would wait for the rest forever.
  const failed = new Promise<never>((_, reject) => input.once('error', reject));
  // Once the race below is over, a late error has no one left to tell.
  failed.catch(() => {});
  try {
    return await Promise.race([readSheet(input, table, settings, bytesRead), failed]);
  } finally {
    input.destroy();
  }
}

async function readSheet(input: Readable, table: TableReader, settings: Settings, bytesRead: () => number): Promise<string> {
  const { fileName, limits, config } = settings;
  // Loaded on the first workbook only: exceljs is a large module, and most uploads are text
  // (every Lambda cold start would pay for evaluating it).
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    // Styles tell date cells from numbers.
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as WorkbookReader;
  const fields = new RecordFields();
  /** The text the cells held so far: what the workbook expands to. */
  let textBytes = 0;
  let seen = 0;
  // The table's errors pass through; the workbook's own (exceljs, its unzipper) become InputErrors.
  let feeding = false;
  try {
    for await (const worksheet of reader) {
      seen++;
      // workbook.xml (tab order) precedes the sheets in any workbook Excel or a library writes.
      const wanted = config.sheet ?? reader.model?.sheets?.[0]?.name ?? worksheet.name;
      // A sheet not read is drained by exceljs as it goes by.
      if (worksheet.name !== wanted) continue;
      let columns = 0;
      for await (const row of worksheet) {
        // Array.from, not map: a row's values are sparse where cells are empty.
        const texts = Array.from((row.values as unknown[]).slice(1), cellText);
        while (texts.length > columns && texts.at(-1) === '') texts.pop();
        if (texts.every((t) => t === '')) continue;
        if (!table.hasHeader) columns = texts.length;
        // Excel stores no trailing empty cells: a row is as wide as the header.
        while (texts.length < columns) texts.push('');
        checkSize(fields.setTexts(texts, row.number), row.number);
        feeding = true;
        table.accept(fields);
        feeding = false;
      }
      return worksheet.name;
    }
  } catch (error) {
    if (error instanceof InputError || feeding || input.errored === error) throw error;
    throw new InputError({
      file: fileName,
      found: `a ZIP archive that exceljs cannot read as a workbook (${(error as Error).message})`,
      expected: 'an XLSX workbook saved by Excel, LibreOffice or a library',
    });
  }
  const names = reader.model?.sheets?.map((s) => quote(s.name)) ?? [];
  if (seen === 0 || config.sheet === undefined) {
    throw new InputError({ file: fileName, found: 'a ZIP archive with no worksheet', expected: 'an XLSX workbook' });
  }
  throw new InputError({
    file: fileName,
    found: `the sheets ${names.join(', ')}, with none named ${quote(config.sheet)}`,
    expected: `a sheet of that name, as "sheet" in ${config.source ?? `config/${settings.dataset}.json`} says`,
  });

  function checkSize(size: number, line: number): void {
    textBytes += size;
    if (size > limits.maxLineBytes) {
      throw new InputError({
        file: fileName,
        line,
        found: `a row of ${formatCount(size)} bytes of text`,
        expected: `at most ${formatCount(limits.maxLineBytes)} bytes per row (limits.maxLineBytes)`,
      });
    }
    if (textBytes > limits.maxDecompressedBytes || textBytes > limits.maxCompressionRatio * bytesRead()) {
      throw new InputError({
        file: fileName,
        line,
        found: `a workbook whose cells hold ${formatCount(textBytes)} bytes of text after ${formatCount(bytesRead())} bytes of file`,
        expected: `at most ${limits.maxCompressionRatio} times the file's size (limits.maxCompressionRatio) and ${formatCount(limits.maxDecompressedBytes)} bytes (limits.maxDecompressedBytes)`,
      });
    }
  }
}

/** A cell as a CSV export writes it. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  // Excel shows 15 significant digits: a price computed in a sheet as 2.5500000000000003 is 2.55.
  if (typeof value === 'number') return String(Number(value.toPrecision(15)));
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  // exceljs reads a date cell's serial number as UTC: the sheet's naive local time. Rounded to
  // the second, as the serial's binary fraction lands a few microseconds off.
  if (value instanceof Date) return new Date(Math.round(value.getTime() / 1000) * 1000).toISOString().slice(0, 19);
  if (typeof value === 'object') {
    if ('richText' in value) return (value.richText as { text: string }[]).map((run) => run.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: unknown }).result);
    if ('text' in value) return cellText(value.text);
    // #N/A, #VALUE! and friends: no value.
    if ('error' in value) return '';
  }
  return String(value);
}
