import { describe, expect, it } from 'vitest';
import { evaluateLoss, lossNames } from '../targets/loss.js';
import type { DenseAnalyticModel } from './dense-model.js';
import {
  exactLossHessian,
  randomLinearModel,
  randomQuadraticModel,
  randomReluNetwork,
} from './index.js';

const shape = [1, 3, 2];
const models: Array<[string, DenseAnalyticModel]> = [
  ['linear', randomLinearModel(shape, 4, 3)],
  ['quadratic', randomQuadraticModel(shape, 4, 3)],
  ['relu network', randomReluNetwork(shape, 8, 4, 3)],
];
const sample = Float64Array.from({ length: 6 }, (_, i) => Math.cos(2.1 * i + 0.5));

/** Central difference of a float64 function of the sample along coordinate i. */
function fd(
  f: (x: Float64Array) => Float64Array,
  x: Float64Array,
  i: number,
  h = 1e-5,
): Float64Array {
  const p = Float64Array.from(x);
  const m = Float64Array.from(x);
  p[i]! += h;
  m[i]! -= h;
  const fp = f(p);
  const fm = f(m);
  return fp.map((v, k) => (v - fm[k]!) / (2 * h));
}

describe.each(models)('%s model', (_, model) => {
  it('has the Jacobian of its logits (central differences)', () => {
    const { jacobian } = model.derivatives(sample);
    for (let i = 0; i < 6; i++) {
      const col = fd((x) => model.derivatives(x).logits, sample, i);
      for (let k = 0; k < 4; k++) expect(jacobian[k * 6 + i]).toBeCloseTo(col[k]!, 6);
    }
  });

  it('vjp and jvp are products with that Jacobian, and agree with each other', async () => {
    const x = { data: Float32Array.from(sample), shape: [1, ...shape] };
    const u = { data: Float32Array.from([0.3, -1, 2, 0.5]), shape: [1, 4] };
    const v = {
      data: Float32Array.from({ length: 6 }, (_, i) => Math.sin(i + 1)),
      shape: [1, ...shape],
    };
    const { grad } = await model.vjp(x, u);
    const { jvp } = await model.jvp(x, v);
    let uJv = 0;
    let vJtu = 0;
    for (let k = 0; k < 4; k++) uJv += u.data[k]! * jvp.data[k]!;
    for (let i = 0; i < 6; i++) vJtu += v.data[i]! * grad.data[i]!;
    expect(uJv).toBeCloseTo(vJtu, 5);
  });

  it.each(lossNames)(
    'exact %s Hessian matches central differences of the loss gradient',
    (loss) => {
      const K = 4;
      const gradOf = (x: Float64Array) => {
        const d = model.derivatives(x);
        const { grad } = evaluateLoss(
          loss,
          { data: Float32Array.from(d.logits), shape: [1, K] },
          Int32Array.from([1]),
        );
        const out = new Float64Array(6);
        for (let i = 0; i < 6; i++)
          for (let k = 0; k < K; k++) out[i]! += d.jacobian[k * 6 + i]! * grad.data[k]!;
        return out;
      };
      const H = exactLossHessian(model, sample, loss, 1);
      for (let i = 0; i < 6; i++) {
        const col = fd(gradOf, sample, i, 1e-3);
        for (let j = 0; j < 6; j++) {
          expect(H[j * 6 + i]).toBeCloseTo(col[j]!, 3);
          expect(H[i * 6 + j]).toBeCloseTo(H[j * 6 + i]!, 12);
        }
      }
    },
  );
});

describe('DenseAnalyticModel input checks', () => {
  const model = randomLinearModel([2, 2], 3, 1);
  it('rejects a wrong shape and non-finite values with the culprit named', async () => {
    await expect(model.forward({ data: new Float32Array(3), shape: [1, 3] })).rejects.toMatchObject(
      { code: 'SHAPE_MISMATCH' },
    );
    await expect(
      model.forward({ data: Float32Array.from([0, Number.NaN, 0, 0]), shape: [1, 2, 2] }),
    ).rejects.toMatchObject({
      code: 'NON_FINITE_INPUT',
    });
  });
});
