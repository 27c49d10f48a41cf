import { type BackwardRules, XaiError } from '@xai/core';
import {
  changesLinearLayers,
  explanationVjp,
  firstWeightedLayer,
} from '../explanation-rules/backward.js';
import { isLinearRule } from '../explanation-rules/first-layer.js';
import { relevanceProblem } from '../explanation-rules/lrp.js';
import { reluBackwardMasks } from '../explanation-rules/relu.js';
import { attr } from '../graph/attributes.js';
import { GraphBuilder } from '../graph/builder.js';
import {
  encodeModel,
  type OnnxGraph,
  opKey,
  producersOf,
  tensorValueInfo,
  withGraph,
} from '../graph/graph.js';
import type { NodeProto, TensorProto } from '../onnx-proto.js';
import { sumAll, zerosLike } from '../rules/common.js';
import { legacyGraphs } from '../rules/legacy-graphs.js';
import { rules } from '../rules/registry.js';
import type { RuleContext } from '../rules/rule.js';
import { findErfProducts } from './erf-products.js';
import { foldedSpec } from './folded-spec.js';
import type { GradientPath } from './path.js';
import type { ProbedShapes } from './probe-shapes.js';
import { findSlicePartitions } from './slice-partitions.js';

export interface DerivativeGraphSpec {
  readonly graph: OnnxGraph;
  readonly path: GradientPath;
  readonly input: string;
  readonly output: string;
  /** The float element type of input and output (FLOAT or DOUBLE). */
  readonly floatType: number;
  /** Shape of the input with a symbolic batch dim, e.g. `['batch', 1, 28, 28]`. */
  readonly inputShape: ReadonlyArray<number | string>;
  readonly outputShape: ReadonlyArray<number | string>;
  /** Tensor shapes found by the shape probe (probe-shapes.ts), where known. */
  readonly shapes?: ReadonlyMap<string, readonly number[]>;
}

/** A built derivative model: its bytes and the names of its extra input and output. */
export interface DerivativeGraph {
  readonly bytes: Uint8Array;
  /** The cotangent (VJP) or tangent (JVP) input. */
  readonly seed: string;
  /** The input gradient (VJP) or the JVP on the logits. */
  readonly result: string;
  /** For a layer VJP: the layer's activation (an extra output). */
  readonly activation?: string;
  /** For DeepLIFT: the reference input (shaped like the input) and the reference's logits. */
  readonly reference?: string;
  readonly referenceOutput?: string;
  /** For DeepLIFT: whether one reference row may stand for the batch (deep-lift.ts). */
  readonly sharedReference?: boolean;
  /**
   * Estimated bytes one sample holds while the graph runs, beyond its inputs and outputs:
   * the model's activations (kept for the backward) and two working buffers of the
   * largest tensor's size (docs/benchmarks/memory.md); absent when the probe failed.
   */
  readonly rowBytes?: number;
}

/** `DerivativeGraph.rowBytes` from the probe's sizes. */
export function passRowBytes(spec: DerivativeGraphSpec): number | undefined {
  const sizes = (spec.shapes as ProbedShapes | undefined)?.rowBytes;
  return sizes ? sizes.activations + 2 * sizes.largest : undefined;
}

/**
 * Forward + VJP: inputs `x` and the cotangent on the logits; outputs the logits and the
 * input gradient. Walks the path backwards, summing cotangents of tensors used twice.
 * With `layer`, stops at that inner tensor and outputs its gradient and its activation.
 * `backward` replaces the backward rules of ReLU and of the layers with weights by
 * explanation rules (explanation-rules/); check them first with `backwardRulesProblem`.
 */
export function buildVjpGraph(
  given: DerivativeGraphSpec,
  backward: BackwardRules = {},
  layer?: string,
): DerivativeGraph {
  const spec = foldedFor(given, backward, layer);
  const b = new GraphBuilder(spec.graph.opset, spec.floatType, spec.graph.names);
  const seed = b.fresh('cotangent');
  const result = b.fresh(layer === undefined ? 'input_grad' : 'layer_grad');
  const grad = pullBack(b, spec, backward, seed, layer);
  b.nodes.push({ name: b.fresh('Identity'), opType: 'Identity', input: [grad], output: [result] });
  if (layer === undefined) return finish(spec, b, seed, spec.outputShape, result, spec.inputShape);
  const activation = b.fresh('layer_activation');
  b.nodes.push({
    name: b.fresh('Identity'),
    opType: 'Identity',
    input: [layer],
    output: [activation],
  });
  return finish(spec, b, seed, spec.outputShape, result, undefined, activation);
}

