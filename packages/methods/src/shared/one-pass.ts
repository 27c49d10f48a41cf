/**
 * The step every single-pass gradient method (gradient, saliency, gradient x input,
 * deconvnet, guided backprop) ends its call with: the input gradient of its one pass,
 * plain or under other backward rules, reported as the call's one batch.
 */
import type { LossGradient, RunOptions, Tensor } from '@xai/core';

/** The gradient `pass` computes, once `o.onProgress` has heard that the one batch is done. */
export async function onePass(o: RunOptions, pass: Promise<LossGradient>): Promise<Tensor> {
  const { grad } = await pass;
  o.onProgress?.({ phase: 'batch', done: 1, total: 1 });
  return grad;
}
