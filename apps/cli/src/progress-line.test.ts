import type { Model, ProgressEvent, Tensor } from '@xai/core';
import { randomLinearModel } from '@xai/core/testing';
import { getMethod } from '@xai/methods';
import { describe, expect, it } from 'vitest';
import { formatDuration, formatProgress, progressLine } from './progress-line.js';

/** A model that takes `msPerRow` of wall time per sample, like a big network on a CPU. */
function slowModel(inner: Model, msPerRow: number): Model {
  const wait = (x: Tensor) => new Promise((r) => setTimeout(r, msPerRow * x.shape[0]!));
  return {
    inputShape: inner.inputShape,
    numClasses: inner.numClasses,
    forward: async (x) => {
      await wait(x);
      return inner.forward(x);
    },
    vjp: async (x, u) => {
      await wait(x);
      return inner.vjp(x, u);
    },
    jvp: async (x, v) => {
      await wait(x);
      return inner.jvp(x, v);
    },
  };
}

describe('progress line', () => {
  it('formats what runs, done/total, elapsed and the ETA', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(61_400)).toBe('1:01');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatProgress('rise', { phase: 'mask', done: 1000, total: 4000 }, 10_000)).toBe(
      'rise: mask 1000/4000 (25%), 0:10 elapsed, ETA 0:30',
    );
    expect(formatProgress('rise', undefined, 2_000)).toBe('rise: starting, 0:02 elapsed');
  });

  it('redraws on a clock, so elapsed time moves between events, and clears at the end', async () => {
    const writes: string[] = [];
    const stream = { isTTY: true, write: (s: string) => writes.push(s) > 0 };
    let clock = 0;
    const line = progressLine('rise', false, stream as never, () => clock, 20);
    line.onProgress({ phase: 'mask', done: 1, total: 4 });
    clock = 3000;
    await new Promise((r) => setTimeout(r, 70));
    line.done();
    expect(writes[0]).toMatch(/rise: mask 1\/4 \(25%\), 0:00 elapsed/);
    expect(writes.some((w) => /0:03 elapsed, ETA 0:09/.test(w))).toBe(true);
    expect(writes.at(-1)).toBe('\r\x1b[K');
    const n = writes.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(writes.length).toBe(n); // the clock stopped
    const quiet: string[] = [];
    const q = progressLine('x', true, {
      isTTY: true,
      write: (s: string) => quiet.push(s) > 0,
    } as never);
    q.onProgress({ phase: 'p', done: 1, total: 2 });
    q.done();
    expect(quiet).toEqual([]);
  });

  // A fake slow model (3 ms a sample): each method must report at least once a second.
  for (const [name, options] of [
    ['rise', { masks: 600, gridSize: 4 }],
    ['integrated-gradients', { steps: 400 }],
    ['occlusion', { window: 1 }],
  ] as const) {
    it(`${name} reports progress at least once a second on a slow model`, async () => {
      const model = slowModel(randomLinearModel([1, 24, 24], 3, 2), 3);
      const x = {
        data: Float32Array.from({ length: 576 }, (_, i) => (i % 7) / 7),
        shape: [1, 1, 24, 24],
      };
      const times: number[] = [performance.now()];
      const events: ProgressEvent[] = [];
      await getMethod(name).explain(model, x, {
        ...options,
        target: 0,
        onProgress: (e: ProgressEvent) => {
          events.push(e);
          times.push(performance.now());
        },
      });
      const total = times.at(-1)! - times[0]!;
      expect(total).toBeGreaterThan(1000); // long enough for the check to mean something
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      expect(Math.max(...gaps)).toBeLessThan(1000);
      expect(events.at(-1)!.done).toBe(events.at(-1)!.total);
    }, 30_000);
  }
});
