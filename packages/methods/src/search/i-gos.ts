/**
 * I-GOS, Integrated-Gradient Optimized Saliency (Qi, Khorram and Fuxin, AAAI 2020; Algorithm 1,
 * eq. 2-9). It optimises a deletion mask M (h x w, 1 keeps a pixel, 0 replaces it by the
 * baseline) for
 *
 *   F(M) = f_c(Φ(x, up(M))) + λ1 ||1 - M||_1 + λ2 TV(M),   Φ(x, m) = x ⊙ m + x̃ ⊙ (1 - m)   (9)
 *
 * starting from M = 1, with the integrated gradient of f_c along the straight path from the
 * baseline (M = 0) to M as the descent direction of the first term (eq. 4), plus the gradients of
 * the L1 and TV terms (eq. 5-6):
 *
 *   TG(M) = 1/S Σ_{s=1..S} ∂ f_c(Φ(x, (s/S) up(M)) + n_s) / ∂M + ∇g(M),
 *
 * with fresh Gaussian noise n_s at every integration point (Algorithm 1, "avoiding adversarial
 * examples"), a step α from the backtracking line search with the revised Armijo condition
 * (eq. 8, see line-search.ts), and the update M ← P_[0,1](M - α TG(M)).
 *
 * The baseline x̃ is the input blurred with a Gaussian (core's `gaussianBlur`, edges as
 * OpenCV's BORDER_REFLECT_101; `blurSize` x `blurSize` taps, sigma `blurSigma`). Blurring the
 * normalised model input equals blurring the image and then normalising, since the kernel sums
 * to 1 and normalisation is affine per channel. The mask is upsampled to the input with the
 * kernels' bilinear `upsample`/`perturb` (`upsampling`: half-pixel centres or corner-aligned);
 * its gradient is pulled back through the exact adjoint of that upsampling.
 *
 * Returned map: 1 - up(M), repeated over the channels, shaped like the input, in [0, 1]. I-GOS
 * minimises the score, so the pixels it deletes (M near 0) are the ones the class depends on;
 * in the returned map higher = more important, the convention of every other method here.
 *
 * Defaults and where they come from: 15 iterations at most (the paper's runtime section); S = 20
 * integration points (eq. 4, "usually 20"); λ1 = 1, λ2 = 20 with a 28 x 28 mask (the best
 * setting of table 5 and the resolution the paper recommends; λ1 and λ2 were tuned per
 * resolution and only the 28 x 28 pair is published); β = 1e-4 (section "Evaluation Metrics and
 * Parameter Settings"); the rest, which the paper leaves out, from the authors' code: α_u = 200,
 * decay η = 0.2, α_l = 1e-5, noise standard deviation 0.2 (in model-input units), TV with
 * squared differences (β_TV = 2), the L1 and TV terms as means over the mask's elements and
 * differences, and f_c the softmax probability of the class (the code's choice; `objective`
 * switches to the logit).
 *
 * Choices where the paper is silent: the mask size is clamped to the input's height and width
 * (a 28 x 28 mask on a smaller image is the image's own resolution); the noise n_s is added to
 * the perturbed image (as the authors' code does; it does not depend on M, so it moves where the
 * gradient is taken, not its formula); all `maxIterations` run (the paper's "while not
 * converged" has no test). The L1 subgradient at M = 1 is 0 (sign(0) = 0, as torch).
 * The noise is drawn through the kernels from (seed, stream = iteration, offset = the sample's
 * index in the batch), so a seed gives the same map on every backend.
 *
 * Presets (`preset`). `'reference-code'` is the authors' code, github zhongangqi/IGOS at commit
 * 541e440 (`IGOS_generate_video.py`, `Integrated_Mask` with the settings its `__main__` passes,
 * l. 677-685: 15 iterations, S = 20, λ1 = 1, λ2 = 20, β_TV = 2, a 28 x 28 mask). Point by
 * point, paper -> code (the option that holds each):
 * 1. λ1 schedule (`l1Schedule`): constant -> divided by 10 after iteration int(K/2) = 7 when
 *    the score has moved by at most 0.001 since M_0, else by 5 after iteration int(K/1.25) = 12
 *    when it has moved by at most 0.01 (l. 352-362; only when K > 3). The code's `curve2` holds
 *    the first score twice (l. 235-244, 312-317), so the test compares with the score one
 *    iteration back; reproduced. Not in the paper; it rescues images whose mask has not moved,
 *    which on small models at λ1 = 1 is common (see below).
 * 2. Noise channels (`noiseChannels`): every channel -> the first only. `cv2.randn(noise, 0,
 *    0.2)` (l. 212) passes scalars, which OpenCV's Python binding turns into (0.2, 0, 0, 0): the
 *    (H, W, 3) array gets N(0, 0.2²) in channel 0 and 0 in the others (measured, OpenCV 4.6).
 *    `numpy_to_torch` (util.py l. 80-92) makes that the model input's channel 0 (after
 *    `preprocess_image` reversed BGR to RGB, util.py l. 63: red for an ImageNet model). On a
 *    one-channel input the two settings are the same.
 * 3. Upsampling (`upsampling`): half-pixel centres -> corner-aligned, `UpsamplingBilinear2d`
 *    (l. 145-148; torch's `align_corners=True`), in the objective and in the returned map.
 * 4. Blurred baseline (`blurSize`, `blurSigma`): 11 taps, sigma 5 -> 51 taps, sigma 50
 *    (`Get_blurred_img`, l. 25, 46-48 and l. 673-675: `cv2.GaussianBlur(img, (51, 51), 50)` on
 *    the [0, 1] image before normalisation). 11/5 are xai's earlier constants; the paper's text
 *    was not available here to check them.
 * 5. End of the line search (`stepFloor`): the last step is α_l = 1e-5 (the paper's step (3))
 *    -> the first α_u η^k below it, 200 · 0.2^11 = 4.096e-6, because the code tests
 *    `step < 0.00001` after evaluating the trial (l. 280-305).
 * Outright bugs of the code, fixed by default, reproduced on request with `authorsBugs`:
 * - `'doubled-noise'`: `noise = noise + cv2.randn(noise, 0, 0.2)` (l. 211-212): `cv2.randn`
 *   fills `noise` in place and returns it, so the sum is twice one draw, standard deviation 0.4.
 * - `'integral-over-20'`: each point's score is divided by the constant 20.0 (l. 221), not by
 *   `integ_iter`; the same at S = 20, wrong for any other S.
 * The same in both (read line by line): M_0 = 1 (l. 141); the L1 and TV terms as means, TV of
 * |differences|^β_TV (l. 191-192, util.py l. 50-54); f_c the softmax probability (l. 218-219,
 * 230); the target class the argmax of the softmax when none is given (l. 155-163, xai's
 * `target: 'predicted'`); integration points (s/S)·up(M), s = 1..S (l. 204); the noise in
 * model-input units, after normalisation (l. 207-215); α_u = 200, β = 1e-4, η = 0.2 (l. 178-179,
 * 256); F and the trials without noise; M clamped to [0, 1] after each step (l. 260, 319).
 * Not reproduced: the code's per-iteration `topmaxPixel` curve (l. 326-349, one more forward
 * pass for a plotted curve; M does not depend on it) and its heatmap's min-max normalisation of
 * up(M) (util.py l. 118-119; xai returns 1 - up(M), the same order).
 * The goldens (`packages/methods/test/fixtures/i-gos/README.md`) are their code run here on the
 * fixtures; `'reference-code'` matches them per image within 1e-4 relative or Pearson 0.999
 * (noise off) and within the spread between their seeds (noise on, `authorsBugs:
 * ['doubled-noise']`).
 * The default preset is `'paper'`: the repository's script makes videos of three images with
 * VGG19 (l. 653-716); the evaluation behind the paper's tables is not in it, so its extra
 * settings cannot be said to be the tables'. A user who wants the maps of the published code
 * chooses `'reference-code'`. Any option given explicitly overrides the preset.
 *
 * λ1 and λ2 weigh means over the mask against a probability in [0, 1]; they suit ImageNet-size
 * models. On a small model whose probability moves little, λ1 ||1 - M|| can outweigh the whole
 * possible drop of f_c and the optimum is M = 1 (an empty map): lower `l1` and `tv` there, or
 * let the code's schedule (`l1Schedule: 'reference-code'`) lower λ1 for masks that do not move.
 *
 * Cost (model calls, each batch fitting one call under the memory bound), with K = maxIterations,
 * B samples and t_{k,b} the line-search trials of sample b in iteration k (reported in `trace`):
 * - vjp: K calls, each over the S integration points of all B samples (K·B·S gradient rows;
 *   a sample's rows and sums are those it has alone, so a batch changes no map);
 * - forward: K more with the probability objective (its cotangent needs the logits; none
 *   with `objective: 'logit'`), plus 1 for F(M_0), plus Σ_k max_b t_{k,b} for the line search
 *   (samples still searching share a batch: Σ_k Σ_b t_{k,b} rows), plus 1 to resolve
 *   `target: 'predicted'`.
 * Every iteration runs (no early stop), so only the line search depends on the data.
 */
