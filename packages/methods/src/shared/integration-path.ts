/**
 * Shared steps of the path and smoothing methods (integrated gradients, SmoothGrad,
 * AdaptGrad and their combinations):
 *
 * - quadrature rules on [0, 1] (`left`, `right`, `middle`, `trapezoid`, `gauss-legendre`),
 *   each with `steps` nodes, i.e. `steps` gradient evaluations per path;
 * - points on the straight path `b + alpha (x - b)` and noisy copies `x + sigma z`, both
 *   made by the kernels' perturbation batch (a constant mask alpha, optional Gaussian noise)
 *   so that every backend makes the same points from the same seed;
 * - `sumGradients`, which evaluates gradients at generated points in batches under the
 *   memory bound, with progress and cancellation, and folds them into one map per sample;
 * - baselines (`zeros`, `black`, `white`, `blur`, `uniform`, a number or a tensor) and the
 *   data bounds that the preprocessing implies.
 */
import {
  formatShape,
  gaussianBlur,
  type InputDomain,
  type Kernels,
  type LossName,
  lossGradient,
  type Model,
  pacedBatches,
  planBatches,
  type RunOptions,
  resolveTargets,
  sliceBatch,
  type Target,
  type Tensor,
  throwIfAborted,
  XaiError,
} from '@xai/core';

/** How the path integral over alpha in [0, 1] is approximated. */
export type QuadratureRule =
  | 'left'
  | 'right'
  | 'middle'
  | 'trapezoid'
  | 'captum-trapezoid'
  | 'gauss-legendre';

export const quadratureRules: readonly QuadratureRule[] = [
  'left',
  'right',
  'middle',
  'trapezoid',
  'captum-trapezoid',
  'gauss-legendre',
];

/** Nodes in [0, 1] and weights (summing to 1, except `captum-trapezoid`'s): `int_0^1 f ~ sum_k w_k f(t_k)`. */
export interface Quadrature {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/**
 * The `steps`-point rule on [0, 1]. `left`, `right` and `middle` are Riemann sums over
 * `steps` equal intervals (nodes k/n, (k+1)/n, (k+1/2)/n; the integrated-gradients paper's
 * eq. 3 is `right`); `trapezoid` is the textbook rule, `steps` nodes at k/(steps-1) weighted
 * 1/(steps-1), ends half (needs steps >= 2). `captum-trapezoid` is Captum's
 * `riemann_trapezoid` (`captum/attr/_utils/approximation_methods.py`, `riemann_builders`): the
 * same nodes but weights 1/steps with ends 1/(2 steps), summing to (steps-1)/steps (0.98 at
 * 50 steps), so its maps are the textbook rule's times (steps-1)/steps and completeness holds
 * only to that factor; it is here to reproduce code that calls Captum. `gauss-legendre` is
 * exact for polynomials of degree up to 2 steps - 1 (Captum's default `gausslegendre`).
 */
export function quadrature(rule: QuadratureRule, steps: number): Quadrature {
  const min = rule === 'trapezoid' || rule === 'captum-trapezoid' ? 2 : 1;
  if (!Number.isInteger(steps) || steps < min) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected steps to be an integer of at least ${min} for the '${rule}' rule but received ${steps}.`,
    );
  }
  const nodes = new Float64Array(steps);
  const weights = new Float64Array(steps);
  switch (rule) {
    case 'left':
    case 'right':
    case 'middle': {
      const shift = rule === 'left' ? 0 : rule === 'right' ? 1 : 0.5;
      for (let k = 0; k < steps; k++) {
        nodes[k] = (k + shift) / steps;
        weights[k] = 1 / steps;
      }
      return { nodes, weights };
    }
    case 'trapezoid': {
      const h = 1 / (steps - 1);
      for (let k = 0; k < steps; k++) {
        nodes[k] = k * h;
        weights[k] = k === 0 || k === steps - 1 ? h / 2 : h;
      }
      return { nodes, weights };
    }
    case 'captum-trapezoid': {
      for (let k = 0; k < steps; k++) {
        nodes[k] = k / (steps - 1);
        weights[k] = k === 0 || k === steps - 1 ? 1 / (2 * steps) : 1 / steps;
      }
      return { nodes, weights };
    }
    case 'gauss-legendre':
      return gaussLegendre(steps);
    default:
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected a quadrature rule among ${quadratureRules.join(', ')} but received '${String(rule)}'.`,
      );
  }
}

