/** ISA's losses: core's, and the cross-entropy of the softmax output the authors' code uses. */
import {
  evaluateLoss,
  type Loss,
  type LossName,
  type LossResult,
  losses,
  softmaxRows,
  type Tensor,
} from '@xai/core';

export type IsaLoss = LossName | 'probability-cross-entropy';

/** q = softmax(p) with p = softmax(z), rows of `[B, K]`, in float64. */
function softmaxOfSoftmax(logits: Tensor): { p: Float64Array; q: Float64Array } {
  const [B, K] = logits.shape as [number, number];
  const p = softmaxRows(logits.data, B, K);
  const q = new Float64Array(B * K);
  for (let b = 0; b < B; b++) {
    let sum = 0;
    for (let c = 0; c < K; c++) sum += q[b * K + c] = Math.exp(p[b * K + c]!); // p in [0, 1]: no overflow
    for (let c = 0; c < K; c++) q[b * K + c]! /= sum;
  }
  return { p, q };
}

/**
 * L = -log softmax(p)_t with p = softmax(z), whose gradient on the logits is
 * J_softmax(z)ᵀ (q - e_t) = p ⊙ u - p (pᵀu) with q = softmax(p), u = q - e_t.
 */
export const probabilityCrossEntropyLoss: Loss = {
  name: 'probability-cross-entropy',
  needsLogits: true,
  value: (logits, targets) => {
    const K = logits.shape[1]!;
    const { q } = softmaxOfSoftmax(logits);
    return Float64Array.from(targets, (t, b) => -Math.log(q[b * K + t]!));
  },
  gradient: (logits, targets) => {
    const [B, K] = logits.shape as [number, number];
    const { p, q } = softmaxOfSoftmax(logits);
    const grad = new Float32Array(B * K);
    for (let b = 0; b < B; b++) {
      const o = b * K;
      const t = targets[b]!;
      let pu = 0;
      for (let c = 0; c < K; c++) pu += p[o + c]! * (q[o + c]! - (c === t ? 1 : 0));
      for (let c = 0; c < K; c++) {
        grad[o + c] = p[o + c]! * (q[o + c]! - (c === t ? 1 : 0)) - p[o + c]! * pu;
      }
    }
    return { data: grad, shape: [B, K] };
  },
};

/** An ISA loss by name as a core `Loss`. */
export function isaLoss(loss: IsaLoss): Loss {
  return loss === 'probability-cross-entropy' ? probabilityCrossEntropyLoss : losses[loss];
}

/** Value and gradient on the logits of an ISA loss. */
export function evaluateIsaLoss(loss: IsaLoss, logits: Tensor, targets: Int32Array): LossResult {
  return evaluateLoss(isaLoss(loss), logits, targets);
}
