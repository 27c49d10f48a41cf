import { softmaxRows } from '../softmax.js';
import type { Tensor } from '../tensor.js';

/** What a model is scored by: the target's softmax probability or its logit. */
export type ScoreKind = 'probability' | 'logit';

/** The score of class `t` in each row of logits `[n, K]`. */
export function targetScores(logits: Tensor, t: number, kind: ScoreKind): Float64Array {
  const [n, K] = logits.shape as [number, number];
  const out = new Float64Array(n);
  const p = kind === 'probability' ? softmaxRows(logits.data, n, K) : undefined;
  for (let i = 0; i < n; i++) out[i] = p ? p[i * K + t]! : logits.data[i * K + t]!;
  return out;
}
