import { expect, it } from 'vitest';
import { guidedIg } from '../src/path/guided-ig.js';
import { explainGoldenImages, golden, relativeErrorPerImage } from './golden-images.js';
import { describeOnGoldenModels, logPerImage } from './golden-suite.js';
import { pearsonPerSample } from './pearson.js';

// The ISA repository's Guided IG (PAIR's guided_ig.py; github LMBTough/ISA at 8da1747) on
// the fixture models, images 0, 25, 50, 75, their labels: fixtures/guided-ig/README.md.
describeOnGoldenModels("guided-ig 'reference-code' against the ISA repository's code", (name) => {
  it('per-image Pearson >= 0.999 with their code run in float64', async () => {
    const ours = await explainGoldenImages(guidedIg, name, { preset: 'reference-code' });
    const theirs = golden('guided-ig', `guided-ig.${name}.float64.npy`);
    const r = pearsonPerSample(ours.data, theirs.data, 784);
    const published = pearsonPerSample(
      golden('guided-ig', `guided-ig.${name}.float32.npy`).data,
      theirs.data,
      784,
    );
    logPerImage(name, {
      Pearson: r,
      'max rel. error': relativeErrorPerImage(ours, theirs),
      'their float32 vs float64': published,
    });
    for (const v of r) expect(v).toBeGreaterThanOrEqual(0.999);
  });
});
