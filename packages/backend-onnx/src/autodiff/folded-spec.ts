import { foldBatchNorm } from '../graph/fold-batch-norm.js';
import { readGraph } from '../graph/graph.js';
import { graphFlag } from '../rules/legacy-graphs.js';
import type { DerivativeGraphSpec } from './build.js';
import { findGradientPath } from './path.js';

/**
 * The spec a derivative graph is built from, with each BatchNormalization folded into the
 * Conv, ConvTranspose or Gemm before it (graph/fold-batch-norm.ts): the backward pass then
 * has no scaling pass per layer before each adjoint convolution. Folded when the graph is
 * built, not when the model is read, because layer names are only known then: a layer a
 * method asks for (`layer`, checked against the unfolded graph) keeps its own tensor. The
 * forward session keeps the file's graph (ONNX Runtime fuses Conv and BatchNormalization
 * there itself), and so do the variants made from it (weight noise, randomised layers).
 * Off by default for now (`foldByDefault`): `XAI_GRAPH=bn-fold` turns it on,
 * `XAI_GRAPH=legacy-bn-fold` (or `legacy`) off; read at each build.
 */
export function foldedSpec(spec: DerivativeGraphSpec, layer?: string): DerivativeGraphSpec {
  if (!batchNormFoldOn()) return spec;
  const model = foldBatchNorm(spec.graph.model, new Set(layer === undefined ? [] : [layer]));
  if (!model) return spec;
  const graph = readGraph(model);
  return { ...spec, graph, path: findGradientPath(graph, spec.input, spec.output).path };
}

/**
 * Whether the derivative graphs fold BatchNormalization. Off by default: on a quiet machine
 * it saved 0.3-1.2% of a BN-keeping ResNet-50's VJP (ONNX Runtime already runs the backward's
 * BatchNormalization as a blocked per-channel step), and it moves meaningful perturbation's
 * map on the fixture ResNet by 8.6e-6 of its largest value (its 50 Adam steps in the pin grow
 * the backward pass's float32 rounding), beyond the pins' 1e-6; every other pin holds
 * (docs/benchmarks/bn-fold.md).
 */
export const foldByDefault = false;

function batchNormFoldOn(): boolean {
  if (graphFlag('legacy') || graphFlag('legacy-bn-fold')) return false;
  return foldByDefault || graphFlag('bn-fold');
}
