import { planBatches } from './batching.js';
import { evaluateLoss, type LossName, oneHotRows } from './losses.js';
import type { Model } from './model.js';
import { type RunOptions, throwIfAborted } from './progress.js';
import { resolveTargets, type Target } from './targets.js';
import { batchDims, concatBatches, sliceBatch, type Tensor } from './tensor.js';

export interface LossGradient {
  readonly logits: Tensor;
  readonly targets: Int32Array;
  /** The loss per sample. */
  readonly value: Float64Array;
  /** The gradient of each sample's loss with respect to its input, shaped like `x`. */
  readonly grad: Tensor;
}

/**
 * The gradient of `loss` with respect to the input, batched under the memory bound.
 * The target logit's cotangent does not depend on the logits, so for `'logit'` with
 * explicit targets one `vjp` call suffices; other losses (and `'predicted'`) run the
 * model forward first.
 */
export async function lossGradient(
  model: Model,
  x: Tensor,
  loss: LossName,
  target: Target,
  options: RunOptions = {},
): Promise<LossGradient> {
  const { batch, sampleSize } = batchDims(x);
  const allTargets =
    target === 'predicted' ? undefined : resolveTargets(target, batch, model.numClasses);
  const logitsParts: Tensor[] = [];
  const gradParts: Tensor[] = [];
  const targets = new Int32Array(batch);
  const value = new Float64Array(batch);
  for (const [s, e] of planBatches(batch, sampleSize * 4, options)) {
    throwIfAborted(options.signal);
    const chunk = sliceBatch(x, s, e);
    let chunkTargets = allTargets?.subarray(s, e);
    let cotangent: Tensor;
    if (loss === 'logit' && chunkTargets) {
      cotangent = oneHotRows(chunkTargets, model.numClasses);
    } else {
      const logits = await model.forward(chunk);
      chunkTargets ??= resolveTargets('predicted', e - s, model.numClasses, logits);
      cotangent = evaluateLoss(loss, logits, chunkTargets).grad;
    }
    const { logits, grad } = await model.vjp(chunk, cotangent);
    const evaluated = evaluateLoss(loss, logits, chunkTargets);
    targets.set(chunkTargets, s);
    value.set(evaluated.value, s);
    logitsParts.push(logits);
    gradParts.push(grad);
  }
  return { logits: concatBatches(logitsParts), targets, value, grad: concatBatches(gradParts) };
}
