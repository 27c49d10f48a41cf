export { canonicalJson } from './identity/canonical-json.js';
export {
  type ExplanationParts,
  explanationIdentity,
  resultIdentity,
  tensorHash,
} from './identity/identity.js';
export { sha256Hex } from './identity/sha256.js';
export { decodeRecord, encodeRecord, type ResultRecord } from './record.js';
export { resolvedOptionsOf } from './resolved-options.js';
export { computeUnit, type UnitContext } from './run/compute-unit.js';
export { datasetOf, type EvaluationDataset } from './run/dataset.js';
export { type EvaluateOptions, type EvaluationResult, evaluate } from './run/evaluate.js';
export {
  type AnyMethod,
  type AnyMetric,
  type MethodSpec,
  type MetricSpec,
  type PlanInput,
  type PlannedResult,
  type PlannedUnit,
  planEvaluation,
} from './run/plan.js';
export { memoryStore } from './store/memory-store.js';
export type { ResultStore } from './store/result-store.js';
export { type ResultTable, type SummaryCell, summarizeResults } from './table.js';
export { evaluationVersion } from './version.js';
