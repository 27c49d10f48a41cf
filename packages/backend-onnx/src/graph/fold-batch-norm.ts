import {
  type AttributeProto,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  onnx,
  type TensorProto,
} from '../onnx-proto.js';
import { attr, attrFloat, attrInt } from './attributes.js';
import { DOUBLE, FLOAT, producersOf } from './graph.js';
import { elementCount, floatTensor, floatTensorValues } from './tensor-values.js';

/**
 * Folds each inference BatchNormalization into the Conv, ConvTranspose or Gemm that feeds
 * it: `W' = W s`, `b' = (b - mean) s + beta` per output channel with
 * `s = gamma / sqrt(var + eps)`, each step rounded to the weights' type (float32 or float64)
 * as ONNX Runtime's own Conv + BatchNormalization fusion computes it, so a folded Conv's
 * forward is bitwise the one ONNX Runtime runs for the unfolded pair (one rounding of the
 * float64 result instead moved the fixture ResNet's logits by 3e-7 of their largest). The
 * folded layer writes the BatchNormalization's output tensor, so later nodes, the graph's
 * outputs and layer names after the BatchNormalization still resolve. A layer is left as it
 * is when its own output is needed: another consumer, a graph output, a name in `keep` (a
 * layer a method asked for), or when anything is not a constant initializer. New weights
 * get fresh names (an initializer several layers share is never changed in place); the old
 * ones are dropped once nothing uses them. Returns undefined when nothing was folded.
 */
export function foldBatchNorm(
  model: ModelProto,
  keep: ReadonlySet<string> = new Set(),
): ModelProto | undefined {
  const g = model.graph!;
  const nodes = g.node ?? [];
  const inits = new Map((g.initializer ?? []).map((t) => [t.name ?? '', t] as const));
  const uses = useCounts(g);
  const outputs = new Set((g.output ?? []).map((v) => v.name ?? ''));
  const names = usedNames(g);
  const fresh = (base: string) => {
    let name = `${base}_bn_folded`;
    for (let k = 1; names.has(name); k++) name = `${base}_bn_folded_${k}`;
    names.add(name);
    return name;
  };
  const producer = producersOf(nodes);
  const replaced = new Map<NodeProto, NodeProto | null>();
  const added: TensorProto[] = [];
  const gone = new Set<string>();
  for (const bn of nodes) {
    if (bn.opType !== 'BatchNormalization' || (bn.domain && bn.domain !== 'ai.onnx')) continue;
    const y = bn.input?.[0] ?? '';
    const layer = producer.get(y);
    if (!layer || replaced.has(layer) || uses.get(y) !== 1 || outputs.has(y) || keep.has(y)) {
      continue;
    }
    const params = batchNormParams(bn, inits);
    const folded = params && foldLayer(layer, params, inits, fresh);
    if (!folded) continue;
    added.push(...folded.tensors);
    replaced.set(layer, { ...folded.node, output: [bn.output![0]!] } as NodeProto);
    replaced.set(bn, null);
    gone.add(y);
  }
  if (replaced.size === 0) return undefined;
  const node = nodes.flatMap((n) => {
    const r = replaced.get(n);
    return r === undefined ? [n] : r === null ? [] : [onnx.NodeProto.create(r)];
  });
  const used = new Set(node.flatMap((n) => n.input ?? []));
  for (const n of node) for (const s of subgraphNames(n)) used.add(s);
  for (const v of g.input ?? []) used.add(v.name ?? ''); // a declared input can be fed
  // The initializers only the replaced nodes read go; every other one stays.
  const replacedInputs = new Set([...replaced.keys()].flatMap((n) => n.input ?? []));
  const initializer = [...(g.initializer ?? []), ...added].filter(
    (t) => used.has(t.name ?? '') || !replacedInputs.has(t.name ?? ''),
  );
  const valueInfo = (g.valueInfo ?? []).filter((v) => !gone.has(v.name ?? ''));
  const graph = onnx.GraphProto.create({ ...g, node, initializer, valueInfo });
  return onnx.ModelProto.create({ ...model, graph });
}

