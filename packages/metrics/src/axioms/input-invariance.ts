/**
 * Input invariance (Kindermans et al. 2019; the AdaptGrad paper's "invariance"): the
 * model f' = f(. - c) computes on x + c exactly what f computes on x, so a method that
 * is input-invariant gives the same map for (f', x + c) as for (f, x). The score is the
 * relative L1 change of the map, `||phi(f, x) - phi(f', x + c)||_1 / ||phi(f, x)||_1`:
 * 0 when invariant, lower is better. The paper shifts MNIST from [0, 1] to [-1, 0]
 * (c = -1). Needs `explain` in the options (the harness passes it).
 */
import {
  type AttributionMetric,
  papers,
  resolveOptions,
  rule,
  shiftedInputModel,
  throwIfAborted,
  XaiError,
} from '@xai/core';
import { requireExplainer } from '../shared/explainer.js';

export interface InputInvarianceOptions {
  /** The constant shift c added to every input element, in model-input units. */
  readonly shift: number;
}

export const inputInvariance: AttributionMetric<InputInvarianceOptions> = {
  name: 'input-invariance',
  family: 'axioms',
  higherIsBetter: false,
  title: 'Input invariance',
  summary:
    'Relative change of the map when the input and the model are shifted by a constant that cancels out.',
  paper: papers.kindermans2019,
  defaults: { shift: -1 },
  rules: {
    shift: rule.finite,
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(inputInvariance, options);
    const explain = requireExplainer(o, 'input-invariance');
    if (!Number.isFinite(o.shift))
      throw new XaiError('INVALID_ARGUMENT', `Expected a finite shift but received ${o.shift}.`);
    const moved = { data: x.data.map((v) => v + o.shift), shape: x.shape };
    throwIfAborted(o.signal);
    const again = await explain(moved, shiftedInputModel(model, o.shift));
    const B = x.shape[0]!;
    const D = x.data.length / B;
    const scores = new Float64Array(B);
    for (let b = 0; b < B; b++) {
      let diff = 0;
      let size = 0;
      for (let i = b * D; i < (b + 1) * D; i++) {
        diff += Math.abs(attributions.data[i]! - again.data[i]!);
        size += Math.abs(attributions.data[i]!);
      }
      scores[b] = size === 0 ? (diff === 0 ? 0 : Number.POSITIVE_INFINITY) : diff / size;
    }
    o.onProgress?.({ phase: 'sample', done: B, total: B });
    return { scores, higherIsBetter: false };
  },
};
