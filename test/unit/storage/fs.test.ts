import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_CHUNK_BYTES, FsStorage, readFile } from '../../../src/storage/fs.js';
import { NotFoundError, readText } from '../../../src/storage/storage.js';

describe('FsStorage', () => {
  it('stores, lists in key order, reads back and deletes objects', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'segmint-fs-'));
    const storage = new FsStorage(root);
    const json = { contentType: 'application/json' };
    await storage.put('partials/b/x.csv.json', '{"b":1}', json);
    await storage.put('partials/a/y z.csv.json', '{"a":1}', json);
    await storage.put('results/a/latest.json', '{}', json);
    expect(await storage.list('partials/')).toEqual([
      { key: 'partials/a/y z.csv.json', size: 7 },
      { key: 'partials/b/x.csv.json', size: 7 },
    ]);
    expect(await readText(storage, 'partials/a/y z.csv.json')).toBe('{"a":1}');
    expect(await storage.head('partials/a/missing.json')).toBeUndefined();
    await storage.delete('partials/b/x.csv.json');
    expect((await storage.list('partials/b/')).length).toBe(0);
    expect(await readdir(path.join(root, 'partials/a'))).toEqual(['y z.csv.json']);
  });

  it('answers NotFoundError for a missing key and refuses keys that leave its folder', async () => {
    const storage = new FsStorage(await mkdtemp(path.join(tmpdir(), 'segmint-fs-')));
    await expect(storage.get('nothing/here')).rejects.toBeInstanceOf(NotFoundError);
    await expect(storage.put('../escape', 'x', { contentType: 'text/plain' })).rejects.toThrow(/escapes the storage folder/);
  });

  it('reads a file, or a range of it, whole across its reads', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'segmint-fs-'));
    const bytes = Uint8Array.from({ length: 2 * FILE_CHUNK_BYTES + 123 }, (_, i) => (i * 31) & 255);
    await writeFile(path.join(root, 'data.bin'), bytes);
    const read = async (source: AsyncIterable<Uint8Array>) => {
      const chunks: Uint8Array[] = [];
      for await (const chunk of source) chunks.push(chunk);
      expect(chunks.every((chunk) => chunk.length <= FILE_CHUNK_BYTES)).toBe(true);
      return Buffer.concat(chunks);
    };
    expect((await read(readFile(path.join(root, 'data.bin')))).equals(bytes)).toBe(true);
    const storage = new FsStorage(root);
    expect((await read(await storage.get('data.bin'))).equals(bytes)).toBe(true);
    const [start, end] = [FILE_CHUNK_BYTES - 5, 2 * FILE_CHUNK_BYTES + 7];
    expect((await read(await storage.getRange('data.bin', start, end))).equals(bytes.subarray(start, end))).toBe(true);
    expect((await read(await storage.getRange('data.bin', 10, 10))).length).toBe(0);
  });
});
