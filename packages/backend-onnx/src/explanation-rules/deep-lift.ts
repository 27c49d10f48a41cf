import { XaiError } from '@xai/core';
import {
  activeInputs,
  type DerivativeGraph,
  type DerivativeGraphSpec,
  graphConstants,
  reverseSweep,
} from '../autodiff/build.js';
import { foldedSpec } from '../autodiff/folded-spec.js';
import { GraphBuilder } from '../graph/builder.js';
import { encodeModel, opKey, tensorValueInfo, withGraph } from '../graph/graph.js';
import { type NodeProto, onnx } from '../onnx-proto.js';
import { rules } from '../rules/registry.js';
import type { RuleContext } from '../rules/rule.js';
import { unweightedLinear, weighted } from './linear-ops.js';

/**
 * DeepLIFT with the rescale rule (Shrikumar, Greenside and Kundaje 2017, sections 3.3 and
 * 3.5.1), as Captum's `DeepLift` computes it: the multipliers of the target from a
 * reference input `x_ref` to `x`. The graph runs the forward pass twice (for `x` and, with
 * renamed tensors and the same weights, for `x_ref`) and pulls the cotangent back with
 *
 * - elementwise nonlinearities `y = f(z)` (Relu, LeakyRelu, Sigmoid, Tanh, Softplus, Clip,
 *   HardSigmoid, HardSwish): the multiplier `(y - y_ref) / (z - z_ref)`, or the gradient
 *   at `x` where `|z - z_ref| < 1e-10` (Captum's threshold);
 * - MaxPool: Captum's rule: per window, `max(y, y_ref) - y_ref` goes back to `x`'s maximum
 *   and `y - max(y, y_ref)` to `x_ref`'s, each scaled by the cotangent, and the sum is
 *   divided by `x - x_ref` (the gradient at `x` where that is below 1e-10), so the
 *   contributions of a window add up to its difference;
 * - linear ops (convolutions, dense layers, batch norm, sums, pooling by averages,
 *   reshapes, slices, ...): the gradient, which is their exact multiplier.
 *
 * `(x - x_ref) * multipliers` then sums to the target's difference (summation-to-delta).
 * Any other op is refused (UNSUPPORTED_OP), named, before anything is built.
 */

/** Elementwise one-input nonlinearities: the rescale rule. */
const rescaled = new Set([
  'Clip',
  'HardSigmoid',
  'HardSwish',
  'LeakyRelu',
  'Relu',
  'Sigmoid',
  'Softplus',
  'Tanh',
]);

/** Ops that are linear in their input-dependent operands, so their gradient is their multiplier. */
const linear = new Set([...unweightedLinear, ...weighted, 'Neg']);

/** Captum's threshold on `|z - z_ref|` below which the gradient stands in for the multiplier. */
const THRESHOLD = 1e-10;

/** UNSUPPORTED_OP naming every path node DeepLIFT-rescale has no rule for, or undefined. */
export function deepLiftProblem(spec: DerivativeGraphSpec, name: string): XaiError | undefined {
  const problems = spec.path.nodes.flatMap((node) => {
    const op = node.opType ?? '';
    const active = activeInputs(node, spec.path);
    const live = active.filter(Boolean).length;
    let why: string | undefined;
    if (rescaled.has(op) || op === 'MaxPool') why = undefined;
    else if (op === 'Div' && active[1]) why = 'it divides by a tensor that depends on the input';
    else if (op === 'Mul' || op === 'Div' || op === 'MatMul' || op === 'Gemm')
      why = live > 1 ? 'it multiplies two tensors that depend on the input' : undefined;
    else if (linear.has(op))
      why = op === 'Pad' && padMode(node) !== 'constant' ? 'a non-constant pad' : undefined;
    else why = 'it is neither linear nor an elementwise nonlinearity with a rescale rule';
    return why ? [`${opKey(node)} '${node.name || '(unnamed)'}': ${why}`] : [];
  });
  if (problems.length === 0) return undefined;
  return new XaiError(
    'UNSUPPORTED_OP',
    `Expected only ops with a DeepLIFT rescale rule between the input and the logits of ${name} but found ${problems.join('; ')}; explain this model with integrated gradients instead.`,
  );
}

function padMode(node: NodeProto): string {
  const a = (node.attribute ?? []).find((x) => x.name === 'mode');
  return a?.s && a.s.length > 0 ? new TextDecoder().decode(a.s) : 'constant';
}

/**
 * The DeepLIFT graph: seed the cotangent, result the multipliers (shaped like the input).
 * `sharedReference`: the reference may come as one row for the whole batch (its forward
 * pass then runs once; the graph broadcasts it), which holds when nothing in the reference's
 * forward reads a shape or a value computed from the input outside the path.
 */
export type DeepLiftGraph = DerivativeGraph & {
  readonly reference: string;
  readonly referenceOutput: string;
  readonly sharedReference: boolean;
};

