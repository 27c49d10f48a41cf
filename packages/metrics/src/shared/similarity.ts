/**
 * How alike two attribution maps are, as the sanity checks compare them: Spearman's rank
 * correlation (ties get their average rank) and the structural similarity index (Wang et
 * al. 2004, as scikit-image computes it by default: 7 x 7 uniform windows, K1 = 0.01,
 * K2 = 0.03, sample covariances, mean over the windows that fit). Pearson's correlation is
 * core's, re-exported here for the metrics that import it with the others.
 */
import { pearson } from '@xai/core';

export { pearson };

/** Ranks 1..n, ties sharing their average rank. */
export function averageRanks(v: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a]! - v[b]!);
  const ranks = new Float64Array(v.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && v[idx[j + 1]!] === v[idx[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[idx[k]!] = r;
    i = j + 1;
  }
  return ranks;
}

/** Pearson correlation of the ranks; 0 when either side is constant. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(averageRanks(a), averageRanks(b));
}

/** SSIM of two H x W images with the given data range. */
export function ssim(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  H: number,
  W: number,
  dataRange: number,
  win = 7,
): number {
  const w = Math.min(win, H, W);
  const n = w * w;
  const c1 = (0.01 * dataRange) ** 2;
  const c2 = (0.03 * dataRange) ** 2;
  let total = 0;
  let count = 0;
  for (let y = 0; y + w <= H; y++) {
    for (let x = 0; x + w <= W; x++) {
      let sa = 0;
      let sb = 0;
      for (let i = 0; i < w; i++) {
        for (let j = 0; j < w; j++) {
          sa += a[(y + i) * W + x + j]!;
          sb += b[(y + i) * W + x + j]!;
        }
      }
      const ma = sa / n;
      const mb = sb / n;
      let vaa = 0;
      let vbb = 0;
      let vab = 0;
      for (let i = 0; i < w; i++) {
        for (let j = 0; j < w; j++) {
          const da = a[(y + i) * W + x + j]! - ma;
          const db = b[(y + i) * W + x + j]! - mb;
          vaa += da * da;
          vbb += db * db;
          vab += da * db;
        }
      }
      const k = n > 1 ? n - 1 : 1; // sample covariances
      total +=
        ((2 * ma * mb + c1) * ((2 * vab) / k + c2)) /
        ((ma * ma + mb * mb + c1) * ((vaa + vbb) / k + c2));
      count++;
    }
  }
  return total / count;
}
