/**
 * A grid of `size`-pixel squares over an H x W image (the last row and column may be
 * narrower): the pixel indices of each patch, row by row.
 */
export function patchGrid(H: number, W: number, size: number): Int32Array[] {
  const rows = Math.ceil(H / size);
  const cols = Math.ceil(W / size);
  const out: Int32Array[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const pixels: number[] = [];
      for (let y = r * size; y < Math.min(H, (r + 1) * size); y++)
        for (let x = c * size; x < Math.min(W, (c + 1) * size); x++) pixels.push(y * W + x);
      out.push(Int32Array.from(pixels));
    }
  }
  return out;
}

/** The sum of per-pixel scores over each patch. */
export function patchSums(scores: ArrayLike<number>, patches: readonly Int32Array[]): Float64Array {
  return Float64Array.from(patches, (p) => {
    let s = 0;
    for (const i of p) s += scores[i]!;
    return s;
  });
}
