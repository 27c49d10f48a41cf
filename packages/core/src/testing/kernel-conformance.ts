/** The list of kernel checks and a runner that returns their failures as data. */
import { jsKernels } from '../js-kernels/index.js';
import type { Kernels } from '../kernels.js';
import { curveAreasCheck } from './check-curves.js';
import { errorsCheck } from './check-errors.js';
import { centralDifferenceCheck, softmaxHvpCheck } from './check-hvp.js';
import { perturbCheck, upsampleCheck } from './check-perturb.js';
import { normalCheck, uniformCheck } from './check-random.js';
import { argsortCheck, rankMasksCheck, topKCheck } from './check-ranking.js';
import type { KernelCheck } from './kernel-check.js';

export const kernelChecks: readonly KernelCheck[] = [
  uniformCheck,
  normalCheck,
  upsampleCheck,
  perturbCheck,
  softmaxHvpCheck,
  centralDifferenceCheck,
  argsortCheck,
  topKCheck,
  rankMasksCheck,
  curveAreasCheck,
  errorsCheck,
];

export interface ConformanceFailure {
  /** The name of the check that failed. */
  readonly check: string;
  readonly message: string;
}

/**
 * Runs every check (or the given ones) on `impl` against `reference` (default `jsKernels`)
 * and returns the failures; an empty array means `impl` conforms.
 */
export async function checkKernelConformance(
  impl: Kernels,
  options: { readonly reference?: Kernels; readonly checks?: readonly KernelCheck[] } = {},
): Promise<ConformanceFailure[]> {
  const reference = options.reference ?? jsKernels;
  const failures: ConformanceFailure[] = [];
  for (const check of options.checks ?? kernelChecks) {
    for (const message of await check.run(impl, reference))
      failures.push({ check: check.name, message });
  }
  return failures;
}
