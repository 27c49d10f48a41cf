/**
 * Stand-ins for the method that robustness, localisation and randomisation metrics re-run:
 * maps made from the input alone, value by value, so the expected scores are closed forms.
 */
import type { Tensor } from '@xai/core';

/** A model-blind method whose map is `f` of each input value. */
export function pointwiseExplainer(f: (v: number) => number) {
  return async (t: Tensor): Promise<Tensor> => ({ data: t.data.map(f), shape: t.shape });
}

/** phi(x) = x. */
export const identityExplainer = pointwiseExplainer((v) => v);

/** A map of `value` everywhere, whatever the input. */
export function constantExplainer(value: number) {
  return pointwiseExplainer(() => value);
}
