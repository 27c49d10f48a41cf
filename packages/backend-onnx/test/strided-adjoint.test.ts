import { describe, expect, it } from 'vitest';
import { attr } from '../src/graph/attributes.js';
import { GraphBuilder } from '../src/graph/builder.js';
import { FLOAT } from '../src/graph/graph.js';
import { onnx } from '../src/onnx-proto.js';
import { minChannels, polyphaseAdjoint } from '../src/rules/strided-adjoint.js';

// Which strided Convs get the polyphase adjoint; its values are checked in the rule table
// (rules.test.ts, "Conv strided as polyphase ...") against the JVP and central differences.
function conv(channels: number, attrs: ReturnType<typeof attr.ints>[], opset = 17) {
  const b = new GraphBuilder(opset, FLOAT, ['x', 'w', 'dy'], 'test');
  const node = onnx.NodeProto.create({
    opType: 'Conv',
    input: ['x', 'w'],
    output: ['y'],
    attribute: attrs,
  });
  const strides = attrs.find((a) => a.name === 'strides')?.ints?.map(Number) ?? [1, 1];
  const out = polyphaseAdjoint(node, 'dy', 2, strides, b, new Map([['w', [8, channels, 3, 3]]]));
  return { out, ops: b.nodes.map((n) => n.opType) };
}
const k3 = attr.ints('kernel_shape', [3, 3]);
const s2 = attr.ints('strides', [2, 2]);
const p1 = attr.ints('pads', [1, 1, 1, 1]);

describe('polyphaseAdjoint', () => {
  it('replaces ConvTranspose by a Conv and a DepthToSpace for a 3x3 stride-2 Conv', () => {
    const { out, ops } = conv(minChannels, [k3, s2, p1]);
    expect(out).toBeDefined();
    expect(ops).toContain('DepthToSpace');
    expect(ops.filter((o) => o === 'Conv')).toHaveLength(1);
    expect(ops).not.toContain('ConvTranspose');
  });

  it.each([
    ['fewer input channels than minChannels (an RGB stem)', minChannels - 1, [k3, s2, p1], 17],
    ['groups', minChannels, [k3, s2, p1, attr.int('group', 2)], 17],
    ['dilations', minChannels, [k3, s2, p1, attr.ints('dilations', [2, 2])], 17],
    ['unequal strides', minChannels, [k3, attr.ints('strides', [2, 1]), p1], 17],
    ['a kernel smaller than the stride', minChannels, [attr.ints('kernel_shape', [1, 1]), s2], 17],
    ['SAME padding', minChannels, [k3, s2, attr.string('auto_pad', 'SAME_UPPER')], 17],
    ['opset 10', minChannels, [k3, s2, p1], 10],
  ] as const)('leaves ConvTranspose for %s', (_why, channels, attrs, opset) => {
    expect(conv(channels, [...attrs], opset).out).toBeUndefined();
  });
});
