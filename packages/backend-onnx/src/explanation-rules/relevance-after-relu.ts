import type { BackwardRules } from '@xai/core';
import type { GradientPath } from '../autodiff/path.js';
import { readersOf } from '../graph/graph.js';
import type { NodeProto } from '../onnx-proto.js';
import { legacyGraphs } from '../rules/legacy-graphs.js';
import { weighted } from './linear-ops.js';

/**
 * An LRP rule on a layer whose output z feeds one ReLU and nothing else on the path. The
 * ReLU's gradient zeroes the cotangent where z <= 0, then the layer's rule scales it by z
 * (alpha-beta's and gamma's relevance `z dy`) or by `|z| / (|z| + eps)` (epsilon). Read from
 * the ReLU's output y instead (`y dy`, `y / (y + eps)`), the factor is the same where z > 0 and
 * 0 where z <= 0: it does both, so the ReLU passes its cotangent on as it is and nothing but
 * the ReLU reads z (ONNX Runtime then fuses Conv + Relu in the forward part). The same values
 * (a zero's sign aside).
 */
export interface RelevanceAfterRelu {
  /** The ReLU output the layer's rule reads in place of z, by layer. */
  readonly ratioFrom: ReadonlyMap<NodeProto, string>;
  /** The ReLUs that pass their cotangent on unmasked. */
  readonly unmasked: ReadonlySet<NodeProto>;
}

/**
 * The layers and ReLUs of `path` the shortcut above applies to: only under the true ReLU
 * rule (guided backprop's and deconvnet's change what the ReLU passes), for layers whose
 * rule is an LRP rule (`ruleOf`: not the gradient), never for `first` (a composite's own first-layer rule) nor where
 * z or y is the tensor a layer pass stops at (its cotangent is an output).
 */
export function relevanceAfterRelu(
  path: GradientPath,
  backward: BackwardRules,
  ruleOf: (layer: NodeProto) => string | undefined,
  stop: string | undefined,
  first: NodeProto | undefined,
): RelevanceAfterRelu {
  const ratioFrom = new Map<NodeProto, string>();
  const unmasked = new Set<NodeProto>();
  if (legacyGraphs('relevance') || (backward.relu ?? 'standard') !== 'standard') {
    return { ratioFrom, unmasked };
  }
  const readers = readersOf(path.nodes);
  for (const layer of path.nodes) {
    if (!weighted.has(layer.opType ?? '') || layer === first) continue;
    const kind = ruleOf(layer);
    if (kind === undefined || kind === 'gradient') continue;
    const z = layer.output?.[0];
    const only = z === undefined ? undefined : readers.get(z);
    const relu = only?.length === 1 && only[0]!.opType === 'Relu' ? only[0]! : undefined;
    const y = relu?.output?.[0];
    if (!relu || !y || z === stop || y === stop) continue;
    ratioFrom.set(layer, y);
    unmasked.add(relu);
  }
  return { ratioFrom, unmasked };
}
