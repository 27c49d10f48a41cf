import type { Classifier, Target, Tensor } from '@xai/core';
import { randomLinearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { pointwiseExplainer } from '../../test/helpers/explainers.js';
import { gradientOn, randomisable } from '../../test/helpers/randomisable.js';
import { histogramEntropy } from '../shared/randomisable.js';
import { efficientMprt } from './efficient-mprt.js';
import { randomLogit } from './random-logit.js';
import { smoothMprt } from './smooth-mprt.js';

const x: Tensor = {
  data: Float32Array.from({ length: 32 }, (_, i) => ((i * 7) % 16) / 16),
  shape: [2, 1, 4, 4],
};

describe('random logit', () => {
  const model = randomLinearModel([1, 4, 4], 5);
  it('is 1 for a map that ignores the class', async () => {
    const blind = pointwiseExplainer((v) => v * v);
    const a = await blind(x);
    const r = await randomLogit.evaluate(model, x, a, { target: [1, 3], explain: blind });
    for (const s of r.scores) expect(s).toBeCloseTo(1, 12);
    const others = r.details?.otherClasses as number[];
    expect(others[0]).not.toBe(1);
    expect(others[1]).not.toBe(3);
  });

  it('is below 1 for a map that depends on the class (a bright pixel at the class index)', async () => {
    const byClass = async (t: Tensor, _m?: Classifier, target?: Target): Promise<Tensor> => {
      const B = t.shape[0]!;
      const out = new Float32Array(t.data.length).fill(0.1);
      for (let b = 0; b < B; b++) out[b * 16 + 3 * (target as number[])[b]!] = 1;
      return { data: out, shape: t.shape };
    };
    const a = await byClass(x, undefined, [1, 3]);
    const r = await randomLogit.evaluate(model, x, a, {
      target: [1, 3],
      explain: byClass,
      seed: 4,
    });
    for (const s of r.scores) expect(s).toBeLessThan(0.9);
  });
});

describe('efficient MPRT', () => {
  it('is the ratio of histogram entropies, randomised over original (closed form)', async () => {
    const model = randomisable();
    const explain = gradientOn(model);
    const a = await explain(x);
    const r = await efficientMprt.evaluate(model, x, a, { target: 0, explain, bins: 10 });
    const random = await explain(x, await model.withRandomizedLayers!(2, 0));
    for (let b = 0; b < 2; b++) {
      const h0 = histogramEntropy(a.data.subarray(b * 16, b * 16 + 16).map(Math.abs), 10);
      const h1 = histogramEntropy(random.data.subarray(b * 16, b * 16 + 16).map(Math.abs), 10);
      expect(r.scores[b]).toBeCloseTo(h1 / h0, 12);
    }
    // A uniform spread over 4 bins has entropy ln 4; equal values have none.
    expect(histogramEntropy([0, 1, 2, 3], 4)).toBeCloseTo(Math.log(4), 12);
    expect(histogramEntropy([2, 2, 2], 4)).toBe(0);
  });

  it('refuses a model that cannot randomise its layers', async () => {
    const plain = randomLinearModel([1, 4, 4], 2);
    await expect(
      efficientMprt.evaluate(plain, x, x, { target: 0, explain: gradientOn(plain) }),
    ).rejects.toThrow(/withRandomizedLayers/);
  });
});

describe('smooth MPRT', () => {
  it('is 1 for a model-blind map and below 1 for the gradient, with the same noise for one seed', async () => {
    const model = randomisable();
    const blind = pointwiseExplainer((v) => v * v);
    const b = await smoothMprt.evaluate(model, x, await blind(x), {
      target: 0,
      explain: blind,
      samples: 4,
    });
    for (const s of b.scores) expect(s).toBeCloseTo(1, 12);
    const explain = gradientOn(model);
    const g = await smoothMprt.evaluate(model, x, await explain(x), {
      target: 0,
      explain,
      samples: 4,
    });
    for (const s of g.scores) expect(s).toBeLessThan(1);
    const again = await smoothMprt.evaluate(model, x, await explain(x), {
      target: 0,
      explain,
      samples: 4,
    });
    expect(Array.from(again.scores)).toEqual(Array.from(g.scores));
  });
});
