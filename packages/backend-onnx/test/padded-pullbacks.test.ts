/**
 * Gather of one constant index and Slice with steps of 1 pull back by padding the cotangent
 * (tensor-ops.ts), not by scattering it into zeros; the values are checked against central
 * differences with the other rules (rule-cases/all.ts, "Gather one ...", "Slice ..."). Here:
 * which form each rule builds.
 */
import { describe, expect, it } from 'vitest';
import { attr } from '../src/graph/attributes.js';
import { GraphBuilder } from '../src/graph/builder.js';
import { FLOAT } from '../src/graph/graph.js';
import { onnx, type TensorProto } from '../src/onnx-proto.js';
import type { RuleContext } from '../src/rules/rule.js';
import { gatherRule, sliceRule } from '../src/rules/tensor-ops.js';

const int64 = (values: number[], dims: number[]) =>
  onnx.TensorProto.create({ dataType: onnx.TensorProto.DataType.INT64, dims, int64Data: values });

/** The op types Gather's VJP adds for `indices`, with x's rank known or not. */
function opsOfVjp(indices: TensorProto, rankKnown = true): string[] {
  const b = new GraphBuilder(13, FLOAT, ['x', 'i', 'y', 'dy']);
  const node = {
    opType: 'Gather',
    input: ['x', 'i'],
    output: ['y'],
    attribute: [attr.int('axis', 1)],
  };
  gatherRule.vjp(node, ['dy'], {
    b,
    active: [true, false],
    ...(rankKnown ? { shapes: new Map([['x', [2, 5, 3]]]) } : {}),
    constants: (name) => (name === 'i' ? indices : undefined),
  });
  return b.nodes.map((n) => n.opType ?? '');
}

describe("Gather's VJP", () => {
  it('pads the cotangent around one index, a scalar or a one-element list', () => {
    for (const index of [int64([2], []), int64([-1], [1])]) {
      const ops = opsOfVjp(index);
      expect(ops).toContain('Pad');
      expect(ops).not.toContain('ScatterElements');
    }
  });

  it('scatters for several indices, one index of rank 2, or when the input’s rank is unknown', () => {
    expect(opsOfVjp(int64([0, 2], [2]))).toContain('ScatterElements');
    expect(opsOfVjp(int64([1], [1, 1]))).toContain('ScatterElements');
    expect(opsOfVjp(int64([2], []), false)).toContain('ScatterElements');
  });
});

/** The op types Slice's VJP adds; `made` names inputs computed in the graph (no constant). */
function opsOfSliceVjp(
  inputs: { readonly [name: string]: TensorProto | 'made' | undefined },
  rankKnown = true,
): string[] {
  const names = Object.keys(inputs).filter((k) => inputs[k] !== undefined);
  const b = new GraphBuilder(13, FLOAT, ['x', 'y', 'dy', ...names]);
  const node = { opType: 'Slice', input: ['x', ...names], output: ['y'] };
  const ctx: RuleContext = {
    b,
    active: [true, ...names.map(() => false)],
    ...(rankKnown ? { shapes: new Map([['x', [2, 5, 3]]]) } : {}),
    constants: (name) => {
      const t = inputs[name];
      return t === 'made' ? undefined : t;
    },
  };
  sliceRule.vjp(node, ['dy'], ctx);
  return b.nodes.map((n) => n.opType ?? '');
}

describe("Slice's VJP", () => {
  const one = (v: number) => int64([v], [1]);
  it('pads the cotangent for steps of 1, given or not, starts and ends constant or made', () => {
    for (const inputs of [
      { starts: one(1), ends: one(4), axes: one(1), steps: one(1) },
      { starts: one(1), ends: one(4) },
      { starts: 'made', ends: 'made', axes: one(-1) },
    ] as const) {
      const ops = opsOfSliceVjp(inputs);
      expect(ops).toContain('Pad');
      expect(ops).not.toContain('ConstantOfShape'); // the general form's zeros to scatter into
    }
  });

  it('scatters for other steps, made axes, or an unknown rank', () => {
    const general = (inputs: { readonly [name: string]: TensorProto | 'made' }, rank = true) =>
      opsOfSliceVjp(inputs, rank).includes('Pad');
    expect(general({ starts: one(1), ends: one(4), axes: one(1), steps: one(2) })).toBe(false);
    expect(general({ starts: one(1), ends: one(4), axes: 'made' })).toBe(false);
    expect(general({ starts: one(1), ends: one(4) }, false)).toBe(false);
  });
});
