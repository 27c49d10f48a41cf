import { type Model, mapBatches, type RunOptions, type Tensor } from '@xai/core';

/** Logits of a batch, computed in chunks under the memory bound. */
export function forwardBatched(model: Model, x: Tensor, run: RunOptions): Promise<Tensor> {
  return mapBatches(x, (chunk) => model.forward(chunk), run);
}
