/**
 * `perturb`'s blend on the WebAssembly kernel (wasm/blend.wat): the same masks (read as they
 * are, resampled, or a 1×1 value repeated, as perturb.ts decides), the same noise draws and
 * the same float64 sums rounded once, so the same float32 values as the JavaScript loops.
 * Rows go through the kernel's memory a slab at a time, so it stays small (that memory never
 * shrinks); full-size masks are scanned for NaN, ±∞ and −0 there, after their copy in.
 */
import type { PerturbArgs } from '../kernels.js';
import { fillNormal } from '../prng.js';
import type { Tensor } from '../tensor.js';
import { type BlendExports, reserveBlendMemory } from '../wasm/blend-wasm.js';
import { type AxisTaps, axisTaps } from './axis-taps.js';
import { blendMemory } from './blend-memory.js';
import { resample } from './resample.js';
import { align, prepareUpsample, tapsBytes } from './upsample-wasm.js';
import { expectMasks } from './validate.js';

/**
 * How the masks reach the kernel: 'full' copied (H×W already), 'one' a 1×1 value (repeated over
 * a plane, or passed per row for SmoothGrad's rows: `oneValue`), 'low' upsampled by the kernel,
 * 'down' resampled in JavaScript (h > H, resample.ts's per-pixel form).
 */
type MaskForm = 'full' | 'one' | 'low' | 'down';

/** Byte offsets in the kernel's memory; d = x − b (float64) is at 0. */
interface Layout {
  readonly bAt: number; // b per element (float64), 0 when one value is passed instead
  readonly sigmaAt: number; // σ per element (float64), 0 when none or one value
  readonly masksAt: number; // a plane per row (float32), or a value per row for `oneValue`
  readonly zAt: number; // noise [rows, size] (float32)
  readonly outAt: number; // output [rows, size] (float32)
  readonly tapsAt: number; // 'low': the taps, scratch rows and small masks after them
  readonly rowsAt: number;
  readonly smallAt: number;
  readonly end: number;
  readonly rows: number; // rows per slab
}

function planLayout(
  args: PerturbArgs,
  form: MaskForm,
  oneValue: boolean,
  [h, w, H, W, size]: readonly number[],
): Layout {
  const { baseline, masks, noise } = args;
  const plane = H! * W!;
  const wide = align(8 * size!);
  const bAt = typeof baseline === 'number' && noise === undefined ? 0 : wide;
  const sigmaAt = noise && !oneValue ? bAt + wide : 0;
  const slabAt = Math.max(bAt, sigmaAt) + wide;
  const maskBytes = oneValue ? 4 : 4 * plane;
  const smallBytes = form === 'low' ? 4 * h! * w! : 0;
  const rowBytes = maskBytes + (noise ? 8 : 4) * size! + smallBytes;
  const rows = Math.max(1, Math.min(masks.shape[0]!, Math.floor(blendMemory.slabBytes / rowBytes)));
  const masksAt = slabAt;
  const zAt = masksAt + align(rows * maskBytes);
  const outAt = zAt + (noise ? align(4 * rows * size!) : 0);
  const tapsAt = outAt + align(4 * rows * size!);
  const rowsAt = tapsAt + (form === 'low' ? tapsBytes(H!, W!) : 0);
  const smallAt = rowsAt + (form === 'low' ? align(8 * h! * W!) : 0);
  const end = smallAt + align(rows * smallBytes);
  return { bAt, sigmaAt, masksAt, zAt, outAt, tapsAt, rowsAt, smallAt, end, rows };
}

/**
 * The perturbed batch, or undefined when one row is too large for the kernel's memory (the
 * caller then runs the JavaScript). Expects checked arguments, all but full-size masks' values.
 */
