import { evaluateLoss } from '@xai/core';
import { randomReluNetwork } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { waveCase } from '../../test/helpers/wave-input.js';
import { gradient } from './gradient.js';

const shape = [2, 3, 3];
const D = 18;
const { x } = waveCase(4, shape, (i) => Math.sin(0.37 * i));

describe('gradient', () => {
  it.each(['logit', 'probability', 'cross-entropy'] as const)(
    'is J^T dL/dz of the %s objective',
    async (objective) => {
      const model = randomReluNetwork(shape, 16, 5, 4);
      const g = await gradient.explain(model, x, { target: [0, 1, 2, 3], objective });
      expect(g.shape).toEqual(x.shape);
      for (let b = 0; b < 4; b++) {
        const d = model.derivatives(Float64Array.from(x.data.subarray(b * D, (b + 1) * D)));
        const dz = evaluateLoss(
          objective,
          { data: Float32Array.from(d.logits), shape: [1, 5] },
          Int32Array.of(b),
        ).grad.data;
        for (let i = 0; i < D; i++) {
          let want = 0;
          for (let k = 0; k < 5; k++) want += d.jacobian[k * D + i]! * dz[k]!;
          expect(g.data[b * D + i]).toBeCloseTo(want, 5);
        }
      }
    },
  );

  it('uses the target logit by default and reports progress', async () => {
    const model = randomReluNetwork(shape, 16, 5, 4);
    const events: number[] = [];
    const byDefault = await gradient.explain(model, x, {
      target: 2,
      onProgress: (e) => events.push(e.done),
    });
    const explicit = await gradient.explain(model, x, { target: 2, objective: 'logit' });
    expect(byDefault.data).toEqual(explicit.data);
    expect(events).toEqual([1]);
  });

  it('rejects a target out of range, naming it', async () => {
    const model = randomReluNetwork(shape, 16, 5, 4);
    await expect(gradient.explain(model, x, { target: 5 })).rejects.toMatchObject({
      code: 'TARGET_OUT_OF_RANGE',
    });
  });
});
