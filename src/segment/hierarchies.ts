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
import { hierarchical, hierarchyLabels, type Hierarchy } from './hierarchical.js';
import { byFirstAppearance } from './labels.js';
import { silhouettesOf } from './silhouettes.js';

export interface HierarchyRequest {
  /** n × d, row-major: the model input. */
  points: Float64Array;
  n: number;
  d: number;
  linkages: readonly LinkageMethod[];
  /** Seeds the micro-cluster k-means beyond the exact bound, and the silhouette's sample. */
  seed: number;
  /** The model comparison's: a tree's silhouette is exact up to this many customers (silhouettesOf). */
  silhouetteSampleSize: number;
}

/** A tree cut at the run's k and its silhouette there, as the model comparison scores it. */
export interface ScoredCut {
  k: number;
  /** hierarchyLabels at k. */
  labels: Int32Array;
  silhouette: number;
}

export interface BuiltTree {
  hierarchy: Hierarchy;
  /** Present when the thread that built the tree also scored it (see HierarchyBuilder.cutAt). */
  cut?: ScoredCut;
}

export interface HierarchyBuilder {
  /**
   * Builds one tree per linkage, in the order asked: a promise each, settled as its tree is
   * built, so the caller scores the first trees while the last grows.
   */
  build(request: HierarchyRequest): Promise<BuiltTree>[];
  /**
   * Tells the k the trees of the last build will be cut at, once the sweep has chosen it. A
   * worker thread then scores the last tree there itself, if it has not built it yet: the
   * caller scores the others with the mixtures, in one pass, and would score the last alone,
   * after everything else.
   */
  cutAt(k: number): void;
  /**
   * Starts the trees of a request likely to come (`segmint run`'s one partial, before the
   * segmentation has read it back): `build` of an equal request then takes them, and any other
   * request is answered after them.
   */
  expect(request: HierarchyRequest): void;
  /** Gets ready for a request soon to come (a worker thread boots meanwhile). */
  warm(): void;
  /**
   * Told ahead that the trees will have about n points of d features: a worker thread, which
   * would otherwise wait, makes their memory ready (prepareHierarchy).
   */
  prepare(n: number, d: number): void;
}

/**
 * What the worker thread is asked: trees, with where the caller writes the k they will be cut
 * at (0 until chosen; shared memory, which the thread reads between trees), or to get ready for them.
 */
export type HierarchyThreadRequest = { trees: HierarchyRequest; cutAt: Int32Array } | { prepare: { n: number; d: number } };

/**
 * The trees of a request, each handed to `built` as soon as it is; the last one scored at
 * `cutAt()` too, when that is known (not 0) by the time it is built.
 */
export function buildHierarchies(request: HierarchyRequest, built: (tree: BuiltTree) => void = () => {}, cutAt: () => number = () => 0): void {
  const { points, n, d, linkages, seed } = request;
  linkages.forEach((linkage, i) => {
    const hierarchy = hierarchical(points, n, d, { linkage, seed });
    const k = i === linkages.length - 1 ? cutAt() : 0;
    built(k > 0 ? { hierarchy, cut: scoredCut(hierarchy, k, request) } : { hierarchy });
  });
}

/** The tree cut at k and scored as the model comparison scores a model (none when the cut is not a segmentation). */
function scoredCut(hierarchy: Hierarchy, k: number, { points, n, d, seed, silhouetteSampleSize }: HierarchyRequest): ScoredCut | undefined {
  const labels = hierarchyLabels(hierarchy, k);
  const { count } = byFirstAppearance(labels);
  if (count < 2 || count > n - 1) return undefined;
  const [{ mean }] = silhouettesOf({ points, n, d }, [{ labels, k: count, seed }], silhouetteSampleSize);
  return { k, labels, silhouette: mean };
}

/**
 * In this thread, once the caller waits for a tree: it runs its own synchronous work first
 * (the sweep, the mixtures), so the run goes as if the trees were built after it.
 */
export const inThisThread: HierarchyBuilder = {
  build: ({ linkages, ...request }) =>
    linkages.map(
      (linkage) =>
        new Promise((resolve, reject) =>
          setImmediate(() => {
            try {
              buildHierarchies({ ...request, linkages: [linkage] }, resolve);
            } catch (error) {
              reject(error);
            }
          }),
        ),
    ),
  // Here these would delay this thread's own work by what they save the trees; and the trees,
  // built once the mixtures are, are all scored with them.
  expect: () => {},
  warm: () => {},
  prepare: () => {},
  cutAt: () => {},
};

/**
 * On a worker thread of its own (see threads.ts), booted by warm() as a segmentation starts,
 * while the partials are read. One request for all the trees, each sent back as it is built:
 * the trees share the model input (one copy) and, past the exact bound, its micro-clusters.
 */
export function onWorkerThread(script: URL | string): HierarchyBuilder {
  const thread = new WorkerThread<HierarchyThreadRequest, null, BuiltTree>(script);
  type Sent = { trees: Promise<BuiltTree>[]; cutAt: Int32Array };
  const send = (request: HierarchyRequest): Sent => {
    const trees = request.linkages.map(() => deferred<BuiltTree>());
    const cutAt = new Int32Array(new SharedArrayBuffer(4));
    let received = 0;
    thread
      .call({ trees: request, cutAt }, (tree) => trees[received++]?.resolve(tree))
      .then(
        () => trees.slice(received).forEach(({ reject }) => reject(new Error(`the worker thread sent ${received} of ${trees.length} trees`))),
        (error: Error) => trees.slice(received).forEach(({ reject }) => reject(error)),
      );
    return { trees: trees.map(({ promise }) => promise), cutAt };
  };
  let expected: { request: HierarchyRequest; sent: Sent } | undefined;
  let built: Sent | undefined;
  return {
    build: (request) => {
      const ahead = expected;
      expected = undefined;
      built = ahead && sameRequest(ahead.request, request) ? ahead.sent : send(request);
      return built.trees;
    },
    cutAt: (k) => {
      if (built) Atomics.store(built.cutAt, 0, k);
    },
    expect: (request) => {
      const sent = send(request);
      for (const tree of sent.trees) tree.catch(() => {}); // its failure, if any, is the real request's to report
      expected = { request, sent };
    },
    warm: () => thread.warm(),
    // A hint: should it fail, the trees' own request reports the problem.
    prepare: (n, d) => void thread.call({ prepare: { n, d } }).catch(() => {}),
  };
}

/** Whether two requests ask for the same trees: the same linkages and seed over the same points. */
function sameRequest(a: HierarchyRequest, b: HierarchyRequest): boolean {
  if (a.n !== b.n || a.d !== b.d || a.seed !== b.seed || a.silhouetteSampleSize !== b.silhouetteSampleSize) return false;
  if (a.linkages.join() !== b.linkages.join()) return false;
  if (a.points.length !== b.points.length) return false;
  for (let i = 0; i < a.points.length; i++) if (!Object.is(a.points[i], b.points[i])) return false;
  return true;
}

/** A promise and the functions that settle it. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
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
