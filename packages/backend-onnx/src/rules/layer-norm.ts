import { attr, attrInt, copyAttrs } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import type { NodeProto } from '../onnx-proto.js';
import { reduceStatic, reshapeLike } from './common.js';
import type { OpRule } from './rule.js';

/**
 * LayerNormalization (opset 17): `y = xhat * gamma + beta`, `xhat = (x - mean) * r` over
 * the axes from `axis` on. The normalisation's Jacobian `r (I - 11^T/n - xhat xhat^T/n)`
 * is symmetric, so the VJP applies it to `gamma dY` and the JVP multiplies it by gamma.
 * `xhat` and `r` come from the node re-run with unit scale and its optional outputs; the
 * reductions work on x flattened to 2-D at `axis`, so no rank is needed.
 */
export const layerNormRule: OpRule = {
  differentiable: () => [0],
  differentiableOutputs: () => [0],
  vjp(node, [dy], { b }) {
    const scaled = b.op('Mul', [dy!, node.input![1]!]);
    return [normalJacobian(node, scaled, b)];
  },
  jvp(node, [dx], { b }) {
    return [b.op('Mul', [normalJacobian(node, dx!, b), node.input![1]!])];
  },
};

function normalJacobian(node: NodeProto, d: string, b: GraphBuilder): string {
  const x = node.input![0]!;
  const axis = attrInt(node, 'axis', -1);
  // Mean and inverse std in the graph's float type (stash_type), so a float64 model's
  // derivative stays float64 (the default stash type is float32).
  const attrs = [...copyAttrs(node, 'stash_type'), attr.int('stash_type', b.floatType)];
  // Re-run with a scale of ones and no bias, its first output is xhat itself (two passes
  // fewer than (x - mean) r); the ones fold into a constant at load.
  const ones = b.op('ConstantOfShape', [b.op('Shape', [node.input![1]!])], [b.floatValueAttr(1)]);
  const [normal, , invStd] = b.ops('LayerNormalization', [x, ones], attrs, 3);
  const flat = (t: string) => b.op('Flatten', [t], [attr.int('axis', axis)]);
  const xhat = flat(normal!);
  const g = flat(d);
  const mg = reduceStatic(b, 'ReduceMean', g, [1]);
  const mgx = reduceStatic(b, 'ReduceMean', b.op('Mul', [g, xhat]), [1]);
  const inner = b.op('Sub', [b.op('Sub', [g, mg]), b.op('Mul', [xhat, mgx])]);
  return reshapeLike(b, b.op('Mul', [inner, flat(invStd!)]), x);
}
