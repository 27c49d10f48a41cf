/** Pearson correlation of two equally long arrays, in float64 (for comparing maps with goldens). */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n;
    mb += b[i]! / n;
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

/** Pearson per sample of two [B, ...] tensors' data, each sample `size` values long. */
export function pearsonPerSample(
  a: ArrayLike<number> & { subarray(s: number, e: number): ArrayLike<number> },
  b: ArrayLike<number> & { subarray(s: number, e: number): ArrayLike<number> },
  size: number,
): number[] {
  const out: number[] = [];
  for (let s = 0; s < a.length; s += size) {
    out.push(pearson(a.subarray(s, s + size), b.subarray(s, s + size)));
  }
  return out;
}
