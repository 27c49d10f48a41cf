import { describe, expect, it } from 'vitest';
import { pacedBatches } from './paced-batches.js';

/** Runs the paced loop with a fake clock where each sample costs `msPerRow`. */
function ranges(total: number, msPerRow: number, bytes = 4, bounds = {}, targetMs = 250) {
  const options = { ...bounds, onProgress: () => {} };
  let clock = 0;
  const out: Array<[number, number]> = [];
  for (const r of pacedBatches(total, bytes, options, targetMs, () => clock)) {
    out.push(r);
    clock += (r[1] - r[0]) * msPerRow;
  }
  return out;
}

describe('pacedBatches', () => {
  it('covers every sample once, in order', () => {
    for (const [total, ms] of [
      [0, 1],
      [1, 1],
      [1000, 0.01],
      [4000, 3],
      [37, 1000],
    ] as const) {
      const r = ranges(total, ms);
      expect(r.map(([s]) => s)).toEqual(r.map((_, i) => (i === 0 ? 0 : r[i - 1]![1])));
      expect(r.at(-1)?.[1] ?? 0).toBe(total);
    }
  });

  it('keeps each chunk near the target time once it has measured the speed', () => {
    const r = ranges(4000, 3); // 3 ms a sample: about 83 samples per 250 ms
    const late = r.slice(5).slice(0, -1);
    expect(late.length).toBeGreaterThan(5);
    for (const [s, e] of late) expect((e - s) * 3).toBeLessThanOrEqual(250);
    for (const [s, e] of late) expect((e - s) * 3).toBeGreaterThan(200);
  });

  it('grows at most 4x a step and stops at the memory bound', () => {
    const r = ranges(10_000, 0.001, 100, { memoryLimitBytes: 100 * 64 });
    const sizes = r.map(([s, e]) => e - s);
    expect(sizes.slice(0, 4)).toEqual([1, 4, 16, 64]);
    expect(Math.max(...sizes)).toBe(64);
  });

  it("is planBatches' plan when nobody listens (no onProgress, no signal)", () => {
    const plain = [...pacedBatches(10, 4, { maxBatchSize: 4 })];
    expect(plain).toEqual([
      [0, 4],
      [4, 8],
      [8, 10],
    ]);
    const listened = [
      ...pacedBatches(10, 4, { maxBatchSize: 4, signal: new AbortController().signal }),
    ];
    expect(listened[0]).toEqual([0, 1]);
  });

  it('takes one sample at a time when one sample is slower than the target', () => {
    expect(ranges(5, 1000).map(([s, e]) => e - s)).toEqual([1, 1, 1, 1, 1]);
  });
});
