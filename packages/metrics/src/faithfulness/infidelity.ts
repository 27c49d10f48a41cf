/**
 * Infidelity (Yeh et al. 2019, definition 2.1; the ISA paper's INFD):
 * `INFD = E_I[(I . phi - (f(x) - f(x - I)))^2]`, estimated with `samples` draws of the
 * perturbation I. With `normalize` the attribution is first scaled by the optimal
 * `beta = E[(I . phi)(f(x) - f(x - I))] / E[(I . phi)^2]` (as Yeh et al. report, and
 * Captum's `normalize=True`), so only the map's shape is judged, not its scale. Lower is
 * better. Perturbations: 'gaussian' (I ~ N(0, sigma^2) per element) or 'square' (I = x on
 * a random square of `squareSize` pixels in every channel, zero elsewhere: the square is
 * removed). Draws come from the counter-based generator, stream = sample index.
 */
import {
  type AttributionMetric,
  assertFinite,
  createRng,
  forwardBatched,
  type Kernels,
  papers,
  resolveOptions,
  resolveTargets,
  rule,
  sliceBatch,
  type Tensor,
  targetScores,
  XaiError,
} from '@xai/core';
import { checkInteger } from '../shared/checks.js';
import { scoreEachSample } from '../shared/each-sample.js';
import { imageDims } from '../shared/image-dims.js';
import { sampleOf } from '../shared/image-sample.js';
import { scoreVariants } from '../shared/model-scores.js';
import { scoreRule } from '../shared/option-rules.js';

export interface InfidelityOptions {
  readonly perturbation: 'gaussian' | 'square';
  /** Perturbations drawn per sample. */
  readonly samples: number;
  /** Standard deviation of the Gaussian perturbation, in model-input units. */
  readonly sigma: number;
  /** Side of the removed square, in pixels (default: a quarter of the image height). */
  readonly squareSize?: number;
  /** Scale the attribution optimally before scoring. */
  readonly normalize: boolean;
  /** f: the target's softmax probability (the ISA authors' models end in a softmax) or its logit. */
  readonly score: 'probability' | 'logit';
}

export const infidelity: AttributionMetric<InfidelityOptions> = {
  name: 'infidelity',
  family: 'faithfulness',
  higherIsBetter: false,
  title: 'Infidelity (INFD)',
  summary:
    'Mean squared gap between I . phi and the output change f(x) - f(x - I) under random perturbations I.',
  paper: papers.yeh2019,
  defaults: {
    perturbation: 'gaussian',
    samples: 50,
    sigma: 0.2,
    normalize: true,
    score: 'probability',
    squareSize: undefined,
  },
  rules: {
    perturbation: rule.oneOf('gaussian', 'square'),
    samples: rule.integer(),
    sigma: rule.positive,
    squareSize: rule.integer(),
    normalize: rule.boolean,
    score: scoreRule,
  },
  async evaluate(model, x, attributions, options) {
    const o = resolveOptions(infidelity, options);
    const { B, C, H, W } = imageDims(x, attributions);
    assertFinite(attributions, 'the attributions');
    if (!Number.isInteger(o.samples) || o.samples < 1) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected samples to be a positive integer but received ${o.samples}.`,
      );
    }
    const kernels: Kernels = o.kernels;
    const seed = o.seed ?? 0;
    const D = C * H * W;
    const baseLogits = await forwardBatched(model, x, o);
    const targets = await resolveTargets(model, x, o.target, { logits: baseLogits });
    const scores = await scoreEachSample(B, o, async (b) => {
      const t = targets[b]!;
      const xb = x.data.subarray(b * D, (b + 1) * D);
      const phi = attributionRow(attributions, b, C, H * W);
      const fx = targetScores(sliceBatch(baseLogits, b, b + 1), t, o.score)[0]!;
      const perturbations = await drawPerturbations(kernels, o, xb, [C, H, W], seed, b);
      const iPhi = new Float64Array(o.samples);
      const delta = new Float64Array(o.samples);
      for (let j = 0; j < o.samples; j++) {
        let s = 0;
        for (let i = 0; i < D; i++) s += perturbations[j * D + i]! * phi[i]!;
        iPhi[j] = s;
      }
      const perturbed = (j: number, image: Float32Array) => {
        for (let i = 0; i < D; i++) image[i] = xb[i]! - perturbations[j * D + i]!;
      };
      const f = await scoreVariants(model, sampleOf(x, b), o.samples, perturbed, t, o.score, o);
      for (let j = 0; j < o.samples; j++) delta[j] = fx - f[j]!;
      return meanSquaredGap(iPhi, delta, o.normalize);
    });
    return { scores, higherIsBetter: false };
  },
};

/** `mean_j (beta * a_j - d_j)^2`, beta optimal (least squares) or 1. */
export function meanSquaredGap(a: Float64Array, d: Float64Array, normalize: boolean): number {
  let ad = 0;
  let aa = 0;
  for (let j = 0; j < a.length; j++) {
    ad += a[j]! * d[j]!;
    aa += a[j]! * a[j]!;
  }
  const beta = normalize ? (aa === 0 ? 0 : ad / aa) : 1;
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += (beta * a[j]! - d[j]!) ** 2;
  return sum / a.length;
}

/** The attribution of sample b as [C * H * W], broadcast over channels when it has one. */
function attributionRow(a: Tensor, b: number, C: number, plane: number): Float32Array {
  const ac = a.shape[1]!;
  if (ac === C) return a.data.subarray(b * C * plane, (b + 1) * C * plane);
  const out = new Float32Array(C * plane);
  for (let c = 0; c < C; c++) out.set(a.data.subarray(b * plane, (b + 1) * plane), c * plane);
  return out;
}

/** `samples` perturbations I of one sample, row-major [samples, C, H, W]. */
async function drawPerturbations(
  kernels: Kernels,
  o: InfidelityOptions,
  xb: Float32Array,
  [C, H, W]: [number, number, number],
  seed: number,
  stream: number,
): Promise<Float32Array> {
  const D = C * H * W;
  if (o.perturbation === 'gaussian') {
    if (!(o.sigma > 0))
      throw new XaiError('INVALID_ARGUMENT', `Expected a positive sigma but received ${o.sigma}.`);
    const z = await kernels.random({ distribution: 'normal', shape: [o.samples, D], seed, stream });
    return z.data.map((v) => v * o.sigma);
  }
  if (o.perturbation !== 'square') {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected perturbation 'gaussian' or 'square' but received '${String(o.perturbation)}'.`,
    );
  }
  const size = o.squareSize ?? Math.max(1, Math.floor(H / 4));
  checkInteger(size, 'squareSize', 1, Math.min(H, W));
  const rng = createRng(seed, stream);
  const out = new Float32Array(o.samples * D);
  for (let j = 0; j < o.samples; j++) {
    const top = rng.int(H - size + 1);
    const left = rng.int(W - size + 1);
    for (let c = 0; c < C; c++) {
      for (let y = top; y < top + size; y++) {
        for (let x = left; x < left + size; x++) {
          const i = (c * H + y) * W + x;
          out[j * D + i] = xb[i]!;
        }
      }
    }
  }
  return out;
}
