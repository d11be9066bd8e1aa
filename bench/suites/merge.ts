/**
 * A dataset fed one upload a day: segmentation reads every partial and merges them. The
 * bench file's rows cut into 200 runs in file order (its dates ascend: one run per "day"),
 * each ingested as an upload of its own, against the same rows as one upload.
 */
import { readFileSync } from 'node:fs';
import { ingestStream } from '../../src/ingest/ingest.js';
import { PartialMerger, type PartialAggregate } from '../../src/partial.js';
import { jsonText } from '../../src/storage/storage.js';
import { benchFile, emit, ingestFile, peakRssMiB, time } from '../harness.js';

const ROWS = 541_909;
const UPLOADS = 200;
const file = await benchFile(ROWS);

const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
const perUpload = Math.ceil(lines.length / UPLOADS);
const daily: string[] = [];
for (let day = 0; day < UPLOADS; day++) {
  const bytes = Buffer.from([header, ...lines.slice(day * perUpload, (day + 1) * perUpload)].join('\n'));
  const key = `uploads/bench/day-${String(day).padStart(3, '0')}.csv`;
  // A day alone may not tell day from month: the dataset's configuration says, as it would in use.
  const { partial } = await ingestStream(
    (async function* () {
      yield bytes;
    })(),
    { dataset: 'bench', sourceKey: key, fileName: key, config: { dateOrder: 'month-first' } },
  );
  daily.push(jsonText(partial, 0)); // as stored
}
const whole = [jsonText(await ingestFile(file), 0)];

/** What segmentation does with a dataset's stored partials (segment-dataset.ts's readInputs, storage aside). */
function readAndMerge(texts: readonly string[]): PartialAggregate {
  const merger = new PartialMerger('bench');
  for (const text of texts) merger.add(JSON.parse(text) as PartialAggregate);
  return merger.result();
}

const merged = readAndMerge(daily);
const customers = Object.keys(merged.customers).length;
if (customers !== Object.keys(readAndMerge(whole).customers).length) throw new Error('the daily uploads hold other customers than the whole file');
const many = await time(() => readAndMerge(daily), { runs: 7 });
const one = await time(() => readAndMerge(whole), { runs: 7 });
const parseOnly = await time(() => daily.map((text) => JSON.parse(text) as unknown), { runs: 7 });
const mib = (texts: readonly string[]) => texts.reduce((sum, text) => sum + text.length, 0) / 2 ** 20;

emit([
  {
    suite: 'merge',
    phase: `partials of ${UPLOADS} daily uploads (${ROWS.toLocaleString('en')} rows, ${customers.toLocaleString('en')} customers) parsed and merged`,
    segmintMs: many.medianMs,
    baseline: { name: 'the same rows as one upload', ms: one.medianMs },
    peakRssMiB: peakRssMiB(),
    note:
      `${mib(daily).toFixed(1)} MiB of partials against ${mib(whole).toFixed(1)} MiB, of which JSON.parse ${(parseOnly.medianMs / 1000).toFixed(2)} s ` +
      `(medians of 7); merged one at a time into kept totals (PartialMerger): merged two at a time, as before 2026-12-07, every record held so far was rebuilt per upload, 3.7 s here`,
  },
]);