import {
  type AttributionMethod,
  assertFinite,
  evaluateLoss,
  formatShape,
  forwardBatched,
  gaussianBlur,
  type Kernels,
  type Model,
  papers,
  type RunOptions,
  resolveOptions,
  resolveTargets,
  rule,
  type Target,
  type Tensor,
  throwIfAborted,
  upsampleAdjoint,
  XaiError,
} from '@xai/core';
import { armijoBacktracking } from '../optim/line-search.js';
import { baselineRule, maskSizeRule, scoreRule } from '../shared/option-rules.js';
import { addTotalVariationGradient, totalVariation } from '../shared/total-variation.js';
import { maskPathGradients } from './i-gos-path-gradient.js';
import {
  type IGosAuthorsBug,
  type IGosPreset,
  iGosAuthorsBugs,
  iGosPresets,
  scheduledL1,
  stepFloorOf,
} from './i-gos-presets.js';

export interface IGosOptions {
  /** The paper's settings or the authors' code's (see the doc comment, point by point). */
  readonly preset: 'paper' | 'reference-code';
  /** Mask resolution, one side or [height, width] (paper: 224, 112, 28, 14 or 7; default 28). */
  readonly maskSize: number | readonly [number, number];
  /** Most iterations of the integrated-gradient descent (paper: 15). */
  readonly maxIterations: number;
  /** S, the integration points of eq. 4 (paper: "usually 20"). */
  readonly integrationSteps: number;
  /** λ1, weight of the mean L1 term ||1 - M|| (paper, table 5 at 28 x 28: 1). */
  readonly l1: number;
  /** λ1 constant (paper) or divided by 10, then 5, when the score has not moved (code). */
  readonly l1Schedule: IGosPreset['l1Schedule'];
  /** λ2, weight of the total-variation term (paper, table 5 at 28 x 28: 20). */
  readonly tv: number;
  /** Exponent of the differences in the TV term (authors' code: 2). */
  readonly tvBeta: number;
  /** Standard deviation of the noise n_s at each integration point (authors' code: 0.2). */
  readonly noise: number;
  /** The noise on every channel (paper) or on the first only (code, OpenCV's scalar quirk). */
  readonly noiseChannels: IGosPreset['noiseChannels'];
  /** Bilinear upsampling of the mask: half-pixel centres (paper) or corner-aligned (code). */
  readonly upsampling: IGosPreset['upsampling'];
  /** β of the revised Armijo condition, eq. 8 (paper: 1e-4). */
  readonly armijoBeta: number;
  /** η, the factor the step shrinks by in the line search (authors' code: 0.2). */
  readonly stepDecay: number;
  /** α_u, the first step tried (authors' code: 200). */
  readonly maxStep: number;
  /** α_l, the smallest step (authors' code: 1e-5). */
  readonly minStep: number;
  /** The last step: α_l itself (paper) or the first α_u η^k below α_l (code). */
  readonly stepFloor: IGosPreset['stepFloor'];
  /** Baseline x̃: 'blur' (default), a constant, or a tensor shaped like the input batch. */
  readonly baseline: 'blur' | number | Tensor;
  /** Side of the Gaussian kernel of the blurred baseline (paper preset: 11; code: 51). */
  readonly blurSize: number;
  /** Sigma of the blurred baseline's Gaussian (paper preset: 5; code: 50). */
  readonly blurSigma: number;
  /** f_c: the class's softmax probability (authors' code) or its logit. */
  readonly objective: 'probability' | 'logit';
  /** The authors' bugs to reproduce on purpose (default none: each is fixed). */
  readonly authorsBugs: readonly IGosAuthorsBug[];
}

