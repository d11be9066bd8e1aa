import fc from 'fast-check';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestStream, type QualityReport } from '../../../src/ingest/ingest.js';
import { PartialMerger, type PartialAggregate } from '../../../src/partial.js';
import { shouldSplit } from '../../../src/pipeline/split-settings.js';
import { mergeRanges, planSplit, stageRange } from '../../../src/pipeline/split-upload.js';
import { FsStorage } from '../../../src/storage/fs.js';
import { readText } from '../../../src/storage/storage.js';
import { sharedPath } from '../../fixtures.js';

async function storageWith(key: string, body: Buffer | string): Promise<FsStorage> {
  const storage = new FsStorage(await mkdtemp(path.join(tmpdir(), 'segmint-split-')));
  await storage.put(key, body, { contentType: 'text/csv' });
  return storage;
}

async function* once(bytes: Buffer) {
  yield bytes;
}

describe('planSplit', () => {
  it('cuts a file into ranges that start at line starts after the header and cover it exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.stringMatching(/^[a-z,0-9 ]{0,40}$/), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 200 }),
        async (lines, rangeBytes) => {
          const text = `h1,h2\n${lines.join('\n')}\n`;
          const storage = await storageWith('uploads/d/f.csv', text);
          const plan = await planSplit(storage, 'bucket', 'uploads/d/f.csv', { thresholdBytes: 0, rangeBytes });
          const bytes = Buffer.from(text);
          expect(Buffer.from(plan.headerBase64, 'base64').toString()).toBe('h1,h2\n');
          expect(plan.ranges[0].start).toBe(6);
          expect(plan.ranges.at(-1)!.end).toBe(bytes.length);
          plan.ranges.forEach((range, i) => {
            expect(range.index).toBe(i);
            expect(range.end).toBeGreaterThan(range.start);
            if (i > 0) expect(range.start).toBe(plan.ranges[i - 1].end);
            expect(bytes[range.start - 1]).toBe(0x0a); // every range starts a line
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('splits plain text above the threshold only', () => {
    const settings = { thresholdBytes: 100, rangeBytes: 10 };
    expect(shouldSplit('uploads/d/big.csv', 101, settings)).toBe(true);
    expect(shouldSplit('uploads/d/big.csv', 100, settings)).toBe(false);
    expect(shouldSplit('uploads/d/big.csv.gz', 10_000, settings)).toBe(false);
    expect(shouldSplit('uploads/d/big.xlsx', 10_000, settings)).toBe(false);
  });
});

describe('stageRange and mergeRanges', () => {
  const key = 'uploads/retail/online retail.csv';

  it('give the partial and report of the whole file when no duplicate spans two ranges, with the file’s line numbers', async () => {
    const bytes = await readFile(sharedPath('data', 'online_retail_sample.csv'));
    const storage = await storageWith(key, bytes);
    const plan = await planSplit(storage, 'bucket', key, { thresholdBytes: 0, rangeBytes: 2_000 });
    expect(plan.ranges.length).toBeGreaterThan(4);
    const staged = await Promise.all(plan.ranges.map((range) => stageRange(storage, plan, range)));
    expect(await mergeRanges(storage, { ...plan, staged } as never)).toEqual({ status: 'ok', key });

    const whole = await ingestStream(once(bytes), { dataset: 'retail', sourceKey: key, fileName: key });
    const partial = JSON.parse(await readText(storage, 'partials/retail/online retail.csv.json')) as PartialAggregate;
    expect(partial).toEqual(whole.partial);
    const report = JSON.parse(await readText(storage, 'reports/retail/online retail.csv.json')) as QualityReport & { split: unknown };
    expect(report.examples.malformed.map((e) => e.line)).toEqual([121, 172, 175, 179]);
    expect(report.examples.malformed).toEqual(whole.report.examples.malformed);
    expect({ ...report, durationMs: 0, split: undefined }).toEqual({ ...whole.report, durationMs: 0, split: undefined });
    expect(report.split).toEqual({ ranges: plan.ranges.length, duplicates: 'found within each range' });
    expect(await storage.list('staging/')).toEqual([]);
  });

  it('merge ranges as separate uploads merge: duplicates are found within a range', async () => {
    const header = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';
    const row = '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/10 8:26,2.55,17850,United Kingdom\n';
    const storage = await storageWith(key, header + row + row);
    const plan = await planSplit(storage, 'bucket', key, { thresholdBytes: 0, rangeBytes: 10 });
    expect(plan.ranges).toHaveLength(2);
    const staged = await Promise.all(plan.ranges.map((range) => stageRange(storage, plan, range)));
    await mergeRanges(storage, { ...plan, staged } as never);
    const partial = JSON.parse(await readText(storage, 'partials/retail/online retail.csv.json')) as PartialAggregate;
    const separately = new PartialMerger('retail');
    for (let i = 0; i < 2; i++) {
      const { partial: part } = await ingestStream(once(Buffer.from(header + row)), { dataset: 'retail', sourceKey: key, fileName: key });
      separately.add(part);
    }
    expect(partial).toEqual(separately.result());
    expect(partial.input.dropped.duplicate).toBe(0);
  });

  it('rejects a file whose ranges told day from month differently, pointing at the configuration', async () => {
    const header = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';
    const row = (date: string, code: string) => `536365,${code},THING,6,${date} 8:26,2.55,17850,United Kingdom\n`;
    // The first range can only be day-first (13/1), the second only month-first (1/13).
    const storage = await storageWith(key, header + row('13/1/2011', 'A') + row('1/13/2011', 'B'));
    const plan = await planSplit(storage, 'bucket', key, { thresholdBytes: 0, rangeBytes: 10 });
    expect(plan.ranges).toHaveLength(2);
    const staged = await Promise.all(plan.ranges.map((range) => stageRange(storage, plan, range)));
    expect(await mergeRanges(storage, { ...plan, staged } as never)).toEqual({ status: 'rejected', key });
    const error = JSON.parse(await readText(storage, 'reports/retail/online retail.csv.error.json')) as { message: string };
    expect(error.message).toMatch(/day-first and parts whose dates read as month-first|month-first and parts whose dates read as day-first/);
    expect(error.message).toContain('set "dateOrder" in config/retail.json');
  });

  it('reads a UTF-16 file as one range: it has no single-byte line breaks to cut at', async () => {
    const text = '\uFEFFInvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n536365,A,THING,6,12/1/10 8:26,2.55,17850,United Kingdom\n';
    const storage = await storageWith(key, Buffer.from(text, 'utf16le'));
    const plan = await planSplit(storage, 'bucket', key, { thresholdBytes: 0, rangeBytes: 10 });
    expect(plan.ranges).toEqual([{ index: 0, start: 0, end: Buffer.byteLength(text, 'utf16le') }]);
    const staged = await Promise.all(plan.ranges.map((range) => stageRange(storage, plan, range)));
    expect(await mergeRanges(storage, { ...plan, staged } as never)).toEqual({ status: 'ok', key });
    const partial = JSON.parse(await readText(storage, 'partials/retail/online retail.csv.json')) as PartialAggregate;
    expect(partial.input.rowsKept).toBe(1);
  });

  it('rejects the upload with the reason of a range that cannot be read, and keeps the earlier partial', async () => {
    const storage = await storageWith(key, 'order,sku\n1,2\n3,4\n');
    await storage.put('partials/retail/online retail.csv.json', '{"earlier":true}\n', { contentType: 'application/json' });
    const plan = await planSplit(storage, 'bucket', key, { thresholdBytes: 0, rangeBytes: 4 });
    const staged = await Promise.all(plan.ranges.map((range) => stageRange(storage, plan, range)));
    expect(await mergeRanges(storage, { ...plan, staged } as never)).toEqual({ status: 'rejected', key });
    const error = JSON.parse(await readText(storage, 'reports/retail/online retail.csv.error.json')) as { message: string };
    expect(error.message).toMatch(/found the columns "order", "sku"/);
    expect(await readText(storage, 'partials/retail/online retail.csv.json')).toBe('{"earlier":true}\n');
  });
});
