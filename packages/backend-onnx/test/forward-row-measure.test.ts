import { fixtureModelPath } from '@xai/fixtures';
import * as ort from 'onnxruntime-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadOnnxModel } from '../src/index.js';
import { fixtureRows } from './helpers/fixture-rows.js';

afterEach(() => vi.restoreAllMocks());

const MiB = 2 ** 20;

/**
 * Resident memory as the model sees it, faked: a run of more rows than any before grows it
 * by `perRow` for each new row (as a runtime's arena grows, then reuses); returns the batch
 * sizes of the forward session's runs.
 */
function fakeResidentMemory(perRow: number) {
  let resident = 1e9;
  vi.spyOn(process.memoryUsage, 'rss').mockImplementation(() => resident);
  const sessions = ort.InferenceSession as unknown as {
    prototype: { run: (feeds: Record<string, ort.Tensor>, ...rest: unknown[]) => unknown };
  };
  const run = sessions.prototype.run;
  const batches: number[] = [];
  let most = 0;
  return {
    batches,
    watch() {
      vi.spyOn(sessions.prototype, 'run').mockImplementation(function (
        this: unknown,
        feeds: Record<string, ort.Tensor>,
        ...rest: unknown[]
      ) {
        const rows = Number(Object.values(feeds)[0]!.dims[0]);
        batches.push(rows);
        resident += Math.max(0, rows - most) * perRow;
        most = Math.max(most, rows);
        return run.call(this, feeds, ...rest);
      });
    },
  };
}

describe("a forward row's cost, measured under a caller's bound", () => {
  it('runs a quarter of the first large pass, then plans the rest on what a row cost', async () => {
    const memory = fakeResidentMemory(50 * MiB);
    const model = await loadOnnxModel(fixtureModelPath('resnet'), { memoryLimitBytes: 1024 * MiB });
    const free = await loadOnnxModel(fixtureModelPath('resnet'));
    try {
      const x = fixtureRows(40);
      await model.forward({ data: x.data.subarray(0, 784), shape: [1, 1, 28, 28] }); // the probe
      memory.watch();
      const logits = await model.forward(x);
      // 40 rows fit the estimate (well under 1 MiB a row): 10 are run to measure, they grow
      // memory by 50 MiB a row, so the bound's 1024 MiB less the 500 held take 10 a pass.
      expect(memory.batches).toEqual([10, 10, 10, 10]);
      memory.batches.length = 0;
      await model.forward(x);
      expect(memory.batches).toEqual([10, 10, 10, 10]);
      const reference = await free.forward(x);
      for (let i = 0; i < logits.data.length; i++) {
        expect(Math.abs(logits.data[i]! - reference.data[i]!)).toBeLessThan(1e-5);
      }
    } finally {
      await model.dispose();
      await free.dispose();
    }
  }, 60_000);

  it('keeps the estimate when rows cost less, and measures nothing without a bound', async () => {
    const memory = fakeResidentMemory(0);
    const bounded = await loadOnnxModel(fixtureModelPath('resnet'), {
      memoryLimitBytes: 1024 * MiB,
    });
    const free = await loadOnnxModel(fixtureModelPath('resnet'));
    try {
      const x = fixtureRows(40);
      await bounded.forward({ data: x.data.subarray(0, 784), shape: [1, 1, 28, 28] });
      await free.forward({ data: x.data.subarray(0, 784), shape: [1, 1, 28, 28] });
      memory.watch();
      await bounded.forward(x);
      await bounded.forward(x);
      await free.forward(x);
      // Bounded: 10 to measure, then the 30 left in one pass; afterwards one pass of 40.
      expect(memory.batches).toEqual([10, 30, 40, 40]);
    } finally {
      await bounded.dispose();
      await free.dispose();
    }
  }, 60_000);
});
