import { attrFloat, attrString, copyAttrs } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import { type NodeProto, onnx } from '../onnx-proto.js';
import { geluDerivative, geluTanhDerivative } from './activations.js';
import { maskToFloat, unbroadcast } from './common.js';
import { convRule } from './conv.js';
import type { OpRule } from './rule.js';

/**
 * ONNX Runtime's com.microsoft fusions, as its optimiser saves them. The rules emit only
 * default-domain ops: each fusion is undone into the ops it fused (recomputing an inner
 * value where needed) and differentiated by their rules.
 */

/** `f(x + bias)` for a fused activation f given by its derivative; bias optional. */
function biased(derivative: (b: GraphBuilder, z: string, node: NodeProto) => string): OpRule {
  const pre = (node: NodeProto, b: GraphBuilder) => {
    const [x, bias] = node.input!;
    return bias ? b.op('Add', [x!, bias]) : x!;
  };
  return {
    vjp(node, [dy], { b, active }) {
      const g = b.op('Mul', [dy!, derivative(b, pre(node, b), node)]);
      const [x, bias] = node.input!;
      return [
        active[0] ? unbroadcast(b, g, x!) : undefined,
        active[1] && bias ? unbroadcast(b, g, bias) : undefined,
      ];
    },
    jvp(node, [dx, dBias], { b }) {
      const d = dx && dBias ? b.op('Add', [dx, dBias]) : (dx ?? dBias)!;
      return [b.op('Mul', [d, derivative(b, pre(node, b), node)])];
    },
  };
}

/** com.microsoft Gelu and BiasGelu: the exact Gelu of `x (+ bias)`. */
export const msGeluRule = biased((b, z) => geluDerivative(b, z));
/** com.microsoft FastGelu: the tanh approximation of Gelu of `x (+ bias)`. */
export const fastGeluRule = biased((b, z) => geluTanhDerivative(b, z));
/** com.microsoft QuickGelu `x sigmoid(alpha x)`: `s + alpha x s (1 - s)`. */
export const quickGeluRule = biased((b, z, node) => {
  const alpha = attrFloat(node, 'alpha', 1.702);
  const s = b.op('Sigmoid', [b.op('Mul', [z, b.float(alpha)])]);
  const ds = b.op('Mul', [s, b.op('Sub', [b.float(1), s])]);
  return b.op('Add', [s, b.op('Mul', [b.op('Mul', [z, b.float(alpha)]), ds])]);
});

const fusedActivations = ['Relu', 'Tanh', 'Sigmoid', 'LeakyRelu', 'Clip', 'HardSigmoid'];

/**
 * com.microsoft FusedConv `act(Conv(X, W, B) + Z)`: the Conv is re-run (default domain)
 * for its output z, the activation's derivative taken at z, and the Conv's rules applied;
 * Z, when live, takes the activation's cotangent as it is.
 */
export const fusedConvRule: OpRule = {
  differentiable: () => [0, 3],
  check(node) {
    const act = attrString(node, 'activation', '');
    if (act !== '' && !fusedActivations.includes(act)) return `activation=${act} is not supported`;
    // ONNX Runtime's fused HardSigmoid did not follow other activation_params in our
    // central-difference check, so only the defaults its optimiser writes are accepted.
    const p = (node.attribute ?? []).find((a) => a.name === 'activation_params')?.floats ?? [];
    if (
      act === 'HardSigmoid' &&
      p.length > 0 &&
      (Math.abs(p[0]! - 0.2) > 1e-6 || Math.abs(p[1]! - 0.5) > 1e-6)
    )
      return 'HardSigmoid with activation_params other than [0.2, 0.5] is not supported';
    return undefined;
  },
  vjp(node, [dy], ctx) {
    const { b, active } = ctx;
    const { conv, z } = unfuse(node, b);
    const g = b.op('Mul', [dy!, activationDerivative(node, z, b)]);
    const [dx] = active[0] ? convRule.vjp(conv, [g], { ...ctx, active: [true] }) : [undefined];
    return [dx, undefined, undefined, active[3] ? g : undefined];
  },
  jvp(node, [dx, , , dZ], ctx) {
    const { b } = ctx;
    const { conv, z } = unfuse(node, b);
    const parts: string[] = [];
    if (dx) parts.push(convRule.jvp(conv, [dx], { ...ctx, active: [true] })[0]!);
    if (dZ) parts.push(dZ);
    const d = parts.length === 2 ? b.op('Add', parts) : parts[0]!;
    return [b.op('Mul', [d, activationDerivative(node, z, b)])];
  },
};

/** The default-domain Conv inside a FusedConv (a node the Conv rules can read) and z. */
function unfuse(node: NodeProto, b: GraphBuilder): { conv: NodeProto; z: string } {
  const attrs = copyAttrs(node, 'activation', 'activation_params');
  const [x, w, bias, sum] = node.input!;
  const inputs = [x!, w!, ...(bias ? [bias] : [])];
  const out = b.op('Conv', inputs, attrs);
  const conv = onnx.NodeProto.create({
    opType: 'Conv',
    input: inputs,
    output: [out],
    attribute: attrs,
  });
  return { conv, z: sum ? b.op('Add', [out, sum]) : out };
}

function activationDerivative(node: NodeProto, z: string, b: GraphBuilder): string {
  const act = attrString(node, 'activation', '');
  const params = (node.attribute ?? []).find((a) => a.name === 'activation_params')?.floats ?? [];
  const zero = b.float(0);
  switch (act) {
    case 'Relu':
      return maskToFloat(b, b.op('Greater', [z, zero]));
    case 'LeakyRelu':
      return b.op('Where', [b.op('Greater', [z, zero]), b.float(1), b.float(params[0] ?? 0.01)]);
    case 'Tanh': {
      const t = b.op('Tanh', [z]);
      return b.op('Sub', [b.float(1), b.op('Mul', [t, t])]);
    }
    case 'Sigmoid': {
      const s = b.op('Sigmoid', [z]);
      return b.op('Mul', [s, b.op('Sub', [b.float(1), s])]);
    }
    case 'Clip': {
      const inside = b.op('And', [
        b.op('Not', [b.op('Less', [z, b.float(params[0] ?? -3.4e38)])]),
        b.op('Not', [b.op('Greater', [z, b.float(params[1] ?? 3.4e38)])]),
      ]);
      return maskToFloat(b, inside);
    }
    case 'HardSigmoid': {
      const alpha = params[0] ?? 0.2;
      const v = b.op('Add', [b.op('Mul', [z, b.float(alpha)]), b.float(params[1] ?? 0.5)]);
      const inside = b.op('And', [b.op('Greater', [v, zero]), b.op('Less', [v, b.float(1)])]);
      return b.op('Mul', [maskToFloat(b, inside), b.float(alpha)]);
    }
    default:
      return b.float(1);
  }
}