export const iGos: AttributionMethod<IGosOptions> = {
  name: 'i-gos',
  family: 'search',
  title: 'Integrated-Gradient Optimized Saliency (I-GOS)',
  summary:
    'A deletion mask optimised with integrated gradients as the descent direction, L1 and TV terms, and an Armijo line search; returns 1 - mask.',
  paper: papers.qi2020igos,
  defaults: {
    preset: 'paper',
    maskSize: 28,
    maxIterations: 15,
    integrationSteps: 20,
    l1: 1,
    tv: 20,
    tvBeta: 2,
    noise: 0.2,
    armijoBeta: 1e-4,
    stepDecay: 0.2,
    maxStep: 200,
    minStep: 1e-5,
    baseline: 'blur',
    objective: 'probability',
    ...iGosPresets.paper,
  },
  presets: iGosPresets,
  rules: {
    preset: rule.oneOf('paper', 'reference-code'),
    maskSize: maskSizeRule,
    maxIterations: rule.integer(),
    integrationSteps: rule.integer(),
    l1: rule.nonNegative,
    l1Schedule: rule.oneOf('constant', 'reference-code'),
    tv: rule.nonNegative,
    tvBeta: rule.positive,
    noise: rule.nonNegative,
    noiseChannels: rule.oneOf('all', 'first'),
    upsampling: rule.oneOf('half-pixel', 'align-corners'),
    armijoBeta: rule.positive,
    stepDecay: { type: 'number', greaterThan: 0, lessThan: 1 },
    maxStep: rule.positive,
    minStep: rule.positive,
    stepFloor: rule.oneOf('clamp', 'first-below'),
    baseline: baselineRule('blur'),
    blurSize: rule.integer(),
    blurSigma: rule.positive,
    objective: scoreRule,
    authorsBugs: rule.subsetOf(...iGosAuthorsBugs),
  },
  async explain(model, x, options) {
    return (await runIGos(model, x, options)).attribution;
  },
};

