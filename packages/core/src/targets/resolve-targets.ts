import { planBatches } from '../batching.js';
import { XaiError } from '../errors.js';
import type { Classifier } from '../model.js';
import { type RunOptions, throwIfAborted } from '../progress.js';
import { argmaxRows } from '../softmax.js';
import { batchDims, batchRows, type Tensor } from '../tensor.js';
import { checkTargets, type Target } from './target.js';

export interface ResolveTargetsOptions
  extends Pick<RunOptions, 'memoryLimitBytes' | 'maxBatchSize' | 'signal'> {
  /** The logits of `input`, when the caller has them: `'predicted'` then runs no forward pass. */
  readonly logits?: Tensor;
}

/**
 * One class index per row of `input` `[B, ...]`: a number repeated, a per-sample list
 * checked, or `'predicted'` as the argmax of the model's logits, computed by forward
 * passes split under the memory bound (the logits are never all held at once).
 */
export async function resolveTargets(
  model: Pick<Classifier, 'numClasses' | 'forward'>,
  input: Tensor,
  target: Target,
  options: ResolveTargetsOptions = {},
): Promise<Int32Array> {
  const { batch, sampleSize } = batchDims(input);
  const K = model.numClasses;
  if (target !== 'predicted') return checkTargets(target, batch, K);
  if (options.logits) return predictedFromLogits(options.logits, batch, K, 0);
  const out = new Int32Array(batch);
  for (const [s, e] of planBatches(batch, sampleSize * 4, options)) {
    throwIfAborted(options.signal);
    const logits = await model.forward(batchRows(input, s, e));
    out.set(predictedFromLogits(logits, e - s, K, s), s);
  }
  return out;
}

/** The argmax of each row, after checking the logits' shape and that every row is finite. */
function predictedFromLogits(logits: Tensor, batch: number, K: number, first: number): Int32Array {
  if (logits.shape.length !== 2 || logits.shape[0] !== batch || logits.shape[1] !== K) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected logits [${batch}, ${K}] to resolve target 'predicted' but received [${logits.shape.join(', ')}].`,
    );
  }
  for (let i = 0; i < batch * K; i++) {
    if (!Number.isFinite(logits.data[i]!)) {
      throw new XaiError(
        'NON_FINITE_INPUT',
        `Expected finite logits to resolve target 'predicted' but sample ${first + Math.floor(i / K)} has logit ${logits.data[i]} for class ${i % K}; check that input for NaN or infinite values, or pass explicit class indices.`,
      );
    }
  }
  return argmaxRows(logits.data, batch, K);
}
