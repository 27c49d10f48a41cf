import { type Baseline, type InputDomain, resolveBaseline, type Tensor } from '@xai/core';

/** Sample `b` of an NCHW batch as a `[C, H, W]` tensor (a view, not a copy). */
export function sampleOf(x: Tensor, b: number): Tensor {
  const [, C, H, W] = x.shape as [number, number, number, number];
  const D = C * H * W;
  return { data: x.data.subarray(b * D, (b + 1) * D), shape: [C, H, W] };
}

/** The baseline of sample `b` (see core's `Baseline`); 'black' is black in `domain`. */
export function sampleBaseline(
  x: Tensor,
  b: number,
  spec: Baseline,
  domain?: InputDomain,
): Tensor | number {
  return resolveBaseline(x, b, spec, { domain });
}