export function perturbOnWasm(args: PerturbArgs, kernel: BlendExports): Tensor | undefined {
  const { x, baseline, masks, noise } = args;
  const [C, H, W] = x.shape as [number, number, number];
  const [N, h, w] = masks.shape as [number, number, number];
  const plane = H * W;
  const size = C * plane;
  const form: MaskForm =
    h === H && w === W ? 'full' : h === 1 && w === 1 ? 'one' : h <= H ? 'low' : 'down';
  // SmoothGrad's rows (a 1×1 mask, one σ): the kernel takes m and σ as values.
  const oneValue = form === 'one' && typeof noise?.sigma === 'number';
  const at = planLayout(args, form, oneValue, [h, w, H, W, size]);
  if (at.end > blendMemory.maxBytes) return undefined;
  const buffer = reserveBlendMemory(kernel, at.end);

  const one = typeof baseline === 'number' ? Math.fround(baseline) : undefined;
  const d = new Float64Array(buffer, 0, size);
  const b = at.bAt === 0 ? undefined : new Float64Array(buffer, at.bAt, size);
  for (let j = 0; j < size; j++) {
    const bv = one ?? (baseline as Tensor).data[j]!;
    d[j] = x.data[j]! - bv;
    if (b) b[j] = bv;
  }
  if (at.sigmaAt !== 0 && noise) {
    const sigma = new Float64Array(buffer, at.sigmaAt, size);
    if (typeof noise.sigma === 'number') sigma.fill(Math.fround(noise.sigma));
    else sigma.set(noise.sigma);
  }
  const writeMasks = maskWriter(args, form, oneValue, kernel, buffer, at);
  const out = new Float32Array(N * size);
  for (let first = 0; first < N; first += at.rows) {
    const count = Math.min(at.rows, N - first);
    writeMasks(first, count);
    if (noise) {
      const z = new Float32Array(buffer, at.zAt, count * size);
      fillNormal(z, noise.seed, noise.stream, (noise.offset ?? 0) + first * size);
    }
    if (oneValue) {
      const sigma = Math.fround(noise!.sigma as number);
      kernel.noisyRows(at.masksAt, count, size, 0, at.bAt, sigma, at.zAt, at.outAt);
    } else {
      const z = noise ? at.zAt : 0;
      kernel.blend(at.masksAt, count, plane, C, 0, at.bAt, one ?? 0, at.sigmaAt, z, at.outAt);
    }
    out.set(new Float32Array(buffer, at.outAt, count * size), first * size);
  }
  return { data: out, shape: [N, C, H, W] };
}

/** Writes masks `first .. first + count − 1` into the slab, in the form the kernel reads. */
function maskWriter(
  args: PerturbArgs,
  form: MaskForm,
  oneValue: boolean,
  kernel: BlendExports,
  buffer: ArrayBuffer,
  at: Layout,
): (first: number, count: number) => void {
  const { masks } = args;
  const [, h, w] = masks.shape as [number, number, number];
  const [, H, W] = args.x.shape as [number, number, number];
  const plane = H * W;
  // The taps only where something is resampled (a −0 found in a full-size mask, or h > H).
  let taps: { ys: AxisTaps; xs: AxisTaps; rows: Float64Array } | undefined;
  const resampleInto = (slab: Float32Array, n: number, i: number) => {
    taps ??= {
      ys: axisTaps(h, H, args.alignCorners),
      xs: axisTaps(w, W, args.alignCorners),
      rows: new Float64Array(h <= H ? h * W : 0), // resample's scratch
    };
    resample(masks.data, n * h * w, h, w, taps.ys, taps.xs, slab, i * plane, taps.rows);
  };
  if (oneValue) {
    return (first, count) =>
      new Float32Array(buffer, at.masksAt, count).set(masks.data.subarray(first, first + count));
  }
  if (form === 'full') {
    return (first, count) => {
      const slab = new Float32Array(buffer, at.masksAt, count * plane);
      slab.set(masks.data.subarray(first * plane, (first + count) * plane));
      for (let i = 0; i < count; i++) {
        const flags = kernel.scan(at.masksAt + 4 * i * plane, plane);
        if (flags & 1) expectMasks(masks, true); // throws perturb's own error
        // A −0 takes the full formula, whose zero-weighted neighbour can flip its sign.
        if (flags & 2) resampleInto(slab, first + i, i);
      }
    };
  }
  if (form === 'low') {
    const ys = axisTaps(h, H, args.alignCorners);
    const xs = axisTaps(w, W, args.alignCorners);
    const upsample = prepareUpsample(kernel, at.tapsAt, at.rowsAt, h, w, ys, xs);
    return (first, count) => {
      const small = masks.data.subarray(first * h * w, (first + count) * h * w);
      new Float32Array(buffer, at.smallAt, count * h * w).set(small);
      upsample(at.smallAt, count, at.masksAt);
    };
  }
  return (first, count) => {
    const slab = new Float32Array(buffer, at.masksAt, count * plane);
    for (let i = 0, n = first; i < count; i++, n++) {
      if (form === 'one') slab.fill(masks.data[n]!, i * plane, (i + 1) * plane);
      else resampleInto(slab, n, i);
    }
  };
}
