import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import type { HierarchyThreadRequest } from '../../src/segment/hierarchies.js';
import { threadScript, threadsAllowed, WorkerThread } from '../../src/threads.js';

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

describe('WorkerThread', () => {
  it('lets the process end while its thread idles, never while a request is under way, warmed or not', async () => {
    const unref = vi.spyOn(Worker.prototype, 'unref');
    try {
      const thread = new WorkerThread<HierarchyThreadRequest, null>(path.resolve('dist/hierarchy-thread.mjs'));
      thread.warm();
      expect(unref).toHaveBeenCalledTimes(1);
      const answer = thread.call({ prepare: { n: 200, d: 3 } });
      thread.warm();
      expect(unref).toHaveBeenCalledTimes(1);
      await answer;
      expect(unref).toHaveBeenCalledTimes(2);
    } finally {
      unref.mockRestore();
    }
  });
});
