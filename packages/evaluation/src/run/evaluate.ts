import {
  type Classifier,
  isDifferentiable,
  type Kernels,
  type OnProgress,
  resolveTargets,
  sliceBatch,
  type Tensor,
  throwIfAborted,
  XaiError,
} from '@xai/core';
import type { ResultRecord } from '../record.js';
import { memoryStore } from '../store/memory-store.js';
import type { ResultStore } from '../store/result-store.js';
import { type ResultTable, summarizeResults } from '../table.js';
import { evaluationVersion } from '../version.js';
import { computeUnit } from './compute-unit.js';
import {
  type AnyMethod,
  type AnyMetric,
  type MethodSpec,
  type MetricSpec,
  methodSpec,
  metricSpec,
  planEvaluation,
} from './plan.js';

export interface EvaluateOptions {
  readonly model: Classifier;
  /** sha-256 (hex) of the model's bytes: `hashFile` of `@xai/evaluation/node`, or `sha256Hex`. */
  readonly modelHash: string;
  /** The samples [N, ...], after preprocessing (in model units). */
  readonly inputs: Tensor;
  /** The class of each sample, or `'predicted'` (the model's top class). */
  readonly targets: readonly number[] | 'predicted';
  readonly methods: ReadonlyArray<AnyMethod | MethodSpec>;
  readonly metrics: ReadonlyArray<AnyMetric | MetricSpec>;
  /** Seed of every random draw (default 0). */
  readonly seed?: number;
  /** Where results are reused from and kept (default: in memory, for this call only). */
  readonly store?: ResultStore;
  /** A name per sample for the records (default `#i`). */
  readonly sources?: readonly string[];
  readonly kernels?: Kernels;
  /**
   * Versions of the packages that compute the results, part of every identity (default
   * this package's; `installedVersions()` of `@xai/evaluation/node` reads all of them).
   */
  readonly versions?: Readonly<Record<string, string>>;
  /** Counts explanations ('explained') and metric evaluations ('scored') together. */
  readonly onProgress?: OnProgress;
  readonly signal?: AbortSignal;
}

export interface EvaluationResult {
  /** One record per (sample, method, metric), in plan order. */
  readonly records: readonly ResultRecord[];
  /** Mean, standard deviation and count per method and metric. */
  readonly table: ResultTable;
  /** Explanations and metric evaluations done by this call. */
  readonly explained: number;
  readonly computed: number;
  /** Results found in the store. */
  readonly reused: number;
}

/**
 * Runs an evaluation (as Quantus' `evaluate()`): every method on every sample, every
 * metric on every map. A result whose identity is in the store is reused; the rest are
 * computed and put in the store unit by unit, so a killed run loses at most the unit in
 * flight, and a store shared with other runs sees their results before each unit.
 */
export async function evaluate(o: EvaluateOptions): Promise<EvaluationResult> {
  const n = o.inputs.shape[0] ?? 0;
  for (const { method } of o.methods.map(methodSpec)) {
    if (method.requires !== 'forward' && !isDifferentiable(o.model)) {
      throw new XaiError(
        'NOT_SUPPORTED',
        `Expected a differentiable model for '${method.name}' (it needs gradients) but this model can only run forward.`,
      );
    }
  }
  const seed = o.seed ?? 0;
  const targets =
    o.targets === 'predicted'
      ? resolveTargets('predicted', n, o.model.numClasses, await o.model.forward(o.inputs))
      : resolveTargets([...o.targets], n, o.model.numClasses);
  const targetList = Array.from(targets);
  const units = await planEvaluation({
    modelHash: o.modelHash,
    inputs: o.inputs,
    targets: targetList,
    methods: o.methods,
    metrics: o.metrics,
    seed,
    versions: o.versions ?? { '@xai/evaluation': evaluationVersion },
    ...(o.sources ? { sources: o.sources } : {}),
  });
  const store = o.store ?? memoryStore();
  const allIds = units.flatMap((u) => u.results.map((r) => r.id));
  const before = await store.get(allIds);
  const pending = units.filter((u) => u.results.some((r) => !before.has(r.id)));
  const missingAtStart = (u: (typeof units)[number]) =>
    u.results.filter((r) => !before.has(r.id)).length;
  const total = pending.reduce((s, u) => s + 1 + missingAtStart(u), 0);
  let done = 0;
  let explained = 0;
  let computed = 0;
  const step = (kind: 'explained' | 'scored') => {
    if (kind === 'explained') explained++;
    else computed++;
    o.onProgress?.({ phase: kind, done: ++done, total });
  };
  if (total > 0) o.onProgress?.({ phase: 'planned', done: 0, total });
  for (const unit of pending) {
    throwIfAborted(o.signal);
    // Another writer of the same store may have finished this unit meanwhile.
    const now = await store.get(unit.results.map((r) => r.id));
    const wanted = unit.results.filter((r) => !now.has(r.id));
    if (wanted.length === 0) {
      done += 1 + missingAtStart(unit);
      o.onProgress?.({ phase: 'reused', done, total });
      continue;
    }
    done += missingAtStart(unit) - wanted.length;
    const records = await computeUnit(unit, wanted, {
      model: o.model,
      sample: sliceBatch(o.inputs, unit.sample, unit.sample + 1),
      seed,
      onStep: step,
      ...(o.kernels ? { kernels: o.kernels } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
    await store.put(records);
  }
  const found = await store.get(allIds);
  // A reused result may come from another position or file name of the same sample.
  const records = units.flatMap((u) =>
    u.results.flatMap((r) => {
      const got = found.get(r.id);
      return got ? [{ ...got, sample: u.sample, source: u.source }] : [];
    }),
  );
  if (records.length !== allIds.length) {
    throw new XaiError(
      'STORE_INCOMPLETE',
      `Expected ${allIds.length} results in the store after the evaluation but found ${records.length}; another process may have removed records.`,
    );
  }
  const metricList = o.metrics.map(metricSpec).map((m) => m.metric);
  return {
    records,
    table: summarizeResults(
      records,
      o.methods.map(methodSpec).map((m) => m.method.name),
      metricList,
    ),
    explained,
    computed,
    reused: allIds.length - computed,
  };
}
