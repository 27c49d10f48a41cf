import type { BackwardRules, LossName } from '@xai/core';
import { attr } from '../graph/attributes.js';
import { GraphBuilder } from '../graph/builder.js';
import { DOUBLE } from '../graph/graph.js';
import { onnx } from '../onnx-proto.js';
import { reduceStatic } from '../rules/common.js';
import {
  type DerivativeGraph,
  type DerivativeGraphSpec,
  finish,
  foldedFor,
  passRowBytes,
  pullBack,
} from './build.js';

/** The target fed for a row whose class is the argmax of its own logits (`'predicted'`). */
export const PREDICTED_TARGET = -1n;

/**
 * Forward + the input gradient of a loss in one run: inputs `x` and int64 targets `[B]`
 * (`PREDICTED_TARGET` for the argmax of the row's logits, the first one on ties as
 * ONNX's ArgMax and core's `resolveTargets` take it); outputs the logits and the input
 * gradient. The loss's cotangent on the logits is computed in the graph in float64 with
 * the steps of core's `targets/loss.ts` (the max subtracted, `exp`, the row sum; the
 * log-sum-exp for the log-softmax losses), then cast to the float type, so it equals the
 * one `lossGradient` computes in JavaScript from the logits up to float64 rounding.
 */
export function buildLossVjpGraph(
  given: DerivativeGraphSpec,
  loss: LossName,
  backward: BackwardRules = {},
): DerivativeGraph {
  // The same graph as the VJP's (BatchNormalization folded alike), seeded in-graph.
  const spec = foldedFor(given, backward);
  const b = new GraphBuilder(spec.graph.opset, spec.floatType, spec.graph.names);
  const targets = b.fresh('targets');
  const result = b.fresh('input_grad');
  const classes = spec.outputShape[1] as number;
  const seed = lossCotangent(b, spec.output, targets, classes, loss);
  const grad = pullBack(b, spec, backward, seed);
  b.nodes.push({ name: b.fresh('Identity'), opType: 'Identity', input: [grad], output: [result] });
  const graph = finish(
    spec,
    b,
    targets,
    ['batch'],
    result,
    spec.inputShape,
    undefined,
    onnx.TensorProto.DataType.INT64,
  );
  // Besides a VJP's row: the cotangent it would have taken as an input (counted as the
  // runner counts inputs, twice) and the float64 rows the seed holds at once (about four).
  const seedBytes = classes * (4 * 2 + 8 * 4);
  return { ...graph, rowBytes: (passRowBytes(spec) ?? 0) + seedBytes };
}

/**
 * `dL/dz` `[B, K]` of `loss` at the logits `z`, in the float type; every op is in the
 * default domain from opset 7 (ReduceSum and ReduceMax take their axes in the form the
 * opset wants).
 */
function lossCotangent(
  b: GraphBuilder,
  logits: string,
  targets: string,
  classes: number,
  loss: LossName,
): string {
  const column = b.int64([-1, 1]);
  const classIndex = b.int64(Array.from({ length: classes }, (_, k) => k));
  const given = b.op('Reshape', [targets, column]);
  const predicted = b.op('ArgMax', [logits], [attr.int('axis', 1), attr.int('keepdims', 1)]);
  const wantsPredicted = b.op('Equal', [given, b.int64([PREDICTED_TARGET], [1, 1])]);
  const hot = b.op('Or', [
    b.op('Equal', [given, classIndex]),
    b.op('And', [wantsPredicted, b.op('Equal', [predicted, classIndex])]),
  ]);
  if (loss === 'logit') return b.op('Cast', [hot], [attr.int('to', b.floatType)]);
  const e = b.op('Cast', [hot], [attr.int('to', DOUBLE)]);
  const z = b.op('Cast', [logits], [attr.int('to', DOUBLE)]);
  const max =
    b.opset >= 18
      ? b.op('ReduceMax', [z, b.int64([1])], [attr.int('keepdims', 1)])
      : b.op('ReduceMax', [z], [attr.ints('axes', [1]), attr.int('keepdims', 1)]);
  const exps = b.op('Exp', [b.op('Sub', [z, max])]);
  const sum = reduceStatic(b, 'ReduceSum', exps, [1]);
  let grad: string;
  if (loss === 'probability') {
    // p_t (e_t - p), p = exp(z - max) / sum.
    const p = b.op('Div', [exps, sum]);
    const pt = reduceStatic(b, 'ReduceSum', b.op('Mul', [p, e]), [1]);
    grad = b.op('Mul', [pt, b.op('Sub', [e, p])]);
  } else {
    // e_t - p (log-softmax) or p - e_t (cross-entropy), p = exp(z - (max + log sum)).
    const lse = b.op('Add', [max, b.op('Log', [sum])]);
    const p = b.op('Exp', [b.op('Sub', [z, lse])]);
    grad = loss === 'cross-entropy' ? b.op('Sub', [p, e]) : b.op('Sub', [e, p]);
  }
  return b.op('Cast', [grad], [attr.int('to', b.floatType)]);
}
