import {
  type AttributionMethod,
  type AttributionMetric,
  type InputDomain,
  type Tensor,
  XaiError,
} from '@xai/core';
import { canonicalJson } from '../identity/canonical-json.js';
import { explanationIdentity, resultIdentity, tensorHash } from '../identity/identity.js';
import { sha256Hex } from '../identity/sha256.js';
import { resolvedOptionsOf } from '../resolved-options.js';

// biome-ignore lint/suspicious/noExplicitAny: each method has its own options and model type.
export type AnyMethod = AttributionMethod<any, any>;
// biome-ignore lint/suspicious/noExplicitAny: each metric has its own options type.
export type AnyMetric = AttributionMetric<any>;

/** A method with the options it runs with (unset keys take its defaults). */
export interface MethodSpec {
  readonly method: AnyMethod;
  readonly options?: Readonly<Record<string, unknown>>;
}

/**
 * A metric with its options. `perSample` holds options that differ by sample: one value
 * per sample, passed to the metric for a batch of one, a tensor (a localisation metric's
 * `masks`, shaped [...mask]) as a tensor [1, ...mask], anything else (the pointing game's
 * `boxes`) as a one-element list. The values count in the results' identities.
 */
export interface MetricSpec {
  readonly metric: AnyMetric;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly perSample?: Readonly<Record<string, readonly unknown[]>>;
}

/** One metric's result to compute or reuse for a unit. */
export interface PlannedResult {
  readonly id: string;
  readonly metric: AnyMetric;
  /** The options the metric runs with on this one sample. */
  readonly options: Readonly<Record<string, unknown>>;
}

/** One (sample, method) pair: the explanation, and the results that score it. */
export interface PlannedUnit {
  readonly sample: number;
  /** The hash of the sample after preprocessing (workers check theirs against it). */
  readonly sampleHash: string;
  readonly source: string;
  readonly target: number;
  readonly method: AnyMethod;
  readonly methodOptions: Readonly<Record<string, unknown>>;
  readonly explanation: string;
  readonly results: readonly PlannedResult[];
}

export interface PlanInput {
  readonly modelHash: string;
  readonly inputs: Tensor;
  readonly targets: readonly number[];
  readonly methods: ReadonlyArray<AnyMethod | MethodSpec>;
  readonly metrics: ReadonlyArray<AnyMetric | MetricSpec>;
  readonly seed: number;
  readonly versions: Readonly<Record<string, string>>;
  readonly sources?: readonly string[];
  /** The input domain, given to every method and metric (and so part of every identity). */
  readonly domain?: InputDomain;
}

export const methodSpec = (m: AnyMethod | MethodSpec): MethodSpec =>
  'method' in m ? m : { method: m };
export const metricSpec = (m: AnyMetric | MetricSpec): MetricSpec =>
  'metric' in m ? m : { metric: m };

/**
 * The plan of an evaluation: samples x methods, each unit with its metrics, every
 * explanation and result with its content identity. Checks the shapes and counts first,
 * so bad input fails before any model pass.
 */
export async function planEvaluation(p: PlanInput): Promise<PlannedUnit[]> {
  const n = p.inputs.shape[0] ?? 0;
  if (p.inputs.shape.length < 2 || n < 1) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected inputs shaped [N, ...sample] with N >= 1 for the evaluation but received [${p.inputs.shape.join(', ')}].`,
    );
  }
  if (p.targets.length !== n) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected one target per sample (${n}) for the evaluation but received ${p.targets.length}.`,
    );
  }
  if (p.sources && p.sources.length < n) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected one source name per sample (${n}) for the evaluation but received ${p.sources.length}.`,
    );
  }
  if (!Number.isSafeInteger(p.seed) || p.seed < 0) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected a non-negative integer seed for the evaluation but received ${p.seed}.`,
    );
  }
  const methods = p.methods.map(methodSpec);
  const metrics = p.metrics.map(metricSpec);
  for (const list of [methods.map((m) => m.method.name), metrics.map((m) => m.metric.name)]) {
    const twice = list.find((name, i) => list.indexOf(name) !== i);
    if (twice) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected each method and metric once in an evaluation but received '${twice}' twice; compare option sets in separate evaluations.`,
      );
    }
  }
  for (const m of metrics) {
    for (const [key, values] of Object.entries(m.perSample ?? {})) {
      if (values.length < n) {
        throw new XaiError(
          'SHAPE_MISMATCH',
          `Expected ${n} per-sample values of '${m.metric.name}.${key}' but received ${values.length}.`,
        );
      }
    }
  }
  const sampleSize = p.inputs.data.length / n;
  // Set-level metrics (focus, sufficiency) score against every sample: the set is theirs.
  const datasetHash = metrics.some((m) => m.metric.usesDataset)
    ? await sha256Hex(canonicalJson({ inputs: await tensorHash(p.inputs), targets: p.targets }))
    : undefined;
  const units: PlannedUnit[] = [];
  for (let i = 0; i < n; i++) {
    const sample: Tensor = {
      data: p.inputs.data.subarray(i * sampleSize, (i + 1) * sampleSize),
      shape: [1, ...p.inputs.shape.slice(1)],
    };
    const sampleHash = await tensorHash(sample);
    for (const { method, options } of methods) {
      const methodOptions = withDomainOption(resolvedOptionsOf(method, options), p.domain);
      const target = p.targets[i]!;
      const explanation = await explanationIdentity({
        modelHash: p.modelHash,
        sampleHash,
        target,
        method: method.name,
        methodOptions,
        seed: p.seed,
        versions: p.versions,
      });
      const results: PlannedResult[] = [];
      for (const m of metrics) {
        const options = withDomainOption(resolvedOptionsOf(m.metric, m.options), p.domain);
        for (const [key, values] of Object.entries(m.perSample ?? {})) {
          options[key] = oneSampleValue(values[i]);
        }
        const identified = m.metric.usesDataset ? { ...options, dataset: datasetHash } : options;
        results.push({
          id: await resultIdentity(explanation, m.metric.name, identified),
          metric: m.metric,
          options,
        });
      }
      units.push({
        sample: i,
        sampleHash,
        source: p.sources?.[i] ?? `#${i}`,
        target,
        method,
        methodOptions,
        explanation,
        results,
      });
    }
  }
  return units;
}

/**
 * The domain travels with the options: they are spread into each method's and metric's
 * context (here and on queue workers), and identities hash them, so a result made for
 * another normalisation is never reused.
 */
function withDomainOption(
  options: Record<string, unknown>,
  domain: InputDomain | undefined,
): Record<string, unknown> {
  return domain
    ? { ...options, domain: { mean: [...domain.mean], std: [...domain.std] } }
    : options;
}

/** One sample's per-sample value as a batch of one: a tensor gains a leading 1, else a list. */
function oneSampleValue(v: unknown): unknown {
  const t = v as Partial<Tensor> | null;
  if (t && typeof t === 'object' && ArrayBuffer.isView(t.data) && Array.isArray(t.shape)) {
    return { data: t.data, shape: [1, ...t.shape] };
  }
  return [v];
}
