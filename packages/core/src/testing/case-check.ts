import type { Kernels } from '../kernels.js';
import { attempt } from './compare.js';
import type { KernelCheck } from './kernel-check.js';

/** A check made of cases: each is run on the reference, then on the implementation and compared. */
export interface CaseCheckSpec<Case, Expected> {
  readonly name: string;
  /** The cases, or a function that makes them with the reference (orders it ranked, say). */
  readonly cases: readonly Case[] | ((reference: Kernels) => Promise<readonly Case[]>);
  readonly label: (c: Case) => string;
  /** The reference's answer (and what the comparison needs from it); a throw here fails the run. */
  readonly expect: (reference: Kernels, c: Case) => Promise<Expected>;
  /** Ways the implementation's answer departs from `expected`; a rejection becomes one failure. */
  readonly compare: (
    impl: Kernels,
    c: Case,
    expected: Expected,
    label: string,
  ) => Promise<string[]>;
}

/** The `KernelCheck` that runs every case of `spec`, collecting each case's failures in order. */
export function caseCheck<Case, Expected>(spec: CaseCheckSpec<Case, Expected>): KernelCheck {
  return {
    name: spec.name,
    async run(impl: Kernels, reference: Kernels) {
      const cases = typeof spec.cases === 'function' ? await spec.cases(reference) : spec.cases;
      const failures: string[] = [];
      for (const c of cases) {
        const label = spec.label(c);
        const expected = await spec.expect(reference, c);
        failures.push(...(await attempt(label, () => spec.compare(impl, c, expected, label))));
      }
      return failures;
    },
  };
}
