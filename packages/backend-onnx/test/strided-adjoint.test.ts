import { afterEach, describe, expect, it } from 'vitest';
import { attr } from '../src/graph/attributes.js';
import { GraphBuilder } from '../src/graph/builder.js';
import { FLOAT } from '../src/graph/graph.js';
import { onnx } from '../src/onnx-proto.js';
import {
  chooseStridedForm,
  minChannels,
  polyphaseAdjoint,
  stridedAdjoint,
} from '../src/rules/strided-adjoint.js';

// Which form each strided Conv's adjoint takes; the forms' values are checked against the
// JVP, central differences and each other in strided-forms.test.ts and legacy-graphs.test.ts.
function conv(
  weights: number[],
  attrs: ReturnType<typeof attr.ints>[],
  opset = 17,
  build = polyphaseAdjoint,
) {
  const b = new GraphBuilder(opset, FLOAT, ['x', 'w', 'dy'], 'test');
  const node = onnx.NodeProto.create({
    opType: 'Conv',
    input: ['x', 'w'],
    output: ['y'],
    attribute: attrs,
  });
  const strides = attrs.find((a) => a.name === 'strides')?.ints?.map(Number) ?? [1, 1];
  const out = build(node, 'dy', 2, strides, b, new Map([['w', weights]]));
  return { out, nodes: b.nodes, ops: b.nodes.map((n) => n.opType) };
}
const k3 = attr.ints('kernel_shape', [3, 3]);
const s2 = attr.ints('strides', [2, 2]);
const p1 = attr.ints('pads', [1, 1, 1, 1]);
const dense = [8, minChannels, 3, 3];

describe('polyphaseAdjoint', () => {
  it('replaces ConvTranspose by a Conv and a DepthToSpace for a 3x3 stride-2 Conv', () => {
    const { out, ops } = conv(dense, [k3, s2, p1]);
    expect(out).toBeDefined();
    expect(ops).toContain('DepthToSpace');
    expect(ops.filter((o) => o === 'Conv')).toHaveLength(1);
    expect(ops).not.toContain('ConvTranspose');
  });

  it('builds a grouped Conv and a CRD DepthToSpace for a depthwise Conv', () => {
    const { out, nodes } = conv([32, 1, 3, 3], [k3, s2, p1, attr.int('group', 32)]);
    expect(out).toBeDefined();
    const c = nodes.find((n) => n.opType === 'Conv')!;
    expect(Number(c.attribute!.find((a) => a.name === 'group')?.i)).toBe(32);
    const d2s = nodes.find((n) => n.opType === 'DepthToSpace')!;
    const mode = d2s.attribute!.find((a) => a.name === 'mode')?.s;
    expect(new TextDecoder().decode(mode!)).toBe('CRD');
  });

  it.each([
    ['dilations', [k3, s2, p1, attr.ints('dilations', [2, 2])], 17],
    ['unequal strides', [k3, attr.ints('strides', [2, 1]), p1], 17],
    ['a kernel smaller than the stride', [attr.ints('kernel_shape', [1, 1]), s2], 17],
    ['SAME padding', [k3, s2, attr.string('auto_pad', 'SAME_UPPER')], 17],
    ['opset 10', [k3, s2, p1], 10],
  ] as const)('leaves ConvTranspose for %s', (_why, attrs, opset) => {
    expect(conv(dense, [...attrs], opset).out).toBeUndefined();
  });
});

describe('stridedAdjoint', () => {
  afterEach(() => {
    delete process.env.XAI_GRAPH;
  });
  const formOf = (weights: number[], attrs: ReturnType<typeof attr.ints>[]) => {
    const { out, ops } = conv(weights, attrs, 17, stridedAdjoint);
    if (!out) return 'transpose';
    if (!ops.includes('DepthToSpace')) return 'dilated';
    return ops.includes('Concat') && ops.filter((o) => o === 'Conv').length > 1
      ? 'split'
      : 'polyphase';
  };
  const depthwise: [number[], ReturnType<typeof attr.ints>[]] = [
    [96, 1, 3, 3],
    [k3, s2, p1, attr.int('group', 96)],
  ];

  it('builds the form chooseStridedForm picks', () => {
    for (const [weights, attrs] of [[dense, [k3, s2, p1]], depthwise] as const) {
      const group = weights[1] === 1 ? weights[0]! : 1;
      const want = chooseStridedForm({
        channels: weights[1]! * group,
        outputs: weights[0]!,
        group,
        kernel: [3, 3],
        stride: 2,
      });
      expect(formOf([...weights], [...attrs])).toBe(want);
    }
  });

  it.each([
    ['strided-transpose', 'transpose'],
    ['legacy-strided', 'transpose'],
    ['strided-polyphase', 'polyphase'],
    ['strided-dilated', 'dilated'],
  ])('XAI_GRAPH=%s forces %s', (flag, form) => {
    process.env.XAI_GRAPH = flag;
    expect(formOf(dense, [k3, s2, p1])).toBe(form);
    expect(formOf(...depthwise)).toBe(form);
  });

  it('XAI_GRAPH=strided-split splits depthwise Convs only', () => {
    process.env.XAI_GRAPH = 'strided-split';
    expect(formOf(...depthwise)).toBe('split');
    expect(formOf(dense, [k3, s2, p1])).toBe('transpose');
  });

  it('XAI_GRAPH=strided-previous keeps the rule before the shape table', () => {
    process.env.XAI_GRAPH = 'strided-previous';
    expect(formOf(dense, [k3, s2, p1])).toBe('polyphase');
    expect(formOf([8, minChannels - 1, 3, 3], [k3, s2, p1])).toBe('transpose');
    expect(formOf(...depthwise)).toBe('transpose');
  });
});
