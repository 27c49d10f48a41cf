import type { LossName } from '../targets/loss.js';
import type { DenseAnalyticModel } from './dense-model.js';

/**
 * The Hessian of a loss with respect to the logits `[K, K]`, in closed form (float64).
 * With g the loss gradient and p = softmax(z):
 * logit 0; cross-entropy diag(p) - p p^T; log-softmax its negative;
 * probability p_t (e_t - p)(e_t - p)^T - p_t (diag(p) - p p^T).
 */
export function lossHessianOnLogits(
  loss: LossName,
  logits: Float64Array,
  target: number,
): Float64Array {
  const K = logits.length;
  const h = new Float64Array(K * K);
  if (loss === 'logit') return h;
  let max = -Infinity;
  for (const z of logits) max = Math.max(max, z);
  const p = logits.map((z) => Math.exp(z - max));
  const sum = p.reduce((a, b) => a + b, 0);
  for (let k = 0; k < K; k++) p[k]! /= sum;
  const pt = p[target]!;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const softmaxHess = (i === j ? p[i]! : 0) - p[i]! * p[j]!;
      let v: number;
      if (loss === 'cross-entropy') v = softmaxHess;
      else if (loss === 'log-softmax') v = -softmaxHess;
      else
        v =
          pt * ((i === target ? 1 : 0) - p[i]!) * ((j === target ? 1 : 0) - p[j]!) -
          pt * softmaxHess;
      h[i * K + j] = v;
    }
  }
  return h;
}

/** The gradient of a loss with respect to the logits (float64), matching `evaluateLoss`. */
function lossGradientOnLogits(loss: LossName, logits: Float64Array, target: number): Float64Array {
  const K = logits.length;
  const g = new Float64Array(K);
  if (loss === 'logit') {
    g[target] = 1;
    return g;
  }
  let max = -Infinity;
  for (const z of logits) max = Math.max(max, z);
  const p = logits.map((z) => Math.exp(z - max));
  const sum = p.reduce((a, b) => a + b, 0);
  for (let k = 0; k < K; k++) {
    const pk = p[k]! / sum;
    const e = k === target ? 1 : 0;
    if (loss === 'cross-entropy') g[k] = pk - e;
    else if (loss === 'log-softmax') g[k] = e - pk;
    else g[k] = (p[target]! / sum) * (e - pk);
  }
  return g;
}

/**
 * The exact Hessian of `loss` with respect to one input sample `[D, D]`:
 * `J^T H_z J + sum_k g_k * Hess(z_k)`. The reference that HVP implementations are
 * checked against.
 */
export function exactLossHessian(
  model: DenseAnalyticModel,
  sample: Float64Array,
  loss: LossName,
  target: number,
): Float64Array {
  const d = model.derivatives(sample);
  const K = model.numClasses;
  const D = model.inputSize;
  const hz = lossHessianOnLogits(loss, d.logits, target);
  const g = lossGradientOnLogits(loss, d.logits, target);
  const J = d.jacobian;
  const out = new Float64Array(D * D);
  // J^T H_z J, through HJ = H_z J ([K, D]).
  const hj = new Float64Array(K * D);
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) {
      const hkl = hz[k * K + l]!;
      if (hkl === 0) continue;
      for (let i = 0; i < D; i++) hj[k * D + i]! += hkl * J[l * D + i]!;
    }
  }
  for (let i = 0; i < D; i++) {
    for (let j = 0; j < D; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += J[k * D + i]! * hj[k * D + j]!;
      out[i * D + j] = s;
    }
  }
  if (d.logitHessians) {
    for (let k = 0; k < K; k++) {
      const gk = g[k]!;
      if (gk === 0) continue;
      for (let e = 0; e < D * D; e++) out[e]! += gk * d.logitHessians[k * D * D + e]!;
    }
  }
  return out;
}
