import { describe, expect, it } from 'vitest';
import { randomReluNetwork } from './analytic/index.js';
import { shiftedInputModel } from './shifted-model.js';
import type { Tensor } from './tensor.js';

describe('shiftedInputModel', () => {
  const model = randomReluNetwork([1, 2, 2], 6, 3, 2);
  const x: Tensor = { data: Float32Array.from([0.1, 0.5, -0.3, 0.9]), shape: [1, 1, 2, 2] };
  const plus = (c: number): Tensor => ({ data: x.data.map((v) => v + c), shape: x.shape });

  it('computes f(x) at x + c, with the same gradient', async () => {
    const shifted = shiftedInputModel(model, -1);
    // (x - 1) + 1 rounds in float32, so agreement is to float32 precision.
    const want = (await model.forward(x)).data;
    for (const [i, v] of (await shifted.forward(plus(-1))).data.entries())
      expect(v).toBeCloseTo(want[i]!, 6);
    const u: Tensor = { data: Float32Array.from([1, -2, 0.5]), shape: [1, 3] };
    const g = await model.vjp(x, u);
    const gs = await shifted.vjp(plus(-1), u);
    for (let i = 0; i < 4; i++) expect(gs.grad.data[i]).toBeCloseTo(g.grad.data[i]!, 6);
  });

  it('keeps a forward-only model forward-only, and tiles a per-element shift', async () => {
    const forwardOnly = {
      inputShape: model.inputShape,
      numClasses: 3,
      forward: (t: Tensor) => model.forward(t),
    };
    const shifted = shiftedInputModel(forwardOnly, Float32Array.from([1, 2, 3, 4]));
    expect('vjp' in shifted).toBe(false);
    const y: Tensor = { data: x.data.map((v, i) => v + i + 1), shape: x.shape };
    const want = (await model.forward(x)).data;
    for (const [i, v] of (await shifted.forward(y)).data.entries())
      expect(v).toBeCloseTo(want[i]!, 6);
  });
});
