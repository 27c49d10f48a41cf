/**
 * Efficient MPRT (Hedström et al. 2023, section 4.2, eq. 6): instead of comparing maps,
 * the complexity of the explanation of the fully randomised model is divided by that of
 * the original model's, `eMPRT = H(e_randomised) / H(e_original)`, H the discrete entropy
 * of the histogram of the absolute map (100 bins, Quantus'). A method that explains the
 * model gets noisier explanations when the weights are random: higher is better. Needs a
 * model with `withRandomizedLayers` and `explain`; costs one run of the method.
 */
import { type AttributionMetric, papers, resolveOptions, rule, throwIfAborted } from '@xai/core';
import { requireExplainer } from '../shared/explainer.js';
import { mapSize } from '../shared/per-sample.js';
import { histogramEntropy, requireRandomisable } from '../shared/randomisable.js';

export interface EfficientMprtOptions {
  /** Bins of the histogram whose entropy is the complexity (Quantus: 100). */
  readonly bins: number;
}

export const efficientMprt: AttributionMetric<EfficientMprtOptions> = {
  name: 'efficient-mprt',
  title: 'Efficient MPRT',
  summary: "Rise in the map's histogram entropy when every layer is randomised: higher is better.",
  paper: papers.hedstrom2023,
  family: 'randomisation',
  higherIsBetter: true,
  defaults: { bins: 100 },
  rules: {
    bins: rule.integer(2),
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(efficientMprt, options);
    const explain = requireExplainer(o, 'efficient-mprt');
    const m = requireRandomisable(model, 'efficient-mprt');
    const D = mapSize(x, attributions);
    const B = x.shape[0]!;
    throwIfAborted(o.signal);
    const randomized = await m.withRandomizedLayers(m.weightLayers.length, o.seed ?? 0);
    let again: Awaited<ReturnType<typeof explain>>;
    try {
      again = await explain(x, randomized);
    } finally {
      await randomized.dispose?.();
    }
    const scores = new Float64Array(B);
    const original = new Float64Array(B);
    const random = new Float64Array(B);
    for (let b = 0; b < B; b++) {
      original[b] = histogramEntropy(
        attributions.data.subarray(b * D, (b + 1) * D).map(Math.abs),
        o.bins,
      );
      random[b] = histogramEntropy(again.data.subarray(b * D, (b + 1) * D).map(Math.abs), o.bins);
      scores[b] = original[b] === 0 ? Number.POSITIVE_INFINITY : random[b]! / original[b]!;
    }
    // Set-level work finishes all samples at once.
    o.onProgress?.({ phase: 'sample', done: B, total: B });
    return { scores, higherIsBetter: true, details: { original, random } };
  },
};
