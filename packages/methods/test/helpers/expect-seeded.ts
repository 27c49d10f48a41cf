/** The reproducibility check every random method's tests make. */
import type { AttributionMethod, ExplainContext, Model, Tensor } from '@xai/core';
import { expect } from 'vitest';

/**
 * Explains `x` with `seed` twice and with `otherSeed` once: the two runs with one seed must
 * give the same map to the bit, the other seed another map (the noise comes from the seed).
 */
export async function expectSameMapPerSeed<O extends object>(
  method: AttributionMethod<O>,
  model: Model,
  x: Tensor,
  options: ExplainContext & Partial<O>,
  [seed, otherSeed]: readonly [number, number],
): Promise<void> {
  const a = await method.explain(model, x, { ...options, seed });
  const b = await method.explain(model, x, { ...options, seed });
  const c = await method.explain(model, x, { ...options, seed: otherSeed });
  expect(Array.from(a.data)).toEqual(Array.from(b.data));
  expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
}
