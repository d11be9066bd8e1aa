/**
 * Work handed to a worker thread of the same process: one thread per kind of work, started
 * on demand and kept for the process (a warm Lambda reuses it, kernels compiled), holding the
 * process open only while it has work. The thread's side is `serveRequests`.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';

/**
 * A thread's answer: its result, or the error that stopped it (by name, so a RangeError stays
 * one); before either, any parts of the result it sends as they are ready.
 */
type Reply<Result, Part> = { id: number; result: Result } | { id: number; error: { name: string; message: string } } | { id: number; part: Part };

interface Pending<Result, Part> {
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
  onPart?: (part: Part) => void;
}

function replyError({ name, message }: { name: string; message: string }): Error {
  // A RangeError is a data problem (callers report it); anything else is a fault.
  const error = name === 'RangeError' ? new RangeError(message) : new Error(message);
  error.name = name;
  return error;
}

/**
 * The caller's side. Requests are copied to the thread (structured clone); each answer finds
 * its request by id. Booting a thread takes about 0.1 s of a core here: warm() it ahead of
 * the first request, where something else waits anyway. If the thread dies, the requests
 * under way fail and the next one starts a new thread.
 */
export class WorkerThread<Request, Result, Part = never> {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, Pending<Result, Part>>();

  constructor(private readonly script: URL | string) {}

  warm(): void {
    const worker = this.started();
    // An idle thread does not keep the process alive; one with requests under way does.
    if (this.pending.size === 0) worker.unref();
  }

  /** The request's result; `onPart` gets the parts the thread sends before it. */
  call(request: Request, onPart?: (part: Part) => void): Promise<Result> {
    return new Promise((resolve, reject) => {
      const worker = this.started();
      worker.ref();
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject, onPart });
      worker.postMessage({ id, request });
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.on('message', (reply: Reply<Result, Part>) => {
      if ('part' in reply) this.pending.get(reply.id)?.onPart?.(reply.part);
      else this.settle(reply.id, ({ resolve, reject }) => ('error' in reply ? reject(replyError(reply.error)) : resolve(reply.result)));
    });
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`the worker thread ${String(this.script)} exited with code ${code}`)));
    return (this.worker = worker);
  }

  private settle(id: number, outcome: (pending: Pending<Result, Part>) => void): void {
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

/**
 * The thread's side: answers every request with `handle(request, send)`, or with the error it
 * threw; `send` hands a part of the result to the caller at once.
 */
export function serveRequests<Request, Result, Part = never>(
  handle: (request: Request, send: (part: Part) => void) => Result | Promise<Result>,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveRequests runs in a worker thread');
  port.on('message', async ({ id, request }: { id: number; request: Request }) => {
    let reply: Reply<Result, Part>;
    try {
      reply = { id, result: await handle(request, (part) => port.postMessage({ id, part })) };
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      reply = { id, error: { name, message } };
    }
    port.postMessage(reply);
  });
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
 * A bundle's thread script (built beside it: scripts/build.mjs) when a second thread may run
 * it, else null: one thread allowed, or run from source (the unit tests), where it is not there.
 */
export function threadScript(script: URL, threads = threadsAllowed()): URL | null {
  return threads >= 2 && existsSync(fileURLToPath(script)) ? script : null;
}
