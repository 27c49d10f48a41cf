import { describe, expect, it } from 'vitest';
import { attr } from '../src/graph/attributes.js';
import { gradientSupport, loadOnnxModel } from '../src/index.js';
import { tinyModel } from './helpers/tiny-model.js';

/** softmax(x + bias) over rows of `inner` values (BiasSoftmax flattens at its axis). */
function reference(x: Float32Array, bias: readonly number[], inner: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < x.length / inner; r++) {
    const z = Array.from({ length: inner }, (_, i) => x[r * inner + i]! + bias[i % bias.length]!);
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((a, v) => a + v, 0);
    out.push(...e.map((v) => v / s));
  }
  return out;
}

describe('com.microsoft BiasSoftmax, which has no CPU kernel, runs as Add and Softmax', () => {
  it.each([
    [1, 6],
    [2, 3],
    [-1, 3],
  ])('axis %i normalises rows of %i values, bias broadcast', async (axis, inner) => {
    const bias = [0.5, -1, 2];
    const bytes = tinyModel(
      [2, 3],
      (b, x) => {
        const y = b.op(
          'BiasSoftmax',
          [x, b.float(bias, [3])],
          [attr.int('axis', axis), attr.int('is_inner_broadcast', 0)],
        );
        b.nodes[b.nodes.length - 1]!.domain = 'com.microsoft';
        return y;
      },
      { opset: 13 },
    );
    const model = await loadOnnxModel(bytes);
    try {
      const x = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i * 1.7) * 2);
      const y = await model.forward({ data: x, shape: [2, 2, 3] });
      const want = reference(x, bias, inner);
      for (let i = 0; i < want.length; i++) expect(y.data[i]).toBeCloseTo(want[i]!, 6);
    } finally {
      await model.dispose();
    }
  });

  it('is reported differentiable by inspect', () => {
    expect(gradientSupport('com.microsoft::BiasSoftmax')).toBe('vjp+jvp');
  });
});
