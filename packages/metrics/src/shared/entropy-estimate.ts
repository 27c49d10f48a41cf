/**
 * The size in bits of a lossless encoding of an image `[C, H, W]`, estimated as PNG
 * codes it: each channel quantised to 8 bits over [lo, hi], each byte predicted from its
 * left, upper and upper-left neighbours (the Paeth predictor), and the residuals costed
 * at their order-0 entropy. A flat image costs 0 bits; white noise about 8 bits a value.
 */
export function losslessBits(
  image: Float32Array,
  C: number,
  H: number,
  W: number,
  lo: number,
  hi: number,
): number {
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const q = new Uint8Array(W * H);
  let bits = 0;
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < H * W; i++) {
      const v = Math.round((image[c * H * W + i]! - lo) * scale);
      q[i] = Math.min(255, Math.max(0, v));
    }
    const counts = new Float64Array(256);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const a = x > 0 ? q[y * W + x - 1]! : 0;
        const b = y > 0 ? q[(y - 1) * W + x]! : 0;
        const d = x > 0 && y > 0 ? q[(y - 1) * W + x - 1]! : 0;
        counts[(q[y * W + x]! - paeth(a, b, d) + 256) & 255]! += 1;
      }
    }
    const n = H * W;
    for (const k of counts) if (k > 0) bits -= k * Math.log2(k / n);
  }
  return bits;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
