import type { Tensor } from '@xai/core';
import { type DenseAnalyticModel, randomTanhModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { expectAbortFromProgress } from '../../test/helpers/expect-abort.js';
import { pixelWave, waveCase } from '../../test/helpers/wave-input.js';
import { agi, runAgi } from './agi.js';

const { shape, D, x } = waveCase(2, [2, 3, 3], pixelWave);
const K = 5;
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

/** z_k = 3 tanh(w_k . x): smooth and saturating. */
const tanhModel = (seed: number) => randomTanhModel(shape, K, seed, { amplitude: 3, gain: 2 });

/** The predicted class of each sample of x. */
async function predicted(model: DenseAnalyticModel, v: Tensor = x): Promise<Int32Array> {
  const z = (await model.forward(v)).data;
  return Int32Array.from([0, 1], (b) => {
    const row = [...z.subarray(b * K, (b + 1) * K)];
    return row.indexOf(Math.max(...row));
  });
}

/** Softmax probabilities of one point, and the gradient of p_t from the Jacobian. */
function probability(model: DenseAnalyticModel, v: ArrayLike<number>, t: number) {
  const d = model.derivatives(Float64Array.from(v));
  const e = [...d.logits].map(Math.exp);
  const p = e.map((u) => u / sum(e));
  const g = new Float64Array(D);
  for (let i = 0; i < D; i++) {
    let mean = 0;
    for (let k = 0; k < K; k++) mean += p[k]! * d.jacobian[k * D + i]!;
    g[i] = p[t]! * (d.jacobian[t * D + i]! - mean);
  }
  return { p, g, logits: d.logits };
}

describe('agi', () => {
  it('walks each path toward its false class and stops once it is predicted', async () => {
    const model = tanhModel(2);
    const t = await predicted(model);
    const { paths, attribution } = await runAgi(model, x, t, {
      ...agi.defaults,
      k: 2,
      classes: 'top',
      epsilon: 0.02,
      maxIter: 200,
      seed: 0,
    });
    expect(attribution.data.every(Number.isFinite)).toBe(true);
    expect(paths).toHaveLength(4);
    for (const p of paths) {
      const x0 = x.data.subarray(p.sample * D, (p.sample + 1) * D);
      const before = model.derivatives(Float64Array.from(x0)).logits;
      const after = model.derivatives(Float64Array.from(p.end)).logits;
      expect(p.falseClass).not.toBe(t[p.sample]);
      expect(p.steps).toBeGreaterThan(0);
      // The false class's logit rose, and with enough steps it is the prediction.
      expect(after[p.falseClass]!).toBeGreaterThan(before[p.falseClass]!);
      expect(p.reached).toBe(true);
      expect(after.indexOf(Math.max(...after))).toBe(p.falseClass);
    }
    // 'top' takes the highest-scoring classes other than the target.
    const z = model.derivatives(Float64Array.from(x.data.subarray(0, D))).logits;
    const order = [0, 1, 2, 3, 4].filter((c) => c !== t[0]).sort((p, q) => z[q]! - z[p]!);
    expect(paths.filter((p) => p.sample === 0).map((p) => p.falseClass)).toEqual(order.slice(0, 2));
  });

  it('is -grad p_t times the sign step after one step, computed here', async () => {
    const model = tanhModel(2);
    const { attribution, paths } = await runAgi(model, x, Int32Array.of(3, 3), {
      ...agi.defaults,
      maxIter: 1,
      epsilon: 0.05,
      seed: 4,
    });
    for (const b of [0, 1]) {
      const x0 = x.data.subarray(b * D, (b + 1) * D);
      const c = paths[b]!.falseClass;
      const adv = probability(model, x0, c).g;
      const lab = probability(model, x0, 3).g;
      for (let i = 0; i < D; i++) {
        const step = 0.05 * Math.sign(adv[i]!);
        expect(attribution.data[b * D + i]).toBeCloseTo(-lab[i]! * step, 6);
      }
    }
  });

  it('sums to the drop of p_t along its paths, up to a first-order error that shrinks with epsilon', async () => {
    const model = tanhModel(2);
    const errors: number[] = [];
    const targets = await predicted(model);
    for (const epsilon of [0.02, 0.002]) {
      const { attribution, paths } = await runAgi(model, x, targets, {
        ...agi.defaults,
        k: 2,
        epsilon,
        maxIter: Math.round(2 / epsilon),
        seed: 1,
      });
      for (const b of [0, 1]) {
        const t = targets[b]!;
        const x0 = x.data.subarray(b * D, (b + 1) * D);
        let drop = 0;
        for (const p of paths.filter((q) => q.sample === b)) {
          drop += probability(model, x0, t).p[t]! - probability(model, p.end, t).p[t]!;
        }
        expect(drop).toBeGreaterThan(0.05);
        const total = sum(attribution.data.subarray(b * D, (b + 1) * D));
        if (b === 0) errors.push(Math.abs(total - drop) / drop);
      }
    }
    expect(errors[1]!).toBeLessThan(0.02);
    expect(errors[1]!).toBeLessThan(errors[0]!);
  });

  it('draws distinct false classes from the seed, clips to the bounds, and can be aborted', async () => {
    const model = tanhModel(2);
    const run = (seed: number) =>
      runAgi(model, x, Int32Array.of(0, 0), { ...agi.defaults, k: 3, maxIter: 2, seed });
    const a = await run(5);
    const b = await run(5);
    expect(a.attribution.data).toEqual(b.attribution.data);
    for (const s of [0, 1]) {
      const cs = a.paths.filter((p) => p.sample === s).map((p) => p.falseClass);
      expect(new Set(cs).size).toBe(3);
      expect(cs).not.toContain(0);
    }
    const draws = new Set<string>();
    for (let seed = 0; seed < 8; seed++) {
      draws.add((await run(seed)).paths.map((p) => p.falseClass).join());
    }
    expect(draws.size).toBeGreaterThan(1);
    const inside: Tensor = { data: x.data.map((v) => 0.5 + (v - 0.5) * 0.7), shape: x.shape };
    const clipped = await runAgi(model, inside, await predicted(model, inside), {
      ...agi.defaults,
      epsilon: 0.3,
      maxIter: 5,
      seed: 0,
      bounds: { min: 0.2, max: 0.8 },
    });
    for (const p of clipped.paths) {
      expect(p.steps).toBeGreaterThan(0);
      const [lo, hi] = [Math.fround(0.2), Math.fround(0.8)];
      expect(p.end.every((v) => v >= lo && v <= hi)).toBe(true);
      expect(p.end.some((v) => v === lo || v === hi)).toBe(true);
    }
    await expectAbortFromProgress(agi, model, x, { target: 0 });
    await expect(agi.explain(model, x, { target: 0, k: K })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
