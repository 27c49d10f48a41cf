/**
 * Objectives on the output of a model wrapped in a softmax, as the authors' code of MFABA,
 * BIG, Fast-IG and ISA runs its models (`Sequential(normalise, net, Softmax)` in their
 * `generate_attributions.py`) and then treats that output as logits: an inner objective
 * evaluated on p = softmax(z), its gradient pulled back through the softmax,
 * `dL/dz = p ⊙ (g - pᵀg)` with g = dL/dp.
 * - `'probability-cross-entropy'`: -log softmax(p)_t, their `nn.CrossEntropyLoss` on the
 *   wrapped output (Fast-IG, BIG's attack, ISA);
 * - `'double-softmax'`: softmax(p)_t, their `F.softmax` on the wrapped output (MFABA).
 * Both are flat where softmax(z) is confident: p lies in [0, 1], so softmax(p)_t stays
 * within e/(e + K - 1) of 1/K.
 */
import {
  batchDims,
  batchRows,
  evaluateLoss,
  joinBatches,
  type LossGradient,
  type LossName,
  type LossResult,
  lossGradient,
  type Model,
  planBatches,
  type RunOptions,
  softmaxRows,
  type Tensor,
  throwIfAborted,
  XaiError,
} from '@xai/core';

export const softmaxOutputObjectives = ['probability-cross-entropy', 'double-softmax'] as const;
export type SoftmaxOutputObjective = (typeof softmaxOutputObjectives)[number];

/** A core loss on the logits, or one on the softmax-wrapped output. */
export type Objective = LossName | SoftmaxOutputObjective;

const inner: Record<SoftmaxOutputObjective, LossName> = {
  'probability-cross-entropy': 'cross-entropy',
  'double-softmax': 'probability',
};

/** The objective's value per sample and its gradient on the logits `[B, K]`. */
export function evaluateObjective(
  objective: Objective,
  logits: Tensor,
  targets: Int32Array,
): LossResult {
  if (!(objective in inner)) return evaluateLoss(objective as LossName, logits, targets);
  const [B, K] = logits.shape as [number, number];
  const p = Float32Array.from(softmaxRows(logits.data, B, K));
  const onP = evaluateLoss(
    inner[objective as SoftmaxOutputObjective],
    { data: p, shape: [B, K] },
    targets,
  );
  const grad = new Float32Array(B * K);
  for (let b = 0; b < B; b++) {
    const o = b * K;
    let pg = 0;
    for (let k = 0; k < K; k++) pg += p[o + k]! * onP.grad.data[o + k]!;
    for (let k = 0; k < K; k++) grad[o + k] = p[o + k]! * (onP.grad.data[o + k]! - pg);
  }
  return { value: onP.value, grad: { data: grad, shape: [B, K] } };
}

/**
 * The gradient of `objective` with respect to the input, batched under the memory bound:
 * core's `lossGradient` for the core losses, a forward pass and a vjp with the objective's
 * cotangent for the softmax-output ones.
 */
export async function objectiveGradient(
  model: Model,
  x: Tensor,
  objective: Objective,
  targets: Int32Array,
  run: RunOptions = {},
): Promise<LossGradient> {
  if (!(objective in inner)) return lossGradient(model, x, objective as LossName, targets, run);
  const { batch, sampleSize } = batchDims(x);
  if (targets.length !== batch) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected one target per sample (${batch}) but received ${targets.length}.`,
    );
  }
  const logitsParts: Tensor[] = [];
  const gradParts: Tensor[] = [];
  const value = new Float64Array(batch);
  for (const [s, e] of planBatches(batch, sampleSize * 4, run)) {
    throwIfAborted(run.signal);
    const chunk = batchRows(x, s, e);
    const t = targets.subarray(s, e);
    const evaluated = evaluateObjective(objective, await model.forward(chunk), t);
    const { logits, grad } = await model.vjp(chunk, evaluated.grad);
    value.set(evaluated.value, s);
    logitsParts.push(logits);
    gradParts.push(grad);
  }
  return {
    logits: joinBatches(logitsParts),
    targets: Int32Array.from(targets),
    value,
    grad: joinBatches(gradParts),
  };
}