/** The constant parameters of an inference BatchNormalization, one per channel. */
interface BatchNormParams {
  readonly gamma: Float64Array;
  readonly beta: Float64Array;
  readonly mean: Float64Array;
  readonly variance: Float64Array;
  readonly eps: number;
}

function batchNormParams(
  bn: NodeProto,
  inits: ReadonlyMap<string, TensorProto>,
): BatchNormParams | undefined {
  if (attrInt(bn, 'training_mode', 0) !== 0 || attrInt(bn, 'spatial', 1) !== 1) return undefined;
  if ((bn.output ?? []).filter(Boolean).length !== 1 || (bn.input ?? []).length !== 5) {
    return undefined;
  }
  const params = bn.input!.slice(1).map((name) => {
    const t = inits.get(name);
    return t && t.dims?.length === 1 ? floatTensorValues(t) : undefined;
  });
  const [gamma, beta, mean, variance] = params;
  if (!gamma || !beta || !mean || !variance) return undefined;
  const c = gamma.length;
  if (beta.length !== c || mean.length !== c || variance.length !== c) return undefined;
  return { gamma, beta, mean, variance, eps: attrFloat(bn, 'epsilon', 1e-5) };
}

interface Folded {
  readonly node: NodeProto;
  readonly tensors: TensorProto[];
}

/** The layer with the affine map folded in, or undefined when it cannot be folded. */
function foldLayer(
  layer: NodeProto,
  { gamma, beta, mean, variance, eps }: BatchNormParams,
  inits: ReadonlyMap<string, TensorProto>,
  fresh: (base: string) => string,
): Folded | undefined {
  if (layer.domain && layer.domain !== 'ai.onnx') return undefined;
  const op = layer.opType;
  if (op !== 'Conv' && op !== 'ConvTranspose' && op !== 'Gemm') return undefined;
  const [, wName, bName] = layer.input ?? [];
  const wTensor = inits.get(wName ?? '');
  if (!wTensor || (wTensor.dataType !== FLOAT && wTensor.dataType !== DOUBLE)) return undefined;
  const w = floatTensorValues(wTensor);
  const dims = (wTensor.dims ?? []).map(Number);
  const channel = w && outputChannel(layer, dims, gamma.length);
  if (!w || !channel) return undefined;
  const bias = biasValues(layer, bName, inits, wTensor.dataType!, gamma.length);
  if (!bias) return undefined;
  // Each step rounded to the weights' type, in the order of ONNX Runtime's own Conv + BN
  // fusion: the folded forward is then the one ONNX Runtime runs for the unfolded graph.
  const type = wTensor.dataType!;
  const r = type === FLOAT ? Math.fround : (v: number) => v;
  const s = gamma.map((g, o) => r(g / r(Math.sqrt(r(variance[o]! + eps)))));
  const w2 = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) w2[i] = r(w[i]! * s[channel(i)]!);
  const b2 = new Float64Array(s.length);
  for (let o = 0; o < s.length; o++) {
    const b = r(bias[o]!);
    b2[o] = bName ? r(r(r(b - mean[o]!) * s[o]!) + beta[o]!) : r(beta[o]! - r(mean[o]! * s[o]!));
  }
  const wNew = floatTensor(fresh(wName!), type, dims, w2);
  const bNew = floatTensor(fresh(bName || `${wName}_bias`), type, [s.length], b2);
  const input = [layer.input![0]!, wNew.name!, bNew.name!];
  // Gemm's C was scaled by beta above; the new C is used as it is.
  const attribute =
    op === 'Gemm' ? [...withoutAttr(layer, 'beta'), attr.float('beta', 1)] : layer.attribute;
  return { node: { ...layer, input, attribute } as NodeProto, tensors: [wNew, bNew] };
}

/**
 * The output channel of each weight element (by flat index), or undefined when the layout
 * does not have `channels` output channels: Conv `[M, C/g, k...]`, ConvTranspose
 * `[C, M/g, k...]`, Gemm `[K, M]` (`[M, K]` when transB).
 */
