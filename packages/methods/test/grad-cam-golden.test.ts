import { expect, it } from 'vitest';
import { gradCam } from '../src/backward/grad-cam.js';
import {
  explainGoldenImages,
  fmt,
  GOLDEN_D,
  golden,
  relativeErrorPerImage,
} from './golden-images.js';
import { describeOnGoldenModels } from './golden-suite.js';

// pytorch-grad-cam (github jacobgil/pytorch-grad-cam at 084273b) GradCAM on the fixture models,
// images 0, 25, 50, 75, their labels, at the layer xai picks as the last convolution:
// fixtures/grad-cam/README.md. Deterministic: 'reference-code' must match to 1e-4 relative.
describeOnGoldenModels('grad-cam presets against pytorch-grad-cam', (name) => {
  const theirs = golden('grad-cam', `grad-cam.${name}.reference-code.npy`);

  it("'reference-code' matches their maps within 1e-4 relative per image", async () => {
    const ours = await explainGoldenImages(gradCam, name, { preset: 'reference-code' });
    const rel = relativeErrorPerImage(ours, theirs);
    console.log(name, 'reference-code: relative error', fmt(rel));
    for (const r of rel) expect(r).toBeLessThanOrEqual(1e-4);
  });

  it("'paper' (the default) is not scaled to [0, 1], and differs from theirs by that scaling only", async () => {
    const paper = await explainGoldenImages(gradCam, name, {});
    expect(relativeErrorPerImage(paper, theirs).every((r) => r > 1e-2)).toBe(true);
    // Min-max is an increasing affine map per image and commutes with bilinear upsampling:
    // the paper's map, shifted and scaled by its own range, is theirs.
    const scaled = new Float32Array(paper.data.length);
    const maxima: number[] = [];
    for (let j = 0; j < 4; j++) {
      const m = paper.data.subarray(j * GOLDEN_D, (j + 1) * GOLDEN_D);
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const v of m) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      maxima.push(hi);
      for (let p = 0; p < GOLDEN_D; p++) scaled[j * GOLDEN_D + p] = (m[p]! - lo) / (hi - lo);
    }
    const rel = relativeErrorPerImage({ data: scaled, shape: paper.shape }, theirs);
    console.log(name, 'paper: map maxima', fmt(maxima), '| rescaled, relative error', fmt(rel));
    for (const r of rel) expect(r).toBeLessThanOrEqual(1e-4);
  });
});
