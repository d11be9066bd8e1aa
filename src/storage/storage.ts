/**
 * The one storage port of segmint. S3 is one implementation, a local folder another;
 * nothing else in `src/` talks to S3.
 */
export interface PutOptions {
  contentType: string;
  cacheControl?: string;
}

export interface StoredObject {
  key: string;
  size: number;
}

export interface Storage {
  /** Streams an object's bytes; rejects with `NotFoundError` when the key does not exist. */
  get(key: string): Promise<AsyncIterable<Uint8Array>>;
  /** Streams bytes [start, end) of an object (an S3 ranged GET). */
  getRange(key: string, start: number, end: number): Promise<AsyncIterable<Uint8Array>>;
  /** Size of an object, or undefined when it does not exist. */
  head(key: string): Promise<number | undefined>;
  put(key: string, body: string | Uint8Array, options: PutOptions): Promise<void>;
  /** Every object whose key starts with `prefix`, in key order. */
  list(prefix: string): Promise<StoredObject[]>;
  delete(key: string): Promise<void>;
}

export class NotFoundError extends Error {
  constructor(readonly key: string) {
    super(`no object at ${key}`);
    this.name = 'NotFoundError';
  }
}

/** Every chunk of a stream, joined. */
export async function readAll(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Reads a whole (small) object. */
export async function readBytes(storage: Storage, key: string): Promise<Buffer> {
  return readAll(await storage.get(key));
}

/** Reads a whole (small) object as UTF-8 text: partials, reports, configuration. */
export async function readText(storage: Storage, key: string): Promise<string> {
  return (await readBytes(storage, key)).toString('utf8');
}

/** Objects `readObjects` keeps in flight: S3 answers a GET after tens of milliseconds, mostly waiting. */
const READ_AHEAD = 8;

/**
 * Reads whole objects, yielded in the order of `keys`, with up to `ahead` reads under way: a
 * dataset's partials read one after another waited on each GET in turn. A failed read fails
 * the iteration when its turn comes, as reading in turn would. Bytes, not text: a reader that
 * compares or hashes an object needs no decoding (a partial of 6 MB decodes in 5 to 10 ms).
 */
export async function* readObjects(storage: Storage, keys: readonly string[], ahead = READ_AHEAD): AsyncGenerator<{ key: string; bytes: Buffer }> {
  const reads: Promise<Buffer>[] = [];
  let next = 0;
  const readNext = () => {
    const read = readBytes(storage, keys[next++]);
    read.catch(() => {}); // awaited in its turn; failing before then is not unhandled
    reads.push(read);
  };
  while (next < Math.min(ahead, keys.length)) readNext();
  for (const key of keys) {
    const bytes = await reads.shift()!;
    if (next < keys.length) readNext();
    yield { key, bytes };
  }
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Cache headers of the public layout: run folders never change, pointers are re-read. */
export const CACHE = {
  immutable: 'public, max-age=31536000, immutable',
  noCache: 'no-cache',
} as const;

/** The text segmint stores for a JSON value: small files people open indented, bulk files compact (`indent: 0`). */
export function jsonText(value: unknown, indent = 2): string {
  return `${JSON.stringify(value, null, indent)}\n`;
}

export async function putJson(
  storage: Storage,
  key: string,
  value: unknown,
  { cacheControl = CACHE.noCache, indent = 2 }: { cacheControl?: string; indent?: number } = {},
): Promise<void> {
  await storage.put(key, jsonText(value, indent), { contentType: JSON_CONTENT_TYPE, cacheControl });
}

/**
 * Writes `body` unless the object already holds exactly it: a repeated event then writes
 * nothing, so it triggers nothing either. True when it wrote.
 */
export async function putIfChanged(storage: Storage, key: string, body: string | Uint8Array): Promise<boolean> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  if ((await storage.head(key)) === bytes.length) {
    try {
      if ((await readBytes(storage, key)).equals(bytes)) return false;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  await storage.put(key, bytes, { contentType: JSON_CONTENT_TYPE, cacheControl: CACHE.noCache });
  return true;
}
