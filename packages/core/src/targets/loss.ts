import { XaiError } from '../errors.js';
import { logSoftmaxRows, softmaxRows } from '../softmax.js';
import type { Tensor } from '../tensor.js';

/**
 * An objective on logits `[B, K]` with one target class per row: its value per row and
 * its gradient with respect to the logits. A backend's `vjp` pulls that gradient back to
 * the input, so one gradient graph serves every loss (see `lossGradient`).
 */
export interface Loss {
  /** How options and results name it, e.g. `'cross-entropy'`. */
  readonly name: string;
  /**
   * False when the gradient does not depend on the logits (the target logit's is `e_t`):
   * callers may then skip the forward pass that would only feed `gradient`.
   */
  readonly needsLogits: boolean;
  /** One value per row, in float64. */
  value(logits: Tensor, targets: Int32Array): Float64Array;
  /** The gradient with respect to the logits, `[B, K]`. */
  gradient(logits: Tensor, targets: Int32Array): Tensor;
}

/**
 * The losses every gradient method may take as its `objective`:
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

export const logitLoss: Loss = {
  name: 'logit',
  needsLogits: false,
  value: (logits, targets) => {
    const [batch, classes] = checkRows(logits, targets);
    const value = new Float64Array(batch);
    for (let b = 0; b < batch; b++) value[b] = logits.data[b * classes + targets[b]!]!;
    return value;
  },
  gradient: (logits, targets) => oneHotRows(targets, checkRows(logits, targets)[1]),
};

export const probabilityLoss: Loss = {
  name: 'probability',
  needsLogits: true,
  value: (logits, targets) => {
    const [batch, classes] = checkRows(logits, targets);
    const p = softmaxRows(logits.data, batch, classes);
    return Float64Array.from(targets, (t, b) => p[b * classes + t]!);
  },
  gradient: (logits, targets) => {
    const [batch, classes] = checkRows(logits, targets);
    const p = softmaxRows(logits.data, batch, classes);
    const grad = new Float32Array(batch * classes);
    for (let b = 0; b < batch; b++) {
      const o = b * classes;
      const t = targets[b]!;
      const pt = p[o + t]!;
      for (let k = 0; k < classes; k++) grad[o + k] = pt * ((k === t ? 1 : 0) - p[o + k]!);
    }
    return { data: grad, shape: [batch, classes] };
  },
};

export const logSoftmaxLoss: Loss = signedLogSoftmax('log-softmax', 1);
export const crossEntropyLoss: Loss = signedLogSoftmax('cross-entropy', -1);

/** `sign * log softmax(z)_t`, computed with log-sum-exp so huge logits stay finite. */
function signedLogSoftmax(name: LossName, sign: 1 | -1): Loss {
  return {
    name,
    needsLogits: true,
    value: (logits, targets) => {
      const [batch, classes] = checkRows(logits, targets);
      const lp = logSoftmaxRows(logits.data, batch, classes);
      return Float64Array.from(targets, (t, b) => sign * lp[b * classes + t]!);
    },
    gradient: (logits, targets) => {
      const [batch, classes] = checkRows(logits, targets);
      const lp = logSoftmaxRows(logits.data, batch, classes);
      const grad = new Float32Array(batch * classes);
      for (let b = 0; b < batch; b++) {
        const o = b * classes;
        const t = targets[b]!;
        for (let k = 0; k < classes; k++) {
          grad[o + k] = sign * ((k === t ? 1 : 0) - Math.exp(lp[o + k]!));
        }
      }
      return { data: grad, shape: [batch, classes] };
    },
  };
}

/** The named losses as instances. */
export const losses: Readonly<Record<LossName, Loss>> = {
  logit: logitLoss,
  probability: probabilityLoss,
  'log-softmax': logSoftmaxLoss,
  'cross-entropy': crossEntropyLoss,
};

/** A loss given by name or as an instance, as the instance. */
export function toLoss(loss: LossName | Loss): Loss {
  if (typeof loss === 'object' && loss !== null) return loss;
  const found = Object.hasOwn(losses, loss) ? losses[loss as LossName] : undefined;
  if (!found) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a loss among ${lossNames.join(', ')} but received '${String(loss)}'.`,
    );
  }
  return found;
}

export interface LossResult {
  /** One value per sample, in float64. */
  readonly value: Float64Array;
  /** The gradient with respect to the logits, `[B, K]`. */
  readonly grad: Tensor;
}

/** Evaluates `loss` (value and gradient) on logits `[B, K]` for one target index per sample. */
export function evaluateLoss(
  loss: LossName | Loss,
  logits: Tensor,
  targets: Int32Array,
): LossResult {
  const l = toLoss(loss);
  return { value: l.value(logits, targets), grad: l.gradient(logits, targets) };
}

/** Rows `e_t` `[B, K]`: the gradient of the target logit, whatever the logits are. */
export function oneHotRows(targets: Int32Array, classes: number): Tensor {
  const data = new Float32Array(targets.length * classes);
  for (let b = 0; b < targets.length; b++) data[b * classes + targets[b]!] = 1;
  return { data, shape: [targets.length, classes] };
}

function checkRows(logits: Tensor, targets: Int32Array): [number, number] {
  const [batch, classes] = logits.shape as [number, number];
  if (logits.shape.length !== 2 || targets.length !== batch) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected logits [B, K] and B targets but received logits [${logits.shape.join(', ')}] and ${targets.length} targets.`,
    );
  }
  return [batch, classes];
}
