/** The conformance suite as vitest tests: one test per check, one implementation per call. */
import { afterAll, describe, expect, it } from 'vitest';
import { jsKernels } from '../js-kernels/index.js';
import type { Kernels } from '../kernels.js';
import { kernelChecks } from './kernel-conformance.js';

/**
 * Declares a `describe` block that checks `make()`'s kernels against `jsKernels`: uniform
 * draws bit-identical, normals within 2 ulp, blends within 1 ulp, ranking identical, curve
 * areas within 1e-6 relative, and bad arguments rejected with the reference's XaiError codes.
 * `make` runs once, lazily; `dispose()` is called after the last check.
 */
export function describeKernelConformance(
  name: string,
  make: () => Kernels | Promise<Kernels>,
): void {
  describe(`Kernels conformance: ${name}`, () => {
    let kernels: Promise<Kernels> | undefined;
    const get = () => {
      kernels ??= Promise.resolve().then(make);
      return kernels;
    };
    for (const check of kernelChecks) {
      it(check.name, async () => {
        const failures = await check.run(await get(), jsKernels);
        expect(failures, `${name} departs from jsKernels:\n${failures.join('\n')}`).toEqual([]);
      });
    }
    afterAll(async () => {
      if (kernels) await (await kernels).dispose?.();
    });
  });
}
