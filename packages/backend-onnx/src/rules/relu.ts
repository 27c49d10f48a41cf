import { attrFloat } from '../graph/attributes.js';
import type { OpRule } from './rule.js';

/**
 * Relu. JVP and VJP: `d * (x > 0)` (the subgradient 0 at 0, as PyTorch). Guided
 * backpropagation and deconvnet are explanation rules: explanation-rules/relu.ts.
 */
export const reluRule: OpRule = {
  vjp(node, [dy], { b, reluPremask }) {
    if (reluPremask?.done.has(dy!)) return [dy];
    const zero = b.float(0);
    // y > 0 exactly where x > 0; reading y, not x, leaves x free to be fused away
    // (Conv + Relu) by the runtime.
    return [b.op('Where', [b.op('Greater', [node.output![0]!, zero]), dy!, zero])];
  },
  jvp(node, [dx], { b, reluPostmask }) {
    if (reluPostmask?.has(node.output![0]!)) return [dx];
    const zero = b.float(0);
    // The output, as in the VJP: ONNX Runtime keeps Conv + Relu fused in the forward part.
    return [b.op('Where', [b.op('Greater', [node.output![0]!, zero]), dx!, zero])];
  },
};

/** LeakyRelu: `d` where x > 0, `alpha * d` elsewhere. */
export const leakyReluRule: OpRule = {
  vjp(node, [dy], { b }) {
    return [leaky(node.input![0]!, dy!, attrFloat(node, 'alpha', 0.01), b)];
  },
  jvp(node, [dx], { b }) {
    return [leaky(node.input![0]!, dx!, attrFloat(node, 'alpha', 0.01), b)];
  },
};

function leaky(x: string, d: string, alpha: number, b: import('../graph/builder.js').GraphBuilder) {
  const mask = b.op('Greater', [x, b.float(0)]);
  return b.op('Where', [mask, d, b.op('Mul', [d, b.float(alpha)])]);
}
