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
 * The baseline x̃ is the input blurred with a Gaussian (core's `gaussianBlur`, the 11 x 11,
 * sigma 5 of cv2.GaussianBlur). Blurring the normalised model input equals blurring the image
 * and then normalising, since the kernel sums to 1 and normalisation is affine per channel.
 * The mask is upsampled to the input with the kernels' bilinear `upsample`/`perturb`
 * (half-pixel centres); its gradient is pulled back through the exact adjoint of that upsampling.
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
 * converged" has no test), and the code's heuristic of dividing λ1 by 10 or 5 when the score
 * has not dropped half-way is left out. The L1 subgradient at M = 1 is 0 (sign(0) = 0, as torch).
 * The noise is drawn through the kernels from (seed, stream = iteration, offset = the sample's
 * index in the batch), so a seed gives the same map on every backend.
 *
 * λ1 and λ2 weigh means over the mask against a probability in [0, 1]; they suit ImageNet-size
 * models. On a small model whose probability moves little, λ1 ||1 - M|| can outweigh the whole
 * possible drop of f_c and the optimum is M = 1 (an empty map): lower `l1` and `tv` there.
 *
 * Cost (model calls, each batch fitting one call under the memory bound), with K = maxIterations,
 * B samples and t_{k,b} the line-search trials of sample b in iteration k (reported in `trace`):
 * - vjp: K·B calls, each over the S integration points of one sample (K·B·S gradient passes);
 * - forward: K·B more with the probability objective (its cotangent needs the logits; none
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
  lossGradient,
  type Model,
  papers,
  type RunOptions,
  resolveOptions,
  resolveTargets,
  rule,
  type Target,
  type Tensor,
  throwIfAborted,
  XaiError,
} from '@xai/core';
import { armijoBacktracking } from '../optim/line-search.js';
import { baselineRule, maskSizeRule, scoreRule } from '../shared/option-rules.js';
import { addTotalVariationGradient, totalVariation } from '../shared/total-variation.js';

export interface IGosOptions {
  /** Mask resolution, one side or [height, width] (paper: 224, 112, 28, 14 or 7; default 28). */
  readonly maskSize: number | readonly [number, number];
  /** Most iterations of the integrated-gradient descent (paper: 15). */
  readonly maxIterations: number;
  /** S, the integration points of eq. 4 (paper: "usually 20"). */
  readonly integrationSteps: number;
  /** λ1, weight of the mean L1 term ||1 - M|| (paper, table 5 at 28 x 28: 1). */
  readonly l1: number;
  /** λ2, weight of the total-variation term (paper, table 5 at 28 x 28: 20). */
  readonly tv: number;
  /** Exponent of the differences in the TV term (authors' code: 2). */
  readonly tvBeta: number;
  /** Standard deviation of the noise n_s at each integration point (authors' code: 0.2). */
  readonly noise: number;
  /** β of the revised Armijo condition, eq. 8 (paper: 1e-4). */
  readonly armijoBeta: number;
  /** η, the factor the step shrinks by in the line search (authors' code: 0.2). */
  readonly stepDecay: number;
  /** α_u, the first step tried (authors' code: 200). */
  readonly maxStep: number;
  /** α_l, the smallest step (authors' code: 1e-5). */
  readonly minStep: number;
  /** Baseline x̃: 'blur' (default), a constant, or a tensor shaped like the input batch. */
  readonly baseline: 'blur' | number | Tensor;
  /** Side of the Gaussian kernel of the blurred baseline (cv2.GaussianBlur(11, 5): 11). */
  readonly blurSize: number;
  /** Sigma of the blurred baseline's Gaussian (5). */
  readonly blurSigma: number;
  /** f_c: the class's softmax probability (authors' code) or its logit. */
  readonly objective: 'probability' | 'logit';
}

