import type { Tensor } from '@xai/core';

/**
 * A metric's curve for one sample as plain numbers, when it is a tensor on a fixed grid of
 * steps (insertion, deletion: `details.curves` `[1, steps]`), so curves average across
 * samples step by step. PIC's `details.curves` are point lists at each image's own
 * information levels: no common grid to average on, so no curve is kept (its score is).
 */
export function curveValues(details: Readonly<Record<string, unknown>> | undefined) {
  const c = details?.curves as Partial<Tensor> | undefined;
  if (c && c.data instanceof Float32Array && Array.isArray(c.shape)) return Array.from(c.data);
  return undefined;
}
