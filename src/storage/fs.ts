import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NotFoundError, type PutOptions, type Storage, type StoredObject } from './storage.js';

/**
 * Bytes per read of a local file. Node's default of 64 KiB makes each read a thread-pool round
 * trip every half millisecond of parsing, and ingest sat idle waiting on them: 512 KiB reads cut
 * a 43 MB ingest by about a tenth here. 1 MiB reads were no faster and held some 25 MiB more
 * in read buffers awaiting collection (bench/children/pipeline.ts reads as `segmint run` does).
 */
export const FILE_CHUNK_BYTES = 512 * 1024;

/** A local file's bytes (or those of [start, end) of it) as `segmint run` and the folder storage read them. */
export function readFile(file: string, range?: { start: number; end: number }): AsyncIterable<Uint8Array> {
  if (range === undefined) return createReadStream(file, { highWaterMark: FILE_CHUNK_BYTES });
  // An empty range still needs a stream: createReadStream's `end` is inclusive.
  if (range.end <= range.start) return (async function* () {})();
  return createReadStream(file, { start: range.start, end: range.end - 1, highWaterMark: FILE_CHUNK_BYTES });
}

/** Marks a file being written; such files are not objects yet. */
const PENDING_MARK = '.~segmint-pending-';

/**
 * A local folder laid out like the bucket: `<root>/<key>`. Used by `segmint run`.
 * Content types and cache headers have no place on disk and are dropped.
 */
export class FsStorage implements Storage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    const file = path.resolve(this.root, key);
    if (!file.startsWith(this.root + path.sep)) throw new RangeError(`key escapes the storage folder: "${key}"`);
    return file;
  }

  async get(key: string): Promise<AsyncIterable<Uint8Array>> {
    const file = this.pathOf(key);
    if ((await this.head(key)) === undefined) throw new NotFoundError(key);
    return readFile(file);
  }

  async getRange(key: string, start: number, end: number): Promise<AsyncIterable<Uint8Array>> {
    if ((await this.head(key)) === undefined) throw new NotFoundError(key);
    return readFile(this.pathOf(key), { start, end });
  }

  async head(key: string): Promise<number | undefined> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? info.size : undefined;
    } catch {
      return undefined;
    }
  }

  /** Writes beside the target and renames, so a reader never sees half an object. */
  async put(key: string, body: string | Uint8Array, _options: PutOptions): Promise<void> {
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    const pending = `${file}${PENDING_MARK}${process.pid}`;
    await writeFile(pending, body);
    await rename(pending, file);
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.isFile() && !entry.name.includes(PENDING_MARK)) {
          const key = path.relative(this.root, full).split(path.sep).join('/');
          if (key.startsWith(prefix)) objects.push({ key, size: (await stat(full)).size });
        }
      }
    };
    // Walk only the folder the prefix names, not the whole tree.
    const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    await walk(folder ? this.pathOf(folder) : this.root);
    return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