/**
 * The n-point Gauss–Legendre rule mapped to [0, 1]: the nodes are the roots of the
 * Legendre polynomial P_n, found by Newton's method from Tricomi's initial guess
 * cos(pi (k + 3/4) / (n + 1/2)), with P_n and P_n' from the three-term recurrence
 * (k + 1) P_{k+1} = (2k + 1) u P_k - k P_{k-1}; the weights are 2 / ((1 - u^2) P_n'(u)^2).
 * Nodes are returned in increasing order.
 */
export function gaussLegendre(n: number): Quadrature {
  if (!Number.isInteger(n) || n < 1) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a positive integer number of Gauss-Legendre nodes but received ${n}.`,
    );
  }
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const half = Math.ceil(n / 2);
  for (let k = 0; k < half; k++) {
    let u = Math.cos((Math.PI * (k + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let iter = 0; iter < 100; iter++) {
      const [p, d] = legendre(n, u);
      dp = d;
      const du = p / d;
      u -= du;
      if (Math.abs(du) <= 1e-16) break;
    }
    dp = legendre(n, u)[1];
    const w = 2 / ((1 - u * u) * dp * dp);
    // u decreases with k: node k is the (k+1)-th largest; mirror for the smallest.
    nodes[n - 1 - k] = (1 + u) / 2;
    weights[n - 1 - k] = w / 2;
    nodes[k] = (1 - u) / 2;
    weights[k] = w / 2;
  }
  if (n % 2 === 1) nodes[(n - 1) / 2] = 0.5; // the middle root is exactly 0
  return { nodes, weights };
}

/** P_n(u) and P_n'(u). */
function legendre(n: number, u: number): [number, number] {
  let p0 = 1;
  let p1 = u;
  if (n === 0) return [1, 0];
  for (let k = 1; k < n; k++) {
    const p2 = ((2 * k + 1) * u * p1 - k * p0) / (k + 1);
    p0 = p1;
    p1 = p2;
  }
  return [p1, (n * (u * p1 - p0)) / (u * u - 1)];
}

/**
 * Points on the straight path from `baseline` to one sample `x` (any shape):
 * `[n, ...x.shape]` with point k = `b + alphas[k] (x - b)`, made by `kernels.perturb` with
 * a constant 1x1 mask per point, optionally plus `sigma z` from the noise stream.
 */
export async function pathPoints(
  kernels: Kernels,
  x: Tensor,
  baseline: Tensor | number,
  alphas: ArrayLike<number>,
  noise?: { sigma: number | Float32Array; seed: number; stream: number; offset?: number },
): Promise<Tensor> {
  const D = x.data.length;
  const flat = (t: Tensor): Tensor => ({ data: t.data, shape: [1, 1, D] });
  const masks = { data: Float32Array.from(alphas), shape: [alphas.length, 1, 1] };
  const out = await kernels.perturb({
    x: flat(x),
    baseline: typeof baseline === 'number' ? baseline : flat(baseline),
    masks,
    ...(noise ? { noise } : {}),
  });
  return { data: out.data, shape: [alphas.length, ...x.shape] };
}

/** One sample of a batch, `[...sampleShape]`. */
export function sampleOf(x: Tensor, b: number): Tensor {
  const D = x.data.length / (x.shape[0] ?? 1);
  return { data: x.data.subarray(b * D, (b + 1) * D), shape: x.shape.slice(1) };
}

/**
 * One class index per sample. `'predicted'` is resolved once, on the unperturbed inputs
 * (forward passes batched under the memory bound), so every point along a path or every
 * noisy copy explains the class the model predicts for the input itself.
 */
export async function resolveSampleTargets(
  model: Model,
  x: Tensor,
  target: Target,
  options: RunOptions,
): Promise<Int32Array> {
  const B = x.shape[0] ?? 1;
  if (target !== 'predicted') return resolveTargets(target, B, model.numClasses);
  const D = x.data.length / Math.max(1, B);
  const out = new Int32Array(B);
  for (const [s, e] of planBatches(B, D * 4, options)) {
    throwIfAborted(options.signal);
    const logits = await model.forward(sliceBatch(x, s, e));
    out.set(resolveTargets('predicted', e - s, model.numClasses, logits), s);
  }
  return out;
}

/** What `sumGradients` evaluates: generated points and how each gradient is folded in. */
export interface GradientPlan {
  /** Points per sample (e.g. steps, or samples x steps). */
  readonly pointsPerSample: number;
  /** Points `start .. end-1` of sample `b`, `(end - start) * D` values. */
  points(b: number, start: number, end: number): Promise<Float32Array>;
  /**
   * Adds point `k` of sample `b` to the accumulator `acc` (D values, float64), given its
   * gradient `grad` and the point itself (both D values).
   */
  accumulate(
    b: number,
    k: number,
    grad: Float32Array,
    point: Float32Array,
    acc: Float64Array,
  ): void;
}

export interface SumGradientsOptions extends RunOptions {
  /** The objective differentiated at every point. */
  readonly objective: LossName;
  /** The phase named in progress events. */
  readonly phase?: string;
}

/**
 * Evaluates the gradient of `objective` (for each sample's target) at every point of
 * `plan`, `B * pointsPerSample` points in batches of at most the memory bound, and returns
 * the accumulators as a tensor shaped like `x`. Progress counts points; the signal is
 * checked before each batch.
 */
export async function sumGradients(
  model: Model,
  x: Tensor,
  targets: Int32Array,
  plan: GradientPlan,
  options: SumGradientsOptions,
): Promise<Tensor> {
  const B = x.shape[0] ?? 1;
  const D = B === 0 ? 0 : x.data.length / B;
  const P = plan.pointsPerSample;
  const total = B * P;
  const acc = new Float64Array(B * D);
  const phase = options.phase ?? 'point';
  let done = 0;
  for (const [s, e] of pacedBatches(total, D * 4, options)) {
    throwIfAborted(options.signal);
    const points = new Float32Array((e - s) * D);
    const chunkTargets = new Int32Array(e - s);
    // The chunk may span several samples: generate each sample's share.
    for (let i = s; i < e; ) {
      const b = Math.floor(i / P);
      const end = Math.min(e, (b + 1) * P);
      points.set(await plan.points(b, i - b * P, end - b * P), (i - s) * D);
      chunkTargets.fill(targets[b]!, i - s, end - s);
      i = end;
    }
    const batch: Tensor = { data: points, shape: [e - s, ...x.shape.slice(1)] };
    const { grad } = await lossGradient(model, batch, options.objective, chunkTargets, options);
    for (let i = s; i < e; i++) {
      const b = Math.floor(i / P);
      const o = (i - s) * D;
      plan.accumulate(
        b,
        i - b * P,
        grad.data.subarray(o, o + D),
        points.subarray(o, o + D),
        acc.subarray(b * D, (b + 1) * D),
      );
    }
    done += e - s;
    options.onProgress?.({ phase, done, total });
  }
  return { data: Float32Array.from(acc), shape: [...x.shape] };
}

/** Per-channel normalisation the model was trained with: input = (pixel - mean) / std. */
/** The model's preprocessing: the input domain under its former name (deprecated). */
export type Normalization = InputDomain;

/** The valid input range: one value for every element, or one per channel (axis 1 of the batch). */
export interface DataBounds {
  readonly min: number | readonly number[];
  readonly max: number | readonly number[];
}

/** Channels and elements per channel of one sample: axis 1 of the batch is the channel. */
function channelLayout(x: Tensor): { C: number; plane: number } {
  const D = x.data.length / Math.max(1, x.shape[0] ?? 1);
  const C = x.shape.length >= 2 ? x.shape[1]! : 1;
  return { C, plane: C === 0 ? 0 : D / C };
}

/** Value `v[c]` of a per-channel list of length 1 or C, checked. */
function perChannel(v: number | readonly number[], c: number, C: number, what: string): number {
  if (typeof v === 'number') return v;
  if (v.length !== 1 && v.length !== C) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected 1 or ${C} values (one per channel) for ${what} but received ${v.length}.`,
    );
  }
  return v[v.length === 1 ? 0 : c]!;
}

