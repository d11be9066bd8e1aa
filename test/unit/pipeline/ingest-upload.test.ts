import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { uploadKey } from '../../../src/keys.js';
import { ingestUpload, removeUpload } from '../../../src/pipeline/ingest-upload.js';
import type { PartialAggregate, WrittenPartial } from '../../../src/partial.js';
import { FsStorage } from '../../../src/storage/fs.js';
import { readText } from '../../../src/storage/storage.js';
import { sharedPath } from '../../fixtures.js';

async function storageWithUpload(key: string, body: string | Buffer): Promise<FsStorage> {
  const storage = new FsStorage(await mkdtemp(path.join(tmpdir(), 'segmint-ingest-')));
  await storage.put(key, body, { contentType: 'text/csv' });
  return storage;
}

const sample = () => readFile(sharedPath('data', 'online_retail_sample.csv'));

describe('ingestUpload', () => {
  const key = uploadKey('shop', 'march 2011.csv');

  it('writes the report and the partial keyed by the upload', async () => {
    const storage = await storageWithUpload(key, await sample());
    const outcome = await ingestUpload({ storage }, key);
    expect(outcome).toMatchObject({ status: 'ok', partialKey: 'partials/shop/march 2011.csv.json', changed: true });
    const partial = JSON.parse(await readText(storage, 'partials/shop/march 2011.csv.json')) as PartialAggregate;
    expect(partial.sources).toEqual([key]);
    expect(JSON.parse(await readText(storage, 'reports/shop/march 2011.csv.json'))).toMatchObject({ rowsRead: 183, rowsKept: 178 });
  });

  it('tells onPartial the partial it wrote, as stored and as the object it was written from', async () => {
    const storage = await storageWithUpload(key, await sample());
    const told: [string, WrittenPartial][] = [];
    await ingestUpload({ storage, onPartial: (partialKey, written) => told.push([partialKey, written]) }, key);
    expect(told.map(([partialKey]) => partialKey)).toEqual(['partials/shop/march 2011.csv.json']);
    const [[partialKey, { bytes, partial }]] = told;
    const text = await readText(storage, partialKey);
    expect(Buffer.from(bytes).toString('utf8')).toBe(text);
    expect(partial).toEqual(JSON.parse(text));
  });

  it('leaves the partial untouched on a repeated event, so nothing re-segments', async () => {
    const storage = await storageWithUpload(key, await sample());
    await ingestUpload({ storage }, key);
    const file = path.join(storage.root, 'partials/shop/march 2011.csv.json');
    const before = await stat(file);
    expect(await ingestUpload({ storage }, key)).toMatchObject({ status: 'ok', changed: false });
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
  });

  it('replaces the contribution of an upload re-uploaded under the same key', async () => {
    const storage = await storageWithUpload(key, await sample());
    await ingestUpload({ storage }, key);
    await storage.put(key, await readFile(sharedPath('data', 'online_retail_II_sample.csv')), { contentType: 'text/csv' });
    expect(await ingestUpload({ storage }, key)).toMatchObject({ status: 'ok', changed: true });
    const partial = JSON.parse(await readText(storage, 'partials/shop/march 2011.csv.json')) as PartialAggregate;
    expect(partial.input.rowsRead).toBe(99);
  });

  it('answers gone for an upload deleted before its event is handled', async () => {
    const storage = await storageWithUpload(key, await sample());
    await storage.delete(key);
    expect(await ingestUpload({ storage }, key)).toEqual({ status: 'gone', key });
    expect(await storage.list('partials/')).toEqual([]);
  });
});

describe('the dataset configuration (config/<dataset>.json)', () => {
  const key = uploadKey('shop', 'kunden.csv');
  const csv = 'Rechnung,Artikel,Menge,Datum,Preis,Kunde,Land\n536365,85123A,6,1/12/10 8:26,2.55,17850,Germany\n';

  it('maps columns and reads dates as it says', async () => {
    const storage = await storageWithUpload(key, csv);
    const config = {
      columns: { invoice: 'Rechnung', stockCode: 'Artikel', quantity: 'Menge', invoiceDate: 'Datum', unitPrice: 'Preis', customerId: 'Kunde', country: 'Land' },
      dateOrder: 'day-first',
    };
    await storage.put('config/shop.json', JSON.stringify(config), { contentType: 'application/json' });
    expect(await ingestUpload({ storage }, key)).toMatchObject({ status: 'ok' });
    const partial = JSON.parse(await readText(storage, 'partials/shop/kunden.csv.json')) as PartialAggregate;
    expect(partial.customers['17850'].firstPurchase).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(JSON.parse(await readText(storage, 'reports/shop/kunden.csv.json'))).toMatchObject({
      configuration: { source: 'config/shop.json', dateOrder: 'day-first' },
    });
  });

  it('turns a configuration that does not parse into the upload’s error report, naming the setting', async () => {
    const storage = await storageWithUpload(key, csv);
    await storage.put('config/shop.json', '{"dateOrder": "sideways"}', { contentType: 'application/json' });
    expect(await ingestUpload({ storage }, key)).toMatchObject({ status: 'rejected' });
    const report = JSON.parse(await readText(storage, 'reports/shop/kunden.csv.error.json')) as { message: string };
    expect(report.message).toMatch(/config\/shop\.json.*"dateOrder": "sideways"/);
  });
});

describe('removeUpload', () => {
  const key = uploadKey('shop', 'a.csv');

  it('takes away the partial and the reports of a deleted upload, and repeats harmlessly', async () => {
    const storage = await storageWithUpload(key, await sample());
    await ingestUpload({ storage }, key);
    await storage.put('reports/shop/a.csv.error.json', '{}', { contentType: 'application/json' });
    await storage.delete(key);
    expect(await removeUpload({ storage }, key)).toEqual({ status: 'removed', key, partialKey: 'partials/shop/a.csv.json' });
    expect(await storage.list('partials/')).toEqual([]);
    expect(await storage.list('reports/')).toEqual([]);
    expect(await removeUpload({ storage }, key)).toMatchObject({ status: 'removed' });
  });

  it('keeps everything when the upload is back by the time the removal is handled', async () => {
    const storage = await storageWithUpload(key, await sample());
    await ingestUpload({ storage }, key);
    expect(await removeUpload({ storage }, key)).toEqual({ status: 'recreated', key });
    expect((await storage.list('partials/')).map((o) => o.key)).toEqual(['partials/shop/a.csv.json']);
  });
});
