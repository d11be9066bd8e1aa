import fc from 'fast-check';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsStorage } from '../../../src/storage/fs.js';
import { NotFoundError, readObjects, type Storage } from '../../../src/storage/storage.js';
import { RecordingStorage } from '../../support/recording-storage.js';

/** A folder whose reads each take a while, counting how many are under way at once. */
class SlowStorage extends RecordingStorage {
  inFlight = 0;
  mostInFlight = 0;

  override async get(key: string): Promise<AsyncIterable<Uint8Array>> {
    this.mostInFlight = Math.max(this.mostInFlight, ++this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1 + (key.length % 3)));
      return await super.get(key);
    } finally {
      this.inFlight--;
    }
  }
}

async function folderWith(count: number): Promise<{ storage: SlowStorage; keys: string[] }> {
  const storage = new SlowStorage(new FsStorage(await mkdtemp(path.join(tmpdir(), 'segmint-read-'))));
  const keys = Array.from({ length: count }, (_, i) => `partials/d/${'x'.repeat(i % 5)}${i}.json`);
  for (const key of keys) await storage.put(key, `text of ${key}`, { contentType: 'application/json' });
  return { storage, keys };
}

async function collect(storage: Storage, keys: string[], ahead: number): Promise<string[]> {
  const texts: string[] = [];
  for await (const { key, bytes } of readObjects(storage, keys, ahead)) texts.push(`${key}: ${bytes.toString('utf8')}`);
  return texts;
}

describe('readObjects', () => {
  it('yields every object in the order of its keys, with at most `ahead` reads under way', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 8 }), async (count, ahead) => {
        const { storage, keys } = await folderWith(count);
        expect(await collect(storage, keys, ahead)).toEqual(keys.map((key) => `${key}: text of ${key}`));
        expect(storage.mostInFlight).toBe(Math.min(count, ahead));
      }),
      { numRuns: 40 },
    );
  });

  it('fails when the turn of a missing object comes, after the objects before it', async () => {
    const { storage, keys } = await folderWith(6);
    const withMissing = [...keys.slice(0, 2), 'partials/d/gone.json', ...keys.slice(2)];
    const seen: string[] = [];
    const reading = (async () => {
      for await (const { key } of readObjects(storage, withMissing, 4)) seen.push(key);
    })();
    await expect(reading).rejects.toBeInstanceOf(NotFoundError);
    expect(seen).toEqual(keys.slice(0, 2));
  });
});
