import { XaiError } from './errors.js';
import { argmaxRows } from './softmax.js';
import type { Tensor } from './tensor.js';

/**
 * Which class to explain: one index for every sample, `'predicted'` (the argmax of the
 * logits), or one index per sample.
 */
export type Target = number | 'predicted' | readonly number[] | Int32Array;

/**
 * Resolves a target to one class index per sample, checking every index against
 * `numClasses`. `'predicted'` needs the logits `[batch, numClasses]`.
 */
export function resolveTargets(
  target: Target,
  batch: number,
  numClasses: number,
  logits?: Tensor,
): Int32Array {
  if (target === 'predicted') {
    if (!logits) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        "Expected logits to resolve target 'predicted' but received none.",
      );
    }
    return argmaxRows(logits.data, batch, numClasses);
  }
  if (typeof target === 'number') {
    checkIndex(target, numClasses, 'the target class');
    return new Int32Array(batch).fill(target);
  }
  if (typeof target === 'string') {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a class index, 'predicted' or one index per sample for the target but received '${String(target)}'.`,
    );
  }
  if (target.length !== batch) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected one target per sample (${batch}) but received ${target.length}.`,
    );
  }
  const out = new Int32Array(batch);
  for (let i = 0; i < batch; i++) {
    const t = target[i]!;
    checkIndex(t, numClasses, `the target of sample ${i}`);
    out[i] = t;
  }
  return out;
}

function checkIndex(t: number, numClasses: number, what: string): void {
  if (!Number.isInteger(t) || t < 0 || t >= numClasses) {
    throw new XaiError(
      'TARGET_OUT_OF_RANGE',
      `Expected ${what} to be an integer in [0, ${numClasses - 1}] but received ${t}; the model has ${numClasses} classes.`,
    );
  }
}
