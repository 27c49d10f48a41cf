/** Hessian-vector products: the softmax product within 1e-6 of its scale, differences within 1 ulp. */
import type { SoftmaxHvpArgs } from '../kernels.js';
import { formatShape } from '../tensor.js';
import { caseCheck } from './case-check.js';
import { compareTensor, compareUlp, compareWithin } from './compare.js';
import { normalTensor, probabilityTensor } from './inputs.js';
import type { KernelCheck } from './kernel-check.js';
import { ulpOf } from './ulp.js';

function oneHotRows(rows: number, K: number): SoftmaxHvpArgs['probs'] {
  const data = new Float32Array(rows * K);
  for (let r = 0; r < rows; r++) data[r * K + ((r * 7) % K)] = 1;
  return { data, shape: [rows, K] };
}

const hvpCases: SoftmaxHvpArgs[] = [
  { probs: probabilityTensor(4, 10, 30, 1), jv: normalTensor([4, 10], 31) },
  { probs: probabilityTensor(2, 1000, 32, 4), jv: normalTensor([2, 1000], 33, 10) },
  { probs: oneHotRows(3, 5), jv: normalTensor([3, 5], 34) },
];

/**
 * The float64 sum pᵀu may be taken in any order, so each element may move by 1e-6 of the
 * magnitudes it is made from, p_k (|u_k| + Σ_j p_j |u_j|), beyond its own ulp.
 */
function hvpTolerance({ probs, jv }: SoftmaxHvpArgs): (i: number) => number {
  const K = probs.shape[1]!;
  const rowScale = new Float64Array(probs.shape[0]!);
  for (let i = 0; i < probs.data.length; i++)
    rowScale[Math.floor(i / K)]! += probs.data[i]! * Math.abs(jv.data[i]!);
  return (i) => 1e-6 * probs.data[i]! * (Math.abs(jv.data[i]!) + rowScale[Math.floor(i / K)]!);
}

export const softmaxHvpCheck: KernelCheck = caseCheck({
  name: 'softmaxHvp: within 1e-6 relative',
  cases: hvpCases,
  label: (args) => `softmaxHvp(${formatShape(args.probs.shape)})`,
  expect: (reference, args) => reference.softmaxHvp(args),
  async compare(impl, args, expected, label) {
    const tolerance = hvpTolerance(args);
    const allowed = (i: number) => ulpOf(expected.data[i]!) + tolerance(i);
    return compareTensor(label, await impl.softmaxHvp(args), expected, (a, e) =>
      compareWithin(label, a, e, allowed),
    );
  },
});

const differenceCases = [
  { gradPlus: normalTensor([2, 3, 4, 5], 35), gradMinus: normalTensor([2, 3, 4, 5], 36), h: 1e-3 },
  { gradPlus: normalTensor([7], 37, 100), gradMinus: normalTensor([7], 38, 100), h: 0.5 },
];

export const centralDifferenceCheck: KernelCheck = caseCheck({
  name: 'centralDifference: within 1 ulp',
  cases: differenceCases,
  label: (args) => `centralDifference(${formatShape(args.gradPlus.shape)}, h ${args.h})`,
  expect: (reference, args) => reference.centralDifference(args),
  compare: async (impl, args, expected, label) =>
    compareTensor(label, await impl.centralDifference(args), expected, (a, e) =>
      compareUlp(label, a, e, 1),
    ),
});
