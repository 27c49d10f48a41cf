import type { Tensor } from '@xai/core';
import { expect, it } from 'vitest';
import { rise } from '../src/perturbation/rise.js';
import { explainGoldenImages, GOLDEN_D, GOLDEN_IMAGES, golden } from './golden-images.js';
import { describeOnGoldenModels, logPerImage } from './golden-suite.js';
import { expectWithinSeedSpread, lowestSeedPair, meanPearsonWithSeeds } from './seed-spread.js';

// The RISE authors' code (github eclique/RISE at d91ea00) on the fixture models, images 0, 25,
// 50, 75, their labels, three NumPy seeds each: the paper's N, s, p (rise.<model>.seed<s>.npy)
// and their evaluation notebook's (rise.<model>.reference-code.seed<s>.npy):
// fixtures/rise/README.md. Stochastic: xai (its own streams, seed 5) must agree with each of
// their maps, on average over their seeds, at least as well as their two least alike seeds agree.
const seeds = [0, 1, 2];

/** Per image: the mean Pearson of `ours` with their seeds, and their lowest seed pair. */
function againstSpread(ours: Tensor, prefix: string) {
  const theirs = seeds.map((s) => golden('rise', `${prefix}.seed${s}.npy`).data);
  const pairs = golden('rise', `${prefix}.seed-pairs-pearson.npy`).data; // [3 pairs, 4 images]
  return {
    mean: meanPearsonWithSeeds(ours.data, theirs, GOLDEN_D),
    lowest: lowestSeedPair(pairs, GOLDEN_IMAGES.length),
  };
}

describeOnGoldenModels(
  "rise presets against the authors' code",
  (name) => {
    it("'paper' (the default) lies within the spread of their seeds at the paper's N, s, p", async () => {
      const ours = await explainGoldenImages(rise, name, { preset: 'paper', seed: 5 });
      const { mean, lowest } = againstSpread(ours, `rise.${name}`);
      expectWithinSeedSpread(`${name} paper:`, mean, lowest);
    });

    it("'reference-code' lies within the spread of their seeds at their notebook's N, s, p; 'paper' does not", async () => {
      const ours = await explainGoldenImages(rise, name, { preset: 'reference-code', seed: 5 });
      const { mean, lowest } = againstSpread(ours, `rise.${name}.reference-code`);
      const paper = againstSpread(
        await explainGoldenImages(rise, name, { preset: 'paper', seed: 5 }),
        `rise.${name}.reference-code`,
      );
      logPerImage(`${name} reference-code:`, { 'paper preset, mean Pearson': paper.mean });
      expectWithinSeedSpread(`${name} reference-code:`, mean, lowest);
      // The paper's p = 0.5 makes other maps: outside their spread on 3 or 4 of the images (on
      // the ResNet's image 50 their own seeds agree at 0.19 only, so nothing falls outside).
      const outside = paper.mean.filter((v, j) => v < lowest[j]!).length;
      expect(outside).toBeGreaterThanOrEqual(3);
    });
  },
  120_000,
);
