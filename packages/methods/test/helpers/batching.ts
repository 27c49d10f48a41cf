/** Batching is no part of the result: a method gives the same map in any batch size. */
import type { AttributionMethod, ExplainContext, Model, Tensor } from '@xai/core';
import { expect } from 'vitest';

/**
 * Runs `method` with `options` whole and in batches of `maxBatchSize` rows, expects the two
 * maps equal to the bit, and returns the whole one.
 */
export async function expectBatchingIgnored<O extends object>(
  method: AttributionMethod<O>,
  model: Model,
  x: Tensor,
  options: ExplainContext & Partial<O>,
  maxBatchSize: number,
): Promise<Tensor> {
  const whole = await method.explain(model, x, options);
  const split = await method.explain(model, x, { ...options, maxBatchSize });
  expect(split.data).toEqual(whole.data);
  return whole;
}

/**
 * As `expectBatchingIgnored` at `options.seed`, and expects another map at the next seed:
 * the draws come from the seed, not from the batching.
 */
export async function expectSeededAndBatchingIgnored<O extends object>(
  method: AttributionMethod<O>,
  model: Model,
  x: Tensor,
  options: ExplainContext & Partial<O> & { readonly seed: number },
  maxBatchSize: number,
): Promise<Tensor> {
  const a = await expectBatchingIgnored(method, model, x, options, maxBatchSize);
  const other = await method.explain(model, x, { ...options, seed: options.seed + 1 });
  expect(other.data).not.toEqual(a.data);
  return a;
}
