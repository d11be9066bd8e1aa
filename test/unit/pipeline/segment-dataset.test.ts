import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateTransactions } from '../../../src/generate/generator.js';
import { uploadKey } from '../../../src/keys.js';
import { ingestUpload } from '../../../src/pipeline/ingest-upload.js';
import { segmentDataset } from '../../../src/pipeline/segment-dataset.js';
import type { PartialAggregate } from '../../../src/partial.js';
import type { Latest } from '../../../src/results.js';
import { onWorkerThread } from '../../../src/segment/hierarchies.js';
import { DEFAULT_SEGMENT_OPTIONS } from '../../../src/segment/options.js';
import { FsStorage } from '../../../src/storage/fs.js';
import { readText } from '../../../src/storage/storage.js';
import { sharedPath } from '../../fixtures.js';

const clock = () => new Date('2026-01-02T03:04:05.678Z');

async function storageWith(files: Record<string, string>): Promise<FsStorage> {
  const storage = new FsStorage(await mkdtemp(path.join(tmpdir(), 'segmint-segment-')));
  for (const [key, text] of Object.entries(files)) {
    await storage.put(key, text, { contentType: 'text/csv' });
    const outcome = await ingestUpload({ storage }, key);
    expect(outcome.status).toBe('ok');
  }
  return storage;
}

/** Every object under a prefix, as text, by key. */
async function snapshot(storage: FsStorage, prefix: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const { key } of await storage.list(prefix)) out[key] = await readText(storage, key);
  return out;
}

let generated: string;
beforeAll(() => {
  generated = [...generateTransactions({ rows: 8_000, seed: 11 }).chunks].join('');
});