/** One value per element of a sample: pixel `p` of channel c mapped through the normalisation. */
export function pixelThroughNormalization(
  x: Tensor,
  pixel: number,
  normalization?: Normalization,
): Float32Array {
  const { C, plane } = channelLayout(x);
  const out = new Float32Array(C * plane);
  for (let c = 0; c < C; c++) {
    let v = pixel;
    if (normalization) {
      const m = perChannel(normalization.mean, c, C, 'the normalisation mean');
      const s = perChannel(normalization.std, c, C, 'the normalisation std');
      if (!(s > 0)) {
        throw new XaiError(
          'INVALID_ARGUMENT',
          `Expected a positive normalisation std but received ${s} for channel ${c}.`,
        );
      }
      v = (pixel - m) / s;
    }
    out.fill(v, c * plane, (c + 1) * plane);
  }
  return out;
}

/**
 * Lower and upper bound of every element of sample `b`: the `bounds` given; else pixel 0
 * and 1 through the normalisation, per channel; else the sample's own minimum and maximum
 * (all it tells us about the data range).
 */
export function elementBounds(
  x: Tensor,
  b: number,
  bounds?: DataBounds,
  normalization?: Normalization,
): { lo: Float32Array; hi: Float32Array } {
  const { C, plane } = channelLayout(x);
  const D = C * plane;
  if (bounds) {
    const lo = new Float32Array(D);
    const hi = new Float32Array(D);
    for (let c = 0; c < C; c++) {
      const l = perChannel(bounds.min, c, C, 'the lower bound');
      const h = perChannel(bounds.max, c, C, 'the upper bound');
      if (!(Number.isFinite(l) && Number.isFinite(h) && l < h)) {
        throw new XaiError(
          'INVALID_ARGUMENT',
          `Expected finite bounds with min < max but received [${l}, ${h}] for channel ${c}.`,
        );
      }
      lo.fill(l, c * plane, (c + 1) * plane);
      hi.fill(h, c * plane, (c + 1) * plane);
    }
    return { lo, hi };
  }
  if (normalization) {
    return {
      lo: pixelThroughNormalization(x, 0, normalization),
      hi: pixelThroughNormalization(x, 1, normalization),
    };
  }
  const s = sampleOf(x, b).data;
  let l = Number.POSITIVE_INFINITY;
  let h = Number.NEGATIVE_INFINITY;
  for (const v of s) {
    if (v < l) l = v;
    if (v > h) h = v;
  }
  return { lo: new Float32Array(D).fill(l), hi: new Float32Array(D).fill(h) };
}

