import { afterEach, describe, expect, it } from 'vitest';
import { buildVjpGraph } from '../src/autodiff/build.js';
import { decodeOnnxModel } from '../src/decode-model.js';
import { attr } from '../src/graph/attributes.js';
import { gemmLayer, tinyModel } from './helpers/tiny-model.js';
import { tinyParts, tinySpec } from './helpers/tiny-spec.js';

// x -> Conv -> Relu -> Gemm: ReLU's mask in the plain gradient and in guided backprop is a
// float factor (Greater, Cast, Mul), not a Where against 0, unless XAI_GRAPH=legacy-mask.
// That both forms give the same gradients is legacy-graphs.test.ts's and
// layers-and-variants.test.ts's (closed forms).
const bytes = tinyModel([1, 4, 4], (b, x, w) => {
  const c = b.op('Conv', [x, w([2, 1, 3, 3])], [attr.ints('pads', [1, 1, 1, 1])]);
  const r = b.op('Flatten', [b.op('Relu', [c])]);
  return gemmLayer(b, r, w([3, 32]));
});

const ops = (guided: boolean) => {
  const spec = tinySpec(tinyParts(bytes), [1, 4, 4], 3);
  const graph = buildVjpGraph(spec, guided ? { relu: 'guided' } : {});
  return (decodeOnnxModel(graph.bytes, 'vjp').graph!.node ?? [])
    .filter((n) => n.name?.startsWith('xai/'))
    .map((n) => n.opType);
};

describe("ReLU's mask as a float factor", () => {
  afterEach(() => {
    delete process.env.XAI_GRAPH;
  });

  it('masks the gradient and guided backprop by Mul, Where only under legacy-mask', () => {
    for (const guided of [false, true]) {
      const now = ops(guided);
      expect(now, `guided ${guided}`).not.toContain('Where');
      expect(now, `guided ${guided}`).toContain('Cast');
      process.env.XAI_GRAPH = 'legacy-mask';
      expect(ops(guided), `guided ${guided}`).toContain('Where');
      delete process.env.XAI_GRAPH;
    }
  });
});
