/**
 * Completeness (Sundararajan, Taly and Yan 2017, section 3, proposition 1): attributions
 * should add up to the difference of the target's output between the input and the
 * baseline, `sum_i a_i = f(x) - f(x')`. The score is the gap
 * `|sum_i a_i - (f(x) - f(x'))|` on the target's logit (0 for integrated gradients in the
 * limit of many steps). Quantus reports only whether the two sides are equal; the gap says
 * by how much. Lower is better; two forward passes per sample.
 */
import {
  type AttributionMetric,
  type Baseline,
  papers,
  planBatches,
  resolveOptions,
  resolveTargets,
  type Tensor,
  targetScores,
  throwIfAborted,
} from '@xai/core';
import { imageDims } from '../shared/image-dims.js';
import { sampleBaseline } from '../shared/image-sample.js';
import { baselineScoreRules } from '../shared/option-rules.js';

export interface CompletenessOptions {
  /** The baseline x' the attributions are relative to (integrated gradients' default: zeros). */
  readonly baseline: Baseline;
  /** The target's logit (default) or softmax probability. */
  readonly score: 'logit' | 'probability';
}

export const completeness: AttributionMetric<CompletenessOptions> = {
  name: 'completeness',
  title: 'Completeness',
  summary: 'Gap between the sum of the attributions and the output difference to the baseline.',
  paper: papers.sundararajan2017,
  family: 'axioms',
  higherIsBetter: false,
  defaults: { baseline: 'zeros', score: 'logit' },
  rules: {
    ...baselineScoreRules,
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(completeness, options);
    const { B, C, H, W } = imageDims(x, attributions);
    const D = C * H * W;
    const A = attributions.data.length / B;
    const targets = await resolveTargets(model, x, o.target, o);
    const scores = new Float64Array(B);
    const differences = new Float64Array(B);
    for (const [s, e] of planBatches(B, 2 * D * 4, o)) {
      throwIfAborted(o.signal);
      const pairs = new Float32Array(2 * (e - s) * D);
      for (let b = s; b < e; b++) {
        pairs.set(x.data.subarray(b * D, (b + 1) * D), 2 * (b - s) * D);
        const base = sampleBaseline(x, b, o.baseline, o.domain);
        const slot = pairs.subarray((2 * (b - s) + 1) * D, (2 * (b - s) + 2) * D);
        if (typeof base === 'number') slot.fill(base);
        else slot.set(base.data);
      }
      const logits: Tensor = await model.forward({ data: pairs, shape: [2 * (e - s), C, H, W] });
      for (let b = s; b < e; b++) {
        const row = {
          data: logits.data.subarray(
            2 * (b - s) * model.numClasses,
            (2 * (b - s) + 2) * model.numClasses,
          ),
          shape: [2, model.numClasses],
        };
        const [fx, fb] = targetScores(row, targets[b]!, o.score);
        let sum = 0;
        for (let i = 0; i < A; i++) sum += attributions.data[b * A + i]!;
        differences[b] = fx! - fb!;
        scores[b] = Math.abs(sum - differences[b]!);
      }
    }
    // Set-level work finishes all samples at once.
    o.onProgress?.({ phase: 'sample', done: B, total: B });
    return { scores, higherIsBetter: false, details: { outputDifference: differences } };
  },
};
