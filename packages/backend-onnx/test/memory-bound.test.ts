import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import * as ort from 'onnxruntime-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadOnnxModel } from '../src/index.js';

afterEach(() => vi.restoreAllMocks());

describe('the memory bound on model passes', () => {
  it('splits forward and vjp into one row a pass below what the model holds, same numbers', async () => {
    const x = loadFixtureInputs();
    const rows = { data: x.data.subarray(0, 5 * 784), shape: [5, 1, 28, 28] };
    const u = { data: new Float32Array(50).fill(0.25), shape: [5, 10] };
    const tight = await loadOnnxModel(fixtureModelPath('resnet'), { memoryLimitBytes: 1 });
    const roomy = await loadOnnxModel(fixtureModelPath('resnet'), { memoryLimitBytes: 2 ** 33 });
    try {
      // First calls build the sessions and probe; count the runs of the calls after.
      await tight.vjp(rows, u);
      await roomy.vjp(rows, u);
      await tight.forward(rows);
      await roomy.forward(rows);
      // The runtime's class (its typings describe only the factory).
      const sessions = ort.InferenceSession as unknown as { prototype: { run: () => unknown } };
      const run = vi.spyOn(sessions.prototype, 'run');
      const f1 = await tight.forward(rows);
      expect(run).toHaveBeenCalledTimes(5);
      const g1 = await tight.vjp(rows, u);
      expect(run).toHaveBeenCalledTimes(10);
      const f2 = await roomy.forward(rows);
      const g2 = await roomy.vjp(rows, u);
      expect(run).toHaveBeenCalledTimes(12);
      expect(f1.shape).toEqual([5, 10]);
      for (let i = 0; i < f1.data.length; i++)
        expect(Math.abs(f1.data[i]! - f2.data[i]!)).toBeLessThan(1e-5);
      let worst = 0;
      let scale = 0;
      for (let i = 0; i < g1.grad.data.length; i++) {
        worst = Math.max(worst, Math.abs(g1.grad.data[i]! - g2.grad.data[i]!));
        scale = Math.max(scale, Math.abs(g2.grad.data[i]!));
      }
      expect(worst).toBeLessThan(1e-5 * scale);
    } finally {
      await tight.dispose();
      await roomy.dispose();
    }
  }, 30_000);
});
