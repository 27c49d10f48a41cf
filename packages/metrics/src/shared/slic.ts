/**
 * SLIC superpixels (Achanta et al. 2012, algorithm 1), written for IROF: cluster centres
 * start on a regular grid of about `segments` cells, then `iterations` rounds assign each
 * pixel to the nearest centre within 2S by `d = sqrt(d_c^2 + (d_s / S)^2 m^2)` (d_c the
 * colour distance over the channels as given, d_s the spatial one, S the grid step, m the
 * compactness) and move each centre to its pixels' mean. Labels are 0..k-1 in centre
 * order; a centre left without pixels keeps no label. Deterministic (no random draws).
 */
export function slic(
  image: ArrayLike<number>,
  C: number,
  H: number,
  W: number,
  segments: number,
  compactness: number,
  iterations = 10,
): Int32Array {
  const n = H * W;
  const S = Math.max(1, Math.sqrt(n / Math.max(1, segments)));
  const rows = Math.max(1, Math.round(H / S));
  const cols = Math.max(1, Math.round(W / S));
  const K = rows * cols;
  const cy = new Float64Array(K);
  const cx = new Float64Array(K);
  const cc = new Float64Array(K * C);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const k = r * cols + c;
      cy[k] = Math.min(H - 1, Math.floor(((r + 0.5) * H) / rows));
      cx[k] = Math.min(W - 1, Math.floor(((c + 0.5) * W) / cols));
      const p = cy[k]! * W + cx[k]!;
      for (let ch = 0; ch < C; ch++) cc[k * C + ch] = image[ch * n + p]!;
    }
  }
  const labels = new Int32Array(n).fill(-1);
  const best = new Float64Array(n);
  const m2 = (compactness / S) ** 2;
  const reach = Math.ceil(2 * S);
  for (let it = 0; it < iterations; it++) {
    best.fill(Number.POSITIVE_INFINITY);
    for (let k = 0; k < K; k++) {
      const y0 = Math.max(0, Math.floor(cy[k]! - reach));
      const y1 = Math.min(H - 1, Math.ceil(cy[k]! + reach));
      const x0 = Math.max(0, Math.floor(cx[k]! - reach));
      const x1 = Math.min(W - 1, Math.ceil(cx[k]! + reach));
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          const p = y * W + x;
          let dc = 0;
          for (let ch = 0; ch < C; ch++) dc += (image[ch * n + p]! - cc[k * C + ch]!) ** 2;
          const d = dc + ((y - cy[k]!) ** 2 + (x - cx[k]!) ** 2) * m2;
          if (d < best[p]!) {
            best[p] = d;
            labels[p] = k;
          }
        }
      }
    }
    const count = new Float64Array(K);
    cy.fill(0);
    cx.fill(0);
    cc.fill(0);
    for (let p = 0; p < n; p++) {
      const k = labels[p]!;
      count[k]! += 1;
      cy[k]! += Math.floor(p / W);
      cx[k]! += p % W;
      for (let ch = 0; ch < C; ch++) cc[k * C + ch]! += image[ch * n + p]!;
    }
    for (let k = 0; k < K; k++) {
      if (count[k] === 0) continue;
      cy[k]! /= count[k]!;
      cx[k]! /= count[k]!;
      for (let ch = 0; ch < C; ch++) cc[k * C + ch]! /= count[k]!;
    }
  }
  // Renumber the labels in use as 0..k-1, in centre order.
  const remap = new Int32Array(K).fill(-1);
  for (let p = 0; p < n; p++) remap[labels[p]!] = 0;
  let next = 0;
  for (let k = 0; k < K; k++) if (remap[k] === 0) remap[k] = next++;
  for (let p = 0; p < n; p++) labels[p] = remap[labels[p]!]!;
  return labels;
}
