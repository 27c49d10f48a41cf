import { readFileSync } from 'node:fs';
import { npyToTensor, oneHotRows, sliceBatch } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs, loadFixtureLabels } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { loadOnnxModel } from '../src/index.js';

// Made by scripts/make_gradient_golden.py: torch (float64) gradients of the label logit.
const golden = (name: string) =>
  npyToTensor(
    new Uint8Array(readFileSync(new URL(`./fixtures/${name}.grad.npy`, import.meta.url))),
  );

describe.each(['cnn', 'resnet'] as const)('vjp of the %s fixture against torch', (name) => {
  it('matches the torch input gradient of the label logit on 16 samples', async () => {
    const model = await loadOnnxModel(fixtureModelPath(name));
    try {
      const ref = golden(name);
      const x = sliceBatch(loadFixtureInputs(), 0, 16);
      const labels = loadFixtureLabels().slice(0, 16);
      const { grad } = await model.vjp(x, oneHotRows(labels, 10));
      expect(grad.shape).toEqual(ref.shape);
      let scale = 0;
      let worst = 0;
      for (let i = 0; i < ref.data.length; i++) {
        scale = Math.max(scale, Math.abs(ref.data[i]!));
        worst = Math.max(worst, Math.abs(ref.data[i]! - grad.data[i]!));
      }
      console.log(name, 'max |grad - torch| / max |torch|', worst / scale);
      expect(worst / scale).toBeLessThan(1e-4);
    } finally {
      await model.dispose();
    }
  });
});
