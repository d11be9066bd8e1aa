/**
 * Numbers in messages, reports and charts, written as en-US writes them. By hand: the first
 * `toLocaleString` of a process loads ICU's number formats, about 20 ms that every ingest
 * and segmentation would pay for a few thousands separators.
 */

/** A whole number with its thousands separated by commas: 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  const digits = String(Math.abs(n));
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}
