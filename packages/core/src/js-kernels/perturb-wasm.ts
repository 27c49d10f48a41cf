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
import { axisTaps } from './axis-taps.js';
import { blendMemory } from './blend-memory.js';
import { resample } from './resample.js';
import { align, prepareUpsample, tapsBytes } from './upsample-wasm.js';
import { expectMasks } from './validate.js';

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
  // Layout: d, then b (unless one value without noise), σ (with noise), then the slab.
  const oneBaseline = typeof baseline === 'number' && noise === undefined;
  const bAt = oneBaseline ? 0 : align(8 * size);
  const sigmaAt = noise ? bAt + align(8 * size) : 0;
  const slabAt = noise ? sigmaAt + align(8 * size) : bAt === 0 ? align(8 * size) : 2 * bAt;
  const fullSize = h === H && w === W;
  // Low-resolution masks are upsampled by the kernel too, from their own slab.
  const lowRes = !fullSize && !(h === 1 && w === 1) && h <= H;
  const rowBytes = 4 * plane + (noise ? 4 * size : 0) + 4 * size + (lowRes ? 4 * h * w : 0);
  const rows = Math.max(1, Math.min(N, Math.floor(blendMemory.slabBytes / rowBytes)));
  const masksAt = slabAt;
  const zAt = masksAt + align(4 * rows * plane);
  const outAt = noise ? zAt + align(4 * rows * size) : zAt;
  const tapsAt = outAt + align(4 * rows * size);
  const rowsAt = tapsAt + (lowRes ? tapsBytes(H, W) : 0);
  const smallAt = rowsAt + (lowRes ? align(8 * h * W) : 0);
  const end = smallAt + (lowRes ? align(4 * rows * h * w) : 0);
  if (end > blendMemory.maxBytes) return undefined;
  const buffer = reserveBlendMemory(kernel, end);

  const one = typeof baseline === 'number' ? Math.fround(baseline) : undefined;
  const d = new Float64Array(buffer, 0, size);
  const b = bAt === 0 ? undefined : new Float64Array(buffer, bAt, size);
  for (let j = 0; j < size; j++) {
    const bv = one ?? (baseline as Tensor).data[j]!;
    d[j] = x.data[j]! - bv;
    if (b) b[j] = bv;
  }
  if (noise) {
    const sigma = new Float64Array(buffer, sigmaAt, size);
    if (typeof noise.sigma === 'number') sigma.fill(Math.fround(noise.sigma));
    else sigma.set(noise.sigma);
  }

  const ys = axisTaps(h, H, args.alignCorners);
  const xs = axisTaps(w, W, args.alignCorners);
  const upsample = lowRes ? prepareUpsample(kernel, tapsAt, rowsAt, h, w, ys, xs) : undefined;
  const horizontal = new Float64Array(h <= H ? h * W : 0); // resample's scratch
  const out = new Float32Array(N * size);
  for (let first = 0; first < N; first += rows) {
    const count = Math.min(rows, N - first);
    const slab = new Float32Array(buffer, masksAt, count * plane);
    if (fullSize) {
      slab.set(masks.data.subarray(first * plane, (first + count) * plane));
      for (let i = 0; i < count; i++) {
        const flags = kernel.scan(masksAt + 4 * i * plane, plane);
        if (flags & 1) expectMasks(masks, true); // throws perturb's own error
        // A −0 takes the full formula, whose zero-weighted neighbour can flip its sign.
        if (flags & 2)
          resample(masks.data, (first + i) * plane, h, w, ys, xs, slab, i * plane, horizontal);
      }
    } else if (upsample) {
      const small = masks.data.subarray(first * h * w, (first + count) * h * w);
      new Float32Array(buffer, smallAt, count * h * w).set(small);
      upsample(smallAt, count, masksAt);
    } else {
      for (let i = 0, n = first; i < count; i++, n++) {
        if (h === 1 && w === 1) slab.fill(masks.data[n]!, i * plane, (i + 1) * plane);
        else resample(masks.data, n * h * w, h, w, ys, xs, slab, i * plane, horizontal);
      }
    }
    if (noise) {
      const z = new Float32Array(buffer, zAt, count * size);
      fillNormal(z, noise.seed, noise.stream, (noise.offset ?? 0) + first * size);
    }
    kernel.blend(masksAt, count, plane, C, 0, bAt, one ?? 0, sigmaAt, noise ? zAt : 0, outAt);
    out.set(new Float32Array(buffer, outAt, count * size), first * size);
  }
  return { data: out, shape: [N, C, H, W] };
}
