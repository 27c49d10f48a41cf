/**
 * Family 1, masked perturbation batches: bilinear mask upsampling and the blend
 * out[n] = b + m_n·(x − b) (+ σ·z). Formulas and rounding: docs/kernels.md, section 1.
 */
import { XaiError } from '../errors.js';
import type { PerturbArgs, UpsampleArgs } from '../kernels.js';
import { assertCounterInteger, assertCounterRange, fillNormal } from '../prng.js';
import { assertFinite, type Tensor } from '../tensor.js';
import { type AxisTaps, axisTaps } from './axis-taps.js';
import {
  type CheckOptions,
  expectFiniteTensor,
  expectInteger,
  expectNumber,
  expectSameShape,
  expectTensor,
  expectValuesIn,
} from './validate.js';

/** Resamples one h×w mask at `src[srcOffset]` into the H×W buffer at `dst[dstOffset]`. */
function resample(
  src: Float32Array,
  srcOffset: number,
  w: number,
  ys: AxisTaps,
  xs: AxisTaps,
  dst: Float32Array,
  dstOffset: number,
): void {
  const H = ys.lo.length;
  const W = xs.lo.length;
  for (let y = 0; y < H; y++) {
    const row0 = srcOffset + ys.lo[y]! * w;
    const row1 = srcOffset + ys.hi[y]! * w;
    const ly = ys.frac[y]!;
    const ly0 = ys.oneMinusFrac[y]!;
    const out = dstOffset + y * W;
    for (let x = 0; x < W; x++) {
      const x0 = xs.lo[x]!;
      const x1 = xs.hi[x]!;
      const lx = xs.frac[x]!;
      const lx0 = xs.oneMinusFrac[x]!;
      const top = lx0 * src[row0 + x0]! + lx * src[row0 + x1]!;
      const bottom = lx0 * src[row1 + x0]! + lx * src[row1 + x1]!;
      dst[out + x] = ly0 * top + ly * bottom;
    }
  }
}

function checkMasks(masks: Tensor, scan: boolean): { N: number; h: number; w: number } {
  expectFiniteTensor(masks, 'the masks', [3], 'shape [N, h, w]', scan);
  const [N, h, w] = masks.shape as [number, number, number];
  return { N, h, w };
}

function checkAlignCorners(value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected undefined or a boolean for alignCorners but received ${typeof value}.`,
    );
  }
}

export function checkUpsampleArgs(args: UpsampleArgs, options: CheckOptions = {}): void {
  checkMasks(args.masks, options.values !== false);
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
  const out = new Float32Array(N * H * W);
  for (let n = 0; n < N; n++) resample(masks.data, n * h * w, w, ys, xs, out, n * H * W);
  return { data: out, shape: [N, H, W] };
}

export function checkPerturbArgs(args: PerturbArgs, options: CheckOptions = {}): void {
  const { x, baseline, noise } = args;
  const scan = options.values !== false;
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
  const { N } = checkMasks(args.masks, scan);
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
  checkPerturbArgs(args);
  const { x, baseline, masks, noise } = args;
  const [C, H, W] = x.shape as [number, number, number];
  const [N, h, w] = masks.shape as [number, number, number];
  const plane = H * W;
  const size = C * plane;
  const ys = axisTaps(h, H, args.alignCorners);
  const xs = axisTaps(w, W, args.alignCorners);
  const mask = new Float32Array(plane); // rounded to float32, exactly as `upsample` returns it
  const z = noise ? new Float32Array(size) : undefined;
  const sigmaScalar = noise && typeof noise.sigma === 'number' ? Math.fround(noise.sigma) : 0;
  const sigmaArray = noise && typeof noise.sigma !== 'number' ? noise.sigma : undefined;
  const baselineScalar = typeof baseline === 'number' ? Math.fround(baseline) : 0;
  const baselineArray = typeof baseline === 'number' ? undefined : baseline.data;
  const out = new Float32Array(N * size);

  for (let n = 0; n < N; n++) {
    resample(masks.data, n * h * w, w, ys, xs, mask, 0);
    if (noise && z) fillNormal(z, noise.seed, noise.stream, (noise.offset ?? 0) + n * size);
    const base = n * size;
    for (let c = 0; c < C; c++) {
      const channel = c * plane;
      for (let p = 0; p < plane; p++) {
        const j = channel + p;
        const xv = x.data[j]!;
        const bv = baselineArray ? baselineArray[j]! : baselineScalar;
        // In float64, rounded once at the store. b + m·(x − b) rather than m·x + (1 − m)·b so
        // that m = 0 gives b exactly.
        let v = bv + mask[p]! * (xv - bv);
        if (z) v += (sigmaArray ? sigmaArray[j]! : sigmaScalar) * z[j]!;
        out[base + j] = v;
      }
    }
  }
  return { data: out, shape: [N, C, H, W] };
}
