import { XaiError } from './errors.js';
import { logSoftmaxRows, softmaxRows } from './softmax.js';
import type { Tensor } from './tensor.js';

/**
 * Objectives on logits. Each returns the per-sample value and its gradient with respect
 * to the logits; a backend's `vjp` pulls that gradient back to the input.
 *
 * - `logit`: z_t                      gradient e_t
 * - `probability`: p_t = softmax(z)_t  gradient p_t (e_t - p)
 * - `log-softmax`: log p_t            gradient e_t - p
 * - `cross-entropy`: -log p_t         gradient p - e_t
 */
export type LossName = 'logit' | 'probability' | 'log-softmax' | 'cross-entropy';

export const lossNames: readonly LossName[] = [
  'logit',
  'probability',
  'log-softmax',
  'cross-entropy',
];

export interface LossResult {
  /** One value per sample, in float64. */
  readonly value: Float64Array;
  /** The gradient with respect to the logits, `[B, K]`. */
  readonly grad: Tensor;
}

/** Evaluates `loss` on logits `[B, K]` for one target index per sample. */
export function evaluateLoss(loss: LossName, logits: Tensor, targets: Int32Array): LossResult {
  const [batch, classes] = logits.shape as [number, number];
  if (logits.shape.length !== 2 || targets.length !== batch) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected logits [B, K] and B targets but received logits [${logits.shape.join(', ')}] and ${targets.length} targets.`,
    );
  }
  const value = new Float64Array(batch);
  const grad = new Float32Array(batch * classes);
  const z = logits.data;
  switch (loss) {
    case 'logit':
      for (let b = 0; b < batch; b++) value[b] = z[b * classes + targets[b]!]!;
      return { value, grad: oneHotRows(targets, classes) };
    case 'probability': {
      const p = softmaxRows(z, batch, classes);
      for (let b = 0; b < batch; b++) {
        const o = b * classes;
        const t = targets[b]!;
        const pt = p[o + t]!;
        value[b] = pt;
        for (let k = 0; k < classes; k++) grad[o + k] = pt * ((k === t ? 1 : 0) - p[o + k]!);
      }
      break;
    }
    case 'log-softmax':
    case 'cross-entropy': {
      const sign = loss === 'log-softmax' ? 1 : -1;
      const lp = logSoftmaxRows(z, batch, classes);
      for (let b = 0; b < batch; b++) {
        const o = b * classes;
        const t = targets[b]!;
        value[b] = sign * lp[o + t]!;
        for (let k = 0; k < classes; k++) {
          grad[o + k] = sign * ((k === t ? 1 : 0) - Math.exp(lp[o + k]!));
        }
      }
      break;
    }
    default:
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected a loss among ${lossNames.join(', ')} but received '${String(loss)}'.`,
      );
  }
  return { value, grad: { data: grad, shape: [batch, classes] } };
}

/** Rows `e_t` `[B, K]`: the gradient of the target logit, whatever the logits are. */
export function oneHotRows(targets: Int32Array, classes: number): Tensor {
  const data = new Float32Array(targets.length * classes);
  for (let b = 0; b < targets.length; b++) data[b * classes + targets[b]!] = 1;
  return { data, shape: [targets.length, classes] };
}
