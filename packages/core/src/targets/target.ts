import { XaiError } from '../errors.js';

/**
 * Which class to explain: one index for every sample, `'predicted'` (the argmax of the
 * logits), or one index per sample.
 */
export type Target = number | 'predicted' | readonly number[] | Int32Array;

/**
 * An explicit target (not `'predicted'`) as one class index per sample, every index
 * checked against `numClasses`. `resolveTargets` calls it; use it directly only where no
 * model is at hand (a plan checked before the model loads).
 */
export function checkTargets(
  target: Exclude<Target, 'predicted'>,
  batch: number,
  numClasses: number,
): Int32Array {
  if (typeof target === 'number') {
    checkIndex(target, numClasses, 'the target class');
    return new Int32Array(batch).fill(target);
  }
  if (typeof target === 'string' || typeof target !== 'object' || target === null) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a class index, 'predicted' or one index per sample for the target but received ${describe(target)}.`,
    );
  }
  if (target.length !== batch) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected one target per sample (${batch}) but received ${target.length}; pass one class index for all samples or a list as long as the batch.`,
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
  if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t >= numClasses) {
    throw new XaiError(
      'TARGET_OUT_OF_RANGE',
      `Expected ${what} to be an integer in [0, ${numClasses - 1}] but received ${describe(t)}; the model has ${numClasses} classes.`,
    );
  }
}

function describe(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : String(v);
}
