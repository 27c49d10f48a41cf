import { jsKernels, type Tensor } from '@xai/core';
import { randomLinearModel } from '@xai/core/testing';
import { describe, expect, it } from 'vitest';
import {
  attributeAtPoints,
  elementBounds,
  gaussLegendre,
  pathPoints,
  quadrature,
  quadratureRules,
  resolveBaseline,
  sumGradients,
} from './integration-path.js';

/** Known Gauss–Legendre nodes and weights on [-1, 1] (Abramowitz and Stegun, table 25.4). */
const known: Array<Array<[number, number]>> = [
  [[0, 2]],
  [
    [-1 / Math.sqrt(3), 1],
    [1 / Math.sqrt(3), 1],
  ],
  [
    [-Math.sqrt(3 / 5), 5 / 9],
    [0, 8 / 9],
    [Math.sqrt(3 / 5), 5 / 9],
  ],
  (() => {
    const a = Math.sqrt(3 / 7 - (2 / 7) * Math.sqrt(6 / 5));
    const b = Math.sqrt(3 / 7 + (2 / 7) * Math.sqrt(6 / 5));
    const wa = (18 + Math.sqrt(30)) / 36;
    const wb = (18 - Math.sqrt(30)) / 36;
    return [
      [-b, wb],
      [-a, wa],
      [a, wa],
      [b, wb],
    ] as Array<[number, number]>;
  })(),
  (() => {
    const a = Math.sqrt(5 - 2 * Math.sqrt(10 / 7)) / 3;
    const b = Math.sqrt(5 + 2 * Math.sqrt(10 / 7)) / 3;
    const wa = (322 + 13 * Math.sqrt(70)) / 900;
    const wb = (322 - 13 * Math.sqrt(70)) / 900;
    return [
      [-b, wb],
      [-a, wa],
      [0, 128 / 225],
      [a, wa],
      [b, wb],
    ] as Array<[number, number]>;
  })(),
];

describe('quadrature', () => {
  it.each([1, 2, 3, 4, 5])('gives the known %i-point Gauss-Legendre rule on [0, 1]', (n) => {
    const { nodes, weights } = gaussLegendre(n);
    known[n - 1]!.forEach(([u, w], k) => {
      expect(nodes[k]).toBeCloseTo((u + 1) / 2, 14);
      expect(weights[k]).toBeCloseTo(w / 2, 14);
    });
  });

  it('Gauss-Legendre with n nodes integrates t^(2n-1) exactly and t^(2n) not', () => {
    for (const n of [3, 8, 20, 64]) {
      const { nodes, weights } = gaussLegendre(n);
      const integral = (p: number) => nodes.reduce((s, t, k) => s + weights[k]! * t ** p, 0);
      expect(integral(2 * n - 1)).toBeCloseTo(1 / (2 * n), 13);
      // The error on t^(2n), (n!)^4 / ((2n + 1) ((2n)!)^2), is ~4e-10 at n = 8: above rounding.
      if (n <= 8) expect(Math.abs(integral(2 * n) - 1 / (2 * n + 1))).toBeGreaterThan(1e-12);
    }
  });

  it.each(quadratureRules)(
    "%s: nodes in [0, 1], increasing, weights summing to 1 ((n-1)/n for Captum's)",
    (rule) => {
      for (const steps of [2, 7, 50]) {
        const { nodes, weights } = quadrature(rule, steps);
        expect(nodes.length).toBe(steps);
        const sum = rule === 'captum-trapezoid' ? (steps - 1) / steps : 1;
        expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(sum, 13);
        for (let k = 0; k < steps; k++) {
          expect(nodes[k]).toBeGreaterThanOrEqual(0);
          expect(nodes[k]).toBeLessThanOrEqual(1);
          if (k > 0) expect(nodes[k]).toBeGreaterThan(nodes[k - 1]!);
        }
      }
    },
  );

  it('places the Riemann and trapezoid nodes where their names say', () => {
    expect([...quadrature('left', 4).nodes]).toEqual([0, 0.25, 0.5, 0.75]);
    expect([...quadrature('right', 4).nodes]).toEqual([0.25, 0.5, 0.75, 1]);
    expect([...quadrature('middle', 4).nodes]).toEqual([0.125, 0.375, 0.625, 0.875]);
    const t = quadrature('trapezoid', 5);
    expect([...t.nodes]).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect([...t.weights]).toEqual([0.125, 0.25, 0.25, 0.25, 0.125]);
  });

  it("captum-trapezoid is Captum's riemann_trapezoid: nodes k/(n-1), weights 1/n, ends 1/(2n), sum 0.98 at 50", () => {
    const c = quadrature('captum-trapezoid', 5);
    expect([...c.nodes]).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect([...c.weights]).toEqual([0.1, 0.2, 0.2, 0.2, 0.1]);
    const w50 = quadrature('captum-trapezoid', 50).weights;
    expect(w50.reduce((s, v) => s + v, 0)).toBeCloseTo(0.98, 14);
    expect(w50[0]).toBe(0.01);
    expect(w50[1]).toBe(0.02);
    // Every weight is the textbook rule's times (n-1)/n.
    const t50 = quadrature('trapezoid', 50).weights;
    for (let k = 0; k < 50; k++) expect(w50[k]).toBeCloseTo((t50[k]! * 49) / 50, 15);
    expect(() => quadrature('captum-trapezoid', 1)).toThrow(
      /at least 2 for the 'captum-trapezoid' rule/,
    );
  });

  it('integrates t exactly with middle and trapezoid, with error 1/(2n) for left and right', () => {
    const integral = (rule: 'left' | 'right' | 'middle' | 'trapezoid', n: number) => {
      const { nodes, weights } = quadrature(rule, n);
      return nodes.reduce((s, t, k) => s + weights[k]! * t, 0);
    };
    expect(integral('middle', 10)).toBeCloseTo(0.5, 14);
    expect(integral('trapezoid', 10)).toBeCloseTo(0.5, 14);
    expect(integral('left', 10)).toBeCloseTo(0.5 - 1 / 20, 14);
    expect(integral('right', 10)).toBeCloseTo(0.5 + 1 / 20, 14);
  });

  it('rejects bad step counts and rules', () => {
    expect(() => quadrature('trapezoid', 1)).toThrow(/at least 2 for the 'trapezoid' rule/);
    expect(() => quadrature('right', 0)).toThrow(/at least 1 for the 'right' rule but received 0/);
    expect(() => quadrature('simpson' as 'right', 5)).toThrow(/'simpson'/);
    expect(() => gaussLegendre(2.5)).toThrow(/Gauss-Legendre/);
  });
});

