import { planBatches } from './batching.js';
import { XaiError } from './errors.js';
import type { Kernels } from './kernels.js';
import { lossGradient } from './loss-gradient.js';
import type { Model } from './model.js';
import { type RunOptions, throwIfAborted } from './progress.js';
import { softmaxRows } from './softmax.js';
import type { Loss, LossName } from './targets/loss.js';
import { resolveTargets } from './targets/resolve-targets.js';
import type { Target } from './targets/target.js';
import { assertShape, batchDims, batchRows, joinBatches, type Tensor } from './tensor.js';

export interface HvpOptions extends RunOptions {
  /** Which kernels combine the products (core's `resolveOptions` fills them in for methods). */
  readonly kernels: Kernels;
}

/**
 * Gauss-Newton Hessian-vector product of the softmax cross-entropy loss:
 * `J^T (diag(p) - p p^T) J v`, from one `jvp` and one `vjp` per sample. It does not depend
 * on the target; it is the exact Hessian product for piecewise-linear networks (ReLU,
 * max-pool) and the positive semi-definite Gauss-Newton product otherwise.
 */
export async function gaussNewtonHvp(
  model: Model,
  x: Tensor,
  v: Tensor,
  options: HvpOptions,
): Promise<{ logits: Tensor; hv: Tensor }> {
  assertShape(v, x.shape, 'the HVP direction v (shaped like the input)');
  const { kernels } = options;
  const { batch, sampleSize } = batchDims(x);
  const logitsParts: Tensor[] = [];
  const hvParts: Tensor[] = [];
  for (const [s, e] of planBatches(batch, sampleSize * 4, options)) {
    throwIfAborted(options.signal);
    const xs = batchRows(x, s, e);
    const { logits, jvp } = await model.jvp(xs, batchRows(v, s, e));
    const probs = Float32Array.from(softmaxRows(logits.data, e - s, model.numClasses));
    const w = await kernels.softmaxHvp({ probs: { data: probs, shape: logits.shape }, jv: jvp });
    const { grad } = await model.vjp(xs, w);
    logitsParts.push(logits);
    hvParts.push(grad);
  }
  return { logits: joinBatches(logitsParts), hv: joinBatches(hvParts) };
}

export interface FiniteDifferenceHvpOptions extends HvpOptions {
  /** The step along v (default 1e-3): small enough for curvature, large enough for float32. */
  readonly step?: number;
}

/**
 * Hessian-vector product of any loss by central differences of gradients:
 * `(grad L(x + h v) - grad L(x - h v)) / (2h)`. Exact for quadratic losses, O(h^2) for
 * smooth ones; the target is fixed at `x` so both sides differentiate the same class.
 */
export async function finiteDifferenceHvp(
  model: Model,
  x: Tensor,
  v: Tensor,
  loss: LossName | Loss,
  target: Target,
  options: FiniteDifferenceHvpOptions,
): Promise<{ hv: Tensor; targets: Int32Array }> {
  assertShape(v, x.shape, 'the HVP direction v (shaped like the input)');
  const h = options.step ?? 1e-3;
  if (!(h > 0) || !Number.isFinite(h)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a positive finite step for the finite-difference HVP but received ${h}.`,
    );
  }
  const { kernels } = options;
  const targets = await resolveTargets(model, x, target, options);
  const plus = new Float32Array(x.data.length);
  const minus = new Float32Array(x.data.length);
  for (let i = 0; i < x.data.length; i++) {
    plus[i] = x.data[i]! + h * v.data[i]!;
    minus[i] = x.data[i]! - h * v.data[i]!;
  }
  const gp = await lossGradient(model, { data: plus, shape: x.shape }, loss, targets, options);
  const gm = await lossGradient(model, { data: minus, shape: x.shape }, loss, targets, options);
  const hv = await kernels.centralDifference({ gradPlus: gp.grad, gradMinus: gm.grad, h });
  return { hv, targets };
}