/**
 * The spec a derivative graph under `backward` is built from: BatchNormalization folded into
 * the layer before it (folded-spec.ts), except for rules on layers with weights, which see
 * each BatchNormalization as a layer of its own.
 */
export function foldedFor(
  given: DerivativeGraphSpec,
  backward: BackwardRules,
  layer?: string,
): DerivativeGraphSpec {
  return changesLinearLayers(backward) ? given : foldedSpec(given, layer);
}

/**
 * Emits the backward pass of `u . logits` under `backward`, `u` being the tensor `seed`,
 * down to the input (or to the inner tensor `layer`); returns that gradient's name.
 */
export function pullBack(
  b: GraphBuilder,
  spec: DerivativeGraphSpec,
  backward: BackwardRules,
  seed: string,
  layer?: string,
): string {
  const { graph: g, path } = spec;
  const explain = explanationVjp(path, backward, layer);
  const producers = producersOf(g.nodes);
  const initializers = new Map(
    (g.model.graph?.initializer ?? []).map((t) => [t.name ?? '', (t.dims ?? []).map(Number)]),
  );
  const stop = layer === undefined ? -1 : path.nodes.findIndex((n) => n.output?.includes(layer));
  const constants = graphConstants(g);
  // Only a ReLU whose backward masks takes a cotangent zeroed before it reaches it, and not
  // under relevance rules, which read the cotangents themselves.
  const premask =
    reluBackwardMasks(backward.relu) && !changesLinearLayers(backward) && !legacyGraphs('premask');
  const reluPremask = premask
    ? {
        applies: (t: string) => t !== layer && producers.get(t)?.opType === 'Relu',
        done: new Set<string>(),
      }
    : undefined;
  return reverseSweep(
    b,
    spec,
    seed,
    stop,
    layer ?? spec.input,
    (node, outs, ctx) => explain(node, outs, ctx) ?? ruleOf(node).vjp(node, outs, ctx),
    {
      producers,
      initializers,
      constants,
      erfProducts: findErfProducts(path.nodes, constants, layer),
      ...(reluPremask ? { reluPremask } : {}),
    },
  );
}

/**
 * Forward + JVP: inputs `x` and the tangent (shaped like x); outputs the logits and the
 * tangent pushed to the logits. Walks the path forwards.
 */
export function buildJvpGraph(given: DerivativeGraphSpec): DerivativeGraph {
  const spec = foldedSpec(given);
  const { graph: g, path } = spec;
  const b = new GraphBuilder(g.opset, spec.floatType, g.names);
  const seed = b.fresh('tangent');
  const result = b.fresh('logits_jvp');
  const tangents = new Map<string, string>([[spec.input, seed]]);
  const reluPostmask = legacyGraphs('premask') ? undefined : pooledReluOutputs(spec);
  const producers = producersOf(g.nodes);
  for (const node of path.nodes) {
    const active = activeInputs(node, path);
    const ins = (node.input ?? []).map((n, i) => (active[i] ? tangents.get(n) : undefined));
    if (ins.every((t) => t === undefined)) continue;
    const rule = rules.get(opKey(node))!;
    const outs = rule.jvp(node, ins, {
      b,
      active,
      shapes: spec.shapes,
      producers,
      ...(reluPostmask ? { reluPostmask } : {}),
    });
    (node.output ?? []).forEach((n, i) => {
      const t = outs[i];
      if (n && t) tangents.set(n, t);
    });
  }
  const jvp = tangents.get(spec.output) ?? zerosLike(b, spec.output);
  b.nodes.push({ name: b.fresh('Identity'), opType: 'Identity', input: [jvp], output: [result] });
  return finish(spec, b, seed, spec.inputShape, result, spec.outputShape);
}

