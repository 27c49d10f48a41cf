import { type Model, type Tensor, XaiError } from '@xai/core';
import {
  DenseAnalyticModel,
  linearModel,
  quadraticModel,
  randomLinearModel,
  randomQuadraticModel,
} from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { expectAbortFromProgress } from '../../test/helpers/expect-abort.js';
import { sampleSum, waveCase } from '../../test/helpers/wave-input.js';
import type { QuadratureRule } from '../shared/quadrature.js';
import { integratedGradients } from './integrated-gradients.js';

const { shape, D, x } = waveCase(3, [2, 3, 3]);
const sample = (t: Tensor, b: number) => Float64Array.from(t.data.subarray(b * D, (b + 1) * D));

/** F(x) - F(0) for the target t of sample b, in float64. */
function gap(model: DenseAnalyticModel, b: number, t: number, base = new Float64Array(D)): number {
  return model.derivatives(sample(x, b)).logits[t]! - model.derivatives(base).logits[t]!;
}

/** z_k = 2 tanh(w_k . x): smooth and not polynomial, so every rule has an error. */
function tanhModel(seed: number): DenseAnalyticModel {
  const lin = randomLinearModel(shape, 3, seed);
  const w = lin.derivatives(new Float64Array(D)).jacobian;
  return new DenseAnalyticModel(shape, 3, (v) => {
    const logits = new Float64Array(3);
    const jacobian = new Float64Array(3 * D);
    for (let k = 0; k < 3; k++) {
      let s = 0;
      for (let i = 0; i < D; i++) s += 3 * w[k * D + i]! * v[i]!;
      const th = Math.tanh(s);
      logits[k] = 2 * th;
      for (let i = 0; i < D; i++) jacobian[k * D + i] = 2 * (1 - th * th) * 3 * w[k * D + i]!;
    }
    return { logits, jacobian };
  });
}

