import type { Tensor } from '@xai/core';
import { randomQuadraticModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { guidedBackprop } from '../backward/guided-backprop.js';
import { gradientXInput } from '../gradient/gradient-x-input.js';
import { integratedGradients } from '../path/integrated-gradients.js';
import { adaptGrad } from './adapt-grad.js';
import { composeSmoothing } from './compose-smoothing.js';
import { smoothGrad } from './smooth-grad.js';

const shape = [2, 2, 3];
const x: Tensor = {
  data: Float32Array.from({ length: 24 }, (_, i) => Math.cos(0.7 * i)),
  shape: [2, ...shape],
};
const model = randomQuadraticModel(shape, 2, 3);
const run = { target: [1, 0], seed: 4, samples: 5 } as const;

describe('composeSmoothing', () => {
  it('S-GI and A-IG(B) as compositions equal the named inners of SmoothGrad and AdaptGrad', async () => {
    const sGi = composeSmoothing(smoothGrad, gradientXInput);
    expect(sGi.name).toBe('smooth-grad(gradient-x-input)');
    expect(Object.keys(sGi.defaults)).not.toContain('inner');
    expect(Object.keys(sGi.defaults)).not.toContain('steps');
    const a = await sGi.explain(model, x, run);
    const b = await smoothGrad.explain(model, x, { ...run, inner: 'gradient-x-input' });
    expect(a.data).toEqual(b.data);

    const aIg = composeSmoothing(adaptGrad, integratedGradients, { baseline: 'black', steps: 6 });
    const domain = { mean: [0.5, 0.25], std: [0.5, 0.25] };
    const c = await aIg.explain(model, x, { ...run, domain, preset: 'reference-code' });
    const d = await adaptGrad.explain(model, x, {
      ...run,
      domain,
      preset: 'reference-code',
      inner: 'integrated-gradients',
      baseline: 'black',
      steps: 6,
    });
    expect(c.data).toEqual(d.data);
    expect(c.data).not.toEqual(a.data);
  });

  it('checks the inner options when composing and its own options when run', async () => {
    expect(() => composeSmoothing(smoothGrad, integratedGradients, { stpes: 4 } as never)).toThrow(
      /option of 'integrated-gradients'.*'stpes'; did you mean 'steps'\?/,
    );
    const sIg = composeSmoothing(smoothGrad, integratedGradients, { steps: 4 });
    await expect(sIg.explain(model, x, { ...run, steps: 8 } as never)).rejects.toMatchObject({
      code: 'UNKNOWN_OPTION',
      message: expect.stringMatching(/option of 'smooth-grad\(integrated-gradients\)'/),
    });
    const sGb = composeSmoothing(smoothGrad, guidedBackprop);
    expect(sGb.title).toBe('SmoothGrad over guided backpropagation');
  });
});
