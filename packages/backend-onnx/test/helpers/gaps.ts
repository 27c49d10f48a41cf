/** The largest |a_i - b_i|. */
export function maxAbsGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/** The largest |a_i - b_i| over the largest |b_i|: an error relative to the reference `b`. */
export function relativeGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  return maxAbsGap(a, b) / scale;
}
