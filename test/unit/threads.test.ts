import { describe, expect, it } from 'vitest';
import { threadsAllowed } from '../../src/threads.js';

describe('threadsAllowed', () => {
  it('reads SEGMINT_THREADS, defaulting to the cores at hand', () => {
    expect(threadsAllowed({ SEGMINT_THREADS: '1' })).toBe(1);
    expect(threadsAllowed({ SEGMINT_THREADS: '4' })).toBe(4);
    expect(threadsAllowed({})).toBeGreaterThanOrEqual(1);
    expect(() => threadsAllowed({ SEGMINT_THREADS: 'two' })).toThrow(/SEGMINT_THREADS must be a whole number >= 1, got "two"/);
    expect(() => threadsAllowed({ SEGMINT_THREADS: '0' })).toThrow(RangeError);
  });
});
