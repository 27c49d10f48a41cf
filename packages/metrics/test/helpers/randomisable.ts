/** The randomisation tests' model and method: a linear model whose layers can be re-drawn. */
import type { Classifier, Model, Tensor } from '@xai/core';
import { randomLinearModel } from '@xai/core/testing';

/** A linear "network" with two weight layers; randomising re-draws the class row. */
export function randomisable(): Model {
  const base = randomLinearModel([1, 4, 4], 2, 1);
  return Object.assign(base, {
    weightLayers: ['top', 'bottom'] as const,
    async withRandomizedLayers(count: number, seed: number) {
      return randomLinearModel([1, 4, 4], 2, 100 + count + seed);
    },
  });
}

/** The class-0 gradient, on `base` unless a variant is given. */
export const gradientOn =
  (base: Model) =>
  async (t: Tensor, m: Classifier = base) =>
    (
      await (m as Model).vjp(t, {
        data: Float32Array.from({ length: 2 * t.shape[0]! }, (_, i) => (i % 2 === 0 ? 1 : 0)),
        shape: [t.shape[0]!, 2],
      })
    ).grad;
