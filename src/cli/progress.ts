import { formatCount } from '../format.js';

/**
 * Progress of a long read on stderr: a line rewritten in place on a terminal, a line per
 * tenth of the file otherwise (CI logs, pipes).
 */
export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const interactive = stream.isTTY === true;
  let lastDraw = 0;
  let lastTenth = -1;
  let drawn = false;
  return {
    update(bytesRead: number, totalBytes: number | undefined, rowsRead: number): void {
      const share = totalBytes ? bytesRead / totalBytes : 0;
      const line = () =>
        `${label}: ${totalBytes ? `${(share * 100).toFixed(0)}% of ${formatBytes(totalBytes)}` : formatBytes(bytesRead)}, ${formatCount(rowsRead)} rows`;
      if (interactive) {
        const now = Date.now();
        if (now - lastDraw < 250) return;
        lastDraw = now;
        stream.write(`\r${line()}\x1b[K`);
        drawn = true;
      } else {
        const tenth = Math.floor(share * 10);
        if (tenth === lastTenth) return;
        lastTenth = tenth;
        stream.write(`${line()}\n`);
      }
    },
    done(): void {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
