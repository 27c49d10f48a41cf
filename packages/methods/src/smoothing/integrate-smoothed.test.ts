import { jsKernels, type Tensor } from '@xai/core';
import { randomQuadraticModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import { gradientXInput } from '../gradient/gradient-x-input.js';
import { integratedGradients } from '../path/integrated-gradients.js';
import { quadrature } from '../shared/quadrature.js';
import { composeSmoothing } from './compose-smoothing.js';
import { SMOOTH_GRAD_STREAM, smoothGrad } from './smooth-grad.js';

const shape = [1, 2, 3];
const D = 6;
const x: Tensor = {
  data: Float32Array.from({ length: 2 * D }, (_, i) => Math.cos(0.7 * i)),
  shape: [2, ...shape],
};
const model = randomQuadraticModel(shape, 3, 5);
const targets = [2, 0];
const N = 4;
const steps = 5;
const level = 0.3;
const bounds = { min: -1, max: 1 }; // sigma = 0.3 * 2 on every element
const sIg = composeSmoothing(
  smoothGrad,
  integratedGradients,
  { baseline: 0.25, steps, rule: 'left' },
  { order: 'integrate-the-smoothed-gradient' },
);
const options = { target: targets, seed: 3, samples: N, noiseScale: 'data-range', bounds } as const;

/**
 * The same map computed here in float64 from the model's exact gradient and the documented
 * stream: point k of sample b is smoothing sample `b steps + k`, its copy n takes the normals
 * `((b steps + k) N + n) D + j`.
 */
async function expected(clean: boolean): Promise<Float64Array> {
  const q = quadrature('left', steps);
  const sigma = level * (bounds.max - bounds.min);
  const z = await jsKernels.random({
    distribution: 'normal',
    shape: [2 * steps * N * D],
    seed: 3,
    stream: SMOOTH_GRAD_STREAM,
    offset: 0,
  });
  const grad = (p: Float64Array, t: number) =>
    model.derivatives(p).jacobian.subarray(t * D, (t + 1) * D);
  const out = new Float64Array(2 * D);
  for (let b = 0; b < 2; b++) {
    const xb = Float64Array.from(x.data.subarray(b * D, (b + 1) * D));
    const sum = new Float64Array(D);
    for (let k = 0; k < steps; k++) {
      const p = xb.map((v) => 0.25 + q.nodes[k]! * (v - 0.25));
      const sm = new Float64Array(D);
      const terms = clean ? N + 1 : N;
      for (let n = 0; n < N; n++) {
        const row = ((b * steps + k) * N + n) * D;
        const g = grad(
          p.map((v, j) => v + sigma * z.data[row + j]!),
          targets[b]!,
        );
        for (let j = 0; j < D; j++) sm[j]! += g[j]! / terms;
      }
      if (clean) {
        const g = grad(p, targets[b]!);
        for (let j = 0; j < D; j++) sm[j]! += g[j]! / terms;
      }
      for (let j = 0; j < D; j++) sum[j]! += q.weights[k]! * sm[j]!;
    }
    const share = clean ? steps / (steps + 1) : 1;
    const gx = grad(xb, targets[b]!);
    for (let j = 0; j < D; j++) {
      const g = share * sum[j]! + (clean ? (1 - share) * gx[j]! : 0);
      out[b * D + j] = (xb[j]! - 0.25) * g;
    }
  }
  return out;
}

function worstRelative(a: Float32Array, b: Float64Array): number {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return worst / scale;
}

describe("composeSmoothing order 'integrate-the-smoothed-gradient'", () => {
  it('is IG of the smoothed gradient: equals a float64 loop over the documented stream', async () => {
    expect(sIg.name).toBe('integrated-gradients(smooth-grad)');
    const ours = await sIg.explain(model, x, { ...options, noiseLevel: level });
    expect(worstRelative(ours.data as Float32Array, await expected(false))).toBeLessThan(1e-5);
    // Batching does not change the map: the points are counted, not drawn per call.
    const small = await sIg.explain(model, x, { ...options, noiseLevel: level, maxBatchSize: 3 });
    expect(small.data).toEqual(ours.data);
  });

  it('with includeCleanGradient averages the clean gradient in at each point and at x', async () => {
    const ours = await sIg.explain(model, x, {
      ...options,
      noiseLevel: level,
      includeCleanGradient: true,
    });
    expect(worstRelative(ours.data as Float32Array, await expected(true))).toBeLessThan(1e-5);
  });

  it("differs from the order 'smooth-the-map' (IG to each noisy copy)", async () => {
    const other = composeSmoothing(smoothGrad, integratedGradients, {
      baseline: 0.25,
      steps,
      rule: 'left',
    });
    expect(other.name).toBe('smooth-grad(integrated-gradients)');
    const a = await sIg.explain(model, x, { ...options, noiseLevel: level });
    const b = await other.explain(model, x, { ...options, noiseLevel: level });
    expect(worstRelative(a.data as Float32Array, Float64Array.from(b.data))).toBeGreaterThan(1e-3);
  });

  it('rejects a misspelt order, another inner method and unknown options before any pass', async () => {
    expect(() =>
      composeSmoothing(smoothGrad, integratedGradients, {}, { order: 'integrate' as never }),
    ).toThrow(
      /Expected order to be one of 'smooth-the-map', 'integrate-the-smoothed-gradient' .* but received "integrate"/,
    );
    expect(() =>
      composeSmoothing(
        smoothGrad,
        gradientXInput,
        {},
        { order: 'integrate-the-smoothed-gradient' },
      ),
    ).toThrow(/Expected integratedGradients as the inner method .* received 'gradient-x-input'/);
    await expect(sIg.explain(model, x, { ...options, stpes: 3 } as never)).rejects.toMatchObject({
      code: 'UNKNOWN_OPTION',
    });
  });
});

describe("smooth-grad noiseScale 'data-range'", () => {
  it('takes noiseLevel times the bounds range, not the sample range', async () => {
    const plain = { target: targets, seed: 3, samples: N, noiseLevel: level } as const;
    const dataRange = await smoothGrad.explain(model, x, {
      ...plain,
      noiseScale: 'data-range',
      bounds,
    });
    // The same normals at the sample's own range scaled to 0.6: the bounds' range times 0.3.
    const ranges = [0, 1].map((b) => {
      const s = [...x.data.subarray(b * D, (b + 1) * D)];
      return Math.max(...s) - Math.min(...s);
    });
    expect(ranges[0]).not.toBeCloseTo(2, 2);
    const sameNoise = async (b: number) =>
      smoothGrad.explain(
        model,
        { data: x.data.slice(b * D, (b + 1) * D), shape: [1, ...shape] },
        { ...plain, target: [targets[b]!], noiseLevel: (level * 2) / ranges[b]!, seed: 3 },
      );
    const first = await sameNoise(0);
    for (let j = 0; j < D; j++) expect(dataRange.data[j]).toBeCloseTo(first.data[j]!, 5);
  });

  it('rejects a misspelt noiseScale and a data range with neither bounds nor domain', async () => {
    await expect(
      smoothGrad.explain(model, x, { target: 0, noiseScale: 'data' as never }),
    ).rejects.toThrow(/Expected one of 'range', 'pixels', 'data-range' for option 'noiseScale'/);
    await expect(
      smoothGrad.explain(model, x, { target: 0, noiseScale: 'data-range' }),
    ).rejects.toThrow(/Expected bounds \{ min, max \} or an input domain .* received neither/);
    await expect(
      smoothGrad.explain(model, x, { target: 0, includeCleanGradient: 'yes' as never }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/Expected a boolean for option 'includeCleanGradient'/),
    });
  });
});
