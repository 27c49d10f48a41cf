import { createRng, type Model, type Tensor } from '@xai/core';
import { linearModel, randomLinearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { constantExplainer, identityExplainer } from '../../test/helpers/explainers.js';
import { expectIdentitySensitivity } from '../../test/helpers/uniform-draws.js';
import { averageSensitivity } from './average-sensitivity.js';
import { consistency, discreteKey } from './consistency.js';
import { continuity, shiftRight } from './continuity.js';
import { relativeInputStability } from './relative-input-stability.js';
import { relativeOutputStability } from './relative-output-stability.js';
import { relativeRepresentationStability } from './relative-representation-stability.js';

const model = randomLinearModel([1, 2, 3], 2);
const x: Tensor = {
  data: Float32Array.from({ length: 12 }, (_, i) => 0.1 * i + 0.05),
  shape: [2, 1, 2, 3],
};
const identity = identityExplainer;
const constant = constantExplainer(0.5);

describe('average sensitivity', () => {
  it('for phi(x) = x is mean_j ||d_j|| / ||x||, with d_j the documented uniform draws', async () => {
    const noise = (b: number) => {
      const rng = createRng(5, b);
      return Array.from({ length: 4 * 6 }, () => rng.uniform());
    };
    const mean = (lengths: number[]) => lengths.reduce((s, d) => s + d, 0) / lengths.length;
    const draws = { samples: 4, radius: 0.1, seed: 5 };
    await expectIdentitySensitivity(averageSensitivity, model, x, draws, noise, mean);
  });

  it('is 0 for a constant explanation and asks for explain when missing', async () => {
    const half: Tensor = { data: new Float32Array(12).fill(0.5), shape: x.shape };
    const r = await averageSensitivity.evaluate(model, x, half, { target: 0, explain: constant });
    expect(Array.from(r.scores)).toEqual([0, 0]);
    await expect(averageSensitivity.evaluate(model, x, half, { target: 0 })).rejects.toThrow(
      /explain function/,
    );
  });
});

describe('relative stabilities (Agarwal et al.)', () => {
  it('RIS is 1 for phi(x) = x (numerator and denominator coincide) and 0 for a constant map', async () => {
    const r = await relativeInputStability.evaluate(model, x, x, {
      target: 0,
      explain: identity,
      samples: 8,
      radius: 0.01,
    });
    for (const s of r.scores) expect(s).toBeCloseTo(1, 5);
    const half: Tensor = { data: new Float32Array(12).fill(0.5), shape: x.shape };
    const c = await relativeInputStability.evaluate(model, x, half, {
      target: 0,
      explain: constant,
      samples: 8,
    });
    expect(Array.from(c.scores)).toEqual([0, 0]);
  });

  it('ROS divides by the change of the logits (checked against the same draws by hand)', async () => {
    const w = Float64Array.from({ length: 12 }, (_, i) => (i < 6 ? 1 + i : -(i - 5)));
    const m = linearModel([1, 2, 3], w, Float64Array.from([5, 0]));
    const one: Tensor = { data: x.data.slice(0, 6), shape: [1, 1, 2, 3] };
    const r = await relativeOutputStability.evaluate(m, one, one, {
      target: 0,
      explain: identity,
      samples: 3,
      radius: 0.05,
      seed: 2,
    });
    const rng = createRng(2, 0);
    let worst = 0;
    for (let j = 0; j < 3; j++) {
      const xp = Array.from(one.data, (v) => Math.fround(v + 0.05 * (2 * rng.uniform() - 1)));
      const num = Math.sqrt(
        xp.reduce((s, v, i) => s + ((one.data[i]! - v) / one.data[i]!) ** 2, 0),
      );
      const dz = [0, 1].map((k) =>
        xp.reduce((s, v, i) => s + w[k * 6 + i]! * (v - one.data[i]!), 0),
      );
      worst = Math.max(worst, num / Math.hypot(...dz));
    }
    expect(r.scores[0]).toBeCloseTo(worst, 3);
  });

  it('RRS reads the named layer through layerVjp and refuses a model without it', async () => {
    // A layer whose activation is the input itself: RRS then equals RIS for phi(x) = x.
    const withLayer = Object.assign(randomLinearModel([1, 2, 3], 2), {
      async layerVjp(t: Tensor, _u: Tensor, layer: string) {
        expect(layer).toBe('input-copy');
        return { logits: await model.forward(t), activation: t, grad: t };
      },
    }) as unknown as Model;
    const r = await relativeRepresentationStability.evaluate(withLayer, x, x, {
      target: 0,
      explain: identity,
      samples: 4,
      layer: 'input-copy',
    });
    for (const s of r.scores) expect(s).toBeCloseTo(1, 5);
    await expect(
      relativeRepresentationStability.evaluate(model, x, x, { target: 0, explain: identity }),
    ).rejects.toThrow(/layerVjp/);
  });
});

describe('continuity', () => {
  it('for phi(x) = x is the largest ||dx||_1 / ||dx||_2 between consecutive shifts', async () => {
    const one: Tensor = { data: Float32Array.from([0, 1, 4, 9, 2, 3, 5, 7]), shape: [1, 1, 2, 4] };
    const r = await continuity.evaluate(model as never, one, one, {
      target: 0,
      explain: identity,
      steps: 3,
    });
    const frames = [one.data];
    for (let s = 1; s <= 3; s++) {
      const out = new Float32Array(8);
      shiftRight(one.data, out, 1, 2, 4, s);
      frames.push(out);
    }
    let worst = 0;
    for (let s = 1; s <= 3; s++) {
      const d = frames[s]!.map((v, i) => v - frames[s - 1]![i]!);
      const l1 = d.reduce((a, v) => a + Math.abs(v), 0);
      const l2 = Math.hypot(...d);
      if (l2 > 0) worst = Math.max(worst, l1 / l2);
    }
    expect(r.scores[0]).toBeCloseTo(worst, 6);
    expect(Array.from(frames[1]!)).toEqual([0, 0, 1, 4, 2, 2, 3, 5]);
  });
});

describe('consistency', () => {
  it('is the share of samples with the same top-n signed pixels that share the prediction', async () => {
    const m = linearModel([1, 1, 3], Float64Array.from([1, 0, 0, -1, 0, 0]), new Float64Array(2));
    // Predicted classes: 0, 0, 1, 0 (sign of pixel 0).
    const xi: Tensor = {
      data: Float32Array.from([1, 0, 0, 2, 0, 0, -1, 0, 0, 3, 0, 0]),
      shape: [4, 1, 1, 3],
    };
    // Top-1 keys: samples 0, 1, 2 share "0+", sample 3 is "2-".
    const maps: Tensor = {
      data: Float32Array.from([5, 1, 0, 4, 0, 1, 3, 2, 1, 0, 0, -9]),
      shape: xi.shape,
    };
    const r = await consistency.evaluate(m, xi, maps, { target: 'predicted', top: 1 });
    expect(Array.from(r.scores)).toEqual([0.5, 0.5, 0, 0]);
    expect(discreteKey(Float64Array.from([0.1, -3, 2]), 2)).toBe('1-,2+');
  });
});
