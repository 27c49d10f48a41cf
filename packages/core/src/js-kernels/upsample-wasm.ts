/**
 * `upsample` (h ≤ H) on the WebAssembly kernel (wasm/blend.wat's `upsample`): the taps of
 * axis-taps.ts and the two passes of resample.ts, the same float64 operations, so the same
 * bits; masks go through the kernel's memory a slab at a time (see perturb-wasm.ts).
 */
import type { Tensor } from '../tensor.js';
import { type BlendExports, reserveBlendMemory } from '../wasm/blend-wasm.js';
import type { AxisTaps } from './axis-taps.js';
import { blendMemory } from './blend-memory.js';

export const align = (bytes: number) => Math.ceil(bytes / 16) * 16;

/** Bytes of the taps of an H×W output (int32 lo, hi and float64 frac, 1 − frac per index). */
export function tapsBytes(H: number, W: number): number {
  return 2 * align(4 * H) + 2 * align(4 * W) + 2 * align(8 * H) + 2 * align(8 * W);
}

/** Resamples `count` h×w masks at byte `src` into H×W masks at byte `out`, with the taps at `taps` (writeTaps). */
export type UpsampleCall = (src: number, count: number, out: number) => void;

/**
 * Writes the taps at byte `at` of the kernel's memory (reserved by the caller) and returns
 * the call that upsamples with them, `rows` bytes of scratch (h·W float64) at `rowsAt`.
 */
export function prepareUpsample(
  kernel: BlendExports,
  at: number,
  rowsAt: number,
  h: number,
  w: number,
  ys: AxisTaps,
  xs: AxisTaps,
): UpsampleCall {
  const buffer = kernel.memory.buffer;
  const H = ys.lo.length;
  const W = xs.lo.length;
  let next = at;
  const put = (values: Int32Array | Float64Array) => {
    const where = next;
    if (values instanceof Int32Array) new Int32Array(buffer, where, values.length).set(values);
    else new Float64Array(buffer, where, values.length).set(values);
    next += align(values.byteLength);
    return where;
  };
  const [xlo, xhi, xf, xg] = [put(xs.lo), put(xs.hi), put(xs.frac), put(xs.oneMinusFrac)];
  const [ylo, yhi, yf, yg] = [put(ys.lo), put(ys.hi), put(ys.frac), put(ys.oneMinusFrac)];
  return (src, count, out) =>
    kernel.upsample(src, count, h, w, H, W, xlo, xhi, xf, xg, ylo, yhi, yf, yg, rowsAt, out);
}

/** The upsampled masks, or undefined when a mask is too large for the kernel's memory. */
export function upsampleOnWasm(
  masks: Tensor,
  ys: AxisTaps,
  xs: AxisTaps,
  kernel: BlendExports,
): Tensor | undefined {
  const [N, h, w] = masks.shape as [number, number, number];
  const H = ys.lo.length;
  const W = xs.lo.length;
  const rowsAt = tapsBytes(H, W);
  const slabAt = rowsAt + align(8 * h * W);
  const rows = Math.max(1, Math.min(N, Math.floor(blendMemory.slabBytes / (4 * (h * w + H * W)))));
  const outAt = slabAt + align(4 * rows * h * w);
  const end = outAt + align(4 * rows * H * W);
  if (end > blendMemory.maxBytes) return undefined;
  reserveBlendMemory(kernel, end);
  const call = prepareUpsample(kernel, 0, rowsAt, h, w, ys, xs);
  const buffer = kernel.memory.buffer;
  const out = new Float32Array(N * H * W);
  for (let first = 0; first < N; first += rows) {
    const count = Math.min(rows, N - first);
    new Float32Array(buffer, slabAt, count * h * w).set(
      masks.data.subarray(first * h * w, (first + count) * h * w),
    );
    call(slabAt, count, outAt);
    out.set(new Float32Array(buffer, outAt, count * H * W), first * H * W);
  }
  return { data: out, shape: [N, H, W] };
}
