import type { InputDomain, Tensor } from '@xai/core';
import { type BaselineSpec, resolveBaseline } from './baseline.js';

/** Sample `b` of an NCHW batch as a `[C, H, W]` tensor (a view, not a copy). */
export function sampleOf(x: Tensor, b: number): Tensor {
  const [, C, H, W] = x.shape as [number, number, number, number];
  const D = C * H * W;
  return { data: x.data.subarray(b * D, (b + 1) * D), shape: [C, H, W] };
}

/** The baseline of sample `b` (see `BaselineSpec`); 'black' is black in `domain`. */
export function sampleBaseline(
  x: Tensor,
  b: number,
  spec: BaselineSpec,
  domain?: InputDomain,
): Tensor | number {
  return resolveBaseline(sampleOf(x, b), spec, domain);
}
