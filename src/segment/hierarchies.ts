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
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LinkageMethod } from '../kernels/index.js';
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

/** What the worker thread answers: the trees, or the error that stopped it (by name, so a RangeError stays one). */
export type HierarchyReply = { id: number; hierarchies: Hierarchy[] } | { id: number; error: { name: string; message: string } };

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

function replyError({ name, message }: { name: string; message: string }): Error {
  // A RangeError is a data problem (the caller reports it); anything else is a fault.
  const error = name === 'RangeError' ? new RangeError(message) : new Error(message);
  error.name = name;
  return error;
}

interface Pending {
  resolve: (trees: Hierarchy[]) => void;
  reject: (error: Error) => void;
}

/**
 * One worker thread, started by warm() or the first request and kept for the process (a warm
 * Lambda reuses it with its compiled kernels), holding the process open only while it has
 * work. Booting it takes about 0.1 s of a core here: warmed as a segmentation starts, it boots
 * while the partials are read. Requests queue on it in order. If it dies, the requests under
 * way fail and the next starts a new one.
 */
class WorkerThreadBuilder implements HierarchyBuilder {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly script: URL | string) {}

  warm(): void {
    this.started().unref();
  }

  build(request: HierarchyRequest): Promise<Hierarchy[]> {
    return new Promise((resolve, reject) => {
      const worker = this.started();
      worker.ref();
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      // The points are copied (structured clone): the caller keeps using its own.
      worker.postMessage({ id, request });
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.on('message', (reply: HierarchyReply) =>
      this.settle(reply.id, ({ resolve, reject }) => ('error' in reply ? reject(replyError(reply.error)) : resolve(reply.hierarchies))),
    );
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`the hierarchy thread exited with code ${code}`)));
    return (this.worker = worker);
  }

  private settle(id: number, outcome: (pending: Pending) => void): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    outcome(pending);
  }

  private lost(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = undefined;
    for (const id of [...this.pending.keys()]) this.settle(id, ({ reject }) => reject(error));
  }
}

export function onWorkerThread(script: URL | string): HierarchyBuilder {
  return new WorkerThreadBuilder(script);
}

/**
 * Threads a run may use: SEGMINT_THREADS when set (1 keeps everything in this thread), else
 * the cores this process has.
 */
export function threadsAllowed(env: NodeJS.ProcessEnv = process.env): number {
  const setting = env.SEGMINT_THREADS;
  if (setting === undefined || setting === '') return availableParallelism();
  const threads = Number(setting);
  if (!Number.isSafeInteger(threads) || threads < 1) throw new RangeError(`SEGMINT_THREADS must be a whole number >= 1, got "${setting}"`);
  return threads;
}

/**
 * The builder of a bundle that ships the thread's script (hierarchy-thread.ts, built beside
 * each bundle that segments: scripts/build.mjs): the worker thread when there is a second core
 * to use, else this thread. Run from source (the unit tests), the script is not there: this thread.
 */
export function hierarchyBuilder(script: URL, threads = threadsAllowed()): HierarchyBuilder {
  return threads >= 2 && existsSync(fileURLToPath(script)) ? onWorkerThread(script) : inThisThread;
}
