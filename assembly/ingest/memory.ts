// Growable raw arrays for the ingest core: the stub runtime never frees, so a table grows by
// reallocation (in place when it is the last block) and its new room is cleared here.

/** `pointer`'s block of `oldBytes` grown to `newBytes`, the new bytes set to `fill`. */
export function grown(pointer: usize, oldBytes: usize, newBytes: usize, fill: u8 = 0): usize {
  const moved = pointer == 0 ? heap.alloc(newBytes) : heap.realloc(pointer, newBytes);
  memory.fill(moved + oldBytes, fill, newBytes - oldBytes);
  return moved;
}

/** A block of `bytes` bytes set to `fill`. */
export function cleared(bytes: usize, fill: u8 = 0): usize {
  const pointer = heap.alloc(bytes);
  memory.fill(pointer, fill, bytes);
  return pointer;
}
