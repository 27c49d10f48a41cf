/** The `random` kernel: counter-based draws from prng.ts, shaped as a tensor. */
import { XaiError } from '../errors.js';
import type { RandomArgs } from '../kernels.js';
import { assertCounterInteger, assertCounterRange, fillNormal, fillUniform } from '../prng.js';
import { sizeOf, type Tensor } from '../tensor.js';
import { expectNonEmpty } from './validate.js';

export function checkRandomArgs(args: RandomArgs): void {
  const { distribution, shape } = args;
  if (distribution !== 'uniform' && distribution !== 'normal') {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected 'uniform' or 'normal' for the distribution but received ${String(distribution)}.`,
    );
  }
  const ok = Array.isArray(shape) && shape.every((d) => Number.isSafeInteger(d) && d >= 0);
  if (!ok) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected an array of non-negative integers for the shape of the draws but received ${String(shape)}.`,
    );
  }
  expectNonEmpty(shape, 'the draws');
  assertCounterInteger(args.seed, 'the seed');
  assertCounterInteger(args.stream, 'the stream');
  assertCounterRange(args.offset ?? 0, sizeOf(shape), 'the draws');
}

export async function random(args: RandomArgs): Promise<Tensor> {
  checkRandomArgs(args);
  const out = new Float32Array(sizeOf(args.shape));
  const fill = args.distribution === 'uniform' ? fillUniform : fillNormal;
  fill(out, args.seed, args.stream, args.offset ?? 0);
  return { data: out, shape: [...args.shape] };
}
