/** The channel-summed absolute map scaled to [0, 1] by its maximum. */
export function unitMap(a: Float32Array, C: number, plane: number): Float64Array {
  const out = new Float64Array(plane);
  for (let c = 0; c < C; c++)
    for (let p = 0; p < plane; p++) out[p]! += Math.abs(a[c * plane + p]!);
  const max = out.reduce((s, v) => Math.max(s, v), 0);
  if (max > 0) for (let p = 0; p < plane; p++) out[p]! /= max;
  return out;
}
