/**
 * V8 treats an object field that has been stored only once as a constant: code optimised
 * while it is reads the value it had, and is thrown away when the field changes. Ingest's
 * classes replace their typed arrays with larger ones as a file grows, and count each drop
 * reason from its first row; both happen thousands of rows in, after the hot loops were
 * optimised, and each first change discarded the optimised scanner and aggregation code, to
 * be profiled and compiled again. Storing such a field a second time, in the constructor,
 * tells V8 it changes before anything is compiled. The value stored in between is of the same
 * kind (an empty array of the same type, an empty view, a small integer, a boolean), so V8 still knows
 * what it holds.
 */
export function markMutable(object: object, fields: readonly string[]): void {
  const target = object as Record<string, boolean | number | Uint8Array | Int32Array | Float64Array | DataView>;
  for (const field of fields) {
    const value = target[field];
    if (typeof value === 'boolean') target[field] = !value;
    else if (typeof value === 'number') target[field] = value + 1;
    else if (value instanceof DataView) target[field] = new DataView(value.buffer, 0, 0);
    else target[field] = value.subarray(0, 0);
    target[field] = value;
  }
}
