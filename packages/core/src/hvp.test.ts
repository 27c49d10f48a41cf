import { describe, expect, it } from 'vitest';
import { exactLossHessian, randomQuadraticModel, randomReluNetwork } from './analytic/index.js';
import { finiteDifferenceHvp, gaussNewtonHvp } from './hvp.js';
import { jsKernels } from './js-kernels/index.js';

const shape = [1, 2, 3];
const D = 6;
const batch = 3;
const x = {
  data: Float32Array.from({ length: batch * D }, (_, i) => Math.sin(1.3 * i + 0.2)),
  shape: [batch, ...shape],
};
const v = {
  data: Float32Array.from({ length: batch * D }, (_, i) => Math.cos(0.7 * i)),
  shape: [batch, ...shape],
};
const w = {
  data: Float32Array.from({ length: batch * D }, (_, i) => Math.sin(2.9 * i + 1)),
  shape: [batch, ...shape],
};

function sampleOf(t: { data: Float32Array }, b: number): Float64Array {
  return Float64Array.from(t.data.subarray(b * D, (b + 1) * D));
}
function matVec(m: Float64Array, vec: Float64Array): Float64Array {
  return Float64Array.from({ length: D }, (_, i) =>
    vec.reduce((s, vj, j) => s + m[i * D + j]! * vj, 0),
  );
}
function dot(a: ArrayLike<number>, b: ArrayLike<number>, off: number): number {
  let s = 0;
  for (let i = 0; i < D; i++) s += a[off + i]! * b[off + i]!;
  return s;
}

describe('gaussNewtonHvp', () => {
  const model = randomReluNetwork(shape, 12, 5, 11);

  it('is the exact cross-entropy Hessian product on a ReLU network', async () => {
    const { hv } = await gaussNewtonHvp(model, x, v, { kernels: jsKernels });
    for (let b = 0; b < batch; b++) {
      const H = exactLossHessian(model, sampleOf(x, b), 'cross-entropy', 0);
      const want = matVec(H, sampleOf(v, b));
      for (let i = 0; i < D; i++) expect(hv.data[b * D + i]).toBeCloseTo(want[i]!, 5);
    }
  });

  it('is symmetric and positive semi-definite', async () => {
    const hv = (await gaussNewtonHvp(model, x, v, { kernels: jsKernels })).hv.data;
    const hw = (await gaussNewtonHvp(model, x, w, { kernels: jsKernels })).hv.data;
    for (let b = 0; b < batch; b++) {
      expect(dot(w.data, hv, b * D)).toBeCloseTo(dot(v.data, hw, b * D), 5);
      expect(dot(v.data, hv, b * D)).toBeGreaterThanOrEqual(-1e-7);
    }
  });

  it('batches its model calls', async () => {
    const m = randomReluNetwork(shape, 12, 5, 11);
    const whole = await gaussNewtonHvp(m, x, v, { kernels: jsKernels });
    const split = await gaussNewtonHvp(m, x, v, { kernels: jsKernels, maxBatchSize: 1 });
    expect(m.calls.jvp).toBe(1 + 3);
    expect(split.hv.data).toEqual(whole.hv.data);
  });

  it('rejects a direction shaped unlike the input', async () => {
    await expect(
      gaussNewtonHvp(
        model,
        x,
        { data: new Float32Array(6), shape: [1, ...shape] },
        { kernels: jsKernels },
      ),
    ).rejects.toMatchObject({
      code: 'SHAPE_MISMATCH',
    });
  });
});

describe('finiteDifferenceHvp', () => {
  it('is exact (to float32) for the target logit of a quadratic model: A_t v', async () => {
    const model = randomQuadraticModel(shape, 4, 5);
    const { hv } = await finiteDifferenceHvp(model, x, v, 'logit', 2, {
      kernels: jsKernels,
      step: 1e-2,
    });
    for (let b = 0; b < batch; b++) {
      const H = exactLossHessian(model, sampleOf(x, b), 'logit', 2);
      const want = matVec(H, sampleOf(v, b));
      for (let i = 0; i < D; i++) expect(hv.data[b * D + i]).toBeCloseTo(want[i]!, 3);
    }
  });

  it('matches the exact Hessian of a smooth loss on a quadratic model to O(h^2)', async () => {
    const model = randomQuadraticModel(shape, 4, 5);
    const { hv, targets } = await finiteDifferenceHvp(model, x, v, 'cross-entropy', 'predicted', {
      kernels: jsKernels,
      step: 1e-2,
    });
    for (let b = 0; b < batch; b++) {
      const H = exactLossHessian(model, sampleOf(x, b), 'cross-entropy', targets[b]!);
      const want = matVec(H, sampleOf(v, b));
      for (let i = 0; i < D; i++) expect(hv.data[b * D + i]).toBeCloseTo(want[i]!, 2);
    }
  });

  it('agrees with the Gauss-Newton product on a ReLU network', async () => {
    const model = randomReluNetwork(shape, 12, 5, 11);
    const gn = await gaussNewtonHvp(model, x, v, { kernels: jsKernels });
    const fdh = await finiteDifferenceHvp(model, x, v, 'cross-entropy', 0, {
      kernels: jsKernels,
      step: 1e-3,
    });
    for (let i = 0; i < gn.hv.data.length; i++)
      expect(fdh.hv.data[i]).toBeCloseTo(gn.hv.data[i]!, 2);
  });

  it('rejects a step that is not positive', async () => {
    const model = randomQuadraticModel(shape, 4, 5);
    await expect(
      finiteDifferenceHvp(model, x, v, 'logit', 0, { kernels: jsKernels, step: 0 }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
