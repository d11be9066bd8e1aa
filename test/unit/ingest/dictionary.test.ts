import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteDictionary } from '../../../src/ingest/dictionary.js';

const text = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '😀', ' ', ''), maxLength: 12 });

describe('ByteDictionary', () => {
  it('gives equal texts one id, different texts different ids, and decodes them back', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 2000 }), (texts) => {
        const dictionary = new ByteDictionary();
        const ids = new Map<string, number>();
        for (const text of texts) {
          // Inside a larger buffer: interning keeps to the range.
          const bytes = Buffer.from(`[${text}]`);
          const id = dictionary.intern(bytes, 1, bytes.length - 1);
          expect(id).toBe(ids.get(text) ?? ids.size);
          ids.set(text, id);
        }
        expect(dictionary.size).toBe(ids.size);
        for (const [text, id] of ids) expect(dictionary.text(id)).toBe(text);
      }),
      { numRuns: 50 },
    );
  });

  it('compares what a reused buffer holds now, as the scanner reuses its buffers', () => {
    // Two buffers rewritten in turns at any offset: the dictionary keeps views of both.
    const placed = fc.record({ text, buffer: fc.integer({ min: 0, max: 1 }), offset: fc.integer({ min: 0, max: 7 }) });
    fc.assert(
      fc.property(fc.array(placed, { maxLength: 500 }), (rows) => {
        const buffers = [new Uint8Array(64), new Uint8Array(64).subarray(3)];
        const dictionary = new ByteDictionary();
        const ids = new Map<string, number>();
        for (const { text, buffer, offset } of rows) {
          const bytes = Buffer.from(text);
          const b = buffers[buffer];
          b.fill(0x78).set(bytes, offset);
          const id = dictionary.intern(b, offset, offset + bytes.length);
          expect(id).toBe(ids.get(text) ?? ids.size);
          ids.set(text, id);
          expect(dictionary.matches(id, b, offset, offset + bytes.length)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('finds every text again after its storage has grown', () => {
    const dictionary = new ByteDictionary();
    // 4,000 texts of 41 to 47 bytes: some 170 KB, well past the first 64 KiB of storage.
    const texts = Array.from({ length: 4000 }, (_, i) => `WHITE HANGING HEART T-LIGHT HOLDER ${String(i).padStart(4, '0')}${'!'.repeat(i % 7)}`);
    texts.forEach((text, i) => expect(dictionary.intern(Buffer.from(text), 0, Buffer.byteLength(text))).toBe(i));
    texts.forEach((text, i) => expect(dictionary.intern(Buffer.from(text), 0, Buffer.byteLength(text))).toBe(i));
    expect(dictionary.size).toBe(4000);
  });
});
