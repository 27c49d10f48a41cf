import { expect, it } from 'vitest';
import { integratedGradients } from '../src/path/integrated-gradients.js';
import { explainGoldenImages, golden, relativeErrorPerImage } from './golden-images.js';
import { describeOnGoldenModels, logPerImage } from './golden-suite.js';
import { pearsonPerSample } from './pearson.js';

// The ISA repository's IG (github LMBTough/ISA at 8da1747, `saliency/core/ig.py`: Captum 0.7.0's
// IntegratedGradients) on the fixture models, images 0, 25, 50, 75 as one batch (pixels, the
// model wrapped as normalise-net-softmax), their labels: fixtures/integrated-gradients/README.md.
describeOnGoldenModels(
  "integrated-gradients 'reference-code' against the ISA repository's code",
  (name) => {
    it('1e-4 relative per image; the paper preset is another map', async () => {
      const theirs = golden('integrated-gradients', `integrated-gradients.${name}.npy`);
      const ours = await explainGoldenImages(integratedGradients, name, {
        preset: 'reference-code',
      });
      const rel = relativeErrorPerImage(ours, theirs);
      const paper = await explainGoldenImages(integratedGradients, name, { preset: 'paper' });
      const paperRel = relativeErrorPerImage(paper, theirs);
      const r = pearsonPerSample(paper.data, theirs.data, 784);
      logPerImage(name, { 'max rel. error': rel, 'paper preset': paperRel, 'paper Pearson': r });
      for (const v of rel) expect(v).toBeLessThan(1e-4);
      for (const v of paperRel) expect(v).toBeGreaterThan(0.1);
    });

    it('each of the three differences matters: one left at the paper value misses the golden', async () => {
      const theirs = golden('integrated-gradients', `integrated-gradients.${name}.npy`);
      for (const change of [
        { rule: 'trapezoid' },
        { baseline: 'zeros' },
        { objective: 'logit' },
      ] as const) {
        const ours = await explainGoldenImages(integratedGradients, name, {
          preset: 'reference-code',
          ...change,
        });
        const rel = relativeErrorPerImage(ours, theirs);
        logPerImage(name, { [JSON.stringify(change)]: rel });
        expect(Math.max(...rel)).toBeGreaterThan(1e-3);
      }
    });
  },
);
