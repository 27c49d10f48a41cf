import { randomLinearModel, randomReluNetwork } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { waveCase } from '../../test/helpers/wave-input.js';
import { gradientXInput } from './gradient-x-input.js';

const shape = [2, 3, 3];
const D = 18;
const { x } = waveCase(3, shape, (i) => Math.sin(0.37 * i));

describe('gradient-x-input', () => {
  it('is w_t * x on a linear model', async () => {
    const model = randomLinearModel(shape, 4, 3);
    const w = model.derivatives(new Float64Array(D)).jacobian;
    const a = await gradientXInput.explain(model, x, { target: [3, 0, 1] });
    expect(a.shape).toEqual(x.shape);
    [3, 0, 1].forEach((t, b) => {
      for (let i = 0; i < D; i++) {
        expect(a.data[b * D + i]).toBeCloseTo(w[t * D + i]! * x.data[b * D + i]!, 6);
      }
    });
  });

  it('is the exact Jacobian row times the input on a ReLU network, for the predicted class', async () => {
    const model = randomReluNetwork(shape, 16, 5, 4);
    const events: number[] = [];
    const a = await gradientXInput.explain(model, x, {
      target: 'predicted',
      onProgress: (e) => events.push(e.done),
    });
    for (let b = 0; b < 3; b++) {
      const d = model.derivatives(Float64Array.from(x.data.subarray(b * D, (b + 1) * D)));
      const t = d.logits.indexOf(Math.max(...d.logits));
      for (let i = 0; i < D; i++) {
        expect(a.data[b * D + i]).toBeCloseTo(d.jacobian[t * D + i]! * x.data[b * D + i]!, 5);
      }
    }
    expect(events).toEqual([1]);
    expect(gradientXInput.defaults.objective).toBe('logit');
  });

  it('honours the abort signal', async () => {
    const model = randomLinearModel(shape, 4, 3);
    const controller = new AbortController();
    controller.abort();
    await expect(
      gradientXInput.explain(model, x, { target: 0, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
