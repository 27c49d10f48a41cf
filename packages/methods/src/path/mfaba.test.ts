import { DenseAnalyticModel, randomLinearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { expectAbortFromProgress } from '../../test/helpers/expect-abort.js';
import { pixelWave, waveCase } from '../../test/helpers/wave-input.js';
import { mfaba, mfabaPaths } from './mfaba.js';

const { shape, D, x } = waveCase(2, [2, 3, 3], pixelWave);
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

/** z_k = 3 tanh(w_k . x) + c_k: smooth, with a decision boundary near the inputs. */
function tanhModel(seed: number): DenseAnalyticModel {
  const w = randomLinearModel(shape, 3, seed).derivatives(new Float64Array(D)).jacobian;
  return new DenseAnalyticModel(shape, 3, (v) => {
    const logits = new Float64Array(3);
    const jacobian = new Float64Array(3 * D);
    for (let k = 0; k < 3; k++) {
      let s = 0;
      for (let i = 0; i < D; i++) s += w[k * D + i]! * v[i]!;
      const th = Math.tanh(s);
      logits[k] = 3 * th;
      for (let i = 0; i < D; i++) jacobian[k * D + i] = 3 * (1 - th * th) * w[k * D + i]!;
    }
    return { logits, jacobian };
  });
}

async function predicted(model: DenseAnalyticModel, p: Float32Array): Promise<number> {
  const z = (await model.forward({ data: p, shape: [1, ...shape] })).data;
  return z.indexOf(Math.max(...z));
}

describe('mfaba', () => {
  it('sums exactly to the logit drop along its path on a linear model, both variants', async () => {
    const model = randomLinearModel(shape, 3, 2);
    const targets = await model.forward(x);
    const t = [0, 1].map((b) => {
      const row = [...targets.data.subarray(b * 3, b * 3 + 3)];
      return row.indexOf(Math.max(...row));
    });
    for (const variant of ['sharp', 'smooth'] as const) {
      const paths = await mfabaPaths(model, x, Int32Array.from(t), {
        ...mfaba.defaults,
        variant,
        objective: 'logit',
        stepSize: 0.02,
        epsilon: 5,
        steps: 200,
      });
      for (const b of [0, 1]) {
        const p = paths[b]!;
        const first = (await model.forward({ data: p.points[0]!, shape: [1, ...shape] })).data;
        const last = (await model.forward({ data: p.points.at(-1)!, shape: [1, ...shape] })).data;
        expect(sum(p.attribution)).toBeCloseTo(first[t[b]!]! - last[t[b]!]!, 4);
        // It stopped at the first point past the boundary.
        expect(await predicted(model, p.points.at(-1)!)).not.toBe(t[b]);
        expect(await predicted(model, p.points.at(-2)!)).toBe(t[b]);
      }
    }
  });

  it('sums to the probability drop up to the first-order error, closer with smaller steps', async () => {
    const model = tanhModel(3);
    const errors: number[] = [];
    // The same path length (L2 distance 2 in steps of 100 alpha), finer and finer.
    for (const steps of [10, 100, 1000]) {
      const paths = await mfabaPaths(model, x, Int32Array.of(0, 0), {
        ...mfaba.defaults,
        variant: 'sharp',
        stepSize: 2 / 100 / steps,
        steps,
        earlyStop: false,
      });
      const p = paths[0]!;
      const prob = async (v: Float32Array) => {
        const z = (await model.forward({ data: v, shape: [1, ...shape] })).data;
        const e = [...z].map(Math.exp);
        return e[0]! / sum(e);
      };
      const drop = (await prob(p.points[0]!)) - (await prob(p.points.at(-1)!));
      expect(drop).toBeGreaterThan(0.05);
      errors.push(Math.abs(sum(p.attribution) - drop) / drop);
    }
    expect(errors[2]!).toBeLessThan(0.01);
    expect(errors[2]!).toBeLessThan(errors[1]!);
    expect(errors[1]!).toBeLessThan(errors[0]!);
  });

  it('takes the documented steps: sharp along -g/|g|, smooth by sign within epsilon and the bounds', async () => {
    const model = randomLinearModel(shape, 3, 2);
    const w = model.derivatives(new Float64Array(D)).jacobian;
    const [sharp] = await mfabaPaths(model, x, Int32Array.of(1, 1), {
      ...mfaba.defaults,
      variant: 'sharp',
      objective: 'logit',
      steps: 1,
    });
    const norm = Math.sqrt(sum(w.subarray(D, 2 * D).map((v) => v * v)));
    for (let i = 0; i < D; i++) {
      expect(sharp!.points[1]![i]).toBeCloseTo(x.data[i]! - (0.1 * w[D + i]!) / norm, 6);
    }
    const bounds = { min: 0.2, max: 0.8 };
    const paths = await mfabaPaths(model, x, Int32Array.of(1, 1), {
      ...mfaba.defaults,
      objective: 'logit',
      stepSize: 0.03,
      epsilon: 0.1,
      steps: 20,
      earlyStop: false,
      bounds,
    });
    const end = paths[0]!.points.at(-1)!;
    for (let i = 0; i < D; i++) {
      const x0 = x.data[i]!;
      const want = Math.min(0.8, Math.max(0.2, x0 - 0.1 * Math.sign(w[D + i]!)));
      expect(end[i]).toBeCloseTo(want, 6);
    }
    expect(paths[0]!.points).toHaveLength(21);
  });

  it('explains with one map per sample, reports progress and honours the signal', async () => {
    const model = tanhModel(3);
    const events: number[] = [];
    const a = await mfaba.explain(model, x, {
      target: 'predicted',
      stepSize: 0.01,
      onProgress: (e) => events.push(e.done),
    });
    expect(a.shape).toEqual(x.shape);
    expect(a.data.every(Number.isFinite)).toBe(true);
    expect(a.data.some((v) => v !== 0)).toBe(true);
    expect(events[0]).toBe(1);
    const b = await mfaba.explain(model, x, { target: 'predicted', stepSize: 0.01 });
    expect(b.data).toEqual(a.data);
    await expectAbortFromProgress(mfaba, model, x, { target: 0 });
    await expect(
      mfaba.explain(model, x, { target: 0, variant: 'blunt' as 'sharp' }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
