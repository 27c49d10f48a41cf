import type { Rng } from '@xai/core';

const DIRECT = 1 / 6;
const DIAGONAL = 1 / 12;
const NEIGHBOURS: ReadonlyArray<readonly [number, number, number]> = [
  [-1, 0, DIRECT],
  [1, 0, DIRECT],
  [0, -1, DIRECT],
  [0, 1, DIRECT],
  [-1, -1, DIAGONAL],
  [-1, 1, DIAGONAL],
  [1, -1, DIAGONAL],
  [1, 1, DIAGONAL],
];

/**
 * ROAD's noisy linear imputation (Rong et al. 2022, section 4.2): every removed pixel
 * becomes the weighted mean of its 8 neighbours (1/6 direct, 1/12 diagonal, normalised
 * over those inside the image), known pixels fixed, one linear system per channel, solved
 * here by successive over-relaxation until the largest update is below `tolerance`; then
 * Gaussian noise of standard deviation `noise` is added to the imputed pixels.
 * `image` is `[C, H, W]`, changed in place; `removed` marks pixels (1 = impute).
 */
export function imputeNoisyLinear(
  image: Float32Array,
  C: number,
  H: number,
  W: number,
  removed: Uint8Array,
  noise: number,
  rng: Rng,
  tolerance = 1e-5,
  maxSweeps = 2000,
): void {
  const n = H * W;
  const unknown: number[] = [];
  for (let p = 0; p < n; p++) if (removed[p]) unknown.push(p);
  if (unknown.length === 0) return;
  const omega = 1.9;
  const v = new Float64Array(n);
  for (let c = 0; c < C; c++) {
    const plane = image.subarray(c * n, (c + 1) * n);
    let known = 0;
    let count = 0;
    for (let p = 0; p < n; p++) {
      if (!removed[p]) {
        known += plane[p]!;
        count++;
      }
    }
    const start = count ? known / count : 0;
    for (let p = 0; p < n; p++) v[p] = removed[p] ? start : plane[p]!;
    for (let sweep = 0; sweep < maxSweeps; sweep++) {
      let largest = 0;
      for (const p of unknown) {
        const y = Math.floor(p / W);
        const x = p - y * W;
        let s = 0;
        let w = 0;
        for (const [dy, dx, k] of NEIGHBOURS) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || yy >= H || xx < 0 || xx >= W) continue;
          s += k * v[yy * W + xx]!;
          w += k;
        }
        const next = v[p]! + omega * (s / w - v[p]!);
        largest = Math.max(largest, Math.abs(next - v[p]!));
        v[p] = next;
      }
      if (largest < tolerance) break;
    }
    for (const p of unknown) plane[p] = v[p]! + noise * rng.normal();
  }
}