/** One iteration of one sample. */
export interface IGosStep {
  /** F(M_k) before the step (no noise). */
  readonly objective: number;
  /** The step α_k taken. */
  readonly step: number;
  /** Whether α_k satisfies the revised Armijo condition (false: it is the smallest step). */
  readonly satisfied: boolean;
  /** F(M_{k+1}), with the λ1 of this iteration. */
  readonly next: number;
  /** TG(M_k)ᵀ TG(M_k). */
  readonly directionNormSq: number;
  /** Line-search trials (forward passes of this sample) to find α_k. */
  readonly trials: number;
  /** λ1 in this iteration (changes only under `l1Schedule: 'reference-code'`). */
  readonly l1: number;
}

export interface IGosResult {
  /** 1 - up(M), repeated over channels: [B, C, H, W]. */
  readonly attribution: Tensor;
  /** The optimised masks M, [B, h, w]. */
  readonly masks: Tensor;
  /** trace[k][b]: iteration k of sample b. */
  readonly trace: IGosStep[][];
}

type IGosCall = { target: Target; seed?: number; kernels?: Kernels } & RunOptions &
  Partial<IGosOptions>;

/**
 * I-GOS with its masks and per-iteration trace, for tests and callers that want them.
 * `first` is the batch index of x's first sample when x is a slice of a larger batch: its
 * samples then draw the noise they draw in that batch.
 */
