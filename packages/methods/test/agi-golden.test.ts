import { expect, it } from 'vitest';
import { type AgiOptions, agi } from '../src/path/agi.js';
import { explainGoldenImages, golden, relativeErrorPerImage } from './golden-images.js';
import { describeOnGoldenModels, logPerImage } from './golden-suite.js';
import { pearsonPerSample } from './pearson.js';

// The ISA repository's AGI (github LMBTough/ISA at 8da1747) on the fixture models, images
// 0, 25, 50, 75 one at a time (pixels, the model normalise-net), explaining the prediction,
// the class list patched to ten classes (all of 0..8): fixtures/agi/README.md.
const explain = (name: 'cnn' | 'resnet', options: Partial<AgiOptions>) =>
  explainGoldenImages(agi, name, { target: 'predicted', ...options });
const tenClassList = [0, 1, 2, 3, 4, 5, 6, 7, 8];

describeOnGoldenModels("agi 'reference-code' against the ISA repository's code", (name) => {
  it('steps from the input (their fgsm_step(image, ...)): 1e-4 relative per image', async () => {
    const ours = await explain(name, { preset: 'reference-code', classList: tenClassList });
    const theirs = golden('agi', `agi.${name}.step-from-input.npy`);
    const rel = relativeErrorPerImage(ours, theirs);
    logPerImage(name, { "stepFrom 'input': max rel. error": rel });
    for (const v of rel) expect(v).toBeLessThan(1e-4);
  });

  it("stepFrom 'path' matches their code patched to step from the previous point: 1e-4 relative", async () => {
    const ours = await explain(name, {
      preset: 'reference-code',
      classList: tenClassList,
      stepFrom: 'path',
    });
    const theirs = golden('agi', `agi.${name}.step-from-path.npy`);
    const rel = relativeErrorPerImage(ours, theirs);
    const asPublished = relativeErrorPerImage(
      ours,
      golden('agi', `agi.${name}.step-from-input.npy`),
    );
    logPerImage(name, { "stepFrom 'path': max rel. error": rel, 'vs input': asPublished });
    for (const v of rel) expect(v).toBeLessThan(1e-4);
    for (const v of asPublished) expect(v).toBeGreaterThan(0.05);
  });

  it('the default (k = 1 at random) is another map than their 9 classes', async () => {
    const ours = await explain(name, {});
    const theirs = golden('agi', `agi.${name}.step-from-input.npy`);
    const r = pearsonPerSample(ours.data, theirs.data, 784);
    logPerImage(name, { 'default vs their code: Pearson': r });
    expect(Math.min(...r)).toBeLessThan(0.99);
  });

  it("the preset's ImageNet list is refused on ten classes, naming the fix", async () => {
    await expect(explain(name, { preset: 'reference-code' })).rejects.toThrow(
      /classList entries to be class indices in \[0, 9\].*received 58.*pass your own classList/,
    );
  });
});
