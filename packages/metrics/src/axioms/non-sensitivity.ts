/**
 * Non-sensitivity (Nguyen and Martinez 2020, section 4.1): a feature the model ignores
 * should get no attribution, and a feature with no attribution should be one the model
 * ignores. Each pixel (all channels) is replaced `samples` times with uniform noise over
 * the image's value range; it is "ignored" when the target's score never moves by more than
 * `eps`, "attributed" when its absolute attribution (channels summed) exceeds `eps`. The
 * score counts the violations, pixels ignored but attributed plus pixels not attributed
 * but not ignored (the symmetric difference, as Quantus). Lower is better; 0 is perfect.
 * Defaults (eps 1e-5, 100 draws, one pixel at a time) are Quantus'. Costs
 * `samples * H * W + 1` forward passes per sample.
 */
import { type AttributionMetric, createRng, papers, resolveOptions, rule } from '@xai/core';
import { imageDims } from '../shared/image-dims.js';
import { scoreRule } from '../shared/option-rules.js';
import { pixelScores, valueRange } from '../shared/pixels.js';
import { probeEachSample } from '../shared/sample-probe.js';

export interface NonSensitivityOptions {
  /** Noise draws per pixel (Quantus: 100). */
  readonly samples: number;
  /** Threshold on the attribution and on the score change (Quantus: 1e-5). */
  readonly eps: number;
  /** The target's logit (default) or softmax probability. */
  readonly score: 'logit' | 'probability';
}

export const nonSensitivity: AttributionMetric<NonSensitivityOptions> = {
  name: 'non-sensitivity',
  title: 'Non-sensitivity',
  summary: 'Pixels where zero attribution and model insensitivity disagree: lower is better.',
  paper: papers.nguyen2020,
  family: 'axioms',
  higherIsBetter: false,
  defaults: { samples: 100, eps: 1e-5, score: 'logit' },
  rules: {
    samples: rule.integer(),
    eps: rule.nonNegative,
    score: scoreRule,
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(nonSensitivity, options);
    const { C, H, W } = imageDims(x, attributions);
    const n = H * W;
    const scores = await probeEachSample(model, x, o.score, o, async (probe) => {
      const { b, sample } = probe;
      const a = pixelScores(attributions, b);
      const [lo, hi] = valueRange(sample.data);
      const rng = createRng(o.seed ?? 0, b);
      const make = (i: number, image: Float32Array) => {
        if (i === 0) return;
        const p = Math.floor((i - 1) / o.samples);
        for (let c = 0; c < C; c++) image[c * n + p] = lo + (hi - lo) * rng.uniform();
      };
      const count = n * o.samples + 1;
      const f = await probe.scoreVariants(count, make);
      let violations = 0;
      for (let p = 0; p < n; p++) {
        let moved = 0;
        for (let s = 0; s < o.samples; s++)
          moved = Math.max(moved, Math.abs(f[1 + p * o.samples + s]! - f[0]!));
        const ignored = moved <= o.eps;
        const attributed = Math.abs(a[p]!) > o.eps;
        if (ignored === attributed) violations++;
      }
      return violations;
    });
    return { scores, higherIsBetter: false };
  },
};
