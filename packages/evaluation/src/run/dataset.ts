import type { Tensor } from '@xai/core';
import type { PlannedUnit } from './plan.js';

/** The set a set-level metric compares with: every sample of the evaluation and its class. */
export interface EvaluationDataset {
  readonly x: Tensor;
  readonly targets: Int32Array;
}

/**
 * The evaluation's samples with their targets, when one of its metrics compares samples
 * (`usesDataset`); undefined otherwise, so the others never see a set.
 */
export function datasetOf(
  units: readonly PlannedUnit[],
  inputs: Tensor,
): EvaluationDataset | undefined {
  if (!units.some((u) => u.results.some((r) => r.metric.usesDataset))) return undefined;
  const targets = new Int32Array(inputs.shape[0] ?? 0);
  for (const u of units) targets[u.sample] = u.target;
  return { x: inputs, targets };
}
