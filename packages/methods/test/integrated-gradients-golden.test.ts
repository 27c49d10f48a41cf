import { describe, expect, it } from 'vitest';
import { integratedGradients } from '../src/path/integrated-gradients.js';
import { explainGoldenImages, fmt, golden, relativeErrorPerImage } from './golden-images.js';
import { pearsonPerSample } from './pearson.js';

// The ISA repository's IG (github LMBTough/ISA at 8da1747, `saliency/core/ig.py`: Captum 0.7.0's
// IntegratedGradients) on the fixture models, images 0, 25, 50, 75 as one batch (pixels, the
// model wrapped as normalise-net-softmax), their labels: fixtures/integrated-gradients/README.md.
describe.each(['cnn', 'resnet'] as const)(
  "integrated-gradients 'reference-code' against the ISA repository's code, %s",
  { timeout: 60_000 },
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
      console.log(
        name,
        'max rel. error',
        fmt(rel),
        '| paper preset',
        fmt(paperRel),
        'Pearson',
        fmt(r),
      );
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
        console.log(name, JSON.stringify(change), fmt(rel));
        expect(Math.max(...rel)).toBeGreaterThan(1e-3);
      }
    });
  },
);
