/**
 * ROAD, remove and debias (Rong et al. 2022, sections 4 and 5): for each percentage p,
 * the p% most (MoRF) or least (LeRF) relevant pixels (channels summed) are removed and
 * filled by noisy linear imputation, and the model is asked again; the curve is whether it
 * still predicts the target (Quantus' accuracy; or the target's probability), its mean
 * over the percentages the score. A faithful map makes MoRF fall fast (low is better) and
 * LeRF stay high (high is better). Defaults (percentages 1, 3, ..., 99; noise 0.01) are
 * Quantus'. Noise draws come from the counter-based generator (stream = sample). Costs one
 * forward pass per percentage and sample, plus the imputation's sweeps on the CPU.
 */
import {
  type AttributionMetric,
  argmaxRows,
  createRng,
  type OptionRules,
  papers,
  resolveOptions,
  rule,
  targetScores,
  XaiError,
} from '@xai/core';
import { imageDims } from '../shared/image-dims.js';
import { imputeNoisyLinear } from '../shared/noisy-linear-imputation.js';
import { orderAscending, orderDescending, pixelScores } from '../shared/pixels.js';
import { probeEachSample } from '../shared/sample-probe.js';
import { sampleRows } from '../shared/sample-rows.js';

export interface RoadOptions {
  /** Percentages of pixels removed, each in (0, 100) (Quantus: 1, 3, ..., 99). */
  readonly percentages: readonly number[];
  /** Standard deviation of the noise added to imputed pixels (Quantus: 0.01). */
  readonly noise: number;
  /** 'accuracy' (1 when the target is still predicted, Quantus) or the target's 'probability'. */
  readonly score: 'accuracy' | 'probability';
}

const defaults: RoadOptions = {
  percentages: Array.from({ length: 50 }, (_, i) => 1 + 2 * i),
  noise: 0.01,
  score: 'accuracy',
};

const rules: OptionRules<RoadOptions> = {
  percentages: {
    check: (v) =>
      Array.isArray(v) && v.length > 0 && v.every((p) => typeof p === 'number' && p > 0 && p < 100)
        ? undefined
        : 'a non-empty list of percentages, each in (0, 100)',
  },
  noise: rule.nonNegative,
  score: rule.oneOf('accuracy', 'probability'),
};

function road(order: 'morf' | 'lerf'): AttributionMetric<RoadOptions> {
  const name = `road-${order}`;
  const metric: AttributionMetric<RoadOptions> = {
    name,
    title: `ROAD (${order === 'morf' ? 'most' : 'least'} relevant first)`,
    summary:
      order === 'morf'
        ? 'Accuracy as the most relevant pixels are removed and imputed: lower is better.'
        : 'Accuracy as the least relevant pixels are removed and imputed: higher is better.',
    paper: papers.rong2022,
    family: 'faithfulness',
    higherIsBetter: order === 'lerf',
    defaults,
    rules,
    async evaluate(model, x, attributions, options) {
      const o = resolveOptions(metric, options);
      const { B, C, H, W } = imageDims(x, attributions);
      const n = H * W;
      const P = o.percentages;
      if (P.length === 0 || P.some((p) => !(p > 0 && p < 100))) {
        throw new XaiError(
          'INVALID_ARGUMENT',
          `Expected percentages in (0, 100) for '${name}' but received [${P.join(', ')}].`,
        );
      }
      if (!(o.noise >= 0)) {
        throw new XaiError('INVALID_ARGUMENT', `Expected a noise >= 0 but received ${o.noise}.`);
      }
      const K = model.numClasses;
      const curves = sampleRows(B, P.length);
      const scores = await probeEachSample(model, x, 'probability', o, async (probe) => {
        const { b, target } = probe;
        const a = pixelScores(attributions, b);
        const ranked = order === 'morf' ? orderDescending(a) : orderAscending(a);
        const rng = createRng(o.seed ?? 0, b);
        // Variant k has the first P[k] % of the ranked pixels removed and imputed.
        const impute = (k: number, image: Float32Array) => {
          const removed = new Uint8Array(n);
          const count = Math.round((P[k]! / 100) * n);
          for (let i = 0; i < count; i++) removed[ranked[i]!] = 1;
          imputeNoisyLinear(image, C, H, W, removed, o.noise, rng);
        };
        const logits = await probe.variantLogits(P.length, impute);
        const values =
          o.score === 'accuracy'
            ? Array.from(argmaxRows(logits.data, P.length, K), (c) => (c === target ? 1 : 0))
            : targetScores(logits, target, 'probability');
        const row = curves.row(b);
        row.set(values);
        let mean = 0;
        for (let k = 0; k < P.length; k++) mean += row[k]! / P.length;
        return mean;
      });
      return {
        scores,
        higherIsBetter: order === 'lerf',
        details: { curves: curves.tensor, percentages: P },
      };
    },
  };
  return metric;
}

export const roadMorf = road('morf');
export const roadLerf = road('lerf');
