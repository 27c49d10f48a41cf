import { readFileSync } from 'node:fs';
import { loadOnnxModel } from '@xai/backend-onnx';
import { npyToTensor, type Tensor } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs, loadFixtureLabels } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { type BigOptions, big } from '../src/path/big.js';
import { pearsonPerSample } from './pearson.js';

// The BIG code of github LMBTough/ISA at 8da1747 on the fixture models, images 0, 25, 50, 75
// (pixels, the model wrapped as normalise-net-softmax), their labels: fixtures/big/README.md.
const images = [0, 25, 50, 75];
const D = 784;
const normalization = { mean: [0.2860406021939525], std: [0.3530242495426238] };
const golden = (file: string): Tensor =>
  npyToTensor(new Uint8Array(readFileSync(new URL(`./fixtures/big/${file}`, import.meta.url))));
const fmt = (r: number[]) => r.map((v) => v.toFixed(5)).join(' ');

async function explain(name: 'cnn' | 'resnet', options: Partial<BigOptions>): Promise<Tensor> {
  const model = await loadOnnxModel(fixtureModelPath(name));
  const all = loadFixtureInputs();
  const labels = loadFixtureLabels();
  const data = new Float32Array(images.length * D);
  for (const [j, i] of images.entries()) data.set(all.data.subarray(i * D, (i + 1) * D), j * D);
  try {
    const x: Tensor = { data, shape: [images.length, 1, 28, 28] };
    const target = images.map((i) => labels[i]!);
    return await big.explain(model, x, { target, normalization, ...options });
  } finally {
    await model.dispose();
  }
}

/** The largest |ours - theirs| over the largest |theirs|, per image. */
function relativeError(a: Tensor, b: Tensor): number[] {
  return images.map((_, j) => {
    let worst = 0;
    let scale = 0;
    for (let i = j * D; i < (j + 1) * D; i++) {
      worst = Math.max(worst, Math.abs(a.data[i]! - b.data[i]!));
      scale = Math.max(scale, Math.abs(b.data[i]!));
    }
    return worst / scale;
  });
}

describe.each(['cnn', 'resnet'] as const)(
  "big 'reference-code' against the authors' code, %s",
  { timeout: 60_000 },
  (name) => {
    it('gradient cleared (the default): per-image Pearson >= 0.999', async () => {
      const ours = await explain(name, { preset: 'reference-code' });
      const theirs = golden(`big.${name}.fixed.npy`);
      const r = pearsonPerSample(ours.data, theirs.data, D);
      console.log(
        name,
        'fixed: Pearson',
        fmt(r),
        'max rel. error',
        fmt(relativeError(ours, theirs)),
      );
      for (const v of r) expect(v).toBeGreaterThanOrEqual(0.999);
    });

    it("authorsBugs ['grad-accumulation']: per-image Pearson >= 0.999 with the code as published", async () => {
      const ours = await explain(name, {
        preset: 'reference-code',
        authorsBugs: ['grad-accumulation'],
      });
      const theirs = golden(`big.${name}.grad-accumulation.npy`);
      const fixed = golden(`big.${name}.fixed.npy`);
      const r = pearsonPerSample(ours.data, theirs.data, D);
      const apart = pearsonPerSample(fixed.data, theirs.data, D);
      console.log(
        name,
        'bug: Pearson',
        fmt(r),
        'max rel. error',
        fmt(relativeError(ours, theirs)),
        '| fixed vs bug in their code',
        fmt(apart),
      );
      for (const v of r) expect(v).toBeGreaterThanOrEqual(0.999);
    });
  },
);
