import type { OnProgress } from '@xai/core';

/**
 * A one-line progress display on stderr, redrawn in place; silent when stderr is not a
 * terminal or when quiet, so logs and `--json` output stay clean.
 */
export function progressLine(
  label: string,
  quiet: boolean,
  stream: NodeJS.WriteStream = process.stderr,
): { onProgress: OnProgress; done(): void } {
  const active = !quiet && stream.isTTY === true;
  let drawn = false;
  return {
    onProgress(e) {
      if (!active) return;
      const pct = e.total > 0 ? Math.floor((100 * e.done) / e.total) : 0;
      stream.write(`\r${label}: ${e.phase} ${e.done}/${e.total} (${pct}%)\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
