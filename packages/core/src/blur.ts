import { XaiError } from './errors.js';
import type { Tensor } from './tensor.js';

/**
 * Gaussian blur of each [H, W] plane of a [..., H, W] tensor: a separable kernel of
 * `size` taps (odd) with standard deviation `sigma`, normalised to sum 1, with edges
 * reflected as OpenCV's default BORDER_REFLECT_101 does. The defaults, 11 taps and sigma 5,
 * are the blur of RISE's insertion metric; I-GOS's code blurs its baseline with
 * `cv2.GaussianBlur(img, (51, 51), 50)` (its `reference-code` preset passes 51 and 50).
 */
export function gaussianBlur(t: Tensor, size = 11, sigma = 5): Tensor {
  if (!Number.isInteger(size) || size < 1 || size % 2 === 0) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected an odd positive kernel size for the blur but received ${size}.`,
    );
  }
  if (!(sigma > 0) || !Number.isFinite(sigma)) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a positive finite sigma for the blur but received ${sigma}.`,
    );
  }
  if (t.shape.length < 2) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected a tensor [..., H, W] to blur but received [${t.shape.join(', ')}].`,
    );
  }
  const H = t.shape[t.shape.length - 2]!;
  const W = t.shape[t.shape.length - 1]!;
  const r = (size - 1) / 2;
  const taps = new Float64Array(size);
  let sum = 0;
  for (let i = 0; i < size; i++) sum += taps[i] = Math.exp(-((i - r) ** 2) / (2 * sigma * sigma));
  for (let i = 0; i < size; i++) taps[i]! /= sum;
  const out = new Float32Array(t.data.length);
  const row = new Float64Array(H * W);
  for (let p = 0; p < t.data.length; p += H * W) {
    // Horizontal pass into `row`, vertical pass into `out`.
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let s = 0;
        for (let i = 0; i < size; i++) s += taps[i]! * t.data[p + y * W + reflect(x + i - r, W)]!;
        row[y * W + x] = s;
      }
    }
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let s = 0;
        for (let i = 0; i < size; i++) s += taps[i]! * row[reflect(y + i - r, H) * W + x]!;
        out[p + y * W + x] = s;
      }
    }
  }
  return { data: out, shape: [...t.shape] };
}

/** Index reflected into [0, n) without repeating the edge: -1 -> 1, n -> n - 2. */
function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let j = Math.abs(i) % period;
  if (j >= n) j = period - j;
  return j;
}
