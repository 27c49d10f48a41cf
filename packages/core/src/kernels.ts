/**
 * The `Kernels` contract: the array work that is hot apart from the model, in four families
 * (perturbation batches, Hessian-vector products, ranking, curves) plus the seeded random
 * draws they share. `jsKernels` is the reference; the C++ and CUDA kernels must reproduce it
 * within the tolerances of docs/kernels.md, which the conformance suite in `@xai/core/testing`
 * checks.
 *
 * Every method returns a Promise, so an implementation may work off the main thread or on a
 * GPU. Bad arguments reject (never throw synchronously) with an `XaiError` whose code is
 * SHAPE_MISMATCH, NON_FINITE_INPUT or INVALID_ARGUMENT, the same code as `jsKernels` gives.
 * Outputs are new arrays that share no memory with the inputs.
 */
import type { Tensor } from './tensor.js';

/** Integer indices with a row-major shape, as argsort and top-k return them. */
export interface IndexTensor {
  readonly data: Int32Array;
  readonly shape: readonly number[];
}

/** Which counter-based draws to make; see docs/rng.md. */
export interface RandomArgs {
  readonly distribution: 'uniform' | 'normal';
  /** Shape of the output; element j (row-major) is element `offset + j` of the stream. */
  readonly shape: readonly number[];
  /** Non-negative safe integer. */
  readonly seed: number;
  /** Non-negative safe integer; independent draws need different streams. */
  readonly stream: number;
  /** First element of the stream to use; default 0. */
  readonly offset?: number;
}

/**
 * Resample masks [N, h, w] to [N, height, width], bilinear with half-pixel centres (torch's
 * `align_corners=False`), or with `alignCorners` the corner pixels' centres aligned (torch's
 * `UpsamplingBilinear2d`, `align_corners=True`: output o reads input o·(in − 1)/(out − 1)).
 */
export interface UpsampleArgs {
  readonly masks: Tensor;
  readonly height: number;
  readonly width: number;
  /** Corner-aligned sampling instead of half-pixel centres; default false. */
  readonly alignCorners?: boolean;
}

/** Additive Gaussian noise on a perturbation batch. */
export interface PerturbNoise {
  /** Standard deviation: one value, or one per element of the sample [C, H, W]; ≥ 0. */
  readonly sigma: number | Float32Array;
  readonly seed: number;
  readonly stream: number;
  /** Normal element used by output n, flat element j is `offset + n·C·H·W + j`; default 0. */
  readonly offset?: number;
}

export interface PerturbArgs {
  /** One sample [C, H, W]. */
  readonly x: Tensor;
  /** What masked-out pixels become: a tensor shaped like `x`, or one value for every element. */
  readonly baseline: Tensor | number;
  /** [N, h, w] at any resolution; upsampled like `upsample` to [N, H, W], shared by channels. */
  readonly masks: Tensor;
  /** Upsample the masks with corner-aligned sampling (see `UpsampleArgs`); default false. */
  readonly alignCorners?: boolean;
  readonly noise?: PerturbNoise;
}

export interface SoftmaxHvpArgs {
  /** Softmax probabilities p, [B, K], each in [0, 1]. */
  readonly probs: Tensor;
  /** The vector u on the logits (J v for a Hessian-vector product), [B, K]. */
  readonly jv: Tensor;
}

export interface CentralDifferenceArgs {
  /** Gradient at x + h·v. */
  readonly gradPlus: Tensor;
  /** Gradient at x − h·v, same shape. */
  readonly gradMinus: Tensor;
  /** The step, finite and > 0. */
  readonly h: number;
}

export interface TopK {
  /** The k largest values per row, largest first, [..., k]. */
  readonly values: Tensor;
  /** Their indices in the row, [..., k]; the first k of `argsortDescending`. */
  readonly indices: IndexTensor;
}

export interface RankMasksArgs {
  /** Pixel order per row, most important first: [n] or [B, n] with n = height·width, each row a permutation. */
  readonly order: IndexTensor;
  /** Number of steps S; default ceil(n / pixelsPerStep). */
  readonly steps?: number;
  /** Pixels added per step k; default ceil(n / steps). Give steps, pixelsPerStep or both. */
  readonly pixelsPerStep?: number;
  readonly height: number;
  readonly width: number;
  /** 'insertion' (default): listed pixels are 1; 'deletion': listed pixels are 0. */
  readonly mode?: 'insertion' | 'deletion';
  /**
   * Only masks first..end − 1 of the S + 1 (default [0, S + 1]), so a caller can build a
   * long curve's masks a batch at a time under its memory bound.
   */
  readonly stepRange?: readonly [first: number, end: number];
}

export interface CurveAreas {
  /** Trapezoid area under each row over x evenly spaced in [0, 1]; shape = leading dims. */
  readonly auc: Tensor;
  /** Plain mean of each row; shape = leading dims. */
  readonly mean: Tensor;
}

export interface Kernels {
  /** Names the implementation in messages and benchmarks, e.g. 'js', 'cpu', 'cuda'. */
  readonly name: string;

  /** Counter-based uniform or normal draws, bit-identical (uniform) across implementations. */
  random(args: RandomArgs): Promise<Tensor>;

  // 1. masked perturbation batches
  /** Bilinear resampling, `torch.nn.functional.interpolate(mode='bilinear', align_corners=False)`. */
  upsample(args: UpsampleArgs): Promise<Tensor>;
  /** [N, C, H, W]: out[n] = b + m_n·(x − b) (+ σ·z), with m_n the upsampled mask n. */
  perturb(args: PerturbArgs): Promise<Tensor>;

  // 2. Hessian-vector products
  /** Per row p ⊙ u − p (pᵀu): the softmax cross-entropy Hessian w.r.t. logits applied to u. */
  softmaxHvp(args: SoftmaxHvpArgs): Promise<Tensor>;
  /** (g₊ − g₋) / (2h), elementwise. */
  centralDifference(args: CentralDifferenceArgs): Promise<Tensor>;

  // 3. ranking
  /** Indices sorting each row (last axis) by value, largest first; ties keep index order. */
  argsortDescending(values: Tensor): Promise<IndexTensor>;
  /** The k largest per row (last axis), 1 ≤ k ≤ n, in `argsortDescending` order. */
  topK(values: Tensor, k: number): Promise<TopK>;
  /**
   * Step masks [S + 1, H, W] (or [B, S + 1, H, W]); mask s holds the first min(s·k, n)
   * pixels. With `stepRange` [first, end): [end − first, H, W], masks first..end − 1.
   */
  rankMasks(args: RankMasksArgs): Promise<Tensor>;

  // 4. curves
  /** Trapezoid AUC and mean of each row (last axis, at least 2 points). */
  curveAreas(scores: Tensor): Promise<CurveAreas>;

  /** Releases native resources; optional, absent where there is nothing to release. */
  dispose?(): Promise<void>;
}
