/**
 * Group ids (non-negative integers: cluster labels, tree roots) renumbered 0..count−1 in order
 * of first appearance: the first item's group is 0, the next new group 1, and so on. A lookup
 * array rather than a map: a million customers are renumbered several times a run.
 */
export function byFirstAppearance(groups: ArrayLike<number>): { labels: Int32Array; count: number } {
  let max = -1;
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i];
    if (!(Number.isSafeInteger(group) && group >= 0)) throw new RangeError(`byFirstAppearance: group ${group} at ${i} is not a non-negative integer`);
    if (group > max) max = group;
  }
  const number = new Int32Array(max + 1).fill(-1);
  const labels = new Int32Array(groups.length);
  let count = 0;
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i];
    if (number[group] < 0) number[group] = count++;
    labels[i] = number[group];
  }
  return { labels, count };
}
