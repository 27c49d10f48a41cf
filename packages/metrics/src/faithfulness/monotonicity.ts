/**
 * Monotonicity (Arya et al. 2019, section 5.2, as Luss et al.'s AIX360 computes it): starting
 * from the baseline image, pixel groups are put back from the image in order of
 * increasing attribution (channels summed), and the target's probability must not fall at
 * any step. The score is 1 when the whole curve is non-decreasing, else 0; the curve is in
 * `details.curves`. The paper leaves the group size and baseline open; the defaults (one
 * pixel, the image's minimum) are Quantus'. Costs `H * W / featuresInStep + 1` forward passes per sample.
 */
import { type AttributionMetric, type Baseline, papers, resolveOptions, rule } from '@xai/core';
import { checkInteger } from '../shared/checks.js';
import { imageDims } from '../shared/image-dims.js';
import { sampleBaseline } from '../shared/image-sample.js';
import { baselineScoreRules } from '../shared/option-rules.js';
import { orderAscending, pixelScores } from '../shared/pixels.js';
import { runningImage } from '../shared/running-image.js';
import { probeEachSample } from '../shared/sample-probe.js';
import { sampleRows } from '../shared/sample-rows.js';

export interface MonotonicityOptions {
  /** Pixels put back together (Quantus: 1). */
  readonly featuresInStep: number;
  /** The image the curve starts from (Quantus' 'black': the image's minimum). */
  readonly baseline: Baseline;
  /** The target's softmax probability (the paper) or its logit. */
  readonly score: 'logit' | 'probability';
}

export const monotonicity: AttributionMetric<MonotonicityOptions> = {
  name: 'monotonicity',
  title: 'Monotonicity (Arya)',
  summary:
    'Whether the probability never falls as pixels are added to a baseline, least important first (1 or 0).',
  paper: papers.arya2019,
  family: 'faithfulness',
  higherIsBetter: true,
  defaults: { featuresInStep: 1, baseline: 'min', score: 'probability' },
  rules: {
    featuresInStep: rule.integer(),
    ...baselineScoreRules,
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(monotonicity, options);
    const { B, H, W } = imageDims(x, attributions);
    const n = H * W;
    checkInteger(o.featuresInStep, 'featuresInStep', 1, n);
    const steps = Math.ceil(n / o.featuresInStep);
    const curves = sampleRows(B, steps + 1);
    const scores = await probeEachSample(model, x, o.score, o, async (probe) => {
      const { b, sample } = probe;
      const order = orderAscending(pixelScores(attributions, b));
      const run = runningImage(sampleBaseline(x, b, o.baseline, o.domain), sample);
      const make = (i: number, image: Float32Array) => {
        if (i > 0) run.take(order.subarray((i - 1) * o.featuresInStep, i * o.featuresInStep));
        image.set(run.state);
      };
      const f = await probe.scoreVariants(steps + 1, make);
      curves.row(b).set(f);
      let ok = 1;
      for (let i = 1; i <= steps; i++) if (f[i]! < f[i - 1]!) ok = 0;
      return ok;
    });
    return { scores, higherIsBetter: true, details: { curves: curves.tensor } };
  },
};
