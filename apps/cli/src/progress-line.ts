import type { OnProgress, ProgressEvent } from '@xai/core';

/** `m:ss` (or `h:mm:ss`) for a duration in milliseconds. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * One progress line: what runs, done/total and percent, elapsed, and the ETA from the
 * rate so far (none before the first unit is done).
 */
export function formatProgress(
  label: string,
  e: ProgressEvent | undefined,
  elapsedMs: number,
): string {
  const elapsed = `${formatDuration(elapsedMs)} elapsed`;
  if (!e) return `${label}: starting, ${elapsed}`;
  const pct = e.total > 0 ? Math.floor((100 * e.done) / e.total) : 0;
  const eta =
    e.done > 0 && e.total > e.done
      ? `, ETA ${formatDuration((elapsedMs * (e.total - e.done)) / e.done)}`
      : '';
  return `${label}: ${e.phase} ${e.done}/${e.total} (${pct}%), ${elapsed}${eta}`;
}

export interface ProgressLine {
  readonly onProgress: OnProgress;
  /** Clears the line and stops the clock (idempotent). */
  done(): void;
}

/**
 * A one-line progress display on stderr, redrawn in place on every event and by a clock
 * every half second (so elapsed time moves even inside a long step); silent when stderr
 * is not a terminal (unless XAI_PROGRESS=always, for logs and tests) or when quiet, so
 * logs and `--json` output stay clean.
 */
export function progressLine(
  label: string,
  quiet: boolean,
  stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY'> = process.stderr,
  now: () => number = () => performance.now(),
  tickMs = 500,
): ProgressLine {
  const active = !quiet && (stream.isTTY === true || process.env.XAI_PROGRESS === 'always');
  const started = now();
  let last: ProgressEvent | undefined;
  let drawn = false;
  const draw = () => {
    stream.write(`\r${formatProgress(label, last, now() - started)}\x1b[K`);
    drawn = true;
  };
  const clock = active ? setInterval(draw, tickMs) : undefined;
  clock?.unref();
  return {
    onProgress(e) {
      last = e;
      if (active) draw();
    },
    done() {
      if (clock) clearInterval(clock);
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
