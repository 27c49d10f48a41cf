// Timing for the measuring processes of the benchmarks.
import { performance } from 'node:perf_hooks';

/** The median wall milliseconds of `repeat` awaited calls, after two untimed warm-up calls. */
export async function medianMs(call, repeat) {
  const times = [];
  for (let i = 0; i < repeat + 2; i++) {
    const t0 = performance.now();
    await call();
    if (i >= 2) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
