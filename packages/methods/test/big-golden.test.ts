import type { Tensor } from '@xai/core';
import { expect, it } from 'vitest';
import { type BigOptions, big } from '../src/path/big.js';
import {
  fixtureNormalization,
  GOLDEN_D,
  golden as goldenOf,
  onGoldenImages,
  relativeErrorPerImage as relativeError,
} from './golden-images.js';
import { describeOnGoldenModels, logPerImage } from './golden-suite.js';
import { pearsonPerSample } from './pearson.js';

// The BIG code of github LMBTough/ISA at 8da1747 on the fixture models, images 0, 25, 50, 75
// (pixels, the model wrapped as normalise-net-softmax), their labels: fixtures/big/README.md.
const D = GOLDEN_D;
const golden = (file: string): Tensor => goldenOf('big', file);

async function explain(name: 'cnn' | 'resnet', options: Partial<BigOptions>): Promise<Tensor> {
  return onGoldenImages(name, (model, x, target) =>
    big.explain(model, x, { target, normalization: fixtureNormalization, ...options }),
  );
}

describeOnGoldenModels("big 'reference-code' against the authors' code", (name) => {
  it('gradient cleared (the default): per-image Pearson >= 0.999', async () => {
    const ours = await explain(name, { preset: 'reference-code' });
    const theirs = golden(`big.${name}.fixed.npy`);
    const r = pearsonPerSample(ours.data, theirs.data, D);
    logPerImage(name, { 'fixed: Pearson': r, 'max rel. error': relativeError(ours, theirs) });
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
    logPerImage(name, {
      'bug: Pearson': r,
      'max rel. error': relativeError(ours, theirs),
      'fixed vs bug in their code': apart,
    });
    for (const v of r) expect(v).toBeGreaterThanOrEqual(0.999);
  });
});
