import { gaussianBlur } from '../blur.js';
import type { InputDomain } from '../domain.js';
import { XaiError } from '../errors.js';
import { fillUniform } from '../prng.js';
import { formatShape, type Tensor } from '../tensor.js';
import { type Baseline, baselineNames, UNIFORM_BASELINE_STREAM } from './baseline.js';
import { pixelThroughDomain } from './pixel-values.js';

export interface BaselineContext {
  /** How pixels became model units: where 'black', 'white' and 'uniform' lie. */
  readonly domain?: InputDomain | undefined;
  /** Seed of the 'uniform' draws (default 0). */
  readonly seed?: number | undefined;
}

/**
 * The baseline of sample `b` of the batch `x` `[B, C, ...]`, shaped like one sample (or
 * one number, which stands for every element). Same seed, same 'uniform' draws, on every
 * backend: they come from the counter-based generator (stream `UNIFORM_BASELINE_STREAM`,
 * offset `b * D`), as the kernels' `random` draws them.
 */
export function resolveBaseline(
  x: Tensor,
  b: number,
  spec: Baseline,
  context: BaselineContext = {},
): Tensor | number {
  const B = x.shape[0] ?? 1;
  const D = x.data.length / Math.max(1, B);
  const shape = x.shape.slice(1);
  const sample = x.data.subarray(b * D, (b + 1) * D);
  const C = shape.length >= 1 ? shape[0]! : 1;
  const plane = C === 0 ? 0 : D / C;
  if (typeof spec === 'number') {
    if (!Number.isFinite(spec)) {
      throw new XaiError(
        'NON_FINITE_INPUT',
        `Expected a finite baseline value but received ${spec}; pass a finite number or a named baseline.`,
      );
    }
    return spec;
  }
  if (typeof spec === 'object' && spec !== null) {
    if (spec.data.length === D) return { data: spec.data, shape };
    if (spec.data.length === x.data.length) {
      return { data: spec.data.subarray(b * D, (b + 1) * D), shape };
    }
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected a baseline tensor of shape ${formatShape(shape)} (one sample) or ${formatShape(x.shape)} (the batch) but received ${formatShape(spec.shape)}.`,
    );
  }
  switch (spec) {
    case 'zeros':
      return 0;
    case 'black':
    case 'white':
      return {
        data: pixelThroughDomain(C, plane, spec === 'black' ? 0 : 1, context.domain),
        shape,
      };
    case 'mean': {
      const data = new Float32Array(D);
      for (let c = 0; c < C; c++) {
        let s = 0;
        for (let i = 0; i < plane; i++) s += sample[c * plane + i]!;
        data.fill(s / plane, c * plane, (c + 1) * plane);
      }
      return { data, shape };
    }
    case 'min': {
      let m = Number.POSITIVE_INFINITY;
      for (const v of sample) m = Math.min(m, v);
      return m;
    }
    case 'blur':
      if (shape.length < 2) {
        throw new XaiError(
          'SHAPE_MISMATCH',
          `Expected samples [..., H, W] for the 'blur' baseline but received ${formatShape(shape)}.`,
        );
      }
      return gaussianBlur({ data: sample, shape }, 11, 5);
    case 'uniform': {
      const [lo, hi] = uniformBounds(sample, C, plane, context.domain);
      const u = fillUniform(new Float32Array(D), context.seed ?? 0, UNIFORM_BASELINE_STREAM, b * D);
      const data = new Float32Array(D);
      for (let i = 0; i < D; i++) data[i] = lo[i]! + u[i]! * (hi[i]! - lo[i]!);
      return { data, shape };
    }
    default:
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected a baseline among ${baselineNames.map((n) => `'${n}'`).join(', ')}, a number or a tensor but received '${String(spec)}'.`,
      );
  }
}

/** The baseline of every sample of `x` (see `resolveBaseline`), in batch order. */
export function resolveBaselines(
  x: Tensor,
  spec: Baseline,
  context: BaselineContext = {},
): Array<Tensor | number> {
  return Array.from({ length: x.shape[0] ?? 1 }, (_, b) => resolveBaseline(x, b, spec, context));
}

/** Pixel 0 and 1 through the domain per element; without one the sample's own range. */
function uniformBounds(
  sample: Float32Array,
  C: number,
  plane: number,
  domain: InputDomain | undefined,
): [ArrayLike<number>, ArrayLike<number>] {
  if (domain)
    return [pixelThroughDomain(C, plane, 0, domain), pixelThroughDomain(C, plane, 1, domain)];
  let l = Number.POSITIVE_INFINITY;
  let h = Number.NEGATIVE_INFINITY;
  for (const v of sample) {
    if (v < l) l = v;
    if (v > h) h = v;
  }
  const D = sample.length;
  return [new Float32Array(D).fill(l), new Float32Array(D).fill(h)];
}
