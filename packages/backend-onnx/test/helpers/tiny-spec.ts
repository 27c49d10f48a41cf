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

/**
 * The derivative graph spec of a `tinyModel` (`sample` per row, `classes` logits), float32
 * unless `floatType` says otherwise.
 */
export function tinySpec(
  { graph, path }: Pick<ReturnType<typeof tinyParts>, 'graph' | 'path'>,
  sample: readonly number[],
  classes: number,
  shapes?: DerivativeGraphSpec['shapes'],
  floatType = FLOAT,
): DerivativeGraphSpec {
  return {
    graph,
    path,
    input: 'x',
    output: 'logits',
    floatType,
    inputShape: ['batch', ...sample],
    outputShape: ['batch', classes],
    ...(shapes ? { shapes } : {}),
  };
}
