import type { Tensor } from '@xai/core';
import { type DenseAnalyticModel, randomLinearModel, randomTanhModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { pixelWave, waveCase } from '../../test/helpers/wave-input.js';
import { big, findBoundaryPoints } from './big.js';

const { shape, D, x } = waveCase(2, [2, 3, 3], pixelWave);
const K = 3;
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);
const attack = { ...big.defaults, epsilons: [0.01, 0.05, 0.2, 1], attackStepSize: 0.01 };

/** z_k = 3 tanh(w_k . x): smooth, not linear. */
const tanhModel = (seed: number) => randomTanhModel(shape, K, seed, { amplitude: 3, gain: 2 });

async function predicted(model: DenseAnalyticModel, v: Tensor): Promise<Int32Array> {
  const B = v.shape[0]!;
  const z = (await model.forward(v)).data;
  return Int32Array.from({ length: B }, (_, b) => {
    const row = [...z.subarray(b * K, (b + 1) * K)];
    return row.indexOf(Math.max(...row));
  });
}

describe('big', () => {
  it('finds boundary points that change the prediction, within the chosen radius', async () => {
    for (const model of [randomLinearModel(shape, K, 2), tanhModel(3)]) {
      const t = await predicted(model, x);
      const found = await findBoundaryPoints(model, x, t, attack);
      expect(found.success).toEqual([true, true]);
      const after = await predicted(model, found.points);
      for (const b of [0, 1]) {
        expect(after[b]).not.toBe(t[b]);
        const p = found.points.data.subarray(b * D, (b + 1) * D);
        const x0 = x.data.subarray(b * D, (b + 1) * D);
        let l2 = 0;
        let linf = 0;
        for (let i = 0; i < D; i++) {
          l2 += (p[i]! - x0[i]!) ** 2;
          linf = Math.max(linf, Math.abs(p[i]! - x0[i]!));
        }
        expect(found.distance[b]).toBeCloseTo(Math.sqrt(l2), 5);
        expect(linf).toBeLessThanOrEqual(found.epsilon[b]! + 1e-6);
        // A smaller radius did not succeed, or gave a farther point.
        expect(found.epsilon[b]).toBeGreaterThan(0.01);
      }
    }
  });

  it('is integrated gradients from the boundary point: complete, exact on a linear model', async () => {
    const model = randomLinearModel(shape, K, 2);
    const w = model.derivatives(new Float64Array(D)).jacobian;
    const t = await predicted(model, x);
    const found = await findBoundaryPoints(model, x, t, attack);
    const a = await big.explain(model, x, { ...attack, target: t });
    for (const b of [0, 1]) {
      for (let i = 0; i < D; i++) {
        const want = w[t[b]! * D + i]! * (x.data[b * D + i]! - found.points.data[b * D + i]!);
        expect(a.data[b * D + i]).toBeCloseTo(want, 5);
      }
    }
    const model2 = tanhModel(3);
    const t2 = await predicted(model2, x);
    const found2 = await findBoundaryPoints(model2, x, t2, attack);
    const a2 = await big.explain(model2, x, { ...attack, target: t2, steps: 200 });
    const fx = (await model2.forward(x)).data;
    const fb = (await model2.forward(found2.points)).data;
    for (const b of [0, 1]) {
      const want = fx[b * K + t2[b]!]! - fb[b * K + t2[b]!]!;
      expect(sum(a2.data.subarray(b * D, (b + 1) * D))).toBeCloseTo(want, 3);
    }
  });

  it('takes one sign step per radius with fgsm, and falls back to the largest radius', async () => {
    const model = randomLinearModel(shape, K, 2);
    const t = await predicted(model, x);
    const found = await findBoundaryPoints(model, x, t, { ...attack, attack: 'fgsm' });
    // Cross-entropy gradient of a linear model: W^T (p - e_t), its sign taken here.
    for (const b of [0, 1]) {
      const x0 = Float64Array.from(x.data.subarray(b * D, (b + 1) * D));
      const d = model.derivatives(x0);
      const e = [...d.logits].map(Math.exp);
      const p = e.map((v) => v / sum(e));
      for (let i = 0; i < D; i++) {
        let g = 0;
        for (let k = 0; k < K; k++) g += d.jacobian[k * D + i]! * (p[k]! - (k === t[b] ? 1 : 0));
        const want = x0[i]! + found.epsilon[b]! * Math.sign(g);
        expect(found.points.data[b * D + i]).toBeCloseTo(want, 6);
      }
    }
    const weak = await findBoundaryPoints(model, x, t, {
      ...attack,
      epsilons: [0.001, 0.002],
      attackSteps: 3,
    });
    expect(weak.success).toEqual([false, false]);
    expect([...weak.epsilon]).toEqual([0.002, 0.002]);
  });

  it('runs the reference epsilons as one attack when the projection cannot bind', async () => {
    const model = tanhModel(3);
    const t = await predicted(model, x);
    // 10 steps of 0.01 stay within 0.1 < 36/255, the smallest radius.
    const opts = { ...big.defaults, attackSteps: 10, attackStepSize: 0.01, steps: 8 };
    const before = model.calls.samples;
    const found = await findBoundaryPoints(model, x, t, opts);
    // One path per sample: 10 x (forward + vjp) of 2 samples, and one forward to check them.
    expect(model.calls.samples - before).toBe(10 * 2 * 2 + 2);
    expect(found.epsilon[0]).toBeCloseTo(36 / 255, 12);
    const a = await big.explain(model, x, { ...opts, target: t });
    const b = await big.explain(model, x, { ...opts, target: t, epsilons: [1.1] });
    expect(a.data).toEqual(b.data);
    const events: string[] = [];
    const controller = new AbortController();
    await expect(
      big.explain(model, x, {
        ...opts,
        target: 0,
        maxBatchSize: 4,
        signal: controller.signal,
        onProgress: (e) => {
          events.push(e.phase);
          if (e.phase === 'step') controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    expect(events.filter((p) => p === 'attack')).toHaveLength(10);
    await expect(big.explain(model, x, { target: 0, epsilons: [] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
