/**
 * Family 2, Hessian-vector products: the softmax cross-entropy Hessian on the logits,
 * H u = diag(p) u − p pᵀu, and the central difference of two gradients. docs/kernels.md, section 2.
 */
import type { CentralDifferenceArgs, SoftmaxHvpArgs } from '../kernels.js';
import { assertFinite, type Tensor } from '../tensor.js';
import {
  expectFiniteTensor,
  expectNonEmpty,
  expectNumber,
  expectSameShape,
  expectTensor,
  expectValuesIn,
} from './validate.js';

export function checkSoftmaxHvpArgs(args: SoftmaxHvpArgs): void {
  const { probs, jv } = args;
  expectFiniteTensor(probs, 'the probabilities', [2], 'shape [B, K]');
  expectTensor(jv, 'the vector jv');
  expectSameShape(probs.shape, jv.shape, 'the probabilities', 'the vector jv');
  expectValuesIn(probs.data, 0, 1, 'the probabilities');
  assertFinite(jv, 'the vector jv');
}

export async function softmaxHvp(args: SoftmaxHvpArgs): Promise<Tensor> {
  checkSoftmaxHvpArgs(args);
  const p = args.probs.data;
  const u = args.jv.data;
  const [B, K] = args.probs.shape as [number, number];
  const out = new Float32Array(B * K);
  for (let b = 0; b < B; b++) {
    const row = b * K;
    let pu = 0; // pᵀu, accumulated in float64 in index order
    for (let k = 0; k < K; k++) pu += p[row + k]! * u[row + k]!;
    for (let k = 0; k < K; k++) out[row + k] = p[row + k]! * (u[row + k]! - pu);
  }
  return { data: out, shape: [B, K] };
}

export function checkCentralDifferenceArgs(args: CentralDifferenceArgs): void {
  const { gradPlus, gradMinus } = args;
  expectTensor(gradPlus, 'the gradient at x + h·v');
  expectNonEmpty(gradPlus.shape, 'the gradient at x + h·v');
  expectTensor(gradMinus, 'the gradient at x − h·v');
  expectSameShape(
    gradPlus.shape,
    gradMinus.shape,
    'the gradient at x + h·v',
    'the gradient at x − h·v',
  );
  assertFinite(gradPlus, 'the gradient at x + h·v');
  assertFinite(gradMinus, 'the gradient at x − h·v');
  expectNumber(args.h, 'the step h', 0, true);
}

export async function centralDifference(args: CentralDifferenceArgs): Promise<Tensor> {
  checkCentralDifferenceArgs(args);
  const plus = args.gradPlus.data;
  const minus = args.gradMinus.data;
  const twoH = 2 * args.h;
  const out = new Float32Array(plus.length);
  for (let i = 0; i < plus.length; i++) out[i] = (plus[i]! - minus[i]!) / twoH;
  return { data: out, shape: [...args.gradPlus.shape] };
}
