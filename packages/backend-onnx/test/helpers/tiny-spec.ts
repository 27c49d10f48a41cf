import type { DerivativeGraphSpec } from '../../src/autodiff/build.js';
import { findGradientPath } from '../../src/autodiff/path.js';
import { decodeOnnxModel } from '../../src/decode-model.js';
import { FLOAT, readGraph } from '../../src/graph/graph.js';

/** A `tinyModel`'s graph and its gradient path from `x` to `logits`. */
export function tinyParts(bytes: Uint8Array) {
  const graph = readGraph(decodeOnnxModel(bytes, 'tiny'));
  const { path } = findGradientPath(graph, 'x', 'logits');
  return { graph, path };
}

/** The derivative graph spec of a float32 `tinyModel` (`sample` per row, `classes` logits). */
export function tinySpec(
  { graph, path }: ReturnType<typeof tinyParts>,
  sample: readonly number[],
  classes: number,
  shapes?: DerivativeGraphSpec['shapes'],
): DerivativeGraphSpec {
  return {
    graph,
    path,
    input: 'x',
    output: 'logits',
    floatType: FLOAT,
    inputShape: ['batch', ...sample],
    outputShape: ['batch', classes],
    ...(shapes ? { shapes } : {}),
  };
}
