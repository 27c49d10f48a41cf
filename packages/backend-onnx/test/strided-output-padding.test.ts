/**
 * A strided Conv's adjoint ConvTranspose is padded to exactly its input's spatial size when the
 * probe saw the shapes (rules/conv.ts `exactOutputPadding`), so no Slice copies it down; the
 * values are checked with the other rules against central differences (rule-cases/all.ts, the
 * strided Conv rows). Here: which form the rule builds, and the padding it picks.
 */
import { describe, expect, it } from 'vitest';
import { attr } from '../src/graph/attributes.js';
import { GraphBuilder } from '../src/graph/builder.js';
import { FLOAT } from '../src/graph/graph.js';
import { convRule } from '../src/rules/conv.js';

/** The nodes Conv's VJP adds for a 3×3 stride-2 pad-1 Conv of 3 channels (a narrow input). */
function adjoint(x: number[] | undefined, y: number[] | undefined) {
  const b = new GraphBuilder(13, FLOAT, ['x', 'w', 'y', 'dy']);
  const node = {
    opType: 'Conv',
    input: ['x', 'w'],
    output: ['y'],
    attribute: [
      attr.ints('kernel_shape', [3, 3]),
      attr.ints('strides', [2, 2]),
      attr.ints('pads', [1, 1, 1, 1]),
    ],
  };
  const shapes = new Map<string, number[]>();
  if (x) shapes.set('x', x);
  if (y) shapes.set('y', y);
  convRule.vjp(node, ['dy'], {
    b,
    active: [true, false],
    shapes,
    initializers: new Map([['w', [8, 3, 3, 3]]]),
  });
  return b.nodes;
}

const paddingOf = (nodes: ReturnType<typeof adjoint>) =>
  nodes
    .find((n) => n.opType === 'ConvTranspose')
    ?.attribute?.find((a) => a.name === 'output_padding')
    ?.ints?.map(Number);

describe("a strided Conv's adjoint", () => {
  it('is padded to the input exactly when the shapes are known: no Slice', () => {
    const even = adjoint([2, 3, 8, 9], [2, 8, 4, 5]); // rows reach 7 of 8, columns all 9
    expect(even.map((n) => n.opType)).not.toContain('Slice');
    expect(paddingOf(even)).toEqual([1, 0]);
    const odd = adjoint([2, 3, 7, 9], [2, 8, 4, 5]);
    expect(paddingOf(odd)).toBeUndefined(); // 7 and 9 reached exactly: no padding at all
    expect(odd.map((n) => n.opType)).not.toContain('Slice');
  });

  it('keeps the stride − 1 padding and the Slice when a shape is unknown', () => {
    const nodes = adjoint(undefined, [2, 8, 4, 5]);
    expect(nodes.map((n) => n.opType)).toContain('Slice');
    expect(paddingOf(nodes)).toEqual([1, 1]);
  });
});
