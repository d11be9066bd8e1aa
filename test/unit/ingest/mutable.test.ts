import { describe, expect, it } from 'vitest';
import { markMutable } from '../../../src/ingest/mutable.js';

describe('markMutable', () => {
  it('leaves every field as it was: the same arrays, the same numbers', () => {
    const bytes = Uint8Array.of(1, 2, 3);
    const ids = Int32Array.of(-1, 7);
    const sums = Float64Array.of(0.5);
    const words = new DataView(bytes.buffer);
    const object = { bytes, ids, sums, words, count: 41, decided: false, other: 'kept' };
    markMutable(object, ['bytes', 'ids', 'sums', 'words', 'count', 'decided']);
    expect(object.bytes).toBe(bytes);
    expect(object.ids).toBe(ids);
    expect(object.sums).toBe(sums);
    expect(object.words).toBe(words);
    expect(object.count).toBe(41);
    expect(object.decided).toBe(false);
    expect(object).toEqual({ bytes: Uint8Array.of(1, 2, 3), ids: Int32Array.of(-1, 7), sums: Float64Array.of(0.5), words, count: 41, decided: false, other: 'kept' });
  });
});
