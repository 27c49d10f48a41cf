import { sliceBatch } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { loadOnnxModel } from '../src/index.js';
import { directionalCheck, randn } from './helpers/directional.js';

describe.each(['cnn', 'resnet'] as const)('vjp and jvp of the %s fixture', (name) => {
  it('agree with each other and with central differences of forward', async () => {
    const model = await loadOnnxModel(fixtureModelPath(name), { maxBatchSize: 5 });
    try {
      const clean = sliceBatch(loadFixtureInputs(), 0, 12);
      // The images have flat backgrounds, hence exact ties in max-pool windows where the
      // network is not differentiable; a little noise moves x off those kinks.
      const noise = randn(clean.shape, 3, 0, 0.05);
      const x = { data: clean.data.map((v, i) => v + noise.data[i]!), shape: clean.shape };
      const r = await directionalCheck(model, x, { seed: 7, step: 1e-4 });
      console.log(name, r.vjpVsJvp, r.jvpVsFd, r.vjpVsFd, r.medianJvpVsFd);
      // vjp and jvp are exact transposes of each other (float32 rounding only).
      expect(r.vjpVsJvp).toBeLessThan(1e-5);
      // These networks have a kink every few 1e-4 along a random direction (ReLUs near 0,
      // near-ties in max-pool windows), and float32 rounds steps much below 1e-4: a central
      // difference is good to about 1% (measured: median 1.1-1.3%, worst 3.5-7%).
      expect(r.medianJvpVsFd).toBeLessThan(0.03);
      expect(r.jvpVsFd).toBeLessThan(0.15);
      expect(r.vjpVsFd).toBeLessThan(0.1);
    } finally {
      await model.dispose();
    }
  });
});
