import { describe, expect, it } from 'vitest';
import { randomReluNetwork } from './analytic/index.js';
import { emptyMeter, meteredModel } from './metered-model.js';
import type { Model, WeightNoiseOptions } from './model.js';
import type { Tensor } from './tensor.js';

describe('meteredModel', () => {
  const inner = randomReluNetwork([1, 2, 2], 6, 3, 2);
  const x: Tensor = { data: new Float32Array(8).fill(0.5), shape: [2, 1, 2, 2] };
  const u: Tensor = { data: new Float32Array(6).fill(1), shape: [2, 3] };

  it('counts calls and rows by kind and times them with the clock given', async () => {
    let t = 0;
    const m = meteredModel(inner, emptyMeter(), () => (t += 5));
    const want = await inner.forward(x);
    expect((await m.forward(x)).data).toEqual(want.data);
    await m.vjp(x, u);
    await m.jvp(x, x);
    await m.vjp(
      { data: x.data.subarray(0, 4), shape: [1, 1, 2, 2] },
      {
        data: u.data.subarray(0, 3),
        shape: [1, 3],
      },
    );
    expect(m.meter.forward).toEqual({ calls: 1, rows: 2 });
    expect(m.meter.vjp).toEqual({ calls: 2, rows: 3 });
    expect(m.meter.jvp).toEqual({ calls: 1, rows: 2 });
    // Each call reads the clock twice, 5 apart.
    expect(m.meter.insideMs).toBe(4 * 5);
  });

  it('meters derived models into the same meter and keeps absent capabilities absent', async () => {
    const noisy: Model = {
      ...inner,
      forward: (t) => inner.forward(t),
      vjp: (a, b) => inner.vjp(a, b),
      jvp: (a, b) => inner.jvp(a, b),
      withWeightNoise: async (_: WeightNoiseOptions) => inner,
    };
    const m = meteredModel(noisy);
    expect(m.withBackwardRules).toBeUndefined();
    const variant = await m.withWeightNoise!({ sigma: 0.1, seed: 1 });
    await variant.forward(x);
    expect(m.meter.variants).toBe(1);
    expect(m.meter.forward).toEqual({ calls: 1, rows: 2 });
  });
});
