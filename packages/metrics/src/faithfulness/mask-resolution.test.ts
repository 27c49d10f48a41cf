import { jsKernels, type Tensor } from '@xai/core';
import { linearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { logitCurve } from '../../test/helpers/curve-options.js';
import { perturbationCurves } from '../shared/perturbation-curve.js';

// A 4x4 image of ones and a linear logit over all pixels with distinct weights.
const w = Float64Array.from({ length: 16 }, (_, i) => 1 + ((i * 5) % 16));
const model = linearModel(
  [1, 4, 4],
  Float64Array.from([...w, ...new Float64Array(16)]),
  new Float64Array(2),
);
const x: Tensor = { data: new Float32Array(16).fill(1), shape: [1, 1, 4, 4] };
const a: Tensor = { data: Float32Array.from(w), shape: [1, 1, 4, 4] };

describe("insertion/deletion at a mask resolution (I-GOS's variant)", () => {
  it('at the image resolution is the pixel curve', async () => {
    const pixel = await perturbationCurves(model, x, a, 'deletion', {
      ...logitCurve,
      pixelsPerStep: 2,
    });
    const grid = await perturbationCurves(model, x, a, 'deletion', {
      ...logitCurve,
      pixelsPerStep: 2,
      maskResolution: 4,
    });
    expect(Array.from(grid.curves.data)).toEqual(Array.from(pixel.curves.data));
  });

  it('on a 2x2 grid removes the cell with the largest mean saliency first, through the upsampled mask', async () => {
    const r = await perturbationCurves(model, x, a, 'deletion', {
      ...logitCurve,
      pixelsPerStep: 1,
      maskResolution: 2,
    });
    expect(r.curves.shape).toEqual([1, 5]);
    const cell = (i: number) => Math.floor(Math.floor(i / 4) / 2) * 2 + Math.floor((i % 4) / 2);
    const means = [0, 1, 2, 3].map((c) =>
      w.reduce((s, v, i) => (cell(i) === c ? s + v / 4 : s), 0),
    );
    const first = means.indexOf(Math.max(...means));
    const mask = new Float32Array(4).fill(1);
    mask[first] = 0;
    const up = await jsKernels.upsample({
      masks: { data: mask, shape: [1, 2, 2] },
      height: 4,
      width: 4,
    });
    const want = w.reduce((s, v, i) => s + v * up.data[i]!, 0);
    expect(r.curves.data[0]).toBeCloseTo(
      w.reduce((s, v) => s + v, 0),
      4,
    );
    expect(r.curves.data[1]).toBeCloseTo(want, 4);
    expect(r.curves.data[4]).toBeCloseTo(0, 6);
  });

  it('rejects a resolution larger than the image', async () => {
    await expect(
      perturbationCurves(model, x, a, 'deletion', { ...logitCurve, maskResolution: 5 }),
    ).rejects.toThrow(/maskResolution.*\[1, 4\].*5/);
  });
});
