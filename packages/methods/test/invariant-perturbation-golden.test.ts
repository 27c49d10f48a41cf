import { loadOnnxModel } from '@xai/backend-onnx';
import type { Tensor } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import {
  type InvariantPerturbationOptions,
  invariantPerturbation,
} from '../src/perturbation/invariant-perturbation.js';
import { golden as goldenOf } from './golden-images.js';
import { logPerImage } from './golden-suite.js';
import { pearsonPerSample } from './pearson.js';
import { expectWithinSeedSpread, meanPearsonWithSeeds } from './seed-spread.js';

// A torch port of the authors' TensorFlow 1 notebook (github sato9hara/PertMap at 7cd830a) on the
// fixture MLP, images 0 and 50, 200 steps, C = pixel 1 in model units: see
// fixtures/invariant-perturbation/README.md.
const images = [0, 50];
const D = 784;
const C = 1 / 0.3530242495426238;
const golden = (file: string): Tensor => goldenOf('invariant-perturbation', file);

async function explain(
  options: Partial<InvariantPerturbationOptions> & { seed?: number },
): Promise<Tensor> {
  const model = await loadOnnxModel(fixtureModelPath('mlp'));
  const all = loadFixtureInputs();
  const data = new Float32Array(images.length * D);
  for (const [j, i] of images.entries()) data.set(all.data.subarray(i * D, (i + 1) * D), j * D);
  try {
    return await invariantPerturbation.explain(
      model,
      { data, shape: [2, 1, 28, 28] },
      {
        target: 'predicted',
        seed: 0,
        steps: 200,
        upperBound: C,
        ...options,
      },
    );
  } finally {
    await model.dispose();
  }
}

describe("invariant-perturbation 'reference-code' against a port of the authors' notebook, MLP", {
  timeout: 120_000,
}, () => {
  it("with xai's noise fed to the port: per-image Pearson >= 0.999; the paper preset (logit hinge, 0.1 d) is far off", async () => {
    const port = golden('invariant-perturbation.mlp.xai-noise.npy');
    const ours = pearsonPerSample((await explain({ preset: 'reference-code' })).data, port.data, D);
    const logits = pearsonPerSample((await explain({ preset: 'paper' })).data, port.data, D);
    logPerImage('Pearson with the port:', {
      'reference-code': ours,
      'paper (logit hinge)': logits,
    });
    for (const v of ours) expect(v).toBeGreaterThanOrEqual(0.999);
    for (const v of logits) expect(v).toBeLessThan(0.99);
  });

  it('with the notebook own numpy noise: within the spread between its seeds', async () => {
    const seeds = [0, 1, 2].map((s) => golden(`invariant-perturbation.mlp.numpy-${s}.npy`).data);
    const pairs = [
      [0, 1],
      [0, 2],
      [1, 2],
    ].map(([a, b]) => pearsonPerSample(seeds[a!]!, seeds[b!]!, D));
    const lowest = images.map((_, j) => Math.min(...pairs.map((r) => r[j]!)));
    const ours = await explain({ preset: 'reference-code', seed: 5 });
    expectWithinSeedSpread('notebook seeds:', meanPearsonWithSeeds(ours.data, seeds, D), lowest);
  });
});
