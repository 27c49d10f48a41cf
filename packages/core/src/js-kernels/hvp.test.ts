import { describe, expect, it } from 'vitest';
import { rejection } from '../../test/helpers/rejection.js';
import { fillNormal, fillUniform } from '../prng.js';
import { centralDifference, softmaxHvp } from './hvp.js';

function softmaxRows(logits: Float64Array, B: number, K: number): Float64Array {
  const p = new Float64Array(B * K);
  for (let b = 0; b < B; b++) {
    const row = logits.subarray(b * K, (b + 1) * K);
    const max = Math.max(...row);
    const e = row.map((z) => Math.exp(z - max));
    const sum = e.reduce((a, v) => a + v, 0);
    p.set(
      e.map((v) => v / sum),
      b * K,
    );
  }
  return p;
}

/** The K×K Hessian diag(p) − p pᵀ built explicitly, then multiplied by u. */
function naiveHvp(p: Float32Array, u: Float32Array, B: number, K: number): Float64Array {
  const out = new Float64Array(B * K);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < K; i++) {
      let s = 0;
      for (let j = 0; j < K; j++) {
        const h = (i === j ? p[b * K + i]! : 0) - p[b * K + i]! * p[b * K + j]!;
        s += h * u[b * K + j]!;
      }
      out[b * K + i] = s;
    }
  }
  return out;
}

describe('softmaxHvp', () => {
  const [B, K] = [5, 10];
  const logits = Float64Array.from(fillNormal(new Float32Array(B * K), 1, 0), (z) => 3 * z);
  const probs = { data: Float32Array.from(softmaxRows(logits, B, K)), shape: [B, K] };
  const jv = { data: fillNormal(new Float32Array(B * K), 2, 0), shape: [B, K] };

  it('applies diag(p) − p pᵀ to u, as the explicit matrix does', async () => {
    const out = await softmaxHvp({ probs, jv });
    expect(out.shape).toEqual([B, K]);
    const expected = naiveHvp(probs.data, jv.data, B, K);
    for (let i = 0; i < out.data.length; i++) {
      const scale = probs.data[i]! * (Math.abs(jv.data[i]!) + 1);
      expect(Math.abs(out.data[i]! - expected[i]!)).toBeLessThanOrEqual(1e-6 * scale);
    }
  });

  it('is the derivative of softmax along u (the Hessian of cross-entropy on the logits)', async () => {
    const out = await softmaxHvp({ probs, jv });
    const h = 1e-5;
    const plus = softmaxRows(
      logits.map((z, i) => z + h * jv.data[i]!),
      B,
      K,
    );
    const minus = softmaxRows(
      logits.map((z, i) => z - h * jv.data[i]!),
      B,
      K,
    );
    for (let i = 0; i < out.data.length; i++) {
      expect(out.data[i]!).toBeCloseTo((plus[i]! - minus[i]!) / (2 * h), 4);
    }
  });

  it('is zero for a one-hot distribution', async () => {
    const oneHot = new Float32Array(K);
    oneHot[3] = 1;
    const out = await softmaxHvp({
      probs: { data: oneHot, shape: [1, K] },
      jv: { data: jv.data.slice(0, K), shape: [1, K] },
    });
    expect(Array.from(out.data, Math.abs)).toEqual(new Array(K).fill(0));
  });

  it('rejects bad arguments with the right code', async () => {
    const bad = new Float32Array(B * K).fill(0.1);
    bad[7] = 1.5;
    expect(await rejection(softmaxHvp({ probs, jv: { data: jv.data, shape: [K, B] } }))).toMatch(
      /^SHAPE_MISMATCH: Expected the vector jv of shape \[5, 10\]/,
    );
    expect(
      await rejection(softmaxHvp({ probs: { data: probs.data, shape: [B * K] }, jv })),
    ).toMatch(/^SHAPE_MISMATCH/);
    expect(await rejection(softmaxHvp({ probs: { data: bad, shape: [B, K] }, jv }))).toMatch(
      /^INVALID_ARGUMENT: Expected values in \[0, 1\] for the probabilities but received 1.5 at flat index 7/,
    );
    const nan = jv.data.slice();
    nan[0] = Number.NaN;
    expect(await rejection(softmaxHvp({ probs, jv: { data: nan, shape: [B, K] } }))).toMatch(
      /^NON_FINITE_INPUT/,
    );
  });
});

describe('centralDifference', () => {
  it('is (g+ − g−) / 2h elementwise', async () => {
    const gradPlus = { data: fillNormal(new Float32Array(24), 3, 0), shape: [2, 3, 4] };
    const gradMinus = { data: fillNormal(new Float32Array(24), 3, 1), shape: [2, 3, 4] };
    const out = await centralDifference({ gradPlus, gradMinus, h: 1e-3 });
    expect(out.shape).toEqual([2, 3, 4]);
    const expected = gradPlus.data.map((g, i) => (g - gradMinus.data[i]!) / 2e-3);
    expect(out.data).toEqual(expected);
  });

  it('recovers A v from the gradients of a quadratic ½ xᵀA x', async () => {
    const n = 6;
    const A = fillUniform(new Float32Array(n * n), 4, 0);
    const x = fillNormal(new Float32Array(n), 4, 1);
    const v = fillNormal(new Float32Array(n), 4, 2);
    const h = 0.01;
    const grad = (sign: number) =>
      Float32Array.from({ length: n }, (_, i) => {
        let s = 0;
        for (let j = 0; j < n; j++)
          s += ((A[i * n + j]! + A[j * n + i]!) / 2) * (x[j]! + sign * h * v[j]!);
        return s;
      });
    const out = await centralDifference({
      gradPlus: { data: grad(1), shape: [n] },
      gradMinus: { data: grad(-1), shape: [n] },
      h,
    });
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let j = 0; j < n; j++) av += ((A[i * n + j]! + A[j * n + i]!) / 2) * v[j]!;
      expect(out.data[i]!).toBeCloseTo(av, 3);
    }
  });

  it('rejects bad arguments with the right code', async () => {
    const g = { data: new Float32Array(6), shape: [2, 3] };
    expect(
      await rejection(
        centralDifference({
          gradPlus: g,
          gradMinus: { data: new Float32Array(6), shape: [3, 2] },
          h: 1,
        }),
      ),
    ).toMatch(/^SHAPE_MISMATCH/);
    for (const h of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(await rejection(centralDifference({ gradPlus: g, gradMinus: g, h }))).toMatch(
        /^INVALID_ARGUMENT: Expected a finite number > 0 for the step h but received/,
      );
    }
  });
});
