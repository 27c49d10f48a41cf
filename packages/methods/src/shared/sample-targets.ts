/** The class of each sample, resolved once on the unperturbed inputs. */
import {
  type Model,
  planBatches,
  type RunOptions,
  resolveTargets,
  sliceBatch,
  type Target,
  type Tensor,
  throwIfAborted,
} from '@xai/core';

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
