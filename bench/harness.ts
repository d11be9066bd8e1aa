/**
 * What every benchmark suite shares: medians of repeated runs, peak RSS, and one way to
 * hand results to the runner (scripts/bench.mjs), which prints and stores them.
 * These machines are noisy: report medians, and ratios against a baseline timed in the
 * same process, never a single run.
 */

import { statSync } from 'node:fs';
import { ingestStream } from '../src/ingest/ingest.js';
import type { PartialAggregate } from '../src/partial.js';
import { FILE_CHUNK_BYTES, readFile } from '../src/storage/fs.js';

export interface BenchRow {
  suite: string;
  /** What was measured, e.g. "ingest 541,909 rows". */
  phase: string;
  /** segmint's median time, in milliseconds. */
  segmintMs: number;
  /** The baseline timed in the same run, when there is one. */
  baseline?: { name: string; ms: number };
  /** Peak resident memory of the process that measured segmint, in MiB. */
  peakRssMiB?: number;
  /** Anything a reader needs to interpret the row (throughput, sizes, where SIMD pays…). */
  note?: string;
}

export interface Timing {
  medianMs: number;
  samplesMs: number[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed; the median of those. */
export async function time(fn: () => unknown | Promise<unknown>, { runs = 5, warmup = 1 } = {}): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samplesMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samplesMs.push(performance.now() - started);
  }
  return { medianMs: median(samplesMs), samplesMs };
}

/** The process's peak resident set so far, in MiB (getrusage's maxrss). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Hands rows to the runner: one JSON line each, marked so other output can interleave. */
export function emit(rows: readonly BenchRow[]): void {
  for (const row of rows) process.stdout.write(`BENCH ${JSON.stringify(row)}\n`);
}

export function benchFilePath(rows: number, seed = 1): string {
  return `bench/tmp/online-retail-${rows}-seed${seed}.csv`;
}

/**
 * A generated Online-Retail file of `rows` rows under bench/tmp (gitignored), written once
 * and reused by every suite and run.
 */
export async function benchFile(rows: number, seed = 1): Promise<string> {
  const { existsSync, mkdirSync } = await import('node:fs');
  const { writeTransactionsFile } = await import('../src/generate/generator.js');
  const file = benchFilePath(rows, seed);
  if (!existsSync(file)) {
    mkdirSync('bench/tmp', { recursive: true });
    await writeTransactionsFile(file, { rows, seed });
  }
  return file;
}

/** A seeded uniform generator in [0, 1) (mulberry32): deterministic inputs for the suites. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where the benchmarks' file is said to come from, as an upload of the dataset `bench`. */
export const BENCH_UPLOAD = { dataset: 'bench', sourceKey: 'uploads/bench/transactions.csv', fileName: 'uploads/bench/transactions.csv' };

/** Bytes per read of a benchmark file, for the baselines too: as segmint reads a local file. */
export const CHUNK_BYTES = FILE_CHUNK_BYTES;

/** segmint's ingest of a file, as the pipeline calls it: with the object's size, from its listing. */
export async function ingestFile(file: string): Promise<PartialAggregate> {
  return (await ingestStream(readFile(file), { ...BENCH_UPLOAD, totalBytes: statSync(file).size })).partial;
}
