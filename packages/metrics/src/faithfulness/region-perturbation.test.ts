import { createRng, type Tensor } from '@xai/core';
import { linearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { regionPerturbation } from './region-perturbation.js';

// A 4x4 single-channel image in four 2x2 regions; linear logits, class 0 = w . x.
const w = Float64Array.from(
  { length: 16 },
  (_, i) => [3, 1, -2, 0.5][Math.floor(i / 8) * 2 + (Math.floor(i / 2) % 2)]!,
);
const model = linearModel(
  [1, 4, 4],
  Float64Array.from([...w, ...new Float64Array(16)]),
  new Float64Array(2),
);
const x: Tensor = {
  data: Float32Array.from({ length: 16 }, (_, i) => ((i * 7) % 16) / 15),
  shape: [1, 1, 4, 4],
};
/** The 2x2 region (0..3, row-major) of flat pixel i of a 4x4 image. */
const region = (i: number) => Math.floor(Math.floor(i / 4) / 2) * 2 + Math.floor((i % 4) / 2);
const contributions: Tensor = { data: x.data.map((v, i) => v * w[i]!), shape: x.shape };

describe('region perturbation', () => {
  it('replaces regions in relevance order with seeded uniform noise and reports the AOPC', async () => {
    const r = await regionPerturbation.evaluate(model, x, contributions, {
      target: 0,
      patchSize: 2,
      order: 'morf',
      seed: 3,
    });
    // Independently: region relevance sums, MoRF order, the same draws region by region.
    const rel = [0, 0, 0, 0];
    contributions.data.forEach((v, i) => {
      rel[region(i)]! += v;
    });
    const order = [0, 1, 2, 3].sort((a, b) => rel[b]! - rel[a]! || a - b);
    const rng = createRng(3, 0);
    const img = Array.from(x.data);
    const f = () => img.reduce((s, v, i) => s + v * w[i]!, 0);
    const values = [f()];
    for (const r0 of order) {
      for (let i = 0; i < 16; i++) if (region(i) === r0) img[i] = rng.uniform(); // range [0, 1] here
      values.push(f());
    }
    const aopc = values.reduce((s, v) => s + (values[0]! - v), 0) / 5;
    expect(r.scores[0]).toBeCloseTo(aopc, 4);
    expect(r.higherIsBetter).toBe(true);
  });

  it('MoRF beats LeRF for the exact contributions', async () => {
    // Regions of ones with weights 3, 1, -2 and a region of zeros with weight 0.5: noise of
    // mean 0.5 lowers f by about 6 and 2 in the first two and raises it in the others, so
    // MoRF's AOPC is about (0 + 6 + 8 + 7 + 3) / 5 and LeRF's about (0 - 4 - 5 - 3 + 3) / 5.
    const ones: Tensor = {
      data: Float32Array.from(w, (_, i) => (region(i) === 3 ? 0 : 1)),
      shape: x.shape,
    };
    const c: Tensor = { data: ones.data.map((v, i) => v * w[i]!), shape: x.shape };
    const inOrder = (order: 'morf' | 'lerf') =>
      regionPerturbation.evaluate(model, ones, c, { target: 0, patchSize: 2, order });
    const morf = await inOrder('morf');
    const lerf = await inOrder('lerf');
    expect(morf.scores[0]).toBeGreaterThan(2);
    expect(lerf.scores[0]).toBeLessThan(0);
    expect(lerf.higherIsBetter).toBe(false);
  });

  it('rejects a patch larger than the image', async () => {
    await expect(
      regionPerturbation.evaluate(model, x, contributions, { target: 0, patchSize: 5 }),
    ).rejects.toThrow(/patchSize.*\[1, 4\].*5/);
  });
});
