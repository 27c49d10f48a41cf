import { planBatches } from './batching.js';
import type { RunOptions } from './progress.js';

/** How long one chunk of a paced loop aims to take: progress at least 4 times a second. */
export const defaultChunkMs = 250;

/**
 * Consecutive `[start, end)` ranges over `total` samples, like `planBatches`, but sized by
 * time: the first range is one sample, and each next one is sized from the time the
 * caller took on the previous (the time between two `next()` calls) to last about
 * `targetMs`, growing at most 4x a step and never past the memory bound. A loop that
 * reports progress and checks its abort signal per range then does both several times a
 * second whatever the model's speed, while fast models still get large batches.
 * Results must not depend on the ranges (every caller accumulates per sample). With no
 * `onProgress` and no `signal` nobody is waiting on the loop, so the ranges are
 * `planBatches`' (the fewest model calls).
 */
export function* pacedBatches(
  total: number,
  bytesPerSample: number,
  options: RunOptions = {},
  targetMs = defaultChunkMs,
  now: () => number = () => performance.now(),
): Generator<[number, number], void, undefined> {
  const planned = planBatches(total, bytesPerSample, options);
  if (!options.onProgress && !options.signal) {
    yield* planned;
    return;
  }
  // The largest range the bounds allow: planBatches' first.
  const cap = planned[0]?.[1] ?? 0;
  let size = 1;
  for (let s = 0; s < total; ) {
    const e = Math.min(total, s + size);
    const t0 = now();
    yield [s, e];
    const ms = now() - t0;
    const rows = e - s;
    const wanted = ms > 0 ? Math.floor((rows * targetMs) / ms) : 4 * rows;
    size = Math.max(1, Math.min(cap, 4 * rows, wanted));
    s = e;
  }
}