/** Forward for `x` and `x_ref`, and the rescale-rule multipliers of the cotangent. */
export function buildDeepLiftGraph(given: DerivativeGraphSpec): DeepLiftGraph {
  // Batch norm is linear, its multiplier its gradient: folded into its layer as for the VJP.
  const spec = foldedSpec(given);
  const { graph: g, path } = spec;
  const b = new GraphBuilder(g.opset, spec.floatType, g.names);
  const seed = b.fresh('cotangent');
  const reference = b.fresh('reference');
  const result = b.fresh('multipliers');
  const referenceOutput = b.fresh('reference_logits');
  // The reference's forward pass: the path's nodes again, live tensors renamed.
  const ref = new Map<string, string>([[spec.input, reference]]);
  const refOf = (n: string) => ref.get(n) ?? n;
  const fromInput = dependsOnInput(g.nodes, spec.input);
  let sharedReference = true;
  for (const node of path.nodes) {
    // A tensor of the input's batch read by the reference's forward (a Reshape's shape
    // from the input's Shape, say) would not fit a one-row reference.
    for (const n of node.input ?? []) {
      if (n && fromInput.has(n) && !ref.has(n)) sharedReference = false;
    }
    const outputs = (node.output ?? []).map((n) => {
      if (!n) return n;
      const renamed = b.fresh('ref');
      ref.set(n, renamed);
      return renamed;
    });
    b.nodes.push(
      onnx.NodeProto.create({
        ...node,
        name: b.fresh(`ref_${node.opType}`),
        input: (node.input ?? []).map((n) => (n ? refOf(n) : n)),
        output: outputs,
      }),
    );
  }
  const grad = reverseSweep(
    b,
    spec,
    seed,
    -1,
    spec.input,
    (node, outs, ctx) => {
      const op = node.opType ?? '';
      if (rescaled.has(op)) return [rescale(node, outs[0]!, ctx, refOf)];
      if (op === 'MaxPool') return [maxPoolRescale(node, outs[0]!, ctx, refOf)];
      return rules.get(opKey(node))!.vjp(node, outs, ctx);
    },
    { constants: graphConstants(g) },
  );
  b.nodes.push({ name: b.fresh('Identity'), opType: 'Identity', input: [grad], output: [result] });
  // The reference's logits for every row, also when it came as one.
  const outputShape = b.op('Shape', [spec.output]);
  b.nodes.push({
    name: b.fresh('Expand'),
    opType: 'Expand',
    input: [refOf(spec.output), outputShape],
    output: [referenceOutput],
  });
  const graphProto = g.model.graph!;
  const used = new Set(b.nodes.flatMap((n) => n.input ?? []));
  const model = withGraph(g.model, {
    nodes: [...g.nodes, ...b.nodes],
    initializers: [
      ...(graphProto.initializer ?? []),
      ...b.initializers.filter((t) => used.has(t.name ?? '')),
    ],
    inputs: [
      ...(graphProto.input ?? []),
      tensorValueInfo(seed, spec.floatType, spec.outputShape),
      tensorValueInfo(reference, spec.floatType, [
        sharedReference ? 'reference_batch' : spec.inputShape[0]!,
        ...spec.inputShape.slice(1),
      ]),
    ],
    outputs: [
      ...(graphProto.output ?? []).filter((o) => o.name === spec.output),
      tensorValueInfo(result, spec.floatType, spec.inputShape),
      tensorValueInfo(referenceOutput, spec.floatType, spec.outputShape),
    ],
  });
  return { bytes: encodeModel(model), seed, reference, result, referenceOutput, sharedReference };
}

/** The tensors computed from `input` by any node of the graph (on the path or not). */
function dependsOnInput(nodes: readonly NodeProto[], input: string): Set<string> {
  const found = new Set([input]);
  for (const node of nodes) {
    if ((node.input ?? []).some((n) => found.has(n))) {
      for (const o of node.output ?? []) if (o) found.add(o);
    }
  }
  return found;
}

/** `dy * (y - y_ref) / (z - z_ref)`, the gradient at x where `|z - z_ref|` is below the threshold. */
function rescale(
  node: NodeProto,
  dy: string,
  ctx: RuleContext,
  refOf: (n: string) => string,
): string {
  const { b } = ctx;
  const z = node.input![0]!;
  const y = node.output![0]!;
  const dz = b.op('Sub', [z, refOf(z)]);
  const small = b.op('Less', [b.op('Abs', [dz]), b.float(THRESHOLD)]);
  // Where dz is small the ratio (0/0, or huge) is not selected below: no guard on the divisor.
  const ratio = b.op('Div', [b.op('Sub', [y, refOf(y)]), dz]);
  const gradient = rules.get(opKey(node))!.vjp(node, [dy], ctx)[0]!;
  return b.op('Where', [small, gradient, b.op('Mul', [dy, ratio])]);
}

/** Captum's max-pool rule (see the file's comment). */
function maxPoolRescale(
  node: NodeProto,
  dy: string,
  ctx: RuleContext,
  refOf: (n: string) => string,
): string {
  const { b } = ctx;
  const rule = rules.get('MaxPool')!;
  const x = node.input![0]!;
  const y = node.output![0]!;
  const yRef = refOf(y);
  const top = b.op('Max', [y, yRef]);
  const atX = rule.vjp(node, [b.op('Mul', [dy, b.op('Sub', [top, yRef])])], ctx)[0]!;
  // The reference's input to the pool at the batch's size (it may have come as one row).
  const refX = b.op('Expand', [refOf(x), b.op('Shape', [x])]);
  const refNode = { ...node, input: [refX] } as NodeProto;
  const atRef = rule.vjp(refNode, [b.op('Mul', [dy, b.op('Sub', [y, top])])], ctx)[0]!;
  const dx = b.op('Sub', [x, refOf(x)]);
  const small = b.op('Less', [b.op('Abs', [dx]), b.float(THRESHOLD)]);
  const ratio = b.op('Div', [b.op('Add', [atX, atRef]), dx]); // not selected where dx is small
  const gradient = rule.vjp(node, [dy], ctx)[0]!;
  return b.op('Where', [small, gradient, ratio]);
}
