import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/format.js';

describe('formatCount', () => {
  it('separates thousands with commas', () => {
    expect([0, 7, 999, 1000, 12_345, 541_909, 1_000_000, -4_372].map(formatCount)).toEqual([
      '0',
      '7',
      '999',
      '1,000',
      '12,345',
      '541,909',
      '1,000,000',
      '-4,372',
    ]);
  });

  it('writes every safe integer as en-US toLocaleString does, but -0 as 0', () => {
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => formatCount(n) === (n + 0).toLocaleString('en-US')));
    expect(formatCount(-0)).toBe('0');
  });
});
