import { type Model, type Tensor, XaiError } from '@xai/core';
import { randomLinearModel, randomQuadraticModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { expectSeededAndBatchingIgnored } from '../../test/helpers/batching.js';
import {
  ADAPT_GRAD_STREAM,
  adaptGrad,
  adaptGradDenominator,
  adaptGradSigma,
  erf,
  erfinv,
  resolveAdaptGradOptions,
} from './adapt-grad.js';
import { smoothGrad } from './smooth-grad.js';

/** A model that records every input it is differentiated at. */
function recording(model: Model): { model: Model; inputs: Float32Array[] } {
  const inputs: Float32Array[] = [];
  return {
    inputs,
    model: {
      inputShape: model.inputShape,
      numClasses: model.numClasses,
      forward: (t) => model.forward(t),
      jvp: (t, v) => model.jvp(t, v),
      vjp: (t, u) => {
        inputs.push(t.data.slice());
        return model.vjp(t, u);
      },
    },
  };
}

describe('erf and erfinv', () => {
  it('match tabulated values and invert each other', () => {
    const table: Array<[number, number]> = [
      [0.1, 0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
      [4.5, 0.9999999998033839],
    ];
    for (const [v, want] of table) {
      expect(erf(v)).toBeCloseTo(want, 15);
      expect(erf(-v)).toBeCloseTo(-want, 15);
    }
    // Near 1, erf has slope 2/sqrt(pi) exp(-y^2): at y = 3.3 one float64 step of erf(y) is
    // ~5e-12 of y, so the round trip can only be that close there.
    for (const y of [0.01, 0.3, 1.1, 1.99, 2.01]) expect(erfinv(erf(y))).toBeCloseTo(y, 12);
    expect(erfinv(erf(3.3))).toBeCloseTo(3.3, 10);
    expect(erfinv(0)).toBe(0);
    expect(erfinv(1)).toBe(Number.POSITIVE_INFINITY);
    expect(erfinv(1.5)).toBeNaN();
  });
});

describe('adapt-grad', () => {
  it('computes sigma_i of eq. 13 from the distance to the nearer bound', () => {
    // sqrt(2) erfinv((1 + c) / 2) is the standard normal quantile at (3 + c) / 4:
    // z(0.9875) = 2.241402727604947 for c = 0.95, z(0.9975) = 2.807033768343811 for c = 0.99.
    expect(adaptGradDenominator(0.95)).toBeCloseTo(2.241402727604947, 12);
    expect(adaptGradDenominator(0.99)).toBeCloseTo(2.807033768343811, 12);
    const sample: Tensor = { data: Float32Array.of(0.5, 0.1, 0.95, 0, 1, 1.2, -3), shape: [7] };
    const lo = new Float32Array(7).fill(0);
    const hi = new Float32Array(7).fill(1);
    lo[6] = -4; // other bounds [-4, 0] for -3: distance min(1, 3) = 1
    hi[6] = 0;
    const sigma = adaptGradSigma(sample, lo, hi, adaptGradDenominator(0.95));
    const d = [0.5, 0.1, 0.05, 0, 0, 0.2, 1];
    d.forEach((di, i) => {
      expect(sigma[i]).toBeCloseTo(di / 2.241402727604947, 6);
    });
    expect(() => adaptGradDenominator(1)).toThrow(/strictly between 0 and 1/);
    expect(() => adaptGradDenominator(0)).toThrow(XaiError);
  });

  it("reproduces figure 3's inherent noise: 0.1596 for SmoothGrad, ~0.013 for AdaptGrad", () => {
    // Expected out-of-bounds probability (eq. 9-10) for x uniform on [-2.12, 2.64].
    const [lo, hi] = [-2.12, 2.64];
    const outside = (v: number, s: number) =>
      s === 0
        ? 0
        : 1 - 0.5 * erf((hi - v) / (Math.SQRT2 * s)) + 0.5 * erf((lo - v) / (Math.SQRT2 * s));
    const k = adaptGradDenominator(0.95);
    let sg = 0;
    let ag = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const v = lo + ((i + 0.5) / n) * (hi - lo);
      sg += outside(v, 0.2 * (hi - lo)) / n;
      ag += outside(v, Math.min(v - lo, hi - v) / k) / n;
    }
    expect(sg).toBeCloseTo(0.1596, 4);
    expect(ag).toBeGreaterThan(0.0125); // at least the near-side tail, 1 - Phi(k) = 0.0125
    expect(ag).toBeLessThan(0.01424); // the paper's value, from eq. 13 as printed
  });

  it('equals the gradient on a linear model', async () => {
    const model = randomLinearModel([3, 2, 2], 3, 4);
    const w = model.derivatives(new Float64Array(12)).jacobian;
    const x: Tensor = {
      data: Float32Array.from({ length: 24 }, (_, i) => (i % 7) / 6),
      shape: [2, 3, 2, 2],
    };
    const ag = await adaptGrad.explain(model, x, { target: [1, 2], seed: 3 });
    [1, 2].forEach((t, b) => {
      for (let i = 0; i < 12; i++) expect(ag.data[b * 12 + i]).toBeCloseTo(w[t * 12 + i]!, 6);
    });
  });

  it('keeps noisy elements inside the bounds with probability (1 + c)/2 >= c; SmoothGrad does not', async () => {
    // 120 elements spread evenly over the ImageNet range [-2.12, 2.64] of figure 3, N = 400
    // copies: 48,000 draws. The share outside has a binomial standard error below
    // sqrt(0.16 * 0.84 / 48000) = 0.0017, and per element below sqrt(0.025 * 0.975 / 400) = 0.0079.
    const D = 120;
    const [lo, hi] = [-2.12, 2.64];
    const x: Tensor = {
      data: Float32Array.from({ length: D }, (_, i) => lo + ((i + 0.5) / D) * (hi - lo)),
      shape: [1, 1, 1, D],
    };
    const N = 400;
    const shareOutside = (inputs: Float32Array[]) => {
      const perElement = new Float64Array(D);
      let count = 0;
      for (const batch of inputs) {
        for (let j = 0; j < batch.length; j++) {
          const v = batch[j]!;
          if (v < lo || v > hi) perElement[j % D]! += 1 / N;
          count++;
        }
      }
      expect(count).toBe(N * D);
      return { total: perElement.reduce((a, v) => a + v, 0) / D, perElement };
    };
    const base = randomLinearModel([1, 1, D], 2, 1);
    const a = recording(base);
    await adaptGrad.explain(a.model, x, {
      target: 0,
      samples: N,
      seed: 7,
      bounds: { min: lo, max: hi },
    });
    const ag = shareOutside(a.inputs);
    expect(ag.total).toBeLessThan(1 - 0.95);
    expect(Math.abs(ag.total - 0.0134)).toBeLessThan(4 * 0.0006); // sqrt(0.0134 * 0.9866 / 48000)
    // The middle element is d from both bounds: exactly 1 - (1 + c)/2 = 0.025 outside.
    const middle = (ag.perElement[59]! + ag.perElement[60]!) / 2;
    expect(Math.abs(middle - 0.025)).toBeLessThan(4 * 0.0056);
    for (const p of ag.perElement) expect(p).toBeLessThan(0.025 + 4 * 0.0079);

    const s = recording(base);
    await smoothGrad.explain(s.model, x, { target: 0, samples: N, seed: 7 });
    const sg = shareOutside(s.inputs);
    expect(sg.total).toBeGreaterThan(1 - 0.95);
    expect(Math.abs(sg.total - 0.1596)).toBeLessThan(4 * 0.0017);
  });

  it('derives the bounds from the normalisation per channel, else from the sample', async () => {
    const base = randomLinearModel([2, 1, 3], 2, 1);
    const normalization = { mean: [0.5, 0.25], std: [0.5, 0.25] }; // bounds [-1, 1] and [-1, 3]
    const x: Tensor = { data: Float32Array.of(0, 0.9, -0.5, 2.5, -1, 1), shape: [1, 2, 1, 3] };
    const r = recording(base);
    await adaptGrad.explain(r.model, x, { target: 0, samples: 2000, normalization, seed: 2 });
    const sd = new Float64Array(6);
    for (const batch of r.inputs) {
      for (let j = 0; j < batch.length; j++) sd[j % 6]! += (batch[j]! - x.data[j % 6]!) ** 2 / 2000;
    }
    const k = adaptGradDenominator(0.95);
    const want = [1, 0.1, 0.5, 0.5, 0, 2].map((d) => d / k);
    // The sample standard deviation of 2000 normals is within 4 x 1.6% of sigma.
    want.forEach((w, j) => {
      expect(Math.abs(Math.sqrt(sd[j]!) - w)).toBeLessThanOrEqual(0.064 * w);
    });
    // Without normalisation or bounds: the sample's own range [-1, 2.5].
    const own = recording(base);
    await adaptGrad.explain(own.model, x, { target: 0, samples: 1, seed: 2 });
    const moved = own.inputs[0]!.map((v, j) => v - x.data[j]!);
    expect(moved[3]).toBe(0); // 2.5 is the maximum
    expect(moved[4]).toBe(0); // -1 is the minimum
    expect(moved[0]).not.toBe(0);
  });

  it('is deterministic per seed, differs between seeds, and uses its own stream', async () => {
    expect(ADAPT_GRAD_STREAM).not.toBe(0);
    const model = randomQuadraticModel([2, 3], 2, 6);
    const x: Tensor = {
      data: Float32Array.from({ length: 12 }, (_, i) => i / 11),
      shape: [2, 2, 3],
    };
    const options = { target: 1, samples: 9, seed: 4 };
    await expectSeededAndBatchingIgnored(adaptGrad, model, x, options, 4);
    expect(adaptGrad.defaults).toMatchObject({ confidence: 0.95, samples: 50, inner: 'gradient' });
  });

  it('combines with gradient x input and integrated gradients (A-GI, A-IG(B))', async () => {
    const model = randomLinearModel([2, 3], 2, 6);
    const w = model.derivatives(new Float64Array(6)).jacobian;
    const x: Tensor = { data: Float32Array.of(0, 0.2, 0.4, 0.6, 0.8, 1), shape: [1, 2, 3] };
    // The sample's own range is [0, 1]: the elements 0 and 1 lie on a bound and get no noise.
    const gi = await adaptGrad.explain(model, x, {
      target: 1,
      inner: 'gradient-x-input',
      samples: 3,
    });
    expect(gi.data[0]).toBeCloseTo(0, 6);
    expect(gi.data[5]).toBeCloseTo(w[6 + 5]!, 6);
    const ig = await adaptGrad.explain(model, x, {
      target: 1,
      inner: 'integrated-gradients',
      baseline: 'black',
      samples: 3,
      steps: 4,
    });
    // On a linear model IG from black (0 without normalisation) is gradient x input.
    for (let i = 0; i < 6; i++) expect(ig.data[i]).toBeCloseTo(gi.data[i]!, 5);
  });

  it('reference-code: sigma over sqrt(2) erfinv(c), and the map at x averaged in as one of N + 1', async () => {
    expect(resolveAdaptGradOptions({ preset: 'reference-code' })).toMatchObject({
      sigmaDenominator: 'erfinv(c)',
      includeCleanGradient: true,
      confidence: 0.95,
    });
    expect(
      resolveAdaptGradOptions({ preset: 'reference-code', includeCleanGradient: undefined }),
    ).toMatchObject({ includeCleanGradient: true });
    expect(resolveAdaptGradOptions({})).toMatchObject({
      preset: 'paper',
      sigmaDenominator: 'erfinv((1+c)/2)',
      includeCleanGradient: false,
    });
    expect(() => resolveAdaptGradOptions({ sigmaDenominator: 'c' as never })).toThrow(
      /Expected one of 'erfinv\(\(1\+c\)\/2\)', 'erfinv\(c\)' for option 'sigmaDenominator' of 'adapt-grad' but received 'c'/,
    );
    // sqrt(2) erfinv(0.95) is the standard normal quantile at 0.975.
    expect(adaptGradDenominator(0.95, 'erfinv(c)')).toBeCloseTo(1.959963984540054, 12);

    const model = randomQuadraticModel([2, 3], 3, 5);
    const x: Tensor = { data: Float32Array.of(0.1, 0.5, 0.3, 0.9, 0.2, 0.7), shape: [1, 2, 3] };
    const N = 4;
    const ref = await adaptGrad.explain(model, x, {
      target: 1,
      preset: 'reference-code',
      samples: N,
      seed: 2,
    });
    const noisy = await adaptGrad.explain(model, x, {
      target: 1,
      sigmaDenominator: 'erfinv(c)',
      samples: N,
      seed: 2,
    });
    const clean = (await model.vjp(x, { data: Float32Array.of(0, 1, 0), shape: [1, 3] })).grad;
    for (let i = 0; i < 6; i++) {
      expect(ref.data[i]).toBeCloseTo((N * noisy.data[i]! + clean.data[i]!) / (N + 1), 6);
    }
    // The noise is 1.1436 times eq. 13's: the noisy maps differ on a quadratic model.
    const eq13 = await adaptGrad.explain(model, x, { target: 1, samples: N, seed: 2 });
    expect(Array.from(eq13.data)).not.toEqual(Array.from(noisy.data));
  });
});
