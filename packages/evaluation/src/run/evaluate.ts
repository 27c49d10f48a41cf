import {
  type Classifier,
  type Kernels,
  type OnProgress,
  sliceBatch,
  throwIfAborted,
} from '@xai/core';
import type { ResultRecord } from '../record.js';
import { memoryStore } from '../store/memory-store.js';
import type { ResultStore } from '../store/result-store.js';
import type { ResultTable } from '../table.js';
import { collectPlan } from './collect.js';
import { computeUnit } from './compute-unit.js';
import { datasetOf } from './dataset.js';
import { type PlanOptions, prepareUnits } from './prepare.js';

export interface EvaluateOptions extends PlanOptions {
  readonly model: Classifier;
  /** Where results are reused from and kept (default: in memory, for this call only). */
  readonly store?: ResultStore;
  readonly kernels?: Kernels;
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
  const seed = o.seed ?? 0;
  const units = await prepareUnits(o, o.model);
  const store = o.store ?? memoryStore();
  const dataset = datasetOf(units, o.inputs);
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
      ...(dataset ? { dataset } : {}),
      ...(o.kernels ? { kernels: o.kernels } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
    await store.put(records);
  }
  const { records, table } = await collectPlan(units, store);
  return {
    records,
    table,
    explained,
    computed,
    reused: allIds.length - computed,
  };
}
