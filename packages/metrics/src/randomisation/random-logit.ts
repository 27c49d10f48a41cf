/**
 * Random logit test (Sixt, Granz and Landgraf 2020, section 5): the map of the target
 * class is compared with the map of another class drawn at random (uniform over the
 * other classes, counter-based generator, stream = sample). A method that explains the
 * class must change, so a low similarity is better; a map that ignores the class scores 1.
 * Similarity is SSIM of the channel-summed absolute maps scaled to [0, 1] (Quantus'
 * default similarity for this test). Needs `explain`; costs one run of the method.
 */
import {
  type AttributionMetric,
  createRng,
  papers,
  resolveOptions,
  resolveTargets,
  throwIfAborted,
  XaiError,
} from '@xai/core';
import { requireExplainer } from '../shared/explainer.js';
import { imageDims } from '../shared/image-dims.js';
import { ssim } from '../shared/similarity.js';
import { unitMap } from '../shared/unit-map.js';

export type RandomLogitOptions = Record<never, never>;

export const randomLogit: AttributionMetric<RandomLogitOptions> = {
  name: 'random-logit',
  title: 'Random logit',
  summary: "SSIM between the target's map and a random other class's map: lower is better.",
  paper: papers.sixt2020,
  family: 'randomisation',
  higherIsBetter: false,
  defaults: {},
  async evaluate(model, x, attributions, given) {
    const options = resolveOptions(randomLogit, given);
    const explain = requireExplainer(options, 'random-logit');
    const { B, H, W } = imageDims(x, attributions);
    const K = model.numClasses;
    if (K < 2) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected a model with at least 2 classes for 'random-logit' but it has ${K}.`,
      );
    }
    const targets = await resolveTargets(model, x, options.target, options);
    const others = Array.from(targets, (t, b) => {
      const r = createRng(options.seed ?? 0, b).int(K - 1);
      return r >= t ? r + 1 : r;
    });
    throwIfAborted(options.signal);
    const again = await explain(x, model, others);
    const A = attributions.data.length / B;
    const C = A / (H * W);
    const scores = new Float64Array(B);
    for (let b = 0; b < B; b++) {
      const a0 = attributions.data.subarray(b * A, (b + 1) * A);
      const a1 = again.data.subarray(b * A, (b + 1) * A);
      scores[b] = ssim(unitMap(a0, C, H * W), unitMap(a1, C, H * W), H, W, 1);
    }
    // Set-level work finishes all samples at once.
    options.onProgress?.({ phase: 'sample', done: B, total: B });
    return { scores, higherIsBetter: false, details: { otherClasses: others } };
  },
};
