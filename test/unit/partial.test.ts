import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestStream, InputError } from '../../src/ingest/ingest.js';
import { emptyPartial, PartialMerger, type CustomerAggregate, type PartialAggregate } from '../../src/partial.js';

/**
 * Rows drawn from small sets so that generated uploads share customers, invoices,
 * products, timestamps and countries, and hit every cleaning rule.
 */
const row = fc.tuple(
  fc.constantFrom('536365', '536366', '536367', 'C536368', 'A1'),
  fc.constantFrom('85123A', '71053', '22633', 'POST', 'gift_0001_20', 'M'),
  fc.constantFrom('', 'WHITE HEART', 'white heart', 'LANTERN, METAL', 'Zebra "Z"'),
  fc.constantFrom('6', '1', '12', '-2', '0', '3.0', 'x'),
  fc.constantFrom('12/1/10 8:26', '12/1/2010 08:26', '12/2/10 9:00', '2010-12-01 07:00:00', '2010-12-01T08:26', '13/1/10 8:26'),
  fc.constantFrom('2.55', '1.5', '0.001', '0', '-1', 'abc'),
  fc.constantFrom('17850', '17850.0', '12583', '13047', '', 'NA'),
  fc.constantFrom('United Kingdom', 'France', 'EIRE', 'Germany'),
  fc.boolean(), // true: drop the last field, a malformed row
);
type Row = typeof row extends fc.Arbitrary<infer T> ? T : never;

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

