import { XaiError } from '@xai/core';
import {
  type ModelProto,
  type NodeProto,
  onnx,
  type TensorProto,
  type ValueInfoProto,
} from '../onnx-proto.js';

/** Float element types a differentiated tensor may have. */
export const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const DOUBLE = onnx.TensorProto.DataType.DOUBLE;

/**
 * A read-only view of a decoded model's main graph: nodes in their (topological) order,
 * initializers, inputs, outputs and the default-domain opset. The nodes are the decoded
 * objects themselves; nothing here changes them, builders add new nodes beside them.
 */
export interface OnnxGraph {
  readonly model: ModelProto;
  readonly nodes: readonly NodeProto[];
  readonly initializers: ReadonlyMap<string, TensorProto>;
  /** Graph inputs that are not initializers. */
  readonly inputs: readonly ValueInfoProto[];
  readonly outputs: readonly ValueInfoProto[];
  /** The opset of the default (`ai.onnx`) domain. */
  readonly opset: number;
  /** Every tensor and node name in use, so builders can pick fresh ones. */
  readonly names: ReadonlySet<string>;
}

/** Reads the graph view of a decoded model. */
export function readGraph(model: ModelProto): OnnxGraph {
  const g = model.graph!;
  const initializers = new Map<string, TensorProto>();
  for (const t of g.initializer ?? []) initializers.set(t.name ?? '', t);
  const names = new Set<string>();
  const nodes = g.node ?? [];
  for (const n of nodes) {
    if (n.name) names.add(n.name);
    for (const s of [...(n.input ?? []), ...(n.output ?? [])]) if (s) names.add(s);
  }
  for (const s of initializers.keys()) names.add(s);
  for (const v of [...(g.input ?? []), ...(g.output ?? []), ...(g.valueInfo ?? [])])
    if (v.name) names.add(v.name);
  const opsetEntry = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  if (!opsetEntry) {
    throw new XaiError(
      'NOT_SUPPORTED',
      'Expected the model to import the default ONNX opset (ai.onnx) but it imports none.',
    );
  }
  return {
    model,
    nodes,
    initializers,
    inputs: (g.input ?? []).filter((v) => !initializers.has(v.name ?? '')),
    outputs: g.output ?? [],
    opset: Number(opsetEntry.version ?? 0),
    names,
  };
}

/** The node that makes each tensor of `nodes`, by the tensor's name. */
export function producersOf(nodes: readonly NodeProto[]): Map<string, NodeProto> {
  return new Map(nodes.flatMap((n) => (n.output ?? []).map((o) => [o, n] as const)));
}

/**
 * The nodes of `nodes` that read each tensor, by the tensor's name: a node once for each
 * input that names it (so a tensor read twice by one node counts two reads); empty names
 * (omitted optional inputs) skipped.
 */
export function readersOf(nodes: readonly NodeProto[]): Map<string, NodeProto[]> {
  const readers = new Map<string, NodeProto[]>();
  for (const n of nodes) {
    for (const t of n.input ?? []) {
      if (!t) continue;
      const list = readers.get(t);
      if (list) list.push(n);
      else readers.set(t, [n]);
    }
  }
  return readers;
}

/** The op type as `xai inspect` names it: `domain::Op` outside the default domain. */
export function opKey(node: NodeProto): string {
  return node.domain && node.domain !== 'ai.onnx'
    ? `${node.domain}::${node.opType}`
    : (node.opType ?? '?');
}

/** A tensor value info; dims given as numbers are fixed, strings are symbolic. */
export function tensorValueInfo(
  name: string,
  elemType: number,
  shape: ReadonlyArray<number | string> | undefined,
): ValueInfoProto {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        // No shape at all: rank and dims unknown (layer activations).
        ...(shape
          ? {
              shape: {
                dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
              },
            }
          : {}),
      },
    },
  });
}

/** A copy of `model` whose main graph has the given nodes, initializers, inputs and outputs. */
export function withGraph(
  model: ModelProto,
  parts: {
    nodes: readonly NodeProto[];
    initializers: readonly TensorProto[];
    inputs: readonly ValueInfoProto[];
    outputs: readonly ValueInfoProto[];
  },
): ModelProto {
  const g = model.graph!;
  return onnx.ModelProto.create({
    irVersion: model.irVersion,
    opsetImport: model.opsetImport,
    producerName: model.producerName,
    producerVersion: model.producerVersion,
    domain: model.domain,
    modelVersion: model.modelVersion,
    functions: model.functions,
    graph: onnx.GraphProto.create({
      name: g.name,
      node: [...parts.nodes],
      initializer: [...parts.initializers],
      sparseInitializer: g.sparseInitializer,
      input: [...parts.inputs],
      output: [...parts.outputs],
      valueInfo: g.valueInfo,
    }),
  });
}

/** Encodes a model to bytes. */
export function encodeModel(model: ModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}
