/**
 * Clip after a Conv reads its mask from its output alone (rules/clip.ts): a float factor of
 * `min < y < max`, 0 at the bounds as PyTorch's ReLU6/hardtanh backward, in the VJP and the
 * JVP; `XAI_GRAPH=legacy-clip` keeps the `y = x` mask (1 at the bounds). Exact bounds are
 * made on purpose: a 1x1 Conv of weight 1 passes its input through, and the input holds 0
 * and 6.
 */
import type { Model, Tensor } from '@xai/core';
import { afterEach, describe, expect, it } from 'vitest';
import { buildJvpGraph, buildVjpGraph } from '../src/autodiff/build.js';
import { decodeOnnxModel } from '../src/decode-model.js';
import { attr } from '../src/graph/attributes.js';
import { underFlags } from './helpers/gradient-under-flags.js';
import { tinyModel } from './helpers/tiny-model.js';
import { tinyParts, tinySpec } from './helpers/tiny-spec.js';

// x [1, 2, 3] -> Conv 1x1 (weight 1, no bias) -> Clip(0, 6) -> logits [6].
const bytes = tinyModel([1, 2, 3], (b, x) => {
  const z = b.op('Conv', [x, b.float([1], [1, 1, 1, 1])], [attr.ints('kernel_shape', [1, 1])]);
  return b.op('Clip', [z, b.float(0), b.float(6)]);
});
// Below, at and above both bounds, and inside.
const x: Tensor = { data: Float32Array.from([-1, 0, 3, 6, 7, 0.5]), shape: [1, 1, 2, 3] };
const ones: Tensor = { data: new Float32Array(6).fill(1), shape: [1, 6] };

const vjp = (m: Model, t: Tensor) => m.vjp(t, ones).then((r) => r.grad.data);
const jvp = (m: Model, t: Tensor) =>
  m.jvp(t, { data: new Float32Array(6).fill(1), shape: t.shape }).then((r) => r.jvp.data);

const ops = (flags: string, pass: 'vjp' | 'jvp') => {
  process.env.XAI_GRAPH = flags;
  const spec = tinySpec(tinyParts(bytes), [1, 2, 3], 6);
  const graph = pass === 'vjp' ? buildVjpGraph(spec) : buildJvpGraph(spec);
  delete process.env.XAI_GRAPH;
  return (decodeOnnxModel(graph.bytes, pass).graph!.node ?? [])
    .filter((n) => n.name?.startsWith('xai/'))
    .map((n) => n.opType);
};

describe("Clip's mask from its output after a Conv", () => {
  afterEach(() => {
    delete process.env.XAI_GRAPH;
  });

  it('is 0 at the bounds, as PyTorch, in the VJP and the JVP; 1 there under legacy-clip', async () => {
    const inside = [0, 0, 1, 0, 0, 1];
    const withBounds = [0, 1, 1, 1, 0, 1];
    expect(Array.from(await underFlags(bytes, x, '', vjp))).toEqual(inside);
    expect(Array.from(await underFlags(bytes, x, '', jvp))).toEqual(inside);
    expect(Array.from(await underFlags(bytes, x, 'legacy-clip', vjp))).toEqual(withBounds);
    expect(Array.from(await underFlags(bytes, x, 'legacy-clip', jvp))).toEqual(withBounds);
  });

  it('reads only the output: no Equal of input and output, and no Where', () => {
    for (const pass of ['vjp', 'jvp'] as const) {
      expect(ops('', pass), pass).not.toContain('Equal');
      expect(ops('', pass), pass).not.toContain('Where');
      expect(ops('', pass), pass).toContain('Cast');
      expect(ops('legacy-clip', pass), pass).toContain('Equal');
    }
  });
});
