import { fixtureModelPath } from '@xai/fixtures';
import * as ort from 'onnxruntime-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadOnnxModel } from '../src/index.js';
import { fixtureRows } from './helpers/fixture-rows.js';

afterEach(() => vi.restoreAllMocks());

const MiB = 2 ** 20;

/**
 * Resident memory as the model sees it, faked: the caller's live batches, plus an arena that
 * takes new blocks for a run of more rows than any before (`perRow` each, the old blocks kept,
 * as ONNX Runtime's arena did on ViT-B/16). Records the most it reached during a run.
 */
function fakeMemory(perRow: number) {
  const state = { caller: 0, arena: 0, most: 0, peak: 0 };
  vi.spyOn(process.memoryUsage, 'rss').mockImplementation(() => 1e9 + state.caller + state.arena);
  const sessions = ort.InferenceSession as unknown as {
    prototype: { run: (feeds: Record<string, ort.Tensor>, ...rest: unknown[]) => unknown };
  };
  const run = sessions.prototype.run;
  vi.spyOn(sessions.prototype, 'run').mockImplementation(function (
    this: unknown,
    feeds: Record<string, ort.Tensor>,
    ...rest: unknown[]
  ) {
    const n = Number(Object.values(feeds)[0]!.dims[0]);
    if (n > state.most) state.arena += n * perRow;
    state.most = Math.max(state.most, n);
    state.peak = Math.max(state.peak, state.caller + state.arena);
    return run.call(this, feeds, ...rest);
  });
  return state;
}

describe("room for a caller's next batch under a bound", () => {
  it('keeps a method that makes a fresh batch per image within the bound', async () => {
    const memory = fakeMemory(0.2 * MiB);
    const bound = 96 * MiB;
    const model = await loadOnnxModel(fixtureModelPath('resnet'), { memoryLimitBytes: bound });
    try {
      const batchBytes = 4000 * 784 * 4; // 12 MiB, as RISE's masked copies of one image
      let previous = 0;
      for (let image = 0; image < 3; image++) {
        // The new batch is made before JavaScript collects the one it replaces.
        memory.caller = previous + batchBytes;
        const logits = await model.forward(fixtureRows(4000));
        expect(logits.shape).toEqual([4000, 10]);
        previous = batchBytes;
        memory.caller = batchBytes;
      }
      expect(memory.peak).toBeLessThanOrEqual(bound);
    } finally {
      await model.dispose();
    }
  }, 120_000);
});
