/**
 * Where a path starts: `zeros`, `black`, `white`, `blur`, `uniform`, a number or a tensor,
 * resolved per sample.
 */
import { formatShape, gaussianBlur, type Kernels, type Tensor, XaiError } from '@xai/core';
import { elementBounds, type Normalization, pixelThroughNormalization } from './bounds.js';
import { sampleOf } from './path-points.js';

/**
 * Where a path starts. `'zeros'`: zero in model-input space; `'black'` and `'white'`:
 * pixel 0 and 1 passed through `normalization` (0 and 1 without one); `'blur'`: the image
 * blurred with I-GOS's kernel (11 taps, sigma 5) over its last two axes; `'uniform'`: a
 * seeded uniform draw between the data bounds of `elementBounds`; a number; or a tensor
 * shaped like one sample or like the whole batch.
 */
export type BaselineSpec = 'zeros' | 'black' | 'white' | 'blur' | 'uniform' | number | Tensor;

/** The stream of the `'uniform'` baseline's draws (offset: sample index x sample size). */
export const UNIFORM_BASELINE_STREAM = 0x4947; // 'IG'

/** The baseline of sample `b` of `x`, shaped like one sample (or one number). */
export async function resolveBaseline(
  x: Tensor,
  b: number,
  spec: BaselineSpec,
  context: { normalization?: Normalization; kernels: Kernels; seed: number },
): Promise<Tensor | number> {
  const sample = sampleOf(x, b);
  const D = sample.data.length;
  const shape = sample.shape;
  if (typeof spec === 'number') {
    if (!Number.isFinite(spec)) {
      throw new XaiError(
        'NON_FINITE_INPUT',
        `Expected a finite baseline value but received ${spec}.`,
      );
    }
    return spec;
  }
  if (typeof spec === 'object') {
    if (spec.data.length === D) return { data: spec.data, shape };
    if (spec.data.length === x.data.length) return { data: sampleOf(spec, b).data, shape };
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
        data: pixelThroughNormalization(x, spec === 'black' ? 0 : 1, context.normalization),
        shape,
      };
    case 'blur':
      if (shape.length < 2) {
        throw new XaiError(
          'SHAPE_MISMATCH',
          `Expected samples [..., H, W] for the 'blur' baseline but received ${formatShape(shape)}.`,
        );
      }
      return gaussianBlur({ data: sample.data, shape }, 11, 5);
    case 'uniform': {
      const { lo, hi } = elementBounds(x, b, undefined, context.normalization);
      const u = await context.kernels.random({
        distribution: 'uniform',
        shape: [D],
        seed: context.seed,
        stream: UNIFORM_BASELINE_STREAM,
        offset: b * D,
      });
      const data = new Float32Array(D);
      for (let i = 0; i < D; i++) data[i] = lo[i]! + u.data[i]! * (hi[i]! - lo[i]!);
      return { data, shape };
    }
    default:
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected a baseline among 'zeros', 'black', 'white', 'blur', 'uniform', a number or a tensor but received '${String(spec)}'.`,
      );
  }
}

/** The baseline of every sample of `x` (see `resolveBaseline`), in batch order. */
export async function resolveBaselines(
  x: Tensor,
  spec: BaselineSpec,
  context: { normalization?: Normalization; kernels: Kernels; seed: number },
): Promise<Array<Tensor | number>> {
  const out: Array<Tensor | number> = [];
  for (let b = 0; b < (x.shape[0] ?? 1); b++) out.push(await resolveBaseline(x, b, spec, context));
  return out;
}