export const iGos: AttributionMethod<IGosOptions> = {
  name: 'i-gos',
  family: 'search',
  title: 'Integrated-Gradient Optimized Saliency (I-GOS)',
  summary:
    'A deletion mask optimised with integrated gradients as the descent direction, L1 and TV terms, and an Armijo line search; returns 1 - mask.',
  paper: papers.qi2020igos,
  defaults: {
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
    blurSize: 11,
    blurSigma: 5,
    objective: 'probability',
  },
  rules: {
    maskSize: maskSizeRule,
    maxIterations: rule.integer(),
    integrationSteps: rule.integer(),
    l1: rule.nonNegative,
    tv: rule.nonNegative,
    tvBeta: rule.positive,
    noise: rule.nonNegative,
    armijoBeta: rule.positive,
    stepDecay: { type: 'number', greaterThan: 0, lessThan: 1 },
    maxStep: rule.positive,
    minStep: rule.positive,
    baseline: baselineRule('blur'),
    blurSize: rule.integer(),
    blurSigma: rule.positive,
    objective: scoreRule,
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
  /** Whether α_k satisfies the revised Armijo condition (false: it is α_l). */
  readonly satisfied: boolean;
  /** F(M_{k+1}). */
  readonly next: number;
  /** TG(M_k)ᵀ TG(M_k). */
  readonly directionNormSq: number;
  /** Line-search trials (forward passes of this sample) to find α_k. */
  readonly trials: number;
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

/** I-GOS with its masks and per-iteration trace, for tests and callers that want them. */
export async function runIGos(model: Model, x: Tensor, options: IGosCall): Promise<IGosResult> {
  const { kernels, ...o } = resolveOptions(iGos, options);
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
  const seed = options.seed ?? 0;
  const run: RunOptions = {
    signal: options.signal,
    maxBatchSize: options.maxBatchSize,
    memoryLimitBytes: options.memoryLimitBytes,
  };
  const size = C * H * W;
  const baseline = baselineOf(o, x);
  const S = o.integrationSteps;

  const targets = await resolveTargets(model, x, options.target, run);

  const sampleOf = (t: Tensor, b: number): Tensor => ({
    data: t.data.subarray(b * size, (b + 1) * size),
    shape: [C, H, W],
  });
  const regulariser = (m: Float32Array): number =>
    o.l1 * meanAbsOneMinus(m) + o.tv * totalVariation(m, h, w, o.tvBeta);
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
        }),
      );
    }
    const batch = stack(parts, [C, H, W]);
    throwIfAborted(run.signal);
    const logits = await forwardBatched(model, batch, run);
    const t = Int32Array.from(samples, (b) => targets[b]!);
    const f = evaluateLoss(o.objective, logits, t).value;
    return samples.map((_, j) => f[j]! + regulariser(masks[j]!));
  };

  const masks: Float32Array[] = Array.from({ length: B }, () => new Float32Array(h * w).fill(1));
  const all = Array.from({ length: B }, (_, b) => b);
  let current = await objectives(all, masks);
  const trace: IGosStep[][] = [];

  for (let k = 0; k < o.maxIterations; k++) {
    const directions: Float64Array[] = [];
    for (let b = 0; b < B; b++) {
      // Integration points (s/S)·M, s = 1..S, with noise n_s, as one batch of S inputs.
      const m = masks[b]!;
      const path = new Float32Array(S * h * w);
      for (let s = 1; s <= S; s++) {
        for (let p = 0; p < h * w; p++) path[(s - 1) * h * w + p] = (s / S) * m[p]!;
      }
      const points = await kernels.perturb({
        x: sampleOf(x, b),
        baseline: sampleOf(baseline, b),
        masks: { data: path, shape: [S, h, w] },
        ...(o.noise > 0
          ? { noise: { sigma: o.noise, seed, stream: k, offset: b * S * size } }
          : {}),
      });
      throwIfAborted(run.signal);
      const { grad } = await lossGradient(
        model,
        points,
        o.objective,
        new Int32Array(S).fill(targets[b]!),
        run,
      );
      // ∂f/∂up(m) at pixel p is Σ_c (x - x̃)_{c,p} g_{c,p}; times s/S, averaged over s.
      const onUpsampled = new Float64Array(H * W);
      const xb = sampleOf(x, b).data;
      const bb = sampleOf(baseline, b).data;
      for (let s = 1; s <= S; s++) {
        const weight = s / S / S;
        const g = grad.data.subarray((s - 1) * size, s * size);
        for (let c = 0; c < C; c++) {
          for (let p = 0; p < H * W; p++) {
            const j = c * H * W + p;
            onUpsampled[p]! += weight * (xb[j]! - bb[j]!) * g[j]!;
          }
        }
      }
      const tg = upsampleAdjoint(onUpsampled, H, W, h, w);
      // ∇ λ1 mean|1 - M| = -λ1 sign(1 - M) / (h w); ∇ λ2 TV(M).
      for (let p = 0; p < h * w; p++) tg[p]! -= (o.l1 * Math.sign(1 - m[p]!)) / (h * w);
      addTotalVariationGradient(m, h, w, tg, o.tvBeta, o.tv);
      directions.push(tg);
    }

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
      { beta: o.armijoBeta, decay: o.stepDecay, maxStep: o.maxStep, minStep: o.minStep },
    );
    trace.push(
      searched.map((r, b) => ({
        objective: current[b]!,
        step: r.step,
        satisfied: r.satisfied,
        next: r.value,
        directionNormSq: norms[b]!,
        trials: r.trials,
      })),
    );
    for (let b = 0; b < B; b++) masks[b] = trial(b, searched[b]!.step);
    current = searched.map((r) => r.value);
    options.onProgress?.({ phase: 'iteration', done: k + 1, total: o.maxIterations });
  }

  const maskData = new Float32Array(B * h * w);
  for (const [b, m] of masks.entries()) maskData.set(m, b * h * w);
  const up = await kernels.upsample({
    masks: { data: maskData, shape: [B, h, w] },
    height: H,
    width: W,
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
 * The adjoint (transpose) of the kernels' bilinear upsampling from h x w to H x W (half-pixel
 * centres, as `Kernels.upsample`): for r on the H x W grid, returns upᵀ r on the h x w grid,
 * so that <up(m), r> = <m, upᵀ r> for every m.
 */
export function upsampleAdjoint(
  r: ArrayLike<number>,
  H: number,
  W: number,
  h: number,
  w: number,
): Float64Array {
  const ys = axisTaps(h, H);
  const xs = axisTaps(w, W);
  const out = new Float64Array(h * w);
  for (let y = 0; y < H; y++) {
    const { lo: y0, hi: y1, frac: fy } = ys[y]!;
    for (let xo = 0; xo < W; xo++) {
      const { lo: x0, hi: x1, frac: fx } = xs[xo]!;
      const v = r[y * W + xo]!;
      out[y0 * w + x0]! += (1 - fy) * (1 - fx) * v;
      out[y0 * w + x1]! += (1 - fy) * fx * v;
      out[y1 * w + x0]! += fy * (1 - fx) * v;
      out[y1 * w + x1]! += fy * fx * v;
    }
  }
  return out;
}

/** Source cells and weight of output index o: coordinate (o + 0.5)·in/out - 0.5, clamped at 0. */
function axisTaps(
  inSize: number,
  outSize: number,
): Array<{ lo: number; hi: number; frac: number }> {
  const den = 2 * outSize;
  return Array.from({ length: outSize }, (_, o) => {
    const num = (2 * o + 1) * inSize - outSize;
    const lo = num <= 0 ? 0 : Math.floor(num / den);
    const frac = num <= 0 ? 0 : (num - lo * den) / den;
    return { lo, hi: Math.min(lo + 1, inSize - 1), frac };
  });
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

/** The options given, without the keys whose value is undefined (so defaults apply). */
function _definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
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
