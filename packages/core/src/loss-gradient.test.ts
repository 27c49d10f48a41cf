import { describe, expect, it } from 'vitest';
import { randomReluNetwork } from './analytic/index.js';
import { lossGradient } from './loss-gradient.js';
import { evaluateLoss } from './losses.js';

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
});