function csv(rows: readonly Row[]): string {
  const lines = rows.map(([...cells]) => {
    const short = cells.pop() as boolean;
    const fields = (cells as string[]).map((f) => (/[",]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f));
    return (short ? fields.slice(0, -1) : fields).join(',');
  });
  return [HEADER, ...lines].join('\n');
}

/** The upload's partial; null when it is rejected because none of its rows parses (it then has no partial). */
async function partialOf(rows: readonly Row[], sourceKey: string): Promise<PartialAggregate | null> {
  const bytes = Buffer.from(csv(rows));
  async function* source() {
    yield bytes;
  }
  // One order for the whole dataset, as its configuration would fix it: each upload alone
  // would tell day from month by its own rows (13/1/10 says day-first), and two uploads
  // read differently do not merge into the reading of both together.
  const config = { dateOrder: 'month-first' as const };
  try {
    const { partial } = await ingestStream(source(), { dataset: 'retail', sourceKey, fileName: sourceKey, config });
    return partial;
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
}

/** The partials merged, in the order given. */
function merged(...partials: PartialAggregate[]): PartialAggregate {
  const merger = new PartialMerger(partials[0].dataset);
  for (const partial of partials) merger.add(partial);
  return merger.result();
}

/** The partials of uploads none of which is rejected; otherwise the run does not count. */
function accepted(partials: (PartialAggregate | null)[]): PartialAggregate[] {
  fc.pre(partials.every((p) => p !== null));
  return partials as PartialAggregate[];
}

const sameRow = (a: Row, b: Row) => a.every((v, i) => v === b[i]);
/**
 * Three uploads drawn from one small pool of rows, so that exact duplicates are common
 * within an upload and across uploads.
 */
const uploads = fc.array(row, { minLength: 1, maxLength: 16 }).chain((pool) => {
  const upload = fc.array(fc.nat({ max: pool.length - 1 }), { maxLength: 30 }).map((picks) => picks.map((i) => pool[i]));
  return fc.tuple(upload, upload, upload);
});

describe('PartialMerger over ingested uploads', () => {
  /*
   * Duplicates are dropped within one upload only, so merge(p(A), p(B)) = p(A ++ B)
   * holds exactly when no row of B repeats a row of A (a row of A ++ B repeating an
   * earlier one would be dropped there but kept in p(B)). Apart from `sources`, which
   * is the union of the two uploads' keys instead of the one key of A ++ B.
   */
  it('merge(p(A), p(B)) equals p(A ++ B) when B repeats no row of A', async () => {
    await fc.assert(
      fc.asyncProperty(uploads, async ([a, b]) => {
        const bOnly = b.filter((r) => !a.some((s) => sameRow(r, s)));
        const [pa, pb, whole] = accepted([await partialOf(a, 'a.csv'), await partialOf(bOnly, 'b.csv'), await partialOf([...a, ...bOnly], 'ab.csv')]);
        // Compared as JSON too, so key order (canonical output) must match as well.
        expect(JSON.stringify(merged(pa, pb))).toBe(JSON.stringify({ ...whole, sources: ['a.csv', 'b.csv'] }));
      }),
      { numRuns: 1000 },
    );
  });

  it('is commutative and associative', async () => {
    await fc.assert(
      fc.asyncProperty(uploads, async ([a, b, c]) => {
        const [pa, pb, pc] = accepted(await Promise.all([partialOf(a, 'a.csv'), partialOf(b, 'b.csv'), partialOf(c, 'c.csv')]));
        expect(JSON.stringify(merged(pa, pb))).toBe(JSON.stringify(merged(pb, pa)));
        expect(JSON.stringify(merged(merged(pa, pb), pc))).toBe(JSON.stringify(merged(pa, merged(pb, pc))));
        expect(JSON.stringify(merged(pa, pb, pc))).toBe(JSON.stringify(merged(merged(pa, pb), pc)));
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves the partials added, and a result already read, as they were', async () => {
    await fc.assert(
      fc.asyncProperty(uploads, async ([a, b, c]) => {
        const partials = accepted(await Promise.all([partialOf(a, 'a.csv'), partialOf(b, 'b.csv'), partialOf(c, 'c.csv')]));
        const before = structuredClone(partials);
        const merger = new PartialMerger('retail');
        merger.add(partials[0]);
        const first = merger.result();
        const firstBefore = structuredClone(first);
        merger.add(partials[1]);
        merger.add(partials[2]);
        merger.add(partials[0]);
        merger.result();
        expect(partials).toEqual(before);
        expect(first).toEqual(firstBefore);
      }),
      { numRuns: 300 },
    );
  });

  it('gives one partial as the fold of it with nothing would: no merging, the same result', async () => {
    await fc.assert(
      fc.asyncProperty(uploads, async ([a]) => {
        const [pa] = accepted([await partialOf(a, 'a.csv')]);
        const alone = merged(pa);
        expect(JSON.stringify(alone)).toBe(JSON.stringify(merged(pa, emptyPartial('retail'))));
        expect(alone).toEqual(pa);
        expect(alone.customers).not.toBe(pa.customers);
      }),
      { numRuns: 300 },
    );
  });

  it('sees rows of every rule in the generated uploads', async () => {
    const samples = fc.sample(uploads, { numRuns: 50, seed: 42 });
    const { input } = (await partialOf(samples.flat(2), 's.csv'))!;
    for (const count of Object.values(input.dropped)) expect(count).toBeGreaterThan(0);
    expect(input.rowsKept).toBeGreaterThan(0);
  });
});

describe('a cancellation in a later upload than its order', () => {
  // Rows outside the generators' pools: one order and its cancellation.
  const order = ['536365', '85123A', 'WHITE HEART', '6', '12/1/10 8:26', '2.55', '17850', 'United Kingdom', false] as unknown as Row;
  const cancellation = ['C536365', '85123A', 'WHITE HEART', '-6', '12/9/10 10:00', '2.55', '17850', 'United Kingdom', false] as unknown as Row;

  it('is counted as a return, as in one file: the order stays a purchase (cleaning rule 2)', async () => {
    const [a, b, both] = await Promise.all([
      partialOf([order], 'uploads/retail/december.csv'),
      partialOf([cancellation], 'uploads/retail/january.csv'),
      partialOf([order, cancellation], 'uploads/retail/december.csv'),
    ]);
    const { customers } = merged(a!, b!);
    expect(customers['17850']).toEqual(both!.customers['17850']);
    expect(customers['17850']).toMatchObject({
      invoices: ['536365'],
      lines: 1,
      revenueE4: 6 * 25_500,
      returnLines: 1,
      returnQuantity: 6,
      returnValueE4: 6 * 25_500,
    });
    expect(merged(a!, b!).input.dropped.returns).toBe(1);
  });
});

describe('PartialMerger', () => {
  it('refuses a partial of another dataset, naming both', async () => {
    const merger = new PartialMerger('retail');
    const partial = (await partialOf([], 'a.csv'))!;
    expect(() => merger.add({ ...partial, dataset: 'wholesale' })).toThrow('cannot merge partials of datasets "retail" and "wholesale"');
  });

  it('puts the records of a lone partial whose keys are out of order in order, as any merge', () => {
    const customer = (revenueE4: number): CustomerAggregate => ({
      country: 'France', firstSeen: 0, firstPurchase: 0, lastPurchase: 0, invoices: ['1'], products: ['P'], lines: 1, quantity: 1,
      revenueE4, unitPriceSumE4: revenueE4, returnLines: 0, returnQuantity: 0, returnValueE4: 0,
    });
    const partial: PartialAggregate = { ...emptyPartial('retail'), customers: { b: customer(1), 20: customer(2), a: customer(3), 3: customer(4) } };
    expect(Object.keys(merged(partial).customers)).toEqual(['3', '20', 'a', 'b']);
    const ordered: PartialAggregate = { ...partial, customers: { 20: customer(2), 3: customer(4), a: customer(3), b: customer(1) } };
    expect(merged(ordered)).toEqual(ordered);
  });

  it('gives the empty partial when nothing was added', () => {
    expect(new PartialMerger('retail').result()).toEqual(emptyPartial('retail'));
  });
});
