import { planBatches } from './batching.js';
import type { Model } from './model.js';
import { type RunOptions, throwIfAborted } from './progress.js';
import { type Loss, type LossName, losses, toLoss } from './targets/loss.js';
import { resolveTargets } from './targets/resolve-targets.js';
import { checkTargets, type Target } from './targets/target.js';
import { batchDims, batchRows, joinBatches, type Tensor } from './tensor.js';

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
 * A loss whose gradient ignores the logits (the target logit's) needs one `vjp` call per
 * chunk when the targets are explicit. Other losses (and `'predicted'`) need the logits
 * first: a model with `lossVjp` computes them, the cotangent and the gradient in one pass
 * per chunk for the named losses (`'predicted'` is then resolved from the logits it
 * returns, as its pass did); otherwise the model runs forward, which also resolves
 * `'predicted'`, then `vjp`.
 */
export async function lossGradient(
  model: Model,
  x: Tensor,
  loss: LossName | Loss,
  target: Target,
  options: RunOptions = {},
): Promise<LossGradient> {
  const l = toLoss(loss);
  const named = losses[l.name as LossName] === l ? (l.name as LossName) : undefined;
  const lossVjp = named ? model.lossVjp?.bind(model) : undefined;
  const { batch, sampleSize } = batchDims(x);
  const K = model.numClasses;
  const allTargets = target === 'predicted' ? undefined : checkTargets(target, batch, K);
  const logitsParts: Tensor[] = [];
  const gradParts: Tensor[] = [];
  const targets = new Int32Array(batch);
  const value = new Float64Array(batch);
  for (const [s, e] of planBatches(batch, sampleSize * 4, options)) {
    throwIfAborted(options.signal);
    const chunk = batchRows(x, s, e);
    let chunkTargets = allTargets?.subarray(s, e);
    let pass: { logits: Tensor; grad: Tensor };
    if (!l.needsLogits && chunkTargets) {
      const cotangent = l.gradient(
        { data: new Float32Array((e - s) * K), shape: [e - s, K] },
        chunkTargets,
      );
      pass = await model.vjp(chunk, cotangent);
    } else if (lossVjp && named) {
      pass = await lossVjp(chunk, named, chunkTargets ?? 'predicted');
      // The pass took each row's argmax of these logits, the first on ties, as this does.
      chunkTargets ??= await resolveTargets(model, chunk, 'predicted', { logits: pass.logits });
    } else {
      const logits = await model.forward(chunk);
      chunkTargets ??= await resolveTargets(model, chunk, 'predicted', { logits });
      pass = await model.vjp(chunk, l.gradient(logits, chunkTargets));
    }
    const { logits, grad } = pass;
    targets.set(chunkTargets, s);
    value.set(l.value(logits, chunkTargets), s);
    logitsParts.push(logits);
    gradParts.push(grad);
  }
  return { logits: joinBatches(logitsParts), targets, value, grad: joinBatches(gradParts) };
}
