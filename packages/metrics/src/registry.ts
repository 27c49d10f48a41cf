import { type AttributionMetric, findByName } from '@xai/core';
import { completeness } from './axioms/completeness.js';
import { inputInvariance } from './axioms/input-invariance.js';
import { nonSensitivity } from './axioms/non-sensitivity.js';
import { complexity } from './complexity/complexity.js';
import { effectiveComplexity } from './complexity/effective-complexity.js';
import { sparseness } from './complexity/sparseness.js';
import { deletion } from './faithfulness/deletion.js';
import { faithfulnessCorrelation } from './faithfulness/faithfulness-correlation.js';
import { faithfulnessEstimate } from './faithfulness/faithfulness-estimate.js';
import { flipRatio } from './faithfulness/flip-ratio.js';
import { infidelity } from './faithfulness/infidelity.js';
import { insertion } from './faithfulness/insertion.js';
import { irof } from './faithfulness/irof.js';
import { monotonicity } from './faithfulness/monotonicity.js';
import { monotonicityCorrelation } from './faithfulness/monotonicity-correlation.js';
import { pic } from './faithfulness/pic.js';
import { regionPerturbation } from './faithfulness/region-perturbation.js';
import { roadLerf, roadMorf } from './faithfulness/road.js';
import { selectivity } from './faithfulness/selectivity.js';
import { sensitivityN } from './faithfulness/sensitivity-n.js';
import { sufficiency } from './faithfulness/sufficiency.js';
import { attributionLocalisation } from './localisation/attribution-localisation.js';
import { auc } from './localisation/auc.js';
import { focus } from './localisation/focus.js';
import { pointingGame } from './localisation/pointing-game.js';
import { relevanceMassAccuracy } from './localisation/relevance-mass-accuracy.js';
import { relevanceRankAccuracy } from './localisation/relevance-rank-accuracy.js';
import { topKIntersection } from './localisation/top-k-intersection.js';
import { efficientMprt } from './randomisation/efficient-mprt.js';
import { modelRandomization } from './randomisation/model-randomization.js';
import { randomLogit } from './randomisation/random-logit.js';
import { smoothMprt } from './randomisation/smooth-mprt.js';
import { averageSensitivity } from './robustness/average-sensitivity.js';
import { consistency } from './robustness/consistency.js';
import { continuity } from './robustness/continuity.js';
import { localLipschitz } from './robustness/local-lipschitz.js';
import { relativeInputStability } from './robustness/relative-input-stability.js';
import { relativeOutputStability } from './robustness/relative-output-stability.js';
import { relativeRepresentationStability } from './robustness/relative-representation-stability.js';
import { sensitivityMax } from './robustness/sensitivity-max.js';

/**
 * Every metric by name, for the CLI and the docs (listed explicitly, no import side
 * effects): the first twelve in their historical order, then the catalogue by family.
 */
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
  faithfulnessCorrelation,
  faithfulnessEstimate,
  irof,
  monotonicity,
  monotonicityCorrelation,
  roadMorf,
  roadLerf,
  selectivity,
  sensitivityN,
  sufficiency,
  averageSensitivity,
  consistency,
  continuity,
  relativeInputStability,
  relativeOutputStability,
  relativeRepresentationStability,
  attributionLocalisation,
  auc,
  focus,
  relevanceMassAccuracy,
  relevanceRankAccuracy,
  topKIntersection,
  randomLogit,
  efficientMprt,
  smoothMprt,
  complexity,
  effectiveComplexity,
  completeness,
  nonSensitivity,
];

/** The metric called `name`, or UNKNOWN_METRIC listing the known names. */
// biome-ignore lint/suspicious/noExplicitAny: each metric has its own options type.
export function getMetric(name: string): AttributionMetric<any> {
  return findByName(metrics, name, 'a metric', 'UNKNOWN_METRIC');
}