/**
 * Where a path starts. `'zeros'`: zero in model-input space; `'black'` and `'white'`:
 * pixel 0 and 1 passed through `normalization` (0 and 1 without one); `'blur'`: the image
 * blurred with I-GOS's kernel (11 taps, sigma 5) over its last two axes; `'uniform'`: a
 * seeded uniform draw between the data bounds of `elementBounds`; a number; or a tensor
 * shaped like one sample or like the whole batch.
 */
export type BaselineSpec = 'zeros' | 'black' | 'white' | 'blur' | 'uniform' | number | Tensor;

/** The stream of the `'uniform'` baseline's draws (offset: sample index x sample size). */
export const UNIFORM_BASELINE_STREAM = 0x4947; // 'IG'

/** The baseline of sample `b` of `x`, shaped like one sample (or one number). */
export async function resolveBaseline(
  x: Tensor,
  b: number,
  spec: BaselineSpec,
  context: { normalization?: Normalization; kernels: Kernels; seed: number },
): Promise<Tensor | number> {
  const sample = sampleOf(x, b);
  const D = sample.data.length;
  const shape = sample.shape;
  if (typeof spec === 'number') {
    if (!Number.isFinite(spec)) {
      throw new XaiError(
        'NON_FINITE_INPUT',
        `Expected a finite baseline value but received ${spec}.`,
      );
    }
    return spec;
  }
  if (typeof spec === 'object') {
    if (spec.data.length === D) return { data: spec.data, shape };
    if (spec.data.length === x.data.length) return { data: sampleOf(spec, b).data, shape };
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected a baseline tensor of shape ${formatShape(shape)} (one sample) or ${formatShape(x.shape)} (the batch) but received ${formatShape(spec.shape)}.`,
    );
  }
  switch (spec) {
    case 'zeros':
      return 0;
    case 'black':
    case 'white':
      return {
        data: pixelThroughNormalization(x, spec === 'black' ? 0 : 1, context.normalization),
        shape,
      };
    case 'blur':
      if (shape.length < 2) {
        throw new XaiError(
          'SHAPE_MISMATCH',
          `Expected samples [..., H, W] for the 'blur' baseline but received ${formatShape(shape)}.`,
        );
      }
      return gaussianBlur({ data: sample.data, shape }, 11, 5);
    case 'uniform': {
      const { lo, hi } = elementBounds(x, b, undefined, context.normalization);
      const u = await context.kernels.random({
        distribution: 'uniform',
        shape: [D],
        seed: context.seed,
        stream: UNIFORM_BASELINE_STREAM,
        offset: b * D,
      });
      const data = new Float32Array(D);
      for (let i = 0; i < D; i++) data[i] = lo[i]! + u.data[i]! * (hi[i]! - lo[i]!);
      return { data, shape };
    }
    default:
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected a baseline among 'zeros', 'black', 'white', 'blur', 'uniform', a number or a tensor but received '${String(spec)}'.`,
      );
  }
}

