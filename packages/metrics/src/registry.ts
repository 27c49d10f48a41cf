import { type AttributionMetric, XaiError } from '@xai/core';
import { deletion } from './faithfulness/deletion.js';
import { flipRatio } from './faithfulness/flip-ratio.js';
import { infidelity } from './faithfulness/infidelity.js';
import { inputInvariance } from './axioms/input-invariance.js';
import { insertion } from './faithfulness/insertion.js';
import { localLipschitz } from './robustness/local-lipschitz.js';
import { modelRandomization } from './randomisation/model-randomization.js';
import { pic } from './faithfulness/pic.js';
import { pointingGame } from './localisation/pointing-game.js';
import { regionPerturbation } from './faithfulness/region-perturbation.js';
import { sensitivityMax } from './robustness/sensitivity-max.js';
import { sparseness } from './complexity/sparseness.js';

/** Every metric by name, for the CLI and the docs (listed explicitly, no import side effects). */
// biome-ignore lint/suspicious/noExplicitAny: each metric has its own options type.
export const metrics: ReadonlyArray<AttributionMetric<any>> = [
  insertion,
  deletion,
  infidelity,
  sparseness,
  flipRatio,
  pointingGame,
  regionPerturbation,
  sensitivityMax,
  localLipschitz,
  pic,
  inputInvariance,
  modelRandomization,
];

/** The metric called `name`, or UNKNOWN_METRIC listing the known names. */
// biome-ignore lint/suspicious/noExplicitAny: each metric has its own options type.
export function getMetric(name: string): AttributionMetric<any> {
  const m = metrics.find((x) => x.name === name);
  if (!m) {
    throw new XaiError(
      'UNKNOWN_METRIC',
      `Expected a metric among ${metrics.map((x) => x.name).join(', ')} but received '${name}'.`,
    );
  }
  return m;
}
