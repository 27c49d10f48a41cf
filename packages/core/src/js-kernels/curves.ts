/**
 * Family 4, insertion/deletion curves: per row the trapezoid area over x evenly spaced in
 * [0, 1] and the plain mean. docs/kernels.md, section 4.
 */
import { XaiError } from '../errors.js';
import type { CurveAreas } from '../kernels.js';
import { assertFinite, type Tensor } from '../tensor.js';
import { expectNonEmpty, expectRows, expectTensor, rowsOf } from './validate.js';

export function checkCurveAreasArgs(scores: Tensor): void {
  expectTensor(scores, 'the curve scores');
  expectRows(scores.shape, 'the curve scores');
  expectNonEmpty(scores.shape, 'the curve scores');
  const { n } = rowsOf(scores.shape);
  if (n < 2) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected at least 2 points per curve (last axis) for the curve scores but received ${n}.`,
    );
  }
  assertFinite(scores, 'the curve scores');
}

export async function curveAreas(scores: Tensor): Promise<CurveAreas> {
  checkCurveAreasArgs(scores);
  const { rows, n } = rowsOf(scores.shape);
  const y = scores.data;
  const auc = new Float32Array(rows);
  const mean = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    // Both sums in float64, in index order; rounded to float32 once at the store.
    let sum = 0;
    for (let i = 0; i < n; i++) sum += y[base + i]!;
    let trapezoids = 0;
    for (let i = 0; i + 1 < n; i++) trapezoids += (y[base + i]! + y[base + i + 1]!) * 0.5;
    mean[r] = sum / n;
    auc[r] = trapezoids / (n - 1);
  }
  const shape = scores.shape.slice(0, -1);
  return { auc: { data: auc, shape }, mean: { data: mean, shape: [...shape] } };
}
