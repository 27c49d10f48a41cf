import { expect, it } from 'vitest';
import { fastIg } from '../src/path/fast-ig.js';
import { explainGoldenImages, golden, relativeErrorPerImage } from './golden-images.js';
import { describeOnGoldenModels, logPerImage } from './golden-suite.js';
import { pearsonPerSample } from './pearson.js';

// The ISA repository's Fast-IG (github LMBTough/ISA at 8da1747) on the fixture models,
// images 0, 25, 50, 75 (pixels, the model wrapped as normalise-net-softmax), their labels:
// fixtures/fast-ig/README.md.
describeOnGoldenModels("fast-ig 'reference-code' against the ISA repository's code", (name) => {
  it('per-image Pearson >= 0.999 (their float32 loss is flat near confident images: 1.2e-4 relative at worst); the paper preset is another map', async () => {
    const theirs = golden('fast-ig', `fast-ig.${name}.npy`);
    const ours = await explainGoldenImages(fastIg, name, { preset: 'reference-code' });
    const rel = relativeErrorPerImage(ours, theirs);
    const paper = relativeErrorPerImage(
      await explainGoldenImages(fastIg, name, { preset: 'paper' }),
      theirs,
    );
    const r = pearsonPerSample(ours.data, theirs.data, 784);
    logPerImage(name, { Pearson: r, 'max rel. error': rel, 'paper preset': paper });
    for (const v of r) expect(v).toBeGreaterThanOrEqual(0.999);
    for (const v of paper) expect(v).toBeGreaterThan(0.1);
  });
});
