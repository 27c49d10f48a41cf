import { describe, expect, it } from 'vitest';
import { randomReluNetwork, randomTanhModel } from './analytic/index.js';
import { lossGradient } from './loss-gradient.js';
import { evaluateLoss, type Loss } from './targets/loss.js';

const shape = [1, 2, 3];
const batch = 5;
const x = {
  data: Float32Array.from({ length: batch * 6 }, (_, i) => Math.sin(0.9 * i)),
  shape: [batch, ...shape],
};

describe('lossGradient', () => {
  it('is J^T g for each sample, batched under maxBatchSize', async () => {
    const model = randomReluNetwork(shape, 10, 4, 7);
    const r = await lossGradient(model, x, 'probability', 'predicted', { maxBatchSize: 2 });
    expect(model.calls.vjp).toBe(3);
    for (let b = 0; b < batch; b++) {
      const d = model.derivatives(Float64Array.from(x.data.subarray(b * 6, b * 6 + 6)));
      const g = evaluateLoss(
        'probability',
        { data: Float32Array.from(d.logits), shape: [1, 4] },
        r.targets.subarray(b, b + 1),
      ).grad;
      for (let i = 0; i < 6; i++) {
        let want = 0;
        for (let k = 0; k < 4; k++) want += d.jacobian[k * 6 + i]! * g.data[k]!;
        expect(r.grad.data[b * 6 + i]).toBeCloseTo(want, 5);
      }
      expect(r.targets[b]).toBe(d.logits.indexOf(Math.max(...d.logits)));
    }
  });

  it('needs no forward pass for the target logit of given classes', async () => {
    const model = randomReluNetwork(shape, 10, 4, 7);
    const r = await lossGradient(model, x, 'logit', 1);
    expect(model.calls.forward).toBe(0);
    expect([...r.targets]).toEqual([1, 1, 1, 1, 1]);
    expect(r.value[0]).toBeCloseTo(r.logits.data[1]!, 6);
  });

  it('takes any Loss instance: a custom loss matches central differences through the model', async () => {
    // Half the squared target logit, a loss no built-in has: gradient z_t e_t on the logits.
    const halfSquare: Loss = {
      name: 'half-square',
      needsLogits: true,
      value: (z, t) => Float64Array.from(t, (c, b) => 0.5 * z.data[b * 4 + c]! ** 2),
      gradient: (z, t) => {
        const g = new Float32Array(z.data.length);
        t.forEach((c, b) => {
          g[b * 4 + c] = z.data[b * 4 + c]!;
        });
        return { data: g, shape: [...z.shape] };
      },
    };
    const model = randomTanhModel(shape, 4, 5);
    const r = await lossGradient(model, x, halfSquare, [0, 1, 2, 3, 0]);
    const h = 1e-2;
    for (const b of [0, 3]) {
      for (let i = 0; i < 6; i++) {
        const at = async (d: number) => {
          const xi = Float32Array.from(x.data.subarray(b * 6, b * 6 + 6));
          xi[i] = xi[i]! + d;
          const z = await model.forward({ data: xi, shape: [1, ...shape] });
          return halfSquare.value(z, r.targets.subarray(b, b + 1))[0]!;
        };
        const fd = ((await at(h)) - (await at(-h))) / (2 * h);
        expect(r.grad.data[b * 6 + i]).toBeCloseTo(fd, 3);
      }
    }
  });
});
