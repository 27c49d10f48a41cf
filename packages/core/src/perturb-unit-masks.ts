/**
 * A perturbation batch for masks the caller built in [0, 1] (RISE's, occlusion's windows,
 * insertion's and deletion's steps), marked finite so the model's input check skips its scan
 * of every row (7% of RISE on the fixture MLP, docs/benchmarks/compare-captum.md). Why it is
 * finite: perturb rejects a non-finite x, baseline or mask, its resampling keeps masks in
 * [0, 1], and `b + m·(x − b)` with m in [0, 1] lies between b and x before its one rounding,
 * so every value is finite once the baseline is a finite float32 (1e300 is a finite number but
 * not a finite float32: such a batch is left to the check).
 */
import { markFinite } from './finite-mark.js';
import type { Kernels, PerturbArgs } from './kernels.js';
import type { Tensor } from './tensor.js';

export async function perturbUnitMasks(
  kernels: Kernels,
  args: Omit<PerturbArgs, 'noise'>,
): Promise<Tensor> {
  const batch = await kernels.perturb(args);
  const { baseline } = args;
  if (typeof baseline !== 'number' || Number.isFinite(Math.fround(baseline))) {
    markFinite(batch.data);
  }
  return batch;
}
