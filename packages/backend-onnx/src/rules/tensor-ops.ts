import { attr, attrInt, attrString, copyAttrs } from '../graph/attributes.js';
import type { GraphBuilder } from '../graph/builder.js';
import { DOUBLE, FLOAT } from '../graph/graph.js';
import { intTensorValues } from '../graph/tensor-values.js';
import { type NodeProto, onnx } from '../onnx-proto.js';
import {
  expandLike,
  positionsLike,
  sameShape,
  scatterBack,
  shapeOf,
  unbroadcast,
  unsqueezeAt,
  zerosLike,
} from './common.js';
import type { OpRule, RuleContext } from './rule.js';

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

/** Slice (opset 10+: starts, ends, axes, steps as inputs). Steps of 1: `sliceStepOneVjp`. */
const slicePicking = picking([1, 2, 3, 4], (node, opset) =>
  opset < 10 || (node.input ?? []).length < 3
    ? 'Slice before opset 10 is not supported'
    : undefined,
);
export const sliceRule: OpRule = {
  ...slicePicking,
  vjp(node, cotangents, ctx) {
    return [
      sliceStepOneVjp(node, cotangents[0]!, ctx) ?? slicePicking.vjp(node, cotangents, ctx)[0],
    ];
  },
};

/**
 * Slice with steps of 1 (ViT's q, k and v cut from one projection, at run-time offsets): the
 * cotangent padded with zeros back to x's size, the starts and ends normalised and clamped as
 * Slice does (on tensors of one value an axis, so run-time starts and ends work too). One pass
 * over x's size, where the general form slices x's positions and scatters into zeros.
 * Undefined (the general form) for other steps, axes that are not constants, an unknown rank
 * or an opset before 11.
 */
function sliceStepOneVjp(node: NodeProto, dy: string, ctx: RuleContext): string | undefined {
  const { b, shapes, constants } = ctx;
  const [x, starts, ends, axesName, stepsName] = node.input!;
  const rank = shapes?.get(x!)?.length;
  const ints = (name: string | undefined) => {
    const t = name ? constants?.(name) : undefined;
    return t ? intTensorValues(t) : undefined;
  };
  const steps = stepsName ? ints(stepsName) : undefined;
  if (b.opset < 11 || rank === undefined || (stepsName && !steps?.every((v) => v === 1))) {
    return undefined;
  }
  const given = axesName ? ints(axesName) : undefined;
  const count = given?.length ?? constants?.(starts!)?.dims?.map(Number)[0];
  if ((axesName && !given) || count === undefined) return undefined;
  const axes = (given ?? Array.from({ length: count }, (_, i) => i)).map((a) =>
    a < 0 ? a + rank : a,
  );
  const axesT = b.int64(axes);
  const sizes = b.op('Gather', [shapeOf(b, x!), axesT], [attr.int('axis', 0)]);
  const zero = b.int64(0, []);
  // Slice's own reading of a start or an end (int32 or int64): counted from the end when
  // negative, then clamped to [0, size]. Where, not Min and Max: those take ints from opset 12.
  const atMost = (t: string, top: string) => b.op('Where', [b.op('Greater', [t, top]), top, t]);
  const clamp = (given: string) => {
    const t = b.op('Cast', [given], [attr.int('to', onnx.TensorProto.DataType.INT64)]);
    const fromEnd = b.op('Where', [b.op('Less', [t, zero]), b.op('Add', [t, sizes]), t]);
    return atMost(b.op('Where', [b.op('Less', [fromEnd, zero]), zero, fromEnd]), sizes);
  };
  const begin = clamp(starts!);
  const clampedEnd = clamp(ends!);
  const end = b.op('Where', [b.op('Less', [clampedEnd, begin]), begin, clampedEnd]);
  const onAxes = (values: string) =>
    b.op('ScatterElements', [b.int64(new Array<number>(rank).fill(0)), axesT, values]);
  const pads = b.op(
    'Concat',
    [onAxes(begin), onAxes(b.op('Sub', [sizes, end]))],
    [attr.int('axis', 0)],
  );
  return b.op('Pad', [dy, pads]);
}

/**
 * Gather of data by constant indices. Repeated indices are summed from opset 16
 * (ScatterElements with reduction=add); before, one of the repeats wins (documented).
 * One index: `gatherOneVjp`.
 */
const gatherPicking = picking([1]);
export const gatherRule: OpRule = {
  ...gatherPicking,
  vjp(node, cotangents, ctx) {
    return [gatherOneVjp(node, cotangents[0]!, ctx) ?? gatherPicking.vjp(node, cotangents, ctx)[0]];
  },
};

/**
 * Gather of one constant index along an axis (ViT's q, k and v taken from one projection, its
 * class token): the cotangent padded with zeros on both sides of the index, one pass over x's
 * size, where the general form gathers x's positions and scatters the cotangent into zeros.
 * Undefined (the general form) when the index is not one constant of rank 0 or 1, x's rank is
 * unknown or the opset predates Pad's pads as an input.
 */
function gatherOneVjp(node: NodeProto, dy: string, ctx: RuleContext): string | undefined {
  const { b, shapes, constants } = ctx;
  const [x, indices] = node.input!;
  const index = indices ? constants?.(indices) : undefined;
  const values = index ? intTensorValues(index) : undefined;
  const rank = shapes?.get(x!)?.length;
  const indexRank = (index?.dims ?? []).length;
  if (b.opset < 11 || values?.length !== 1 || indexRank > 1 || rank === undefined) return undefined;
  const given = attrInt(node, 'axis', 0);
  const axis = given < 0 ? given + rank : given;
  const at = values[0]!;
  // A scalar index drops the axis; a one-element list keeps it, of size 1.
  const kept = indexRank === 0 ? unsqueezeAt(b, dy, axis) : dy;
  // Zeros before and after the index along the axis: one count known, one from x's size.
  const size = dimAt(b, x!, axis);
  const [before, after] =
    at >= 0
      ? [b.int64([at]), b.op('Sub', [size, b.int64([at + 1])])]
      : [b.op('Add', [size, b.int64([at])]), b.int64([-at - 1])];
  const others = (n: number) => (n > 0 ? [b.int64(new Array<number>(n).fill(0))] : []);
  const side = (pad: string) => [...others(axis), pad, ...others(rank - axis - 1)];
  const pads = b.op('Concat', [...side(before), ...side(after)], [attr.int('axis', 0)]);
  return b.op('Pad', [kept, pads]);
}

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
