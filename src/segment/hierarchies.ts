/**
 * Where the trees of the model comparison's linkages are built: in this thread, or on a worker
 * thread of their own while this one runs the k-means sweep and the mixtures.
 *
 * The linkages need only the model input, not the sweep, and at a few thousand customers they
 * are the largest single cost of a run (three O(n²) nearest-neighbour chains, about half a
 * second at 4,337 customers here), about as long as the sweep, the mixtures and the scores
 * together. On a machine with a second core (a Lambda of 1,769 MB or more has two vCPUs) the
 * two halves run side by side. Both builders run the same kernels on the same input, so the
 * trees, and every result, are the same to the bit whichever builds them.
 */
import type { LinkageMethod } from '../kernels/index.js';
import { threadsAllowed, threadScript, WorkerThread } from '../threads.js';
import { hierarchical, type Hierarchy } from './hierarchical.js';

export interface HierarchyRequest {
  /** n × d, row-major: the model input. */
  points: Float64Array;
  n: number;
  d: number;
  linkages: readonly LinkageMethod[];
  /** Seeds the micro-cluster k-means beyond the exact bound. */
  seed: number;
}

export interface HierarchyBuilder {
  /** Builds one tree per linkage, in the order asked. */
  build(request: HierarchyRequest): Promise<Hierarchy[]>;
  /** Gets ready for a request soon to come (a worker thread boots meanwhile). */
  warm(): void;
}

export function buildHierarchies({ points, n, d, linkages, seed }: HierarchyRequest): Hierarchy[] {
  return linkages.map((linkage) => hierarchical(points, n, d, { linkage, seed }));
}

/**
 * In this thread, once the caller waits for the trees: it runs its own synchronous work first
 * (the sweep, the mixtures), so the run goes as if the trees were built after it.
 */
export const inThisThread: HierarchyBuilder = {
  build: (request) =>
    new Promise((resolve, reject) =>
      setImmediate(() => {
        try {
          resolve(buildHierarchies(request));
        } catch (error) {
          reject(error);
        }
      }),
    ),
  warm: () => {},
};

/** On a worker thread of its own (see threads.ts), booted by warm() as a segmentation starts, while the partials are read. */
export function onWorkerThread(script: URL | string): HierarchyBuilder {
  const thread = new WorkerThread<HierarchyRequest, Hierarchy[]>(script);
  return { build: (request) => thread.call(request), warm: () => thread.warm() };
}

/**
 * The builder of a bundle that ships the thread's script (hierarchy-thread.ts, built beside
 * each bundle that segments: scripts/build.mjs): the worker thread when there is a second core
 * to use, else this thread. Run from source (the unit tests), the script is not there: this thread.
 */
export function hierarchyBuilder(script: URL, threads = threadsAllowed()): HierarchyBuilder {
  const runnable = threadScript(script, threads);
  return runnable ? onWorkerThread(runnable) : inThisThread;
}
