/**
 * DeepLIFT with the rescale rule (Shrikumar, Greenside and Kundaje 2017, sections 2-3):
 * contributions `C_i = (x_i - x0_i) m_i` of each input's difference from a reference `x0`
 * to the target logit's difference, where the multipliers `m` are the backward pass with
 * every nonlinearity `y = f(z)` replaced by `(f(z) - f(z0)) / (z - z0)` (eq. 3, the chain
 * rule of multipliers, and the rescale rule of section 3.5.1). The contributions sum to
 * `f_t(x) - f_t(x0)` (summation-to-delta, eq. 1). The backend computes the multipliers as
 * Captum's `DeepLift` does (the gradient where `|z - z0| < 1e-10`, Captum's max-pool
 * rule). The reference is all zeros unless given. Colour channels are attributed
 * separately. Cost: one pass forward for the input and the reference, one backward.
 */
import {
  type AttributionMethod,
  jsKernels,
  type Kernels,
  oneHotRows,
  planBatches,
  resolveOptions,
  sliceBatch,
  type Tensor,
  throwIfAborted,
  withDomain,
  XaiError,
} from '@xai/core';
import { type BaselineSpec, resolveBaselines } from '../shared/baselines.js';
import type { Normalization } from '../shared/bounds.js';
import { normalizationRule, pathBaselineRule } from '../shared/option-rules.js';
import { resolveSampleTargets } from '../shared/sample-targets.js';
import { shrikumar2017 } from './papers-backward.js';

export interface DeepLiftOptions {
  /** The reference input: all zeros, as in the paper's and Captum's default. */
  readonly baseline: BaselineSpec;
  /** The model's preprocessing, for the 'black', 'white' and 'uniform' references. */
  readonly normalization?: Normalization;
  /** Which kernels make a blurred or random reference (default `jsKernels`). */
  readonly kernels?: Kernels;
}

export const deepLift: AttributionMethod<DeepLiftOptions> = {
  name: 'deep-lift',
  title: 'DeepLIFT (rescale)',
  summary:
    "Each input's difference from a reference times its rescale-rule multiplier; sums to f(x) - f(x0).",
  paper: shrikumar2017,
  defaults: { baseline: 'zeros', normalization: undefined },
  rules: {
    baseline: pathBaselineRule,
    normalization: normalizationRule,
  },
  async explain(model, x, options) {
    const o = withDomain(resolveOptions(deepLift, options));
    if (!model.deepLiftVjp) {
      throw new XaiError(
        'NOT_SUPPORTED',
        'Expected a model with deepLiftVjp (rescale-rule multipliers) for DeepLIFT but this model has none; load it with @xai/backend-onnx.',
      );
    }
    const kernels = o.kernels ?? jsKernels;
    const baselines = await resolveBaselines(x, o.baseline, {
      kernels,
      seed: o.seed ?? 0,
      ...(o.normalization ? { normalization: o.normalization } : {}),
    });
    const B = x.shape[0]!;
    const per = x.data.length / B;
    const reference = new Float32Array(x.data.length);
    baselines.forEach((r, b) => {
      if (typeof r === 'number') reference.fill(r, b * per, (b + 1) * per);
      else reference.set(r.data, b * per);
    });
    const ref: Tensor = { data: reference, shape: [...x.shape] };
    const targets = await resolveSampleTargets(model, x, o.target, o);
    const out = new Float32Array(x.data.length);
    const ranges = planBatches(B, per * 4 * 2, o);
    for (const [done, [s, e]] of ranges.entries()) {
      throwIfAborted(o.signal);
      const { grad } = await model.deepLiftVjp(
        sliceBatch(x, s, e),
        sliceBatch(ref, s, e),
        oneHotRows(targets.subarray(s, e), model.numClasses),
      );
      for (let i = s * per; i < e * per; i++)
        out[i] = (x.data[i]! - reference[i]!) * grad.data[i - s * per]!;
      o.onProgress?.({ phase: 'batch', done: done + 1, total: ranges.length });
    }
    return { data: out, shape: [...x.shape] };
  },
};
