import { readFileSync } from 'node:fs';
import { loadOnnxModel } from '@xai/backend-onnx';
import { npyToTensor, type Tensor } from '@xai/core';
import { fixtureModelPath, loadFixtureInputs } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { type AdaptGradOptions, adaptGrad, adaptGradNoise } from '../src/smoothing/adapt-grad.js';
import { relativeDistancePerImage } from './golden-images.js';

// The authors' code (github AiShare-WHU/AdaptGrad at dbd957c) on the fixture MLP, images 0, 25,
// 50, 75, the predicted class, c = 0.95, N = 50: fixtures/adapt-grad/README.md says how.
const images = [0, 25, 50, 75];
const D = 784;
const mean = 0.2860406021939525;
const std = 0.3530242495426238;
const normalization = { mean: [mean], std: [std] }; // pixel bounds 0 and 1, as their MNIST runs
const golden = (file: string): Tensor =>
  npyToTensor(
    new Uint8Array(readFileSync(new URL(`./fixtures/adapt-grad/${file}`, import.meta.url))),
  );
const fmt = (r: number[]) => r.map((v) => v.toFixed(5)).join(' ');

function fixtureBatch(): Tensor {
  const all = loadFixtureInputs();
  const data = new Float32Array(images.length * D);
  for (const [j, i] of images.entries()) data.set(all.data.subarray(i * D, (i + 1) * D), j * D);
  return { data, shape: [images.length, 1, 28, 28] };
}

async function explain(options: Partial<AdaptGradOptions> & { seed: number }): Promise<Tensor> {
  const model = await loadOnnxModel(fixtureModelPath('mlp'));
  try {
    return await adaptGrad.explain(model, fixtureBatch(), {
      target: 'predicted',
      normalization,
      ...options,
    });
  } finally {
    await model.dispose();
  }
}

describe("adapt-grad 'reference-code' against the authors' code, MLP", { timeout: 60_000 }, () => {
  it('sigma: sqrt(2) erfinv(c) as in their code, to 1e-6 relative', () => {
    const x = fixtureBatch();
    const ref = golden('adapt-grad.mlp.sigma.npy');
    const ours = adaptGradNoise(x, {
      confidence: 0.95,
      normalization,
      sigmaDenominator: 'erfinv(c)',
    });
    const eq13 = adaptGradNoise(x, { confidence: 0.95, normalization });
    let worst = 0;
    for (let b = 0; b < images.length; b++) {
      const s = ours(b) as Float32Array;
      const p = eq13(b) as Float32Array;
      for (let i = 0; i < D; i++) {
        const r = ref.data[b * D + i]!;
        worst = Math.max(worst, Math.abs(s[i]! - r) / Math.max(r, 1e-30));
        // z(0.9875) / z(0.975) = 2.241402727604947 / 1.959963984540054: their sigma over eq. 13's.
        if (r > 0) expect(r / p[i]!).toBeCloseTo(1.1435939, 5);
      }
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('maps: N = 50 within the spread of their seeds around their N = 2000 map; N = 2000 close to it, the paper preset not', async () => {
    // Relative distance ||a - b|| / ||b|| per image. (Pearson is above 0.998 for every pair
    // here, as the MLP's gradient changes little under the noise, and cannot tell them apart.)
    const centre = golden('adapt-grad.mlp.n2000.npy');
    const theirs = [0, 1, 2].map((s) => golden(`adapt-grad.mlp.seed${s}.npy`));
    const widest = images.map((_, j) =>
      Math.max(...theirs.map((t) => relativeDistancePerImage(t, centre)[j]!)),
    );
    const toCentre = (t: Tensor) => relativeDistancePerImage(t, centre);
    const ours = toCentre(await explain({ preset: 'reference-code', seed: 1 }));
    const ours2000 = toCentre(await explain({ preset: 'reference-code', seed: 1, samples: 2000 }));
    const paper2000 = toCentre(await explain({ preset: 'paper', seed: 1, samples: 2000 }));
    console.log(
      'distance to their N = 2000 map: ours N = 50',
      fmt(ours),
      '| their N = 50 seeds, widest',
      fmt(widest),
    );
    console.log('N = 2000: reference-code', fmt(ours2000), '| paper', fmt(paper2000));
    for (const [j, v] of ours.entries()) expect(v).toBeLessThanOrEqual(widest[j]!);
    for (const [j, v] of ours2000.entries()) expect(v).toBeLessThan(paper2000[j]!);
  });
});
