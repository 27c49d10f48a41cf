/**
 * Family 1, masked perturbation batches: bilinear mask upsampling and the blend
 * out[n] = b + m_n·(x − b) (+ σ·z). Formulas and rounding: docs/kernels.md, section 1. The
 * loops run on the WebAssembly blend module where it runs (perturb-wasm.ts, upsample-wasm.ts;
 * the same bits), else here.
 */
import { XaiError } from '../errors.js';
import type { PerturbArgs, UpsampleArgs } from '../kernels.js';
import { assertCounterInteger, assertCounterRange, fillNormal } from '../prng.js';
import { assertFinite, type Tensor } from '../tensor.js';
import { loadWasmBlend } from '../wasm/blend-wasm.js';
import { type AxisTaps, axisTaps } from './axis-taps.js';
import { perturbOnWasm } from './perturb-wasm.js';
import { resample } from './resample.js';
import { upsampleOnWasm } from './upsample-wasm.js';
import {
  type CheckOptions,
  expectFiniteTensor,
  expectInteger,
  expectMasks,
  expectNumber,
  expectSameShape,
  expectTensor,
  expectValuesIn,
} from './validate.js';

function checkAlignCorners(value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected undefined or a boolean for alignCorners but received ${typeof value}.`,
    );
  }
}

export function checkUpsampleArgs(args: UpsampleArgs, options: CheckOptions = {}): void {
  expectMasks(args.masks, options.values !== false);
  checkAlignCorners(args.alignCorners);
  expectInteger(args.height, 'the output height', 1, Number.MAX_SAFE_INTEGER);
  expectInteger(args.width, 'the output width', 1, Number.MAX_SAFE_INTEGER);
}

export async function upsample(args: UpsampleArgs): Promise<Tensor> {
  checkUpsampleArgs(args);
  const { masks, height: H, width: W } = args;
  const [N, h, w] = masks.shape as [number, number, number];
  const ys = axisTaps(h, H, args.alignCorners);
  const xs = axisTaps(w, W, args.alignCorners);
  const wasm = h <= H ? loadWasmBlend() : undefined;
  const onWasm = wasm && upsampleOnWasm(masks, ys, xs, wasm);
  if (onWasm) return onWasm;
  const out = new Float32Array(N * H * W);
  const rows = new Float64Array(h <= H ? h * W : 0); // the horizontal pass of `resample`
  for (let n = 0; n < N; n++) resample(masks.data, n * h * w, h, w, ys, xs, out, n * H * W, rows);
  return { data: out, shape: [N, H, W] };
}

export function checkPerturbArgs(args: PerturbArgs, options: CheckOptions = {}): void {
  checkPerturbParts(args, options.values !== false, options.values !== false);
}

/** `checkPerturbArgs`, with the scan of the masks' values on its own switch. */
function checkPerturbParts(args: PerturbArgs, scan: boolean, scanMasks: boolean): void {
  const { x, baseline, noise } = args;
  expectFiniteTensor(x, 'the input x', [3], 'one sample of shape [C, H, W]', scan);
  if (typeof baseline === 'number') {
    if (!Number.isFinite(baseline)) {
      throw new XaiError(
        'NON_FINITE_INPUT',
        `Expected a finite number for the baseline but received ${baseline}.`,
      );
    }
  } else {
    expectTensor(baseline, 'the baseline');
    expectSameShape(x.shape, baseline.shape, 'the input x', 'the baseline');
    if (scan) assertFinite(baseline, 'the baseline');
  }
  const { N } = expectMasks(args.masks, scanMasks);
  checkAlignCorners(args.alignCorners);
  if (noise === undefined) return;
  const size = x.data.length;
  if (noise.sigma instanceof Float32Array) {
    if (noise.sigma.length !== size) {
      throw new XaiError(
        'SHAPE_MISMATCH',
        `Expected ${size} values (one per element of the sample) for the noise sigma but received ${noise.sigma.length}.`,
      );
    }
    if (scan) {
      assertFinite({ data: noise.sigma, shape: [size] }, 'the noise sigma');
      expectValuesIn(noise.sigma, 0, Number.POSITIVE_INFINITY, 'the noise sigma');
    }
  } else {
    expectNumber(noise.sigma, 'the noise sigma', 0, false);
  }
  assertCounterInteger(noise.seed, 'the noise seed');
  assertCounterInteger(noise.stream, 'the noise stream');
  assertCounterRange(noise.offset ?? 0, N * size, 'the noise draws');
}

export async function perturb(args: PerturbArgs): Promise<Tensor> {
  const wasm = loadWasmBlend();
  // The WebAssembly path scans full-size masks itself, in the pass that copies them.
  const scannedThere = wasm !== undefined && fullSizeMasks(args);
  checkPerturbParts(args, true, !scannedThere);
  const onWasm = wasm && perturbOnWasm(args, wasm);
  if (onWasm) return onWasm;
  if (scannedThere) expectMasks(args.masks, true); // too large for the kernel's memory: here
  const { x, baseline, masks, noise } = args;
  const [C, H, W] = x.shape as [number, number, number];
  const [N, h, w] = masks.shape as [number, number, number];
  const plane = H * W;
  const size = C * plane;
  const ys = axisTaps(h, H, args.alignCorners);
  const xs = axisTaps(w, W, args.alignCorners);
  const mask = new Float32Array(plane); // rounded to float32, exactly as `upsample` returns it
  const rows = new Float64Array(h <= H ? h * W : 0); // the horizontal pass of `resample`
  // b and x − b per element, in float64 as the blend computes them; a scalar baseline repeated.
  const b = new Float64Array(size);
  const d = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    const bv = typeof baseline === 'number' ? Math.fround(baseline) : baseline.data[j]!;
    b[j] = bv;
    d[j] = x.data[j]! - bv;
  }
  const z = noise ? new Float32Array(size) : undefined;
  const sigma = noise ? new Float64Array(size) : undefined;
  if (noise && sigma) {
    if (typeof noise.sigma === 'number') sigma.fill(Math.fround(noise.sigma));
    else sigma.set(noise.sigma);
  }
  const out = new Float32Array(N * size);
  // Full-size masks are read in place unless they hold a −0 (see resampleMask).
  const negativeZeros =
    h === H && w === W ? negativeZeroPlanes(masks.data, N, plane) : new Uint8Array(N);
  // One baseline value (RISE's and occlusion's rows): it is used as a scalar below.
  const scalarBaseline = typeof baseline === 'number' ? Math.fround(baseline) : undefined;
  // SmoothGrad's rows (a 1×1 mask, one sigma): the same sums with the two factors as scalars.
  const scalarSigma = typeof noise?.sigma === 'number' ? Math.fround(noise.sigma) : undefined;
  for (let n = 0; n < N; n++) {
    const base = n * size;
    if (z && noise && scalarSigma !== undefined && h === 1 && w === 1) {
      fillNormal(z, noise.seed, noise.stream, (noise.offset ?? 0) + n * size);
      const m = masks.data[n]!;
      for (let j = 0; j < size; j++) out[base + j] = b[j]! + m * d[j]! + scalarSigma * z[j]!;
      continue;
    }
    const from = n * h * w;
    const m = resampleMask(masks.data, from, h, w, ys, xs, mask, rows, negativeZeros[n] === 1);
    const at = m === mask ? 0 : from;
    // In float64, rounded once at the store. b + m·(x − b) rather than m·x + (1 − m)·b so
    // that m = 0 gives b exactly.
    if (z && sigma && noise) {
      fillNormal(z, noise.seed, noise.stream, (noise.offset ?? 0) + n * size);
      for (let c = 0, j = 0; c < C; c++) {
        for (let p = 0; p < plane; p++, j++)
          out[base + j] = b[j]! + m[at + p]! * d[j]! + sigma[j]! * z[j]!;
      }
    } else if (scalarBaseline !== undefined) {
      // RISE's and occlusion's rows (one baseline value): the same sums, one load fewer.
      for (let c = 0, j = 0; c < C; c++) {
        for (let p = 0; p < plane; p++, j++) out[base + j] = scalarBaseline + m[at + p]! * d[j]!;
      }
    } else {
      for (let c = 0, j = 0; c < C; c++) {
        for (let p = 0; p < plane; p++, j++) out[base + j] = b[j]! + m[at + p]! * d[j]!;
      }
    }
  }
  return { data: out, shape: [N, C, H, W] };
}

/**
 * `resample` of mask n into `mask`, with two shortcuts that give the same float32 values: a
 * 1×1 mask is its value everywhere (every tap reads it, the weights sum to 1 within float64
 * rounding, which rounds back to it in float32), and a mask already at the output size is
 * itself (its taps have weight 1 on the pixel and 0 on a neighbour), save a −0, whose sign the
 * neighbour's zero-weighted term can flip, so it takes the full formula. A full-size mask is
 * read where it lies (no copy: the copy, with its −0 test per value, was 40% of occlusion's
 * batches). Returns the array to read mask n from: `src` from `offset`, or `mask` from 0.
 */
function resampleMask(
  src: Float32Array,
  offset: number,
  h: number,
  w: number,
  ys: AxisTaps,
  xs: AxisTaps,
  mask: Float32Array,
  rows: Float64Array,
  hasNegativeZero: boolean,
): Float32Array {
  const H = ys.lo.length;
  const W = xs.lo.length;
  if (h === 1 && w === 1) {
    mask.fill(src[offset]!);
  } else if (h === H && w === W && !hasNegativeZero) {
    return src; // read in place, from `offset`
  } else {
    resample(src, offset, h, w, ys, xs, mask, 0, rows);
  }
  return mask;
}

/** Whether each of `planes` masks of `plane` values holds a −0: one native scan of the bits. */
function negativeZeroPlanes(data: Float32Array, planes: number, plane: number): Uint8Array {
  const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
  const found = new Uint8Array(planes);
  for (let i = bits.indexOf(0x80000000); i !== -1; ) {
    const n = Math.floor(i / plane);
    found[n] = 1;
    i = bits.indexOf(0x80000000, (n + 1) * plane);
  }
  return found;
}

/** Whether the masks are [N, H, W] at x's [C, H, W] (before the checks: a guess they settle). */
function fullSizeMasks({ x, masks }: PerturbArgs): boolean {
  const xs = x?.shape;
  const ms = masks?.shape;
  return (
    Array.isArray(xs) && Array.isArray(ms) && ms.length === 3 && ms[1] === xs[1] && ms[2] === xs[2]
  );
}
