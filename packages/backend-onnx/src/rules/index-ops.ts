import { attr, attrInt, attrString, copyAttrs } from '../graph/attributes.js';
import { zerosLike } from './common.js';
import type { OpRule } from './rule.js';
import { picking } from './tensor-ops.js';

/** Repeats are summed by ScatterElements' reduction=add, which needs opset 16. */
const needsAdd: OpRule['check'] = (_node, opset) =>
  opset < 16
    ? 'its repeated elements need ScatterElements with reduction=add (opset 16+)'
    : undefined;

/** Tile: each input element goes to several outputs; the VJP sums them (opset 16+). */
export const tileRule = picking([1], needsAdd);
/**
 * GatherElements and GatherND by constant indices. Repeated indices are summed from
 * opset 16; before, one of the repeats wins (as for Gather).
 */
export const gatherElementsRule = picking([1]);
export const gatherNdRule = picking([1]);

/** CumSum: linear; its transpose is the CumSum running the other way (exclusive kept). */
export const cumSumRule: OpRule = {
  differentiable: () => [0],
  constantInputs: [1],
  vjp(node, [dy], { b }) {
    const reverse = attrInt(node, 'reverse', 0) === 1 ? 0 : 1;
    return [
      b.op(
        'CumSum',
        [dy!, node.input![1]!],
        [...copyAttrs(node, 'reverse'), attr.int('reverse', reverse)],
      ),
    ];
  },
  jvp: (node, [dx], { b }) => [b.op('CumSum', [dx!, node.input![1]!], copyAttrs(node))],
};

/** Trilu: a fixed 0/1 mask, its own transpose. */
export const triluRule: OpRule = {
  differentiable: () => [0],
  constantInputs: [1],
  vjp: (node, [dy], { b }) => [b.op('Trilu', [dy!, ...node.input!.slice(1)], copyAttrs(node))],
  jvp: (node, [dx], { b }) => [b.op('Trilu', [dx!, ...node.input!.slice(1)], copyAttrs(node))],
};

/**
 * ScatterElements and ScatterND (reduction none or add) on data and updates. With none,
 * the scattered positions of data are overwritten: their cotangent is zeroed by scattering
 * zeros there; with add, data's cotangent is dY. Updates get dY gathered at the indices.
 * JVP: the same scatter of the tangents (zeros for a constant operand).
 */
export const scatterRule: OpRule = {
  constantInputs: [1],
  check(node) {
    const r = attrString(node, 'reduction', 'none');
    return r === 'none' || r === 'add' ? undefined : `reduction=${r} is not supported`;
  },
  vjp(node, [dy], { b, active }) {
    const [, indices, updates] = node.input!;
    const nd = node.opType === 'ScatterND';
    const add = attrString(node, 'reduction', 'none') === 'add';
    const axis = nd ? [] : [attr.int('axis', attrInt(node, 'axis', 0))];
    const dData = add ? dy! : b.op(node.opType!, [dy!, indices!, zerosLike(b, updates!)], axis);
    const dUpdates = b.op(nd ? 'GatherND' : 'GatherElements', [dy!, indices!], axis);
    return [active[0] ? dData : undefined, undefined, active[2] ? dUpdates : undefined];
  },
  jvp(node, [dData, , dUpdates], { b }) {
    const [data, indices, updates] = node.input!;
    return [
      b.op(
        node.opType!,
        [dData ?? zerosLike(b, data!), indices!, dUpdates ?? zerosLike(b, updates!)],
        copyAttrs(node),
      ),
    ];
  },
};
