/** Streaming gzip decompression within the limits: a bomb stops at the ratio, long before memory does. */
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { formatCount } from '../format.js';
import { InputError } from './errors.js';
import type { IngestLimits } from './options.js';

/** Decompressed chunks this large keep the scanner's per-chunk work small. */
const CHUNK_BYTES = 256 * 1024;

export async function* gunzip(
  source: AsyncIterable<Uint8Array>,
  limits: Pick<IngestLimits, 'maxDecompressedBytes' | 'maxCompressionRatio'>,
  fileName: string,
): AsyncGenerator<Uint8Array> {
  let compressed = 0;
  const input = Readable.from(
    (async function* () {
      for await (const chunk of source) {
        compressed += chunk.length;
        yield chunk;
      }
    })(),
    // One chunk ahead: `compressed` then counts what zlib has been given, not what waits in a queue.
    { highWaterMark: 1 },
  );
  const inflate = createGunzip({ chunkSize: CHUNK_BYTES });
  // Errors surface through the iteration below; the callback only keeps pipeline quiet.
  pipeline(input, inflate, () => {});
  let decompressed = 0;
  try {
    for await (const chunk of inflate) {
      decompressed += chunk.length;
      if (decompressed > limits.maxDecompressedBytes) {
        throw new InputError({
          file: fileName,
          found: `gzip data that expands to more than ${formatCount(limits.maxDecompressedBytes)} bytes`,
          expected: `at most ${formatCount(limits.maxDecompressedBytes)} bytes once decompressed (limits.maxDecompressedBytes)`,
        });
      }
      if (decompressed > limits.maxCompressionRatio * compressed) {
        throw new InputError({
          file: fileName,
          found: `gzip data that expands ${Math.floor(decompressed / compressed)} times (${formatCount(compressed)} bytes to ${formatCount(decompressed)} so far)`,
          expected: `at most ${limits.maxCompressionRatio} times (limits.maxCompressionRatio): transaction files compress 5 to 15 times`,
        });
      }
      yield chunk;
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new InputError({
        file: fileName,
        found: `gzip data that does not decompress (${(error as Error).message})`,
        expected: 'a complete gzip file (.gz)',
      });
    }
    throw error;
  } finally {
    input.destroy();
    inflate.destroy();
  }
}