describe('segmentDataset', () => {
  it('is deterministic: the same partials, seed and clock give a byte-identical run, the trees built here or on a worker thread', async () => {
    const a = await storageWith({ [uploadKey('shop', 'a.csv')]: generated });
    const b = await storageWith({ [uploadKey('shop', 'a.csv')]: generated });
    const runA = await segmentDataset({ storage: a, clock }, 'shop');
    const runB = await segmentDataset({ storage: b, clock, hierarchies: onWorkerThread(path.resolve('dist/hierarchy-thread.mjs')) }, 'shop');
    expect(runA.status).toBe('ok');
    expect(runB.status).toBe('ok');
    expect(await snapshot(a, 'results/')).toEqual(await snapshot(b, 'results/'));
    if (runA.status !== 'ok') throw new Error('segmentation failed');
    // Every chart the run lists, its summary and customers, and latest.json.
    expect(Object.keys(await snapshot(a, 'results/'))).toHaveLength(Object.keys(runA.summary.files.charts).length + 3);
  });

  it('takes a partial handed to it as written while the stored bytes are those bytes, and reads the stored one otherwise', async () => {
    const storage = await storageWith({ [uploadKey('shop', 'a.csv')]: generated });
    const key = 'partials/shop/a.csv.json';
    const text = await readText(storage, key);
    const stored = JSON.parse(text) as PartialAggregate;
    // Handed an object that is not the text's, only to see which one the run counts.
    const handed = { ...stored, input: { ...stored.input, rowsRead: 1 } };
    const taken = await segmentDataset({ storage, clock, written: new Map([[key, { bytes: Buffer.from(text), partial: handed }]]) }, 'shop');
    if (taken.status !== 'ok') throw new Error('segmentation failed');
    expect(taken.summary.input.rowsRead).toBe(1);
    const other = await storageWith({ [uploadKey('shop', 'a.csv')]: generated });
    const read = await segmentDataset({ storage: other, clock, written: new Map([[key, { bytes: Buffer.from(`${text} `), partial: handed }]]) }, 'shop');
    if (read.status !== 'ok') throw new Error('segmentation failed');
    expect(read.summary.input.rowsRead).toBe(8_000);
  });

  it('names the run by time and inputs, and a different seed makes a different run', async () => {
    const storage = await storageWith({ [uploadKey('shop', 'a.csv')]: generated });
    const first = await segmentDataset({ storage, clock }, 'shop');
    const second = await segmentDataset({ storage, clock }, 'shop', { ...DEFAULT_SEGMENT_OPTIONS, seed: 99 });
    if (first.status !== 'ok' || second.status !== 'ok') throw new Error('segmentation failed');
    expect(first.runId).toMatch(/^20260102T030405Z-[0-9a-f]{8}$/);
    expect(second.runId).not.toBe(first.runId);
    const latest = JSON.parse(await readText(storage, 'results/shop/latest.json')) as Latest;
    expect(latest.runId).toBe(second.runId);
    expect(second.summary.seed).toBe(99);
  });

  it('merges every partial of the dataset and only that dataset', async () => {
    const [head, ...rows] = generated.split('\n');
    const half = Math.floor(rows.length / 2);
    const storage = await storageWith({
      [uploadKey('shop', 'first half.csv')]: [head, ...rows.slice(0, half)].join('\n'),
      [uploadKey('shop', 'second half.csv')]: [head, ...rows.slice(half)].join('\n'),
      [uploadKey('other', 'sample.csv')]: await readFile(sharedPath('data', 'online_retail_sample.csv'), 'utf8'),
    });
    const outcome = await segmentDataset({ storage, clock }, 'shop');
    if (outcome.status !== 'ok') throw new Error('segmentation failed');
    expect(outcome.summary.input.files).toEqual(['uploads/shop/first half.csv', 'uploads/shop/second half.csv']);
    expect(outcome.summary.input.rowsRead).toBe(8_000);
  });

  it('writes an error report and keeps the previous results when a dataset cannot be segmented', async () => {
    const storage = await storageWith({ [uploadKey('shop', 'a.csv')]: generated });
    await segmentDataset({ storage, clock }, 'shop');
    const before = await snapshot(storage, 'results/');
    const outcome = await segmentDataset({ storage, clock }, 'shop', { ...DEFAULT_SEGMENT_OPTIONS, modelFeatures: [] });
    expect(outcome).toMatchObject({ status: 'failed', message: expect.stringMatching(/at least one model feature/) });
    expect(JSON.parse(await readText(storage, 'reports/shop/segment.error.json'))).toMatchObject({
      status: 'error',
      dataset: 'shop',
      partials: ['partials/shop/a.csv.json'],
    });
    expect(await snapshot(storage, 'results/')).toEqual(before);
  });

  it('makes no new run when the inputs and options are those of the latest run', async () => {
    const storage = await storageWith({ [uploadKey('shop', 'a.csv')]: generated });
    const first = await segmentDataset({ storage, clock }, 'shop');
    const later = () => new Date('2026-01-03T00:00:00Z');
    const again = await segmentDataset({ storage, clock: later }, 'shop');
    expect(again).toEqual({ status: 'unchanged', dataset: 'shop', runId: first.status === 'ok' && first.runId });
    expect((await storage.list('results/shop/')).filter((o) => o.key.endsWith('summary.json'))).toHaveLength(1);
  });

  it('never lets a run that listed its inputs earlier replace a later latest.json', async () => {
    const storage = await storageWith({ [uploadKey('shop', 'a.csv')]: generated });
    const newer = await segmentDataset({ storage, clock: () => new Date('2026-01-02T10:00:00Z') }, 'shop');
    const older = await segmentDataset({ storage, clock: () => new Date('2026-01-02T09:00:00Z') }, 'shop', {
      ...DEFAULT_SEGMENT_OPTIONS,
      seed: 7,
    });
    expect(older.status).toBe('superseded');
    const latest = JSON.parse(await readText(storage, 'results/shop/latest.json')) as Latest;
    expect(latest.runId).toBe(newer.status === 'ok' && newer.runId);
    expect(latest.watermark).toBe('2026-01-02T10:00:00.000Z');
  });

  it('leaves out the partial of an upload that is gone, and the results go with the last one', async () => {
    const storage = await storageWith({
      [uploadKey('shop', 'a.csv')]: generated,
      [uploadKey('shop', 'b.csv')]: await readFile(sharedPath('data', 'online_retail_sample.csv'), 'utf8'),
    });
    await storage.delete(uploadKey('shop', 'b.csv')); // deleted without its removal event
    const outcome = await segmentDataset({ storage, clock }, 'shop');
    if (outcome.status !== 'ok') throw new Error('segmentation failed');
    expect(outcome.summary.input.files).toEqual(['uploads/shop/a.csv']);
    // Left for ingest's removal to delete: a removal here would trigger segmentation again.
    expect(await storage.list('partials/shop/')).toHaveLength(2);

    await storage.delete(uploadKey('shop', 'a.csv'));
    expect(await segmentDataset({ storage, clock }, 'shop')).toEqual({ status: 'no-input', dataset: 'shop' });
    expect(await storage.head('results/shop/latest.json')).toBeUndefined();
  });

  it('counts recency to a scheduled asOfDate, and refuses one before the last purchase', async () => {
    const storage = await storageWith({ [uploadKey('shop', 'a.csv')]: generated });
    const byData = await segmentDataset({ storage, clock }, 'shop');
    if (byData.status !== 'ok') throw new Error('segmentation failed');
    const lastPurchase = byData.summary.features.asOf;
    const tenDaysLater = Date.parse(lastPurchase.slice(0, 10)) + 10 * 86_400_000;
    const later = await segmentDataset({ storage, clock }, 'shop', { ...DEFAULT_SEGMENT_OPTIONS, asOf: tenDaysLater });
    if (later.status !== 'ok') throw new Error('segmentation failed');
    expect(later.summary.features.asOf).toBe(new Date(tenDaysLater).toISOString());
    const recency = (s: typeof later.summary) => s.segments.reduce((sum, seg) => sum + seg.profile.recency.mean * seg.size, 0) / s.customers.segmented;
    // Every customer's last purchase is now 9 or 10 whole days further away (the last date has a time of day).
    expect(recency(later.summary) - recency(byData.summary)).toBeGreaterThanOrEqual(9);
    expect(recency(later.summary) - recency(byData.summary)).toBeLessThanOrEqual(10);

    const before = await segmentDataset({ storage, clock }, 'shop', { ...DEFAULT_SEGMENT_OPTIONS, asOf: Date.parse('2011-01-01') });
    expect(before).toMatchObject({ status: 'failed', message: expect.stringMatching(/asOfDate 2011-01-01 is before the dataset's last purchase/) });
  });

  it('answers no-input for a dataset without partials', async () => {
    const storage = await storageWith({});
    expect(await segmentDataset({ storage, clock }, 'nothing')).toEqual({ status: 'no-input', dataset: 'nothing' });
  });
});
