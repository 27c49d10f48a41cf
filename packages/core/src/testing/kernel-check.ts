import type { Kernels } from '../kernels.js';

/** One conformance check: a plain async function, so a test can run it on a broken kernel. */
export interface KernelCheck {
  readonly name: string;
  /** Messages describing each way `impl` departs from `reference`; empty when it conforms. */
  run(impl: Kernels, reference: Kernels): Promise<string[]>;
}