/** Throws unless `n` is a positive integer, naming the option. */
export function checkPositiveInteger(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected ${what} to be a positive integer but received ${n}.`,
    );
  }
}

/** INVALID_ARGUMENT unless `v` is a finite number above 0 (step sizes, radii, sigmas). */
export function checkPositiveFinite(v: number, what: string): void {
  if (!(v > 0 && Number.isFinite(v))) {
    throw new XaiError('INVALID_ARGUMENT', `Expected a positive finite ${what} but received ${v}.`);
  }
}

/** What a smoothed or path method computes at each (noisy) input. */
export type InnerMethod = 'gradient' | 'gradient-x-input' | 'integrated-gradients';

export const innerMethods: readonly InnerMethod[] = [
  'gradient',
  'gradient-x-input',
  'integrated-gradients',
];

/** Gaussian noise for SmoothGrad-style averaging: `samples` copies `x + sigma z` per sample. */
export interface NoiseSpec {
  readonly samples: number;
  /** Standard deviation for sample `b` of the batch: one value or one per element. */
  readonly sigma: (b: number) => number | Float32Array;
  readonly seed: number;
  /** The normals of copy n of sample b, element j, are element `(b * samples + n) * D + j`. */
  readonly stream: number;
  /**
   * Optional: these are copies `first .. first + samples - 1` of `total` per sample, so
   * the normals of copy n are element `(b * total + first + n) * D + j` (FusionGrad draws
   * every noisy model's copies from one sequence).
   */
  readonly window?: { readonly first: number; readonly total: number };
}

export interface AttributeOptions extends RunOptions {
  readonly kernels: Kernels;
  readonly objective: LossName;
  readonly inner: InnerMethod;
  /** For `integrated-gradients`: the rule and the baseline of each sample. */
  readonly quadrature?: Quadrature;
  readonly baselines?: ReadonlyArray<Tensor | number>;
  /** Average over noisy copies (SmoothGrad, AdaptGrad); none: the input itself, once. */
  readonly noise?: NoiseSpec;
  /** Average the squares of the inner attributions (SmoothGrad-Squared). */
  readonly squared?: boolean;
  readonly phase?: string;
}

/**
 * `(1/N) sum_n M(x + sigma z_n)` (or of `M(.)^2` when `squared`), with M the inner method:
 * the gradient `g`, gradient x input `g(x_n) * x_n`, or integrated gradients
 * `(x_n - b) * sum_k w_k g(b + t_k (x_n - b))`. Without noise, N = 1 and x_n = x. All
 * gradients go through `sumGradients`: `N` (or `N * steps`) points per sample, batched
 * under the memory bound.
 */
export async function attributeAtPoints(
  model: Model,
  x: Tensor,
  targets: Int32Array,
  options: AttributeOptions,
): Promise<Tensor> {
  const { kernels, inner, noise } = options;
  const B = x.shape[0] ?? 1;
  const D = B === 0 ? 0 : x.data.length / B;
  const N = noise?.samples ?? 1;
  const q = inner === 'integrated-gradients' ? options.quadrature : { nodes: [1], weights: [1] };
  if (!q) throw new XaiError('INVALID_ARGUMENT', 'Expected a quadrature for integrated gradients.');
  const S = q.nodes.length;
  const onPath = inner === 'integrated-gradients';
  const alphas = Float64Array.from(q.nodes);
  const baselines = options.baselines;
  if (inner === 'integrated-gradients' && baselines?.length !== B) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected ${B} baselines (one per sample) but received ${baselines?.length ?? 0}.`,
    );
  }
  const sigmas = new Map<number, number | Float32Array>();
  const sigmaOf = (b: number): number | Float32Array => {
    let s = sigmas.get(b);
    if (s === undefined && noise) sigmas.set(b, (s = noise.sigma(b)));
    return s ?? 0;
  };
  const noiseAt = (b: number, n: number) =>
    noise
      ? {
          sigma: sigmaOf(b),
          seed: noise.seed,
          stream: noise.stream,
          offset: (b * (noise.window?.total ?? N) + (noise.window?.first ?? 0) + n) * D,
        }
      : undefined;
  /** Copies n0 .. n1-1 of sample b. */
  const copies = async (b: number, n0: number, n1: number): Promise<Float32Array> => {
    const xb = sampleOf(x, b);
    if (!noise) return Float32Array.from(xb.data);
    return (await pathPoints(kernels, xb, xb, new Float32Array(n1 - n0).fill(1), noiseAt(b, n0)))
      .data;
  };
  // Integrated gradients: per copy, the partial sum of w_k g_k and the copy itself, kept
  // until the copy's last node (a copy's path may span two model batches).
  const open = new Map<number, { xn: Float32Array; partial: Float64Array }>();
  const copyOf = async (b: number, n: number): Promise<Float32Array> => {
    const key = b * N + n;
    let state = open.get(key);
    if (!state) {
      state = { xn: await copies(b, n, n + 1), partial: new Float64Array(D) };
      open.set(key, state);
    }
    return state.xn;
  };
  const scale = 1 / N;
  const add = (acc: Float64Array, v: number, i: number) => {
    acc[i]! += options.squared ? v * v * scale : v * scale;
  };
  const plan: GradientPlan = {
    pointsPerSample: N * S,
    async points(b, start, end) {
      if (!onPath) return copies(b, start, end);
      const out = new Float32Array((end - start) * D);
      for (let i = start; i < end; ) {
        const n = Math.floor(i / S);
        const stop = Math.min(end, (n + 1) * S);
        const xn = await copyOf(b, n);
        const pts = await pathPoints(
          kernels,
          { data: xn, shape: x.shape.slice(1) },
          baselines![b]!,
          alphas.subarray(i - n * S, stop - n * S),
        );
        out.set(pts.data, (i - start) * D);
        i = stop;
      }
      return out;
    },
    accumulate(b, k, grad, point, acc) {
      if (!onPath) {
        for (let i = 0; i < D; i++)
          add(acc, inner === 'gradient' ? grad[i]! : grad[i]! * point[i]!, i);
        return;
      }
      const n = Math.floor(k / S);
      const j = k - n * S;
      const state = open.get(b * N + n)!;
      const w = q.weights[j]!;
      for (let i = 0; i < D; i++) state.partial[i]! += w * grad[i]!;
      if (j < S - 1) return;
      const base = baselines![b]!;
      for (let i = 0; i < D; i++) {
        const bi = typeof base === 'number' ? base : base.data[i]!;
        add(acc, (state.xn[i]! - bi) * state.partial[i]!, i);
      }
      open.delete(b * N + n);
    },
  };
  return sumGradients(model, x, targets, plan, options);
}

/** The baseline of every sample of `x` (see `resolveBaseline`), in batch order. */
export async function resolveBaselines(
  x: Tensor,
  spec: BaselineSpec,
  context: { normalization?: Normalization; kernels: Kernels; seed: number },
): Promise<Array<Tensor | number>> {
  const out: Array<Tensor | number> = [];
  for (let b = 0; b < (x.shape[0] ?? 1); b++) out.push(await resolveBaseline(x, b, spec, context));
  return out;
}