function outputChannel(
  layer: NodeProto,
  dims: readonly number[],
  channels: number,
): ((i: number) => number) | undefined {
  if (layer.opType === 'Gemm') {
    if (dims.length !== 2) return undefined;
    const transB = attrInt(layer, 'transB', 0) !== 0;
    const [rows, cols] = dims as [number, number];
    if ((transB ? rows : cols) !== channels) return undefined;
    return transB ? (i) => Math.floor(i / cols) : (i) => i % cols;
  }
  if (dims.length < 3) return undefined;
  const inner = elementCount(dims.slice(2));
  if (layer.opType === 'Conv') {
    const perChannel = dims[1]! * inner;
    return dims[0] === channels ? (i) => Math.floor(i / perChannel) : undefined;
  }
  const group = attrInt(layer, 'group', 1);
  const [inC, perGroup] = dims as [number, number];
  if (perGroup * group !== channels || inC % group !== 0) return undefined;
  const inPerGroup = inC / group;
  return (i) => {
    const c = Math.floor(i / (perGroup * inner));
    const j = Math.floor(i / inner) % perGroup;
    return Math.floor(c / inPerGroup) * perGroup + j;
  };
}

/**
 * The layer's bias per output channel (zeros without one; Gemm's `beta C`), or undefined when
 * it is not a constant of the weights' type with one value per channel (or one in all, Gemm).
 */
function biasValues(
  layer: NodeProto,
  name: string | undefined,
  inits: ReadonlyMap<string, TensorProto>,
  type: number,
  channels: number,
): Float64Array | undefined {
  if (!name) return new Float64Array(channels);
  const t = inits.get(name);
  const values = t && t.dataType === type ? floatTensorValues(t) : undefined;
  if (!values) return undefined;
  if (layer.opType !== 'Gemm') return values.length === channels ? values : undefined;
  const dims = (t!.dims ?? []).map(Number);
  const beta = attrFloat(layer, 'beta', 1);
  const perChannel = values.length === channels && dims[dims.length - 1] === channels;
  if (!perChannel && values.length !== 1) return undefined;
  return Float64Array.from({ length: channels }, (_, o) => beta * values[perChannel ? o : 0]!);
}

function withoutAttr(node: NodeProto, name: string): AttributeProto[] {
  return (node.attribute ?? []).filter((a) => a.name !== name);
}

/** How many node inputs (subgraphs' outer-scope references included) read each tensor. */
function useCounts(g: GraphProto): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (s: string) => counts.set(s, (counts.get(s) ?? 0) + 1);
  for (const n of g.node ?? []) {
    for (const s of n.input ?? []) if (s) add(s);
    for (const s of subgraphNames(n)) add(s);
  }
  return counts;
}

/** Every tensor name a node's subgraphs (If, Loop, Scan bodies) mention. */
function subgraphNames(n: NodeProto): string[] {
  const out: string[] = [];
  const visit = (g: GraphProto) => {
    for (const m of g.node ?? []) {
      out.push(...(m.input ?? []).filter(Boolean));
      out.push(...subgraphNames(m));
    }
  };
  for (const a of n.attribute ?? []) {
    if (a.g) visit(a.g);
    for (const sg of a.graphs ?? []) visit(sg);
  }
  return out;
}

/** Every tensor and node name in the graph, so new initializers get fresh ones. */
function usedNames(g: GraphProto): Set<string> {
  const names = new Set<string>();
  for (const n of g.node ?? []) {
    if (n.name) names.add(n.name);
    for (const s of [...(n.input ?? []), ...(n.output ?? []), ...subgraphNames(n)]) {
      if (s) names.add(s);
    }
  }
  for (const t of g.initializer ?? []) names.add(t.name ?? '');
  for (const v of [...(g.input ?? []), ...(g.output ?? []), ...(g.valueInfo ?? [])]) {
    names.add(v.name ?? '');
  }
  return names;
}
