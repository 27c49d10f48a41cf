import { defaultMemoryLimitBytes, planBatches } from '@xai/core';
import { describe, expect, it, vi } from 'vitest';
import { heldSince, passOptions, residentBytes, warnIfBelowHeld } from '../src/memory-budget.js';
import { memoryOptions } from '../src/session.js';

describe('the pass budget', () => {
  it('gives a pass what the bound leaves above what the process held, at least one row', () => {
    expect(passOptions({ memoryLimitBytes: 1000 }, 300, 50).memoryLimitBytes).toBe(700);
    expect(passOptions({ memoryLimitBytes: 1000 }, 990, 50).memoryLimitBytes).toBe(50);
  });

  it("keeps room for the caller's next batch, still at least one row", () => {
    expect(passOptions({ memoryLimitBytes: 1000 }, 300, 50, 200).memoryLimitBytes).toBe(500);
    expect(passOptions({ memoryLimitBytes: 1000 }, 900, 50, 200).memoryLimitBytes).toBe(50);
    // Without a caller's bound nothing is kept back.
    expect(passOptions({}, 300, 50, 200).memoryLimitBytes).toBeUndefined();
  });

  it('without a caller bound plans rows in the default bound, not counting what the model holds', () => {
    const MiB = 2 ** 20;
    const row = 9.8 * MiB; // a ResNet-50 forward row
    const plan = passOptions({}, 466 * MiB, row); // held beyond the default 256 MiB
    expect(plan.memoryLimitBytes).toBeUndefined();
    expect(planBatches(64, row, plan)[0]).toEqual([0, Math.floor(defaultMemoryLimitBytes / row)]);
    expect(passOptions({ maxBatchSize: 3 }, 0, 1).maxBatchSize).toBe(3);
  });

  it('plans the batches of ResNet-50 under 2 GB from the estimate and what is held', () => {
    const MiB = 2 ** 20;
    const bound = 2e9;
    // A forward row: its input (0.57 MiB) and two buffers of the largest activation.
    const forwardRow = 3 * 224 * 224 * 4 + 2 * 3.06 * MiB;
    // 550 MiB held (weights, sessions) leaves 1357 MiB: 202 rows.
    expect(
      planBatches(
        500,
        forwardRow,
        passOptions({ memoryLimitBytes: bound }, 550 * MiB, forwardRow),
      )[0],
    ).toEqual([0, 202]);
    // With a caller's chunk of 500 masked images and masks (508 MiB) held too: 126 rows.
    expect(
      planBatches(
        500,
        forwardRow,
        passOptions({ memoryLimitBytes: bound }, 1058 * MiB, forwardRow),
      )[0],
    ).toEqual([0, 126]);
    // Held beyond the bound: one row a pass.
    expect(
      planBatches(3, forwardRow, passOptions({ memoryLimitBytes: bound }, 2100 * MiB, forwardRow)),
    ).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  it("reads Node's resident memory and what it grew by since a mark", () => {
    const rss = residentBytes();
    expect(rss).toBeGreaterThan(1e6);
    expect(Math.abs(rss - process.memoryUsage().rss)).toBeLessThan(64 * 2 ** 20);
    const mark = residentBytes();
    const block = new Float64Array(32 * 2 ** 17).fill(1); // 32 MiB, touched
    expect(heldSince(mark)).toBeGreaterThan(24 * 2 ** 20);
    expect(block[block.length - 1]).toBe(1);
    expect(heldSince(rss + 2 ** 40)).toBe(0);
  });

  it("turns ONNX Runtime's memory pattern off only under a bound the caller set", () => {
    expect(memoryOptions({ memoryLimitBytes: 2e9 })).toEqual({ enableMemPattern: false });
    expect(memoryOptions({})).toEqual({});
  });
});

describe('the warning when the bound is below what the model holds', () => {
  it('names the smallest bound that holds one row, once, and only under a bound the caller set', () => {
    const MiB = 2 ** 20;
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const seen = { warned: false };
      expect(warnIfBelowHeld(seen, 'resnet50.onnx', 256 * MiB, 550 * MiB, 7 * MiB)).toBe(true);
      expect(emit).toHaveBeenCalledTimes(1);
      const message = String(emit.mock.calls[0]![0]);
      expect(message).toContain('received 256 MiB');
      expect(message).toContain('what resnet50.onnx holds');
      expect(message).toContain('it holds 550 MiB');
      expect(message).toContain('557 MiB or more');
      expect(warnIfBelowHeld(seen, 'resnet50.onnx', 256 * MiB, 550 * MiB, 7 * MiB)).toBe(false);
      expect(warnIfBelowHeld({ warned: false }, 'm', 2000 * MiB, 550 * MiB, 7 * MiB)).toBe(false);
      expect(warnIfBelowHeld({ warned: false }, 'm', undefined, 550 * MiB, 7 * MiB)).toBe(false);
      expect(emit).toHaveBeenCalledTimes(1);
    } finally {
      emit.mockRestore();
    }
  });
});
