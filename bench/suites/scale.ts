/** The segment run at 100,000 and 1,000,000 customers: time per phase, peak memory, growth with n. */
import { spawnSync } from 'node:child_process';
import { MINIBATCH_FROM_N } from '../../src/kernels/types.js';
import { EXACT_MAX_N, MICRO_CLUSTERS } from '../../src/segment/hierarchical.js';
import { MIXTURE_FIT_MAX } from '../../src/segment/models.js';
import { DEFAULT_SEGMENT_OPTIONS } from '../../src/segment/options.js';
import { emit, type BenchRow } from '../harness.js';

const SIZES = [100_000, 1_000_000];
/** Why a phase grows slower than n past a size: the defaults that bound its work. */
const count = (n: number) => n.toLocaleString('en');
const BOUNDED_BY: Record<string, string> = {
  'kmeans sweep': `mini-batch from ${count(MINIBATCH_FROM_N)} customers, silhouettes on a sample of ${count(DEFAULT_SEGMENT_OPTIONS.silhouetteSampleSize)}`,
  'model comparison': `mixtures on a sample of ${count(MIXTURE_FIT_MAX)}, linkages over ${count(MICRO_CLUSTERS)} micro-clusters past ${count(EXACT_MAX_N)}`,
};

const rows: BenchRow[] = [];
const phasesByRun: Record<string, number>[] = [];
for (const n of SIZES) {
  const run = spawnSync(process.execPath, ['--max-old-space-size=3072', 'dist/bench/children/scale.mjs', String(n)], {
    encoding: 'utf8',
    maxBuffer: 16 * 2 ** 20,
  });
  if (run.status !== 0) throw new Error(`scale run at n = ${n} failed: ${run.stderr}`);
  const { phases, peakRssMiB, customersJsonMiB } = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
  phasesByRun.push(phases);
  const detail = Object.entries(phases as Record<string, number>)
    .filter(([phase]) => phase !== 'total')
    .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(2)} s`)
    .join(', ');
  rows.push({
    suite: 'scale',
    phase: `whole segment run, ${count(n)} customers`,
    segmintMs: phases.total,
    peakRssMiB,
    note: `${detail}; customers.json ${customersJsonMiB.toFixed(0)} MiB`,
  });
}
rows[1].note += `; growth from ${count(SIZES[0])}: ${growth(phasesByRun[0], phasesByRun[1])}`;
emit(rows);

/** Each phase's time at the larger n over its time at the smaller, with what bounds it. */
function growth(small: Record<string, number>, large: Record<string, number>): string {
  const factor = SIZES[1] / SIZES[0];
  const phases = Object.keys(large).map((phase) => {
    const ratio = large[phase] / small[phase];
    const why = BOUNDED_BY[phase] === undefined ? '' : ` (${BOUNDED_BY[phase]})`;
    return `${phase} ×${ratio.toFixed(1)}${why}`;
  });
  return `n ×${factor}: ${phases.join(', ')}`;
}
