import {
  type Classifier,
  checkTargets,
  type InputDomain,
  isDifferentiable,
  resolveTargets,
  type Tensor,
  XaiError,
} from '@xai/core';
import { evaluationVersion } from '../version.js';
import {
  type AnyMethod,
  type AnyMetric,
  type MethodSpec,
  type MetricSpec,
  methodSpec,
  type PlannedUnit,
  planEvaluation,
} from './plan.js';

/** What every runner (in process, on a queue) is given to plan an evaluation. */
export interface PlanOptions {
  /** sha-256 (hex) of the model's bytes: `hashFile` of `@xai/evaluation/node`, or `sha256Hex`. */
  readonly modelHash: string;
  /** The samples [N, ...], after preprocessing (in model units). */
  readonly inputs: Tensor;
  /** The class of each sample, or `'predicted'` (the model's top class; needs `model`). */
  readonly targets: readonly number[] | 'predicted';
  readonly methods: ReadonlyArray<AnyMethod | MethodSpec>;
  readonly metrics: ReadonlyArray<AnyMetric | MetricSpec>;
  /** Seed of every random draw (default 0). */
  readonly seed?: number;
  /** A name per sample for the records (default `#i`). */
  readonly sources?: readonly string[];
  /**
   * Versions of the packages that compute the results, part of every identity (default
   * this package's; `installedVersions()` of `@xai/evaluation/node` reads all of them).
   */
  readonly versions?: Readonly<Record<string, string>>;
  /** The input domain of `inputs` (how pixels became model units), for every method and metric. */
  readonly domain?: InputDomain;
}

/** Checks the model can run the methods, resolves the targets and plans the evaluation. */
export async function prepareUnits(
  o: PlanOptions,
  model: Classifier | undefined,
): Promise<PlannedUnit[]> {
  const n = o.inputs.shape[0] ?? 0;
  if (model) {
    for (const { method } of o.methods.map(methodSpec)) {
      if (method.requires !== 'forward' && !isDifferentiable(model)) {
        throw new XaiError(
          'NOT_SUPPORTED',
          `Expected a differentiable model for '${method.name}' (it needs gradients) but this model can only run forward.`,
        );
      }
    }
  }
  let targets: Int32Array;
  if (o.targets === 'predicted') {
    if (!model) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        "Expected a model to resolve targets 'predicted' but received none; give the labels.",
      );
    }
    targets = await resolveTargets(model, o.inputs, 'predicted');
  } else {
    targets = checkTargets([...o.targets], n, model?.numClasses ?? Number.MAX_SAFE_INTEGER);
  }
  return planEvaluation({
    modelHash: o.modelHash,
    inputs: o.inputs,
    targets: Array.from(targets),
    methods: o.methods,
    metrics: o.metrics,
    seed: o.seed ?? 0,
    versions: o.versions ?? { '@xai/evaluation': evaluationVersion },
    ...(o.sources ? { sources: o.sources } : {}),
    ...(o.domain ? { domain: o.domain } : {}),
  });
}