export async function runIGos(
  model: Model,
  x: Tensor,
  options: IGosCall,
  first = 0,
): Promise<IGosResult> {
  const o = resolveOptions(iGos, options);
  if (x.shape.length !== 4) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected an image batch [B, C, H, W] for i-gos but received ${formatShape(x.shape)}.`,
    );
  }
  assertFinite(x, 'the input of i-gos');
  const [B, C, H, W] = x.shape as [number, number, number, number];
  const [h, w] = maskShape(o.maskSize, H, W);
  checkOptions(o);
  if (!Number.isSafeInteger(first) || first < 0) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected the first sample's batch index to be an integer >= 0 for i-gos but received ${first}.`,
    );
  }
  const { kernels } = o;
  const seed = options.seed ?? 0;
  const run: RunOptions = {
    signal: options.signal,
    maxBatchSize: options.maxBatchSize,
    memoryLimitBytes: options.memoryLimitBytes,
  };
  const size = C * H * W;
  const baseline = baselineOf(o, x);
  const S = o.integrationSteps;
  const alignCorners = o.upsampling === 'align-corners';
  const bugs = new Set(o.authorsBugs);
  // The code sums the S points' scores over 20.0, whatever S is (l. 221).
  const divisor = bugs.has('integral-over-20') ? 20 : S;
  const noise = noiseSigma(o, C, H * W, bugs.has('doubled-noise'));

  const targets = await resolveTargets(model, x, options.target, run);

  const sampleOf = (t: Tensor, b: number): Tensor => ({
    data: t.data.subarray(b * size, (b + 1) * size),
    shape: [C, H, W],
  });
  // λ1 per sample: the code's schedule looks at each image's own score.
  const l1 = Array.from({ length: B }, () => o.l1);
  const regulariser = (m: Float32Array, b: number): number =>
    l1[b]! * meanAbsOneMinus(m) + o.tv * totalVariation(m, h, w, o.tvBeta);
  /** F(M) for the given samples and masks (no noise), in one batch of forward passes. */
  const objectives = async (samples: readonly number[], masks: Float32Array[]) => {
    const parts: Tensor[] = [];
    for (let j = 0; j < samples.length; j++) {
      const b = samples[j]!;
      parts.push(
        await kernels.perturb({
          x: sampleOf(x, b),
          baseline: sampleOf(baseline, b),
          masks: { data: masks[j]!, shape: [1, h, w] },
          alignCorners,
        }),
      );
    }
    const batch = stack(parts, [C, H, W]);
    throwIfAborted(run.signal);
    const logits = await forwardBatched(model, batch, run);
    const t = Int32Array.from(samples, (b) => targets[b]!);
    const f = evaluateLoss(o.objective, logits, t).value;
    return samples.map((b, j) => f[j]! + regulariser(masks[j]!, b));
  };

  const masks: Float32Array[] = Array.from({ length: B }, () => new Float32Array(h * w).fill(1));
  const all = Array.from({ length: B }, (_, b) => b);
  let current = await objectives(all, masks);
  // scores[b][k] = f_c(M_k) of sample b, for the λ1 schedule.
  const scores = all.map((b) => [current[b]! - regulariser(masks[b]!, b)]);
  const trace: IGosStep[][] = [];
  const minStep = stepFloorOf(o.stepFloor, o.maxStep, o.stepDecay, o.minStep);

  for (let k = 0; k < o.maxIterations; k++) {
    // Integration points (s/S)·M, s = 1..S, with noise n_s: the S points of every sample
    // are the rows of one run, in passes split only by the memory bound.
    const onUpsampled = await maskPathGradients({
      model,
      kernels,
      x,
      baseline,
      targets,
      masks,
      maskShape: [h, w],
      steps: S,
      divisor,
      alignCorners,
      objective: o.objective,
      ...(noise === undefined ? {} : { noise: { sigma: noise, seed, stream: k, first } }),
      run,
    });
    const directions = onUpsampled.map((g, b) => {
      const m = masks[b]!;
      const tg = upsampleAdjoint(g, H, W, h, w, alignCorners);
      // ∇ λ1 mean|1 - M| = -λ1 sign(1 - M) / (h w); ∇ λ2 TV(M).
      for (let p = 0; p < h * w; p++) tg[p]! -= (l1[b]! * Math.sign(1 - m[p]!)) / (h * w);
      addTotalVariationGradient(m, h, w, tg, o.tvBeta, o.tv);
      return tg;
    });

    const trial = (b: number, step: number): Float32Array => {
      const m = masks[b]!;
      const d = directions[b]!;
      const out = new Float32Array(h * w);
      for (let p = 0; p < h * w; p++) out[p] = Math.min(1, Math.max(0, m[p]! - step * d[p]!));
      return out;
    };
    const norms = directions.map((d) => d.reduce((a, v) => a + v * v, 0));
    const searched = await armijoBacktracking(
      all.map((b) => ({ value: current[b]!, directionNormSq: norms[b]! })),
      (indices, steps) =>
        objectives(
          indices,
          indices.map((b, j) => trial(b, steps[j]!)),
        ),
      { beta: o.armijoBeta, decay: o.stepDecay, maxStep: o.maxStep, minStep },
    );
    trace.push(
      searched.map((r, b) => ({
        objective: current[b]!,
        step: r.step,
        satisfied: r.satisfied,
        next: r.value,
        directionNormSq: norms[b]!,
        trials: r.trials,
        l1: l1[b]!,
      })),
    );
    for (let b = 0; b < B; b++) masks[b] = trial(b, searched[b]!.step);
    current = searched.map((r) => r.value);
    for (let b = 0; b < B; b++) {
      const m = masks[b]!;
      scores[b]!.push(current[b]! - regulariser(m, b));
      if (o.l1Schedule !== 'reference-code') continue;
      const next = scheduledL1(l1[b]!, k, o.maxIterations, scores[b]!);
      if (next === l1[b]) continue;
      // F(M_{k+1}) under the new λ1, as the code recomputes it in the next iteration.
      l1[b] = next;
      current[b] = scores[b]![k + 1]! + regulariser(m, b);
    }
    options.onProgress?.({ phase: 'iteration', done: k + 1, total: o.maxIterations });
  }

  const maskData = new Float32Array(B * h * w);
  for (const [b, m] of masks.entries()) maskData.set(m, b * h * w);
  const up = await kernels.upsample({
    masks: { data: maskData, shape: [B, h, w] },
    height: H,
    width: W,
    alignCorners,
  });
  const attribution = new Float32Array(B * size);
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < C; c++) {
      for (let p = 0; p < H * W; p++) {
        attribution[b * size + c * H * W + p] = 1 - up.data[b * H * W + p]!;
      }
    }
  }
  return {
    attribution: { data: attribution, shape: [...x.shape] },
    masks: { data: maskData, shape: [B, h, w] },
    trace,
  };
}

