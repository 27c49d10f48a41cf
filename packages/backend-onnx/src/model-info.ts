import type { ModelProto, ValueInfoProto } from './onnx-proto.js';
import { onnx } from './onnx-proto.js';
import { type GradientSupport, gradientSupport } from './rules/registry.js';

/** A dimension: a number when fixed, its symbolic name (or '?') when dynamic. */
export type Dim = number | string;

export interface TensorInfo {
  readonly name: string;
  readonly elementType: string;
  readonly shape: readonly Dim[];
}

/** What `xai inspect` shows: interface, opsets, op counts and size. */
export interface OnnxModelInfo {
  readonly irVersion: number;
  readonly producer: string;
  readonly opsets: ReadonlyArray<{ domain: string; version: number }>;
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  readonly nodeCount: number;
  /** Node count per op type (`domain::Op` outside the default domain), sorted by name. */
  readonly opCounts: Readonly<Record<string, number>>;
  readonly parameterCount: number;
  /**
   * Per op type present: `'vjp+jvp'` when it has derivative rules, `'constant'` when it
   * only computes shapes, indices or masks (never differentiated), else `'unsupported'`.
   */
  readonly gradientSupport: Readonly<Record<string, GradientSupport>>;
}

/** Summarises a decoded model. Graph inputs that are initializers are not inputs. */
export function describeOnnxModel(model: ModelProto): OnnxModelInfo {
  const g = model.graph!;
  const initializers = new Set((g.initializer ?? []).map((t) => t.name ?? ''));
  const counts = new Map<string, number>();
  for (const n of g.node ?? []) {
    const key = n.domain && n.domain !== 'ai.onnx' ? `${n.domain}::${n.opType}` : (n.opType ?? '?');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let parameterCount = 0;
  for (const t of g.initializer ?? [])
    parameterCount += (t.dims ?? []).reduce((a: number, d) => a * Number(d), 1);
  return {
    irVersion: Number(model.irVersion ?? 0),
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    opsets: (model.opsetImport ?? []).map((o) => ({
      domain: o.domain || 'ai.onnx',
      version: Number(o.version ?? 0),
    })),
    inputs: (g.input ?? []).filter((v) => !initializers.has(v.name ?? '')).map(tensorInfo),
    outputs: (g.output ?? []).map(tensorInfo),
    nodeCount: g.node?.length ?? 0,
    opCounts: Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b))),
    parameterCount,
    gradientSupport: Object.fromEntries(
      [...counts.keys()].sort().map((op) => [op, gradientSupport(op)]),
    ),
  };
}

function tensorInfo(v: ValueInfoProto): TensorInfo {
  const t = v.type?.tensorType;
  const elementType = onnx.TensorProto.DataType[t?.elemType ?? 0] ?? 'UNDEFINED';
  const shape: Dim[] = (t?.shape?.dim ?? []).map((d) =>
    d.dimValue !== undefined && d.dimValue !== null && Number(d.dimValue) > 0
      ? Number(d.dimValue)
      : d.dimParam || '?',
  );
  return { name: v.name ?? '', elementType, shape };
}
