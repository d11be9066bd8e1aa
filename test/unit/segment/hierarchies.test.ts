import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LinkageMethod } from '../../../src/kernels/index.js';
import {
  hierarchyBuilder,
  inThisThread,
  onWorkerThread,
  type HierarchyRequest,
} from '../../../src/segment/hierarchies.js';
import { hierarchyLabels } from '../../../src/segment/hierarchical.js';
import { LINKAGES } from '../../../src/segment/models.js';
import { silhouettesOf } from '../../../src/segment/silhouettes.js';
import { blobs } from '../kernels/arbitraries';

// Built by `npm test` (npm run build), as the CLI and the local stack ship it.
const THREAD_SCRIPT = path.resolve('dist/hierarchy-thread.mjs');

describe('hierarchy builders', () => {
  // 700 points: past ml-hclust's bound, so the trees come from the kernels' nearest-neighbour chain; 120: ml-hclust.
  const requests: HierarchyRequest[] = [700, 120].map((size) => {
    const { points, n } = blobs([size / 2, size / 4, size / 4], 3);
    return { points, n, d: 3, linkages: LINKAGES, seed: 7, silhouetteSampleSize: 10_000 };
  });

  it('builds on a worker thread the very trees this thread builds, each as it is built, requests answered in order', async () => {
    const worker = onWorkerThread(THREAD_SCRIPT);
    // Told the first request's size ahead, as `segmint run` tells it: the same trees.
    worker.prepare(requests[0].n, requests[0].d);
    const [here, there] = await Promise.all([
      Promise.all(requests.map((r) => Promise.all(inThisThread.build(r)))),
      Promise.all(requests.map((r) => Promise.all(worker.build(r)))),
    ]);
    for (const [r, trees] of there.entries()) {
      expect(trees.map((t) => t.hierarchy.method)).toEqual(LINKAGES);
      expect(trees[0].hierarchy.tree.n).toBe(requests[r].n);
      expect(trees[0].hierarchy.engine).toBe(requests[r].n > 500 ? 'nn-chain' : 'ml-hclust');
      // Every merge and height to the bit: the same kernels on the same input.
      expect(trees).toEqual(here[r]);
    }
  });

  it('starts the trees of an expected request, which an equal request takes; another one is answered after them', async () => {
    const here = await Promise.all(requests.map((r) => Promise.all(inThisThread.build(r))));
    const worker = onWorkerThread(THREAD_SCRIPT);
    worker.expect(requests[0]);
    worker.warm(); // with trees under way: the thread must keep the process alive
    // Equal, not the same object: as the segmentation computes its input again.
    expect(await Promise.all(worker.build({ ...requests[0], points: Float64Array.from(requests[0].points) }))).toEqual(here[0]);
    worker.expect(requests[0]);
    expect(await Promise.all(worker.build(requests[1]))).toEqual(here[1]);
    // An expectation serves one build only: the next request is built anew.
    expect(await Promise.all(worker.build(requests[0]))).toEqual(here[0]);
  });

  it('scores the last tree on the thread at the k told while it grows, as this thread scores it; the others and a later build not', async () => {
    const worker = onWorkerThread(THREAD_SCRIPT);
    const request = requests[0];
    const trees = worker.build(request);
    worker.cutAt(3); // long before the last of three chains is built
    const built = await Promise.all(trees);
    expect(built.slice(0, 2).map((t) => t.cut)).toEqual([undefined, undefined]);
    const last = built[2];
    const labels = hierarchyLabels(last.hierarchy, 3);
    const [{ mean }] = silhouettesOf(request, [{ labels, k: 3, seed: request.seed }], request.silhouetteSampleSize);
    expect(last.cut).toEqual({ k: 3, labels, silhouette: mean });
    expect(built.map((t) => t.hierarchy)).toEqual((await Promise.all(inThisThread.build(request))).map((t) => t.hierarchy));
    // A new build starts with no k: its last tree comes unscored.
    expect((await Promise.all(worker.build(requests[1])))[2].cut).toBeUndefined();
  });

  it("passes the thread's errors back, a RangeError (a data problem) still one, and keeps serving", async () => {
    const worker = onWorkerThread(THREAD_SCRIPT);
    // The trees before the bad linkage come; the one that failed, and any after it, fail with its error.
    const [ward, median, average] = worker.build({ ...requests[0], linkages: ['ward', 'median' as LinkageMethod, 'average'] });
    expect((await ward).hierarchy.method).toBe('ward');
    await expect(median).rejects.toThrow(RangeError);
    await expect(median).rejects.toThrow(/linkage: method must be one of ward, complete, average, got "median"/);
    await expect(average).rejects.toThrow(RangeError);
    expect((await Promise.all(worker.build(requests[1]))).map((t) => t.hierarchy.method)).toEqual(LINKAGES);
  });

  it('fails the requests under way when the thread cannot start, and says so', async () => {
    const worker = onWorkerThread(path.resolve('dist/no-such-thread.mjs'));
    worker.warm(); // the failure to start comes to the next request
    await expect(Promise.all(worker.build(requests[1]))).rejects.toThrow(/no-such-thread/);
  });

  it("uses the bundle's thread only with a second core to run it on", () => {
    const script = pathToFileURL(THREAD_SCRIPT);
    expect(hierarchyBuilder(script, 2)).not.toBe(inThisThread);
    expect(hierarchyBuilder(script, 1)).toBe(inThisThread);
    // From source, there is no script beside the module.
    expect(hierarchyBuilder(new URL('./hierarchy-thread.mjs', import.meta.url), 2)).toBe(inThisThread);
  });
});
