import { type AttributionMetric, didYouMean, XaiError } from '@xai/core';
import { deletion } from './deletion.js';
import { flipRatio } from './flip-ratio.js';
import { infidelity } from './infidelity.js';
import { inputInvariance } from './input-invariance.js';
import { insertion } from './insertion.js';
import { localLipschitz } from './local-lipschitz.js';
import { modelRandomization } from './model-randomization.js';
import { pic } from './pic.js';
import { pointingGame } from './pointing-game.js';
import { regionPerturbation } from './region-perturbation.js';
import { sensitivityMax } from './sensitivity-max.js';
import { sparseness } from './sparseness.js';

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
      `Expected a metric among ${metrics.map((x) => x.name).join(', ')} but received '${name}'.${didYouMean(
        name,
        metrics.map((x) => x.name),
      )}`,
    );
  }
  return m;
}