/**
 * The noise's standard deviation for the kernels: one number on every channel, or, with
 * `noiseChannels: 'first'`, one per element with 0 off the first channel; doubled with the
 * code's `'doubled-noise'`. Undefined when there is no noise.
 */
function noiseSigma(
  o: IGosOptions,
  C: number,
  plane: number,
  doubled: boolean,
): number | Float32Array | undefined {
  if (o.noise === 0) return undefined;
  const sigma = doubled ? 2 * o.noise : o.noise;
  if (o.noiseChannels === 'all') return sigma;
  const perElement = new Float32Array(C * plane);
  perElement.fill(sigma, 0, plane);
  return perElement;
}

function meanAbsOneMinus(m: Float32Array): number {
  let s = 0;
  for (let p = 0; p < m.length; p++) s += Math.abs(1 - m[p]!);
  return s / m.length;
}

function maskShape(size: IGosOptions['maskSize'], H: number, W: number): [number, number] {
  const [h, w] = typeof size === 'number' ? [size, size] : size;
  for (const v of [h, w]) {
    if (!Number.isInteger(v) || v < 1) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected maskSize to be a positive integer or two for i-gos but received ${String(size)}.`,
      );
    }
  }
  return [Math.min(h, H), Math.min(w, W)];
}

function baselineOf(o: IGosOptions, x: Tensor): Tensor {
  if (o.baseline === 'blur') return gaussianBlur(x, o.blurSize, o.blurSigma);
  if (typeof o.baseline === 'number') {
    if (!Number.isFinite(o.baseline)) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected a finite baseline for i-gos but received ${o.baseline}.`,
      );
    }
    return { data: new Float32Array(x.data.length).fill(o.baseline), shape: [...x.shape] };
  }
  const bl = o.baseline;
  if (bl.data.length !== x.data.length) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected a baseline of shape ${formatShape(x.shape)} for i-gos but received ${formatShape(bl.shape)}.`,
    );
  }
  assertFinite(bl, 'the baseline of i-gos');
  return bl;
}

function checkOptions(o: IGosOptions): void {
  const integer = (v: number, what: string, min: number) => {
    if (!Number.isInteger(v) || v < min) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected ${what} to be an integer >= ${min} for i-gos but received ${v}.`,
      );
    }
  };
  const range = (v: number, what: string, lo: number, hi: number) => {
    if (!(v >= lo && v <= hi)) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected ${what} in [${lo}, ${hi}] for i-gos but received ${v}.`,
      );
    }
  };
  integer(o.maxIterations, 'maxIterations', 0);
  integer(o.integrationSteps, 'integrationSteps', 1);
  range(o.l1, 'l1', 0, Number.MAX_VALUE);
  range(o.tv, 'tv', 0, Number.MAX_VALUE);
  range(o.tvBeta, 'tvBeta', 1, Number.MAX_VALUE);
  range(o.noise, 'noise', 0, Number.MAX_VALUE);
  range(o.armijoBeta, 'armijoBeta', Number.MIN_VALUE, 1 - Number.EPSILON);
  range(o.stepDecay, 'stepDecay', Number.MIN_VALUE, 1 - Number.EPSILON);
  range(o.minStep, 'minStep', Number.MIN_VALUE, Number.MAX_VALUE);
  range(o.maxStep, 'maxStep', o.minStep, Number.MAX_VALUE);
  if (o.objective !== 'probability' && o.objective !== 'logit') {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected objective 'probability' or 'logit' for i-gos but received '${String(o.objective)}'.`,
    );
  }
}

function stack(parts: readonly Tensor[], sample: readonly number[]): Tensor {
  let n = 0;
  for (const p of parts) n += p.data.length;
  const data = new Float32Array(n);
  let off = 0;
  let count = 0;
  for (const p of parts) {
    data.set(p.data, off);
    off += p.data.length;
    count += p.shape[0]!;
  }
  return { data, shape: [count, ...sample] };
}
