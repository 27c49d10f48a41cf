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

/** Checks the maps (see `mapSize`) and scores each sample's map, a view of its values. */
export function scoreEachMap(
  x: Tensor,
  attributions: Tensor,
  score: (map: Float32Array) => number,
): Float64Array {
  const D = mapSize(x, attributions);
  return Float64Array.from({ length: x.shape[0]! }, (_, b) =>
    score(attributions.data.subarray(b * D, (b + 1) * D)),
  );
}
