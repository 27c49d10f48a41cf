/** Pearson's correlation, shared by the metrics that correlate scores and by tests comparing maps. */

/** Pearson's correlation coefficient; 0 when either side is constant. */
export function pearson(ra: ArrayLike<number>, rb: ArrayLike<number>): number {
  const n = ra.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) ma += ra[i]!;
  for (let i = 0; i < n; i++) mb += rb[i]!;
  ma /= n;
  mb /= n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (ra[i]! - ma) * (rb[i]! - mb);
    va += (ra[i]! - ma) ** 2;
    vb += (rb[i]! - mb) ** 2;
  }
  return va === 0 || vb === 0 ? 0 : cov / Math.sqrt(va * vb);
}