/**
 * The ReLU outputs on the path whose tangent goes to one MaxPool and nowhere else (not the
 * graph's output): RuleContext `reluPostmask`.
 */
function pooledReluOutputs(spec: DerivativeGraphSpec): ReadonlySet<string> {
  const { path } = spec;
  const consumers = new Map<string, NodeProto[]>();
  for (const node of path.nodes) {
    const active = activeInputs(node, path);
    (node.input ?? []).forEach((t, i) => {
      if (active[i]) consumers.set(t, [...(consumers.get(t) ?? []), node]);
    });
  }
  const out = new Set<string>();
  for (const node of path.nodes) {
    const t = node.output?.[0];
    if (node.opType !== 'Relu' || !t || t === spec.output) continue;
    const users = consumers.get(t) ?? [];
    if (users.length === 1 && users[0]!.opType === 'MaxPool' && users[0]!.input?.[0] === t) {
      out.add(t);
    }
  }
  return out;
}

/**
 * UNSUPPORTED_OP naming every node on the path that `backward` cannot treat (with the reason),
 * or undefined when all can; `name` names the model.
 */
export function backwardRulesProblem(
  spec: DerivativeGraphSpec,
  backward: BackwardRules,
  name: string,
): XaiError | undefined {
  if (!changesLinearLayers(backward)) return undefined;
  const linear = backward.linear;
  const kind = backward.composite
    ? 'LRP composite'
    : linear?.kind === 'epsilon'
      ? 'LRP-epsilon'
      : `LRP-${linear?.kind}`;
  const problems = spec.path.nodes.flatMap((node) => {
    const why = relevanceProblem(node, activeInputs(node, spec.path));
    return why ? [`${node.opType} '${node.name || '(unnamed)'}': ${why}`] : [];
  });
  const firstRule = backward.composite?.first;
  if (firstRule !== undefined) {
    const first = firstWeightedLayer(spec.path);
    if (!first) {
      problems.push('no layer with weights for the first-layer rule');
    } else if (!(first.input ?? []).includes(spec.input)) {
      problems.push(
        `${first.opType} '${first.name || '(unnamed)'}', the first layer with weights, does not take the input '${spec.input}' itself, so the first-layer rule cannot give the input relevance (fold the preprocessing into the model's first layer)`,
      );
    } else if (first.opType === 'BatchNormalization' && !isLinearRule(firstRule)) {
      problems.push(
        `BatchNormalization '${first.name || '(unnamed)'}' is the first layer with weights; the ${firstRule.kind} rule needs a Conv, Gemm or MatMul`,
      );
    }
  }
  if (problems.length === 0) return undefined;
  return new XaiError(
    'UNSUPPORTED_OP',
    `Expected only ops with a ${kind} rule between the input and the logits of ${name} but found ${problems.join('; ')}; explain this model with a gradient method instead.`,
  );
}

function ruleOf(node: NodeProto) {
  return rules.get(opKey(node))!;
}

/** Which inputs of a path node carry derivatives: live tensors the rule differentiates. */
/**
 * Reverse-mode accumulation along the path, from its last node down to the one after
 * index `stop`: each node's output cotangents are summed (seeded by `seed` at the output)
 * and `vjpOf` pulls them back to its inputs. Returns the cotangent of `target`, zeros when
 * nothing flows to it.
 */