describe('integrated-gradients', () => {
  it('is w * (x - b) exactly on a linear model, for every rule and baseline', async () => {
    const model = randomLinearModel(shape, 4, 2);
    const w = model.derivatives(new Float64Array(D)).jacobian;
    for (const rule of ['left', 'right', 'middle', 'trapezoid', 'gauss-legendre'] as const) {
      for (const baseline of ['zeros', 0.25, 'white'] as const) {
        const ig = await integratedGradients.explain(model, x, {
          target: [0, 1, 3],
          rule,
          steps: 7,
          baseline,
        });
        expect(ig.shape).toEqual(x.shape);
        const base = baseline === 'zeros' ? 0 : baseline === 'white' ? 1 : 0.25;
        [0, 1, 3].forEach((t, b) => {
          for (let i = 0; i < D; i++) {
            const want = w[t * D + i]! * (x.data[b * D + i]! - base);
            expect(ig.data[b * D + i]).toBeCloseTo(want, 5);
          }
        });
      }
    }
  });

  it('is complete on a quadratic model: exact for middle, trapezoid and Gauss-Legendre', async () => {
    const model = randomQuadraticModel(shape, 3, 5);
    for (const rule of ['middle', 'trapezoid', 'gauss-legendre'] as const) {
      for (const steps of [2, 5]) {
        const ig = await integratedGradients.explain(model, x, { target: 2, rule, steps });
        for (let b = 0; b < 3; b++) expect(sampleSum(ig, b)).toBeCloseTo(gap(model, b, 2), 4);
      }
    }
    // One Gauss-Legendre node (the midpoint) already integrates the affine gradient path.
    const one = await integratedGradients.explain(model, x, {
      target: 2,
      rule: 'gauss-legendre',
      steps: 1,
    });
    for (let b = 0; b < 3; b++) expect(sampleSum(one, b)).toBeCloseTo(gap(model, b, 2), 4);
  });

  it('has the closed-form error +-(x - b)^T A (x - b) / (2m) for the right and left sums', async () => {
    const model = randomQuadraticModel(shape, 3, 5);
    const hess = model.derivatives(new Float64Array(D)).logitHessians!;
    const errors: Record<string, number[]> = { left: [], right: [] };
    for (const rule of ['left', 'right'] as const) {
      for (const steps of [10, 100]) {
        const ig = await integratedGradients.explain(model, x, { target: 1, rule, steps });
        for (let b = 0; b < 3; b++) {
          const d = sample(x, b);
          let dAd = 0;
          for (let i = 0; i < D; i++) {
            for (let j = 0; j < D; j++) dAd += d[i]! * hess[D * D + i * D + j]! * d[j]!;
          }
          const err = sampleSum(ig, b) - gap(model, b, 1);
          expect(err).toBeCloseTo(((rule === 'right' ? 1 : -1) * dAd) / (2 * steps), 4);
          if (b === 0) errors[rule]!.push(Math.abs(err));
        }
      }
      expect(errors[rule]![1]!).toBeLessThan(errors[rule]![0]! / 5);
    }
  });

  it('converges on a smooth non-polynomial model, Gauss-Legendre fastest', async () => {
    const model = tanhModel(3);
    const err = async (rule: QuadratureRule, steps: number) => {
      const ig = await integratedGradients.explain(model, x, { target: 0, rule, steps });
      return Math.abs(sampleSum(ig, 0) - gap(model, 0, 0));
    };
    for (const rule of ['right', 'trapezoid', 'middle'] as const) {
      expect(await err(rule, 100)).toBeLessThan(await err(rule, 10));
    }
    const gl2 = await err('gauss-legendre', 2);
    const gl8 = await err('gauss-legendre', 8);
    expect(gl2).toBeGreaterThan(1e-4); // the rule does have an error here
    expect(gl8).toBeLessThan(gl2 / 100);
    expect(gl8).toBeLessThan(await err('trapezoid', 100));
  });

  it('is linear in the model: IG of a sum of models is the sum of their IGs', async () => {
    const m1 = randomQuadraticModel(shape, 2, 7);
    const m2 = randomQuadraticModel(shape, 2, 8);
    const p1 = m1.derivatives(new Float64Array(D));
    const p2 = m2.derivatives(new Float64Array(D));
    // A quadratic model's parameters from its derivatives at 0: A = Hessian, b = gradient, c = logit.
    const add = (a: Float64Array, b: Float64Array) => a.map((v, i) => v + b[i]!);
    const both = quadraticModel(
      shape,
      add(p1.logitHessians!, p2.logitHessians!),
      add(p1.jacobian, p2.jacobian),
      add(p1.logits, p2.logits),
    );
    const opts = { target: 1, steps: 9, rule: 'right' as const, baseline: -0.3 };
    const a = await integratedGradients.explain(m1, x, opts);
    const b = await integratedGradients.explain(m2, x, opts);
    const ab = await integratedGradients.explain(both, x, opts);
    for (let i = 0; i < ab.data.length; i++) {
      expect(ab.data[i]).toBeCloseTo(a.data[i]! + b.data[i]!, 5);
    }
  });

  it('is zero where the gradient is zero and when the baseline is the input', async () => {
    const flat = linearModel(shape, new Float64Array(2 * D), Float64Array.of(1, 2));
    const ig = await integratedGradients.explain(flat, x, { target: 0 });
    expect(ig.data.every((v) => v === 0)).toBe(true);
    const model = randomQuadraticModel(shape, 3, 5);
    const same = await integratedGradients.explain(model, x, { target: 0, baseline: x });
    expect(same.data.every((v) => v === 0)).toBe(true);
  });

  it('uses the paper defaults: 50 steps of the right Riemann sum from zeros', async () => {
    expect(integratedGradients.defaults).toMatchObject({
      steps: 50,
      rule: 'right',
      baseline: 'zeros',
    });
    const model = randomQuadraticModel(shape, 3, 5);
    const events: Array<[number, number]> = [];
    const ig = await integratedGradients.explain(model, x, {
      target: 0,
      maxBatchSize: 40,
      onProgress: (e) => events.push([e.done, e.total]),
    });
    const explicit = await integratedGradients.explain(model, x, {
      target: 0,
      steps: 50,
      rule: 'right',
      baseline: 'zeros',
    });
    expect(ig.data).toEqual(explicit.data);
    // 150 points in chunks of at most 40 (paced by time, since someone listens), whatever
    // the sample boundaries; progress rises to the total.
    expect(events.at(-1)).toEqual([150, 150]);
    for (const [i, [done, total]] of events.entries()) {
      expect(total).toBe(150);
      const step = done - (events[i - 1]?.[0] ?? 0);
      expect(step).toBeGreaterThan(0);
      expect(step).toBeLessThanOrEqual(40);
    }
  });

  it('gives the same map whatever the memory bound, and resolves the prediction once', async () => {
    const model = randomQuadraticModel(shape, 3, 5);
    const a = await integratedGradients.explain(model, x, { target: 'predicted', steps: 13 });
    const before = { ...model.calls };
    const b = await integratedGradients.explain(model, x, {
      target: 'predicted',
      steps: 13,
      memoryLimitBytes: 7 * D * 4,
    });
    expect(b.data).toEqual(a.data);
    expect(model.calls.forward - before.forward).toBe(1);
    expect(model.calls.vjp - before.vjp).toBe(Math.ceil(39 / 7));
    const logits = await model.forward(x);
    const predicted = [0, 1, 2].map((s) => {
      const row = [...logits.data.subarray(s * 3, s * 3 + 3)];
      return row.indexOf(Math.max(...row));
    });
    expect(a.data).toEqual(
      (await integratedGradients.explain(model, x, { target: predicted, steps: 13 })).data,
    );
  });

  it('maps black and white through the normalisation, and blurs or draws seeded baselines', async () => {
    const model = randomLinearModel(shape, 2, 2);
    const w = model.derivatives(new Float64Array(D)).jacobian;
    const normalization = { mean: [0.5, 0.4], std: [0.25, 0.2] };
    const white = await integratedGradients.explain(model, x, {
      target: 1,
      baseline: 'white',
      normalization,
      steps: 3,
    });
    for (let i = 0; i < D; i++) {
      const c = i < 9 ? 0 : 1;
      const base = (1 - normalization.mean[c]!) / normalization.std[c]!;
      expect(white.data[i]).toBeCloseTo(w[D + i]! * (x.data[i]! - base), 5);
    }
    const u1 = await integratedGradients.explain(model, x, {
      target: 1,
      baseline: 'uniform',
      seed: 4,
    });
    const u2 = await integratedGradients.explain(model, x, {
      target: 1,
      baseline: 'uniform',
      seed: 4,
    });
    const u3 = await integratedGradients.explain(model, x, {
      target: 1,
      baseline: 'uniform',
      seed: 5,
    });
    expect(u1.data).toEqual(u2.data);
    expect(u1.data).not.toEqual(u3.data);
    const blur = await integratedGradients.explain(model, x, {
      target: 1,
      baseline: 'blur',
      steps: 2,
    });
    expect(blur.data.every(Number.isFinite)).toBe(true);
  });

  it('honours the abort signal and rejects bad options', async () => {
    const model: Model = randomQuadraticModel(shape, 3, 5);
    await expectAbortFromProgress(integratedGradients, model, x, { target: 0, maxBatchSize: 10 });
    await expect(integratedGradients.explain(model, x, { target: 0, steps: 0 })).rejects.toThrow(
      XaiError,
    );
    await expect(integratedGradients.explain(model, x, { target: 3 })).rejects.toMatchObject({
      code: 'TARGET_OUT_OF_RANGE',
    });
  });
});
