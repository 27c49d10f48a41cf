import { attr, attrInt, attrString, copyAttrs } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import { DOUBLE, FLOAT } from '../graph/graph.js';
import { onnx } from '../onnx-proto.js';
import {
  expandLike,
  positionsLike,
  sameShape,
  scatterBack,
  shapeOf,
  unbroadcast,
  zerosLike,
} from './common.js';
import type { OpRule } from './rule.js';

/** The run-time size of `x` along `axis`, as a 1-D int64 tensor of one element. */
function dimAt(b: GraphBuilder, x: string, axis: number): string {
  return b.op('Gather', [shapeOf(b, x), b.int64([axis])], [attr.int('axis', 0)]);
}

/** Concat: VJP slices the cotangent at run-time offsets; JVP concatenates tangents (zeros where none). */
export const concatRule: OpRule = {
  vjp(node, [dy], { b, active }) {
    const axis = attrInt(node, 'axis', 0);
    const axes = b.int64([axis]);
    let start = b.int64([0]);
    return node.input!.map((x, i) => {
      const end = b.op('Add', [start, dimAt(b, x, axis)]);
      const part = active[i] ? b.op('Slice', [dy!, start, end, axes]) : undefined;
      start = end;
      return part;
    });
  },
  jvp(node, tangents, { b }) {
    const parts = node.input!.map((x, i) => tangents[i] ?? zerosLike(b, x));
    return [b.op('Concat', parts, copyAttrs(node))];
  },
};

/** Split: VJP concatenates the cotangents (zeros where none); JVP splits the tangent alike. */
export const splitRule: OpRule = {
  differentiable: () => [0],
  constantInputs: [1],
  vjp(node, cotangents, { b }) {
    const parts = node.output!.map((y, i) => cotangents[i] ?? zerosLike(b, y));
    return [b.op('Concat', parts, [attr.int('axis', attrInt(node, 'axis', 0))])];
  },
  jvp(node, [dx], { b }) {
    return b.ops('Split', [dx!, ...node.input!.slice(1)], copyAttrs(node), node.output!.length);
  },
};

/**
 * Ops that pick elements of input 0 by position (Slice, Gather, Pad): JVP runs the same
 * op on the tangent; VJP runs it on the positions of x to learn where each output element
 * came from and scatters the cotangent back there (padding scatters nowhere).
 */
export function picking(constantInputs: readonly number[], check?: OpRule['check']): OpRule {
  return {
    differentiable: () => [0],
    constantInputs,
    ...(check ? { check } : {}),
    vjp(node, [dy], { b }) {
      const x = node.input![0]!;
      const rest = node.input!.slice(1);
      let from: string;
      if (node.opType === 'Pad') {
        // Pad the positions with -1 (int64), whatever the data's constant value.
        const [pads, , axes] = rest;
        from = b.op(
          'Pad',
          [positionsLike(b, x), pads!, b.int64(-1, []), ...(axes ? [axes] : [])],
          copyAttrs(node),
        );
      } else {
        from = b.op(node.opType!, [positionsLike(b, x), ...rest], copyAttrs(node));
      }
      return [scatterBack(b, x, dy!, from)];
    },
    jvp(node, [dx], { b }) {
      const rest = node.input!.slice(1);
      if (node.opType === 'Pad') {
        const [pads, , axes] = rest;
        const zero = b.float(0);
        return [b.op('Pad', [dx!, pads!, zero, ...(axes ? [axes] : [])], copyAttrs(node))];
      }
      return [b.op(node.opType!, [dx!, ...rest], copyAttrs(node))];
    },
  };
}

/** Slice (opset 10+: starts, ends, axes, steps as inputs). */
export const sliceRule = picking([1, 2, 3, 4], (node, opset) =>
  opset < 10 || (node.input ?? []).length < 3
    ? 'Slice before opset 10 is not supported'
    : undefined,
);

/**
 * Gather of data by constant indices. Repeated indices are summed from opset 16
 * (ScatterElements with reduction=add); before, one of the repeats wins (documented).
 */
export const gatherRule = picking([1]);

/** Pad (opset 11+, pads as input): constant mode; edge and reflect need opset 16 (repeats). */
export const padRule = picking([1, 2, 3], (node, opset) => {
  if (opset < 11) return 'Pad before opset 11 is not supported';
  const mode = attrString(node, 'mode', 'constant');
  if (mode !== 'constant' && opset < 16) return `mode=${mode} needs opset 16 or later`;
  return undefined;
});

/** Expand: VJP sums the cotangent back to x's shape; JVP expands the tangent. */
export const expandRule: OpRule = {
  differentiable: () => [0],
  constantInputs: [1],
  vjp: (node, [dy], { b, shapes }) => [
    unbroadcast(b, dy!, node.input![0]!, sameShape(shapes, node.output![0]!, node.input![0]!)),
  ],
  jvp: (node, [dx], { b }) => [b.op('Expand', [dx!, node.input![1]!])],
};

/** Where(cond, a, b): derivatives go to the branch the condition picks, summed to its shape. */
export const whereRule: OpRule = {
  constantInputs: [0],
  vjp(node, [dy], { b, active, shapes }) {
    const [cond, x1, x2] = node.input!;
    const zero = b.float(0);
    const same = (x: string) => sameShape(shapes, node.output![0]!, x);
    return [
      undefined,
      active[1] ? unbroadcast(b, b.op('Where', [cond!, dy!, zero]), x1!, same(x1!)) : undefined,
      active[2] ? unbroadcast(b, b.op('Where', [cond!, zero, dy!]), x2!, same(x2!)) : undefined,
    ];
  },
  jvp(node, [, d1, d2], { b }) {
    const cond = node.input![0]!;
    const zero = b.float(0);
    const picked = b.op('Where', [cond, d1 ?? zero, d2 ?? zero]);
    return [d1 && d2 ? picked : expandLike(b, picked, node.output![0]!)];
  },
};

const floatTypes: readonly number[] = [
  FLOAT,
  DOUBLE,
  onnx.TensorProto.DataType.FLOAT16,
  onnx.TensorProto.DataType.BFLOAT16,
];

/** Cast: between float types derivatives are cast along; a cast to integers ends the path. */
export const castRule: OpRule = {
  differentiableOutputs: (node) => (floatTypes.includes(attrInt(node, 'to', 0)) ? [0] : []),
  vjp: (_node, [dy], { b }) => [b.op('Cast', [dy!], [attr.int('to', b.floatType)])],
  jvp: (node, [dx], { b }) => [b.op('Cast', [dx!], copyAttrs(node))],
};
