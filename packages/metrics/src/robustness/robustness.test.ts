import { fillUniform, type Tensor } from '@xai/core';
import { randomLinearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import {
  constantExplainer,
  identityExplainer,
  pointwiseExplainer,
} from '../../test/helpers/explainers.js';
import { expectIdentitySensitivity } from '../../test/helpers/uniform-draws.js';
import { localLipschitz } from './local-lipschitz.js';
import { sensitivityMax } from './sensitivity-max.js';

const model = randomLinearModel([1, 2, 3], 2);
const x: Tensor = {
  data: Float32Array.from({ length: 12 }, (_, i) => 0.1 * i - 0.3),
  shape: [2, 1, 2, 3],
};
const constant = constantExplainer(0.5);
const identity = identityExplainer;
const scaled = pointwiseExplainer((v) => 3 * v);
const half: Tensor = { data: new Float32Array(12).fill(0.5), shape: x.shape };

describe('sensitivity-max', () => {
  it('is 0 for an explanation that does not change', async () => {
    const r = await sensitivityMax.evaluate(model, x, half, { target: 0, explain: constant });
    expect(Array.from(r.scores)).toEqual([0, 0]);
  });

  it('for phi(x) = x is max_j ||d_j|| / ||x||, with d_j the documented uniform draws', async () => {
    const noise = (b: number) => fillUniform(new Float32Array(5 * 6), 2, b);
    const worst = (lengths: number[]) => Math.max(...lengths);
    const draws = { samples: 5, radius: 0.1, seed: 2 };
    await expectIdentitySensitivity(sensitivityMax, model, x, draws, noise, worst);
  });

  it('asks for the explain function when it is missing', async () => {
    await expect(sensitivityMax.evaluate(model, x, half, { target: 0 })).rejects.toThrow(/explain/);
  });
});

describe('local Lipschitz estimate', () => {
  it('is the Lipschitz constant of a linear explanation: 0, 1 and 3', async () => {
    expect(
      Array.from(
        (await localLipschitz.evaluate(model, x, half, { target: 0, explain: constant })).scores,
      ),
    ).toEqual([0, 0]);
    const id = await localLipschitz.evaluate(model, x, x, { target: 0, explain: identity });
    for (const s of id.scores) expect(s).toBeCloseTo(1, 6);
    const three: Tensor = { data: x.data.map((v) => 3 * v), shape: x.shape };
    const tr = await localLipschitz.evaluate(model, x, three, { target: 0, explain: scaled });
    for (const s of tr.scores) expect(s).toBeCloseTo(3, 5);
  });
});
