/**
 * IROF, iterative removal of features (Rieger and Hansen 2020, section 2): the image is
 * cut into SLIC superpixels, ranked by their mean relevance (channels summed), and
 * removed one after another, most relevant first (replaced with each channel's mean, as
 * the paper); the target's probability relative to the unperturbed one, `p_k / p_0`, is
 * traced, and the score is the area over that curve, `1 - mean_k (p_k / p_0)` over the
 * removal steps k = 1..K. A faithful map removes the evidence early: higher is better.
 * The segmentation's settings (about 100 segments, compactness 10, 10 iterations) are
 * skimage's defaults as Quantus calls them; colours are compared in model units (skimage
 * converts RGB to Lab first). Costs K + 1 forward passes per sample.
 */
import { type AttributionMetric, papers, resolveOptions, rule, type Tensor } from '@xai/core';
import { checkInteger } from '../shared/checks.js';
import { imageDims } from '../shared/image-dims.js';
import { sampleBaseline } from '../shared/image-sample.js';
import { orderDescending, pixelScores } from '../shared/pixels.js';
import { runningImage } from '../shared/running-image.js';
import { probeEachSample } from '../shared/sample-probe.js';
import { slic } from '../shared/slic.js';

export interface IrofOptions {
  /** About how many superpixels SLIC makes (skimage's default: 100). */
  readonly segments: number;
  /** SLIC's compactness m (skimage's default: 10). */
  readonly compactness: number;
}

export const irof: AttributionMetric<IrofOptions> = {
  name: 'irof',
  title: 'IROF (iterative removal of features)',
  summary:
    'Area over the relative probability as superpixels are replaced by the mean, most relevant first.',
  paper: papers.rieger2020,
  family: 'faithfulness',
  higherIsBetter: true,
  defaults: { segments: 100, compactness: 10 },
  rules: {
    segments: rule.integer(2),
    compactness: { type: 'number', greaterThan: 0, max: 1e6 },
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(irof, options);
    const { C, H, W } = imageDims(x, attributions);
    const n = H * W;
    checkInteger(o.segments, 'segments', 2, n);
    const curves: number[][] = [];
    const scores = await probeEachSample(model, x, 'probability', o, async (probe) => {
      const { b, sample } = probe;
      const labels = slic(sample.data, C, H, W, o.segments, o.compactness);
      const K = labels.reduce((m, l) => Math.max(m, l), 0) + 1;
      const members: number[][] = Array.from({ length: K }, () => []);
      for (let p = 0; p < n; p++) members[labels[p]!]!.push(p);
      const a = pixelScores(attributions, b);
      const means = Float64Array.from(
        members,
        (ps) => ps.reduce((s, p) => s + a[p]!, 0) / ps.length,
      );
      const order = orderDescending(means);
      const run = runningImage(sample, sampleBaseline(x, b, 'mean') as Tensor);
      const make = (i: number, image: Float32Array) => {
        if (i > 0) run.take(members[order[i - 1]!]!);
        image.set(run.state);
      };
      const f = await probe.scoreVariants(K + 1, make);
      const relative = Array.from(f, (v) => (f[0]! === 0 ? 0 : v / f[0]!));
      curves.push(relative);
      let mean = 0;
      for (let k = 1; k <= K; k++) mean += relative[k]! / K;
      return 1 - mean;
    });
    return { scores, higherIsBetter: true, details: { relativeCurves: curves } };
  },
};
