/**
 * Row-wise softmax of logits `[B, K]`, computed in float64 with the max subtracted so
 * large logits do not overflow. Returns float64 so callers can take logs without loss.
 */
export function softmaxRows(logits: Float32Array, batch: number, classes: number): Float64Array {
  const out = new Float64Array(batch * classes);
  for (let b = 0; b < batch; b++) {
    const o = b * classes;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, logits[o + k]!);
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      const e = Math.exp(logits[o + k]! - max);
      out[o + k] = e;
      sum += e;
    }
    for (let k = 0; k < classes; k++) out[o + k]! /= sum;
  }
  return out;
}

/** Row-wise log-softmax in float64 (log-sum-exp with the max subtracted). */
export function logSoftmaxRows(logits: Float32Array, batch: number, classes: number): Float64Array {
  const out = new Float64Array(batch * classes);
  for (let b = 0; b < batch; b++) {
    const o = b * classes;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, logits[o + k]!);
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += Math.exp(logits[o + k]! - max);
    const lse = max + Math.log(sum);
    for (let k = 0; k < classes; k++) out[o + k] = logits[o + k]! - lse;
  }
  return out;
}

/** Index of the largest value in each row (the first one on ties). */
export function argmaxRows(values: Float32Array, batch: number, classes: number): Int32Array {
  const out = new Int32Array(batch);
  for (let b = 0; b < batch; b++) {
    let best = 0;
    for (let k = 1; k < classes; k++) {
      if (values[b * classes + k]! > values[b * classes + best]!) best = k;
    }
    out[b] = best;
  }
  return out;
}
