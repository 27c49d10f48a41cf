/** Curves: trapezoid AUC and mean within 1e-6 relative. */
import { formatShape, type Tensor } from '../tensor.js';
import { caseCheck } from './case-check.js';
import { compareTensor, compareWithin } from './compare.js';
import { normalTensor, uniformTensor } from './inputs.js';
import type { KernelCheck } from './kernel-check.js';

const curveCases: Tensor[] = [
  uniformTensor([4, 17], 50),
  uniformTensor([2], 51),
  normalTensor([3, 2, 225], 52, 3),
  uniformTensor([1, 50177], 53, -1, 1),
];

/** 1e-6 of the larger of the result and the row's mean magnitude (areas can cancel to ~0). */
function relative(scores: Tensor, expected: Float32Array): (row: number) => number {
  const n = scores.shape[scores.shape.length - 1]!;
  return (row) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.abs(scores.data[row * n + i]!);
    return 1e-6 * Math.max(Math.abs(expected[row]!), sum / n);
  };
}

export const curveAreasCheck: KernelCheck = caseCheck({
  name: 'curveAreas: within 1e-6 relative',
  cases: curveCases,
  label: (scores) => `curveAreas(${formatShape(scores.shape)})`,
  expect: (reference, scores) => reference.curveAreas(scores),
  async compare(impl, scores, expected, label) {
    const actual = await impl.curveAreas(scores);
    return [
      ...compareTensor(`${label} auc`, actual?.auc, expected.auc, (a, e) =>
        compareWithin(`${label} auc`, a, e, relative(scores, e)),
      ),
      ...compareTensor(`${label} mean`, actual?.mean, expected.mean, (a, e) =>
        compareWithin(`${label} mean`, a, e, relative(scores, e)),
      ),
    ];
  },
});
