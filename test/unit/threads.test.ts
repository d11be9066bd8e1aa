import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { threadScript, threadsAllowed } from '../../src/threads.js';

describe('threadsAllowed', () => {
  it('reads SEGMINT_THREADS, defaulting to the cores at hand', () => {
    expect(threadsAllowed({ SEGMINT_THREADS: '1' })).toBe(1);
    expect(threadsAllowed({ SEGMINT_THREADS: '4' })).toBe(4);
    expect(threadsAllowed({})).toBeGreaterThanOrEqual(1);
    expect(() => threadsAllowed({ SEGMINT_THREADS: 'two' })).toThrow(/SEGMINT_THREADS must be a whole number >= 1, got "two"/);
    expect(() => threadsAllowed({ SEGMINT_THREADS: '0' })).toThrow(RangeError);
  });
});

describe('threadScript', () => {
  // Built by `npm test` (npm run build) beside the CLI.
  const script = pathToFileURL(path.resolve('dist/hierarchy-thread.mjs'));

  it('gives a bundle its thread script only when a second thread may run and the script is there', () => {
    expect(threadScript(script, 2)).toBe(script);
    expect(threadScript(script, 1)).toBeNull();
    expect(threadScript(pathToFileURL(path.resolve('dist/no-such-thread.mjs')), 2)).toBeNull();
  });
});