describe('path points', () => {
  it('are b + alpha (x - b) in the sample shape, plus sigma z from the noise stream', async () => {
    const x: Tensor = { data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3] };
    const b: Tensor = { data: Float32Array.of(0, 1, 0, 1, 0, 1), shape: [2, 3] };
    const pts = await pathPoints(jsKernels, x, b, [0, 0.5, 1]);
    expect(pts.shape).toEqual([3, 2, 3]);
    expect([...pts.data.subarray(0, 6)]).toEqual([...b.data]);
    expect([...pts.data.subarray(6, 12)]).toEqual([0.5, 1.5, 1.5, 2.5, 2.5, 3.5]);
    expect([...pts.data.subarray(12)]).toEqual([...x.data]);
    const noisy = await pathPoints(jsKernels, x, 0, [1, 1], { sigma: 0.5, seed: 3, stream: 9 });
    const z = await jsKernels.random({ distribution: 'normal', shape: [12], seed: 3, stream: 9 });
    for (let i = 0; i < 12; i++) {
      expect(noisy.data[i]).toBeCloseTo(x.data[i % 6]! + 0.5 * z.data[i]!, 6);
    }
  });
});

describe('sumGradients', () => {
  it('batches points across samples under the memory bound and reports progress', async () => {
    const model = randomLinearModel([3], 2, 4);
    const x: Tensor = { data: Float32Array.of(1, 2, 3, -1, 0, 1), shape: [2, 3] };
    const events: number[] = [];
    const out = await sumGradients(
      model,
      x,
      Int32Array.of(0, 1),
      {
        pointsPerSample: 5,
        points: async (_b, s, e) => new Float32Array((e - s) * 3),
        accumulate: (_b, _k, g, _p, acc) => {
          for (let i = 0; i < 3; i++) acc[i]! += g[i]!;
        },
      },
      { objective: 'logit', maxBatchSize: 3, onProgress: (e) => events.push(e.done) },
    );
    // 10 points in chunks of at most 3, paced by time (one point first) since someone listens.
    expect(events[0]).toBe(1);
    expect(events.at(-1)).toBe(10);
    for (const [i, done] of events.entries())
      expect([1, 2, 3]).toContain(done - (events[i - 1] ?? 0));
    expect(model.calls.vjp).toBe(events.length);
    const w = model.derivatives(new Float64Array(3)).jacobian;
    for (let i = 0; i < 3; i++) {
      expect(out.data[i]).toBeCloseTo(5 * w[i]!, 5);
      expect(out.data[3 + i]).toBeCloseTo(5 * w[3 + i]!, 5);
    }
  });

  it('stops at an aborted signal', async () => {
    const model = randomLinearModel([3], 2, 4);
    const x: Tensor = { data: Float32Array.of(1, 2, 3), shape: [1, 3] };
    const controller = new AbortController();
    controller.abort();
    await expect(
      attributeAtPoints(model, x, Int32Array.of(0), {
        kernels: jsKernels,
        objective: 'logit',
        inner: 'gradient',
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('baselines and bounds', () => {
  const x: Tensor = {
    data: Float32Array.from({ length: 2 * 2 * 2 * 2 }, (_, i) => i / 10 - 0.5),
    shape: [2, 2, 2, 2],
  };
  const normalization = { mean: [0.5, 0.25], std: [0.5, 0.25] };
  const context = { kernels: jsKernels, seed: 1, normalization };

  it("maps 'black' and 'white' through the normalisation per channel", async () => {
    const black = (await resolveBaseline(x, 0, 'black', context)) as Tensor;
    const white = (await resolveBaseline(x, 1, 'white', context)) as Tensor;
    expect([...black.data]).toEqual([-1, -1, -1, -1, -1, -1, -1, -1]);
    expect([...white.data]).toEqual([1, 1, 1, 1, 3, 3, 3, 3]);
    expect(black.shape).toEqual([2, 2, 2]);
    expect(await resolveBaseline(x, 0, 'zeros', context)).toBe(0);
  });

  it("draws 'uniform' between the bounds, seeded and per sample", async () => {
    const u0 = (await resolveBaseline(x, 0, 'uniform', context)) as Tensor;
    const again = (await resolveBaseline(x, 0, 'uniform', context)) as Tensor;
    const u1 = (await resolveBaseline(x, 1, 'uniform', context)) as Tensor;
    expect(u0.data).toEqual(again.data);
    expect(u0.data).not.toEqual(u1.data);
    for (let i = 0; i < 8; i++) {
      const [lo, hi] = i < 4 ? [-1, 1] : [-1, 3];
      expect(u0.data[i]).toBeGreaterThanOrEqual(lo);
      expect(u0.data[i]).toBeLessThan(hi);
    }
  });

  it('takes a tensor per sample or for the batch, and rejects other shapes', async () => {
    const one: Tensor = { data: new Float32Array(8).fill(2), shape: [2, 2, 2] };
    expect(((await resolveBaseline(x, 1, one, context)) as Tensor).data).toEqual(one.data);
    const both = (await resolveBaseline(x, 1, x, context)) as Tensor;
    expect(both.data).toEqual(x.data.subarray(8));
    await expect(
      resolveBaseline(x, 0, { data: new Float32Array(3), shape: [3] }, context),
    ).rejects.toMatchObject({
      code: 'SHAPE_MISMATCH',
      message: expect.stringMatching(/\[2, 2, 2\]/),
    });
    await expect(resolveBaseline(x, 0, 'gray' as 'zeros', context)).rejects.toThrow(/'gray'/);
  });

  it('bounds: given, from the normalisation, or the sample range', () => {
    const given = elementBounds(x, 0, { min: [0, 1], max: 5 });
    expect([...given.lo]).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect([...given.hi]).toEqual(new Array(8).fill(5));
    const fromNorm = elementBounds(x, 0, undefined, normalization);
    expect([...fromNorm.hi]).toEqual([1, 1, 1, 1, 3, 3, 3, 3]);
    const own = elementBounds(x, 1);
    expect(own.lo[0]).toBeCloseTo(0.3, 6);
    expect(own.hi[7]).toBeCloseTo(1.0, 6);
    expect(() => elementBounds(x, 0, { min: 1, max: 0 })).toThrow(/min < max/);
    expect(() => elementBounds(x, 0, { min: [0, 0, 0], max: 1 })).toThrow(/1 or 2 values/);
  });
});
