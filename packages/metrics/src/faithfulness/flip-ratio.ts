/**
 * Flip ratio (the invariant-perturbation paper, section 4.2): the elements whose scores
 * lie below the tau% quantile are set to gray, and we record whether the model's
 * predicted class changes; swept over tau from 0 (nothing flipped) to 100 (everything).
 * A good map keeps the relevant elements, so predictions survive many flips: lower is
 * better. Per sample, the score is the share of tau values at which the prediction
 * changed; the share of images changed at each tau (the paper's figure 1) is the mean of
 * `details.changed` over samples.
 *
 * "Below the tau% quantile" is taken as the floor(tau * n / 100) lowest-scored elements
 * (ties broken by index), so that tau = 100 flips everything, as the paper states.
 */
import {
  type AttributionMetric,
  argmaxRows,
  assertFinite,
  type InputDomain,
  inputDomainRule,
  type Kernels,
  papers,
  resolveOptions,
  resolveTargets,
  rule,
  withDomain,
  XaiError,
} from '@xai/core';
import { type ChannelMerge, mergeChannels } from '../shared/channel-merge.js';
import { scoreEachSample } from '../shared/each-sample.js';
import { imageDims } from '../shared/image-dims.js';
import { sampleOf } from '../shared/image-sample.js';
import { variantLogits } from '../shared/model-scores.js';
import { channelMergeRule } from '../shared/option-rules.js';
import { sampleRows } from '../shared/sample-rows.js';

export interface FlipRatioOptions {
  /** Quantiles in percent, ascending (default 0, 10, ..., 100). */
  readonly taus: readonly number[];
  /** What flipped elements become: 'gray' (0.5 in pixel space, through `normalization`) or a value. */
  readonly fill: 'gray' | number;
  readonly normalization?: InputDomain;
  /** Rank every element (the paper: scores of size 224x224x3), or pixels with merged channels. */
  readonly granularity: 'element' | 'pixel';
  readonly channelMerge: ChannelMerge;
}

export const flipRatio: AttributionMetric<FlipRatioOptions> = {
  name: 'flip-ratio',
  family: 'faithfulness',
  higherIsBetter: false,
  title: 'Flip ratio',
  summary:
    'How often the prediction changes as the lowest-scored elements are set to gray, swept over the quantile.',
  paper: papers.maximalInvariantPerturbation,
  defaults: {
    taus: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
    fill: 'gray',
    granularity: 'element',
    channelMerge: 'sum',
    normalization: undefined,
  },
  rules: {
    taus: rule.numbers(0, 100),
    fill: { type: 'number', oneOf: ['gray'] },
    normalization: inputDomainRule,
    granularity: rule.oneOf('element', 'pixel'),
    channelMerge: channelMergeRule,
  },
  async evaluate(model, x, attributions, options) {
    const o = withDomain(resolveOptions(flipRatio, options));
    const { B, C, H, W } = imageDims(x, attributions);
    assertFinite(attributions, 'the attributions');
    const taus = checkTaus(o.taus);
    const kernels: Kernels = o.kernels;
    const plane = H * W;
    const K = model.numClasses;
    const original = await resolveTargets(model, x, 'predicted', o);
    const fills = fillValues(o.fill, C, o.normalization);
    const perPixel = o.granularity === 'pixel' || attributions.shape[1] !== C;
    const ranked = perPixel ? mergeChannels(attributions, o.channelMerge) : attributions;
    const unit = perPixel ? plane : C * plane;
    const changed = sampleRows(B, taus.length);
    const scores = await scoreEachSample(B, o, async (b) => {
      // Ascending order, ties by index: argsort of the negated scores, descending.
      const negated = ranked.data.slice(b * unit, (b + 1) * unit).map((v) => -v);
      const order = (await kernels.argsortDescending({ data: negated, shape: [unit] })).data;
      // Variant j fills the taus[j] % least relevant units.
      const fill = (j: number, image: Float32Array) => {
        const count = Math.floor((taus[j]! * unit) / 100);
        for (let r = 0; r < count; r++) {
          const u = order[r]!;
          if (perPixel) for (let c = 0; c < C; c++) image[c * plane + u] = fills[c]!;
          else image[u] = fills[Math.floor(u / plane)]!;
        }
      };
      const logits = await variantLogits(model, sampleOf(x, b), taus.length, fill, o);
      const predicted = argmaxRows(logits.data, taus.length, K);
      const row = changed.row(b);
      for (let j = 0; j < taus.length; j++) row[j] = predicted[j] === original[b] ? 0 : 1;
      let sum = 0;
      for (let j = 0; j < taus.length; j++) sum += row[j]!;
      return sum / taus.length;
    });
    return { scores, higherIsBetter: false, details: { taus, changed: changed.tensor } };
  },
};

function checkTaus(taus: readonly number[]): number[] {
  const ok =
    taus.length > 0 && taus.every((t, i) => t >= 0 && t <= 100 && (i === 0 || t >= taus[i - 1]!));
  if (!ok) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected taus ascending in [0, 100] but received [${taus.join(', ')}].`,
    );
  }
  return [...taus];
}

/** The fill value of each channel in model-input units. */
function fillValues(fill: 'gray' | number, C: number, normalization?: InputDomain): Float32Array {
  if (typeof fill === 'number') {
    if (!Number.isFinite(fill))
      throw new XaiError('NON_FINITE_INPUT', `Expected a finite fill value but received ${fill}.`);
    return new Float32Array(C).fill(fill);
  }
  const out = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    const m = normalization?.mean[c % normalization.mean.length] ?? 0;
    const s = normalization?.std[c % normalization.std.length] ?? 1;
    out[c] = (0.5 - m) / s;
  }
  return out;
}
