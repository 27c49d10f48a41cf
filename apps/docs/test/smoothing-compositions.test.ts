/** The smoothing compositions example (docs/examples/methods/smoothing-compositions.ts) runs. */
import { loadOnnxModel } from '@xai/backend-onnx';
import type { Tensor } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { smoothGrad } from '@xai/methods';
import { describe, expect, it } from 'vitest';
import {
  aIgBlack,
  explainCompositions,
  sGi,
} from '../../../docs/examples/methods/smoothing-compositions.js';

describe('docs/examples/methods/smoothing-compositions.ts', () => {
  it('gives finite maps shaped like the images, S-GI equal to the named inner', async () => {
    const inputs = loadFixtureInputs();
    const x: Tensor = { data: inputs.data.slice(0, 2 * 784), shape: [2, 1, 28, 28] };
    const maps = await explainCompositions(fixtureModelPath('cnn'), x);
    expect(Object.keys(maps)).toEqual(['smoothGuided', 'noisyGradCam', 'sGi', 'aIgBlack']);
    for (const [name, map] of Object.entries(maps)) {
      expect(map.shape, name).toEqual(x.shape);
      expect(map.data.every(Number.isFinite), name).toBe(true);
      expect(
        map.data.some((v) => v !== 0),
        name,
      ).toBe(true);
    }
    // VarGrad's reduction is a variance: never negative.
    expect(maps.smoothGuided!.data.every((v) => v >= 0)).toBe(true);
    expect(sGi.name).toBe('smooth-grad(gradient-x-input)');
    expect(aIgBlack.name).toBe('adapt-grad(integrated-gradients)');
    const model = await loadOnnxModel(fixtureModelPath('cnn'));
    try {
      const named = await smoothGrad.explain(model, x, {
        target: 'predicted',
        seed: 1,
        samples: 10,
        inner: 'gradient-x-input',
      });
      expect(maps.sGi!.data).toEqual(named.data);
    } finally {
      await model.dispose();
    }
  }, 60_000);
});
