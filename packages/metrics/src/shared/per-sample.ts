import { assertFinite, type Tensor, XaiError } from '@xai/core';

/** Checks one map per sample and returns the elements per map. */
export function mapSize(x: Tensor, attributions: Tensor): number {
  const B = attributions.shape[0] ?? 0;
  if (B !== (x.shape[0] ?? -1) || B === 0) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected one attribution map per sample (${x.shape[0]}) but received ${B}.`,
    );
  }
  assertFinite(attributions, 'the attributions');
  return attributions.data.length / B;
}
