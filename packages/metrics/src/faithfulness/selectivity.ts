/**
 * Selectivity (Montavon, Samek and Mueller 2018, section 4.1): the image is cut into
 * `patchSize` squares, removed (set to the baseline) one after another in order of
 * decreasing relevance (summed over each patch and the channels), and the target's score
 * is traced; a selective map makes it fall fast, so the area under the curve (trapezoid,
 * x in [0, 1]) is lower for better maps. The defaults (8-pixel patches, the image's minimum,
 * softmax probability) are Quantus'. Costs `ceil(H / p) * ceil(W / p) + 1` forward passes per sample.
 */
import {
  type AttributionMetric,
  type Baseline,
  papers,
  resolveOptions,
  rule,
  type Tensor,
} from '@xai/core';
import { checkInteger } from '../shared/checks.js';
import { trapezoidArea } from '../shared/curve-area.js';
import { imageDims } from '../shared/image-dims.js';
import { sampleBaseline } from '../shared/image-sample.js';
import { baselineScoreRules } from '../shared/option-rules.js';
import { patchGrid, patchSums } from '../shared/patches.js';
import { orderDescending, pixelScores } from '../shared/pixels.js';
import { runningImage } from '../shared/running-image.js';
import { probeEachSample } from '../shared/sample-probe.js';
import { sampleRows } from '../shared/sample-rows.js';

export interface SelectivityOptions {
  /** Side of a patch in pixels (Quantus: 8). */
  readonly patchSize: number;
  /** What removed patches become (Quantus' 'black': the image's minimum). */
  readonly baseline: Baseline;
  /** The target's softmax probability (default) or logit. */
  readonly score: 'logit' | 'probability';
}

export const selectivity: AttributionMetric<SelectivityOptions> = {
  name: 'selectivity',
  title: 'Selectivity',
  summary: 'Area under the score as patches are removed, most relevant first: lower is better.',
  paper: papers.montavon2018,
  family: 'faithfulness',
  higherIsBetter: false,
  defaults: { patchSize: 8, baseline: 'min', score: 'probability' },
  rules: {
    patchSize: rule.integer(),
    ...baselineScoreRules,
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(selectivity, options);
    const { B, H, W } = imageDims(x, attributions);
    checkInteger(o.patchSize, 'patchSize', 1, Math.min(H, W));
    const patches = patchGrid(H, W, o.patchSize);
    const L = patches.length;
    const curves = sampleRows(B, L + 1);
    const scores = await probeEachSample(model, x, o.score, o, async (probe) => {
      const { b, sample } = probe;
      const order = orderDescending(patchSums(pixelScores(attributions, b), patches));
      // Removal = taking pixels from the baseline into a running copy of the image.
      const baseline = sampleBaseline(x, b, o.baseline, o.domain);
      const to: Tensor =
        typeof baseline === 'number'
          ? { data: new Float32Array(sample.data.length).fill(baseline), shape: sample.shape }
          : baseline;
      const run = runningImage(sample, to);
      const make = (i: number, image: Float32Array) => {
        if (i > 0) run.take(patches[order[i - 1]!]!);
        image.set(run.state);
      };
      const f = await probe.scoreVariants(L + 1, make);
      curves.row(b).set(f);
      return trapezoidArea(f);
    });
    return { scores, higherIsBetter: false, details: { curves: curves.tensor } };
  },
};
