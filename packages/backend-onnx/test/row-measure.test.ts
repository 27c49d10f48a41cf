import { fixtureModelPath } from '@xai/fixtures';
import * as ort from 'onnxruntime-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadOnnxModel, type OnnxModel } from '../src/index.js';
import { fixtureRows } from './helpers/fixture-rows.js';

afterEach(() => vi.restoreAllMocks());

const MiB = 2 ** 20;

/**
 * Resident memory as the model sees it, faked: a run of more rows than any before grows it
 * by `perRow` for each new row (as a runtime's arena grows, then reuses); returns the batch
 * sizes of the sessions' runs once `watch` is called.
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

type Rows = ReturnType<typeof fixtureRows>;
/** A pass over `x`, its result as one array (logits, or the input gradient of logit 3). */
type Pass = (model: OnnxModel, x: Rows) => Promise<Float32Array>;

const cotangent = (rows: number) => ({
  data: Float32Array.from({ length: rows * 10 }, (_, i) => (i % 10 === 3 ? 1 : 0)),
  shape: [rows, 10],
});
const passes: Array<[string, Pass]> = [
  ['forward', async (m, x) => (await m.forward(x)).data],
  ['gradient', async (m, x) => (await m.vjp(x, cotangent(x.shape[0]!))).grad.data],
];
/** One row first: the probe, and for the gradient the graph's build (its shape probe runs). */
const firstRow = (x: Rows) => ({ data: x.data.subarray(0, 784), shape: [1, 1, 28, 28] });

describe.each(passes)("a %s row's cost, measured under a caller's bound", (_kind, pass) => {
  it('runs a quarter of the first large pass, then plans the rest on what a row cost', async () => {
    const memory = fakeResidentMemory(50 * MiB);
    const model = await loadOnnxModel(fixtureModelPath('resnet'), { memoryLimitBytes: 1024 * MiB });
    const free = await loadOnnxModel(fixtureModelPath('resnet'));
    try {
      const x = fixtureRows(40);
      await pass(model, firstRow(x));
      memory.watch();
      const got = await pass(model, x);
      // 40 rows fit the estimate (well under 1 MiB a row): 10 are run to measure, they grow
      // memory by 50 MiB a row, so the bound's 1024 MiB less the 500 held take 10 a pass.
      expect(memory.batches).toEqual([10, 10, 10, 10]);
      memory.batches.length = 0;
      await pass(model, x);
      expect(memory.batches).toEqual([10, 10, 10, 10]);
      const reference = await pass(free, x);
      for (let i = 0; i < got.length; i++) {
        expect(Math.abs(got[i]! - reference[i]!)).toBeLessThan(1e-5);
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
      await pass(bounded, firstRow(x));
      await pass(free, firstRow(x));
      memory.watch();
      await pass(bounded, x);
      await pass(bounded, x);
      await pass(free, x);
      // Bounded: 10 to measure, then the 30 left in one pass; afterwards one pass of 40.
      expect(memory.batches).toEqual([10, 30, 40, 40]);
    } finally {
      await bounded.dispose();
      await free.dispose();
    }
  }, 60_000);
});
