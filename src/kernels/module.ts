// Loads the WebAssembly kernels (assembly/) once per process and lays out each call's
// buffers in linear memory. The wrappers beside this file (kmeans.ts, silhouette.ts, …)
// validate arguments, copy Float64Arrays in and results out; the kernels trust them.

import { setFlagsFromString } from 'node:v8';
import wasmBytes from '../../build/kernels.wasm';

// The project's type libraries (ES2023 + @types/node 20, no DOM) declare no WebAssembly API,
// so the few members used here are typed locally rather than widening every file's globals.
interface LinearMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}
const { Module, Instance } = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** What every wrapper needs of the module; each wrapper declares the kernels it calls on top. */
export interface KernelModule {
  memory: LinearMemory;
  heapBase(): number;
  firstNonFinite(values: number, count: number): number;
}

let instance: KernelModule | undefined;

/**
 * Compiles and instantiates one build of the kernels. V8 runs a WebAssembly function first as
 * Liftoff's quick unoptimised code and swaps in optimised code for later calls only, so a
 * kernel's one long call (a linkage, a silhouette) ran unoptimised to the end: the first
 * linkage of 4,337 customers took 0.35 s instead of 0.18 s. Without Liftoff, each function is
 * optimised when first called, still lazily: nothing is compiled at a cold start.
 */
export function instantiateKernels(bytes: Uint8Array): KernelModule {
  return instantiate(compileOptimised(bytes), {}) as KernelModule;
}

/** Compiles a module whose functions are optimised when first called (see instantiateKernels). */
export function compileOptimised(bytes: Uint8Array): object {
  setFlagsFromString('--no-liftoff');
  return new Module(bytes);
}

/** An instance of a compiled module: its exports. */
export function instantiate(module: object, imports: object): unknown {
  return new Instance(module, imports).exports;
}

/** Compiled and instantiated once per process, on first use: Lambda reuses it across warm invocations. */
export function kernels<T extends KernelModule = KernelModule>(): T {
  instance ??= instantiateKernels(wasmBytes);
  return instance as T;
}

/**
 * Points every wrapper at another build of the same source until swapped back; returns the one
 * it replaces. Only the benchmark uses it, to time the scalar build (compiled without
 * `--enable simd`) through exactly the code paths the product uses.
 */
export function swapKernels(module: KernelModule): KernelModule {
  const previous = kernels();
  instance = module;
  return previous;
}

/** Compiles and instantiates the kernels now rather than on first use (a Lambda's init phase). */
export function loadKernels(): void {
  kernels();
}

/**
 * Grows linear memory to hold a call's `bytes` and writes those pages now (zeros: no kernel relies
 * on what memory holds). A worker thread does it while it would otherwise wait, so that the call
 * finds its pages mapped instead of taking a fault at each first touch (about 45 ms for the
 * 75 MB distance matrix of 4,337 customers here). Pages written by an earlier call stay
 * mapped, so a call for more writes only the rest: a size told bit by bit costs no more.
 */
export function prefaultMemory(bytes: number): void {
  const module = kernels();
  const pointer = new Frame(module).reserve(bytes);
  const written = prefaulted.get(module) ?? 0;
  if (bytes <= written) return;
  new Uint8Array(module.memory.buffer, pointer + written, bytes - written).fill(0);
  prefaulted.set(module, bytes);
}

/** Bytes from the heap base each build's memory has had written by prefaultMemory. */
const prefaulted = new WeakMap<KernelModule, number>();

/** Bytes of linear memory the kernels hold now; it grows to the largest call so far, never per call. */
export function kernelMemoryBytes(): number {
  return kernels().memory.buffer.byteLength;
}

const PAGE_BYTES = 65_536;
const MAX_MEMORY_BYTES = 65_536 * PAGE_BYTES; // wasm32 addresses 4 GiB

/**
 * One call's buffers, laid out upward from the heap base. Every call starts a new frame at the
 * same base, so nothing outlives a call and no memory is lost across warm invocations.
 */
export class Frame {
  private end: number;

  constructor(private readonly module: KernelModule) {
    this.end = module.heapBase() >>> 0;
  }

  /** Reserves `bytes` at a 16-byte boundary (the SIMD loads' natural alignment), growing memory when needed. */
  reserve(bytes: number): number {
    const pointer = Math.ceil(this.end / 16) * 16;
    this.end = pointer + bytes;
    const memory = this.module.memory;
    if (this.end > memory.buffer.byteLength) {
      if (this.end > MAX_MEMORY_BYTES) {
        throw new RangeError(`input too large: the kernels would need ${Math.ceil(this.end / 2 ** 20)} MiB of linear memory, WebAssembly allows 4096 MiB`);
      }
      memory.grow(Math.ceil((this.end - memory.buffer.byteLength) / PAGE_BYTES));
    }
    return pointer;
  }

  f64In(values: Float64Array): number {
    const pointer = this.reserve(values.byteLength);
    new Float64Array(this.module.memory.buffer, pointer, values.length).set(values);
    return pointer;
  }

  /** Index of the first of the `count` f64 at `pointer` that is NaN or infinite, or -1. */
  firstNonFinite(pointer: number, count: number): number {
    return this.module.firstNonFinite(pointer, count);
  }

  i32In(values: Int32Array): number {
    const pointer = this.reserve(values.byteLength);
    new Int32Array(this.module.memory.buffer, pointer, values.length).set(values);
    return pointer;
  }

  f64Out(pointer: number, length: number): Float64Array {
    return new Float64Array(this.module.memory.buffer, pointer, length).slice();
  }

  i32Out(pointer: number, length: number): Int32Array {
    return new Int32Array(this.module.memory.buffer, pointer, length).slice();
  }

  /** A little-endian view of `bytes` bytes at `pointer`, for the small result blocks kernels write. */
  view(pointer: number, bytes: number): DataView {
    return new DataView(this.module.memory.buffer, pointer, bytes);
  }
}