export function reverseSweep(
  b: GraphBuilder,
  spec: DerivativeGraphSpec,
  seed: string,
  stop: number,
  target: string,
  vjpOf: (
    node: NodeProto,
    outs: Array<string | undefined>,
    ctx: RuleContext,
  ) => ReadonlyArray<string | undefined>,
  graphFacts: Pick<
    RuleContext,
    'producers' | 'initializers' | 'constants' | 'erfProducts' | 'reluPremask'
  > = {},
): string {
  const { path } = spec;
  const cts = new Map<string, string[]>([[spec.output, [seed]]]);
  // Slices of a partitioned tensor hand their cotangents here; the tensor's is their Concat.
  const partitions = findSlicePartitions(
    spec.graph.nodes,
    path.nodes,
    graphFacts.constants ?? (() => undefined),
    spec.shapes,
    b.opset,
  );
  const partOf = new Map(
    [...partitions].flatMap(([x, p]) => p.parts.map((part) => [part, x] as const)),
  );
  const sliced = new Map<string, string>();
  const collect = (name: string): string | undefined => {
    const partition = partitions.get(name);
    if (partition?.parts.some((p) => sliced.has(p))) {
      const each = partition.parts.map((p) => sliced.get(p) ?? zerosLike(b, p));
      cts.set(name, [b.op('Concat', each, [attr.int('axis', partition.axis)])]);
      partitions.delete(name);
    }
    const list = cts.get(name);
    if (!list || list.length === 0) return undefined;
    const sum = sumAll(b, list)!;
    cts.set(name, [sum]);
    return sum;
  };
  for (let k = path.nodes.length - 1; k > stop; k--) {
    const node = path.nodes[k]!;
    const outs = (node.output ?? []).map((n) => (n ? collect(n) : undefined));
    if (outs.every((c) => c === undefined)) continue;
    if (partOf.has(node.output?.[0] ?? '')) {
      sliced.set(node.output![0]!, outs[0]!);
      continue;
    }
    const active = activeInputs(node, path);
    const grads = vjpOf(node, outs, { b, active, shapes: spec.shapes, ...graphFacts });
    (node.input ?? []).forEach((n, i) => {
      const gi = grads[i];
      if (active[i] && gi) cts.set(n, [...(cts.get(n) ?? []), gi]);
    });
  }
  return collect(target) ?? zerosLike(b, target);
}

export function activeInputs(node: NodeProto, path: GradientPath): boolean[] {
  const rule = rules.get(opKey(node))!;
  const diff = rule.differentiable?.(node);
  return (node.input ?? []).map(
    (n, i) =>
      !!n && path.live.has(n) && (diff ? diff.includes(i) : !rule.constantInputs?.includes(i)),
  );
}

/**
 * The model with `b`'s nodes and constants added: `seed` (of `seedType`, the float type
 * unless given) as an extra input, the logits, `result` and `activation` as outputs.
 */
export function finish(
  spec: DerivativeGraphSpec,
  b: GraphBuilder,
  seed: string,
  seedShape: ReadonlyArray<number | string>,
  result: string,
  resultShape: ReadonlyArray<number | string> | undefined,
  activation?: string,
  seedType: number = spec.floatType,
): DerivativeGraph {
  const g = spec.graph;
  const graphProto = g.model.graph!;
  // Rules may make constants they end up not using; ONNX Runtime warns about those.
  const used = new Set(b.nodes.flatMap((n) => n.input ?? []));
  const constants = b.initializers.filter((t) => used.has(t.name ?? ''));
  const model = withGraph(g.model, {
    nodes: [...g.nodes, ...b.nodes],
    initializers: [...(graphProto.initializer ?? []), ...constants],
    inputs: [...(graphProto.input ?? []), tensorValueInfo(seed, seedType, seedShape)],
    outputs: [
      ...(graphProto.output ?? []).filter((o) => o.name === spec.output),
      tensorValueInfo(result, spec.floatType, resultShape),
      ...(activation ? [tensorValueInfo(activation, spec.floatType, undefined)] : []),
    ],
  });
  const rowBytes = passRowBytes(spec);
  return {
    bytes: encodeModel(model),
    seed,
    result,
    ...(activation ? { activation } : {}),
    ...(rowBytes !== undefined ? { rowBytes } : {}),
  };
}

/** The model's constants by name: its initializers and its Constant nodes' values. */
export function graphConstants(g: OnnxGraph): (name: string) => TensorProto | undefined {
  const byName = new Map((g.model.graph?.initializer ?? []).map((t) => [t.name ?? '', t]));
  for (const node of g.nodes) {
    const value =
      node.opType === 'Constant' ? node.attribute?.find((a) => a.name === 'value')?.t : undefined;
    if (value && node.output?.[0]) byName.set(node.output[0], value);
  }
  return (name) => byName.get(name);
}
