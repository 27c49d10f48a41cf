/**
 * LRP's alpha-beta shortcut after a Clip with a floor of 0 (MobileNet V2's ReLU6,
 * explanation-rules/backward.ts `clipMasks`). Clip's backward passes the cotangent where
 * its input is exactly 0, so the shortcut is taken only where the layer feeding the Clip
 * zeroes it there (its relevance is z · dy, z the Clip's input). Exact zeros are made on
 * purpose: a row of the first layer's weights that cancels on the input, and inputs of 0.
 */
import type { BackwardRules, Model, Tensor } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { graphConstants } from '../src/autodiff/build.js';
import { explanationVjp } from '../src/explanation-rules/backward.js';
import { attr } from '../src/graph/attributes.js';
import { GraphBuilder } from '../src/graph/builder.js';
import { FLOAT, type OnnxGraph } from '../src/graph/graph.js';
import { onnx } from '../src/onnx-proto.js';
import { expectSameValues } from './helpers/expect-same-values.js';
import { underFlags } from './helpers/gradient-under-flags.js';
import { gemmLayer, tinyModel } from './helpers/tiny-model.js';

const zPlus = { kind: 'alpha-beta', alpha: 1, beta: 0, stabilizer: 1e-9 } as const;
const a2b1 = { kind: 'alpha-beta', alpha: 2, beta: 1, stabilizer: 1e-6 } as const;
// Mixed signs in every column, so pulling back through W+ or W- differs everywhere.
const wB = [0.7, -0.4, 0.9, -0.8, 0.3, 0.5, 0.6, -0.9, -0.2, 0.4, 0.8, -0.6];

/** x [2] -> Gemm A (its first row cancels on x = (a, a)) -> Clip(0, 6) -> Gemm B -> logits [4]. */
const afterLayer = tinyModel(
  [2],
  (b, x) => {
    const z = gemmLayer(b, x, b.float([1, -1, 0.5, 1.5, -2, 0.25], [3, 2]));
    const y = b.op('Clip', [z, b.float(0), b.float(6)]);
    return gemmLayer(b, y, b.float(wB, [4, 3]));
  },
  { flatten: false },
);
/** x [3] -> Clip(0, 6) -> Gemm B -> logits [4]: nothing zeroes what reaches an input of 0. */
const onInput = tinyModel(
  [3],
  (b, x) => gemmLayer(b, b.op('Clip', [x, b.float(0), b.float(6)]), b.float(wB, [4, 3])),
  { flatten: false },
);

const cotangent: Tensor = {
  data: Float32Array.from([1, -0.5, 0.25, 2, 0.5, 1, -1, 0.75]),
  shape: [2, 4],
};
const relevancePass = (rules: BackwardRules) => async (m: Model, x: Tensor) => {
  const v = await m.withBackwardRules!(rules);
  try {
    return (await v.vjp(x, cotangent)).grad.data;
  } finally {
    await v.dispose?.();
  }
};

describe("LRP's shortcut after a Clip with a floor of 0", () => {
  it.each([
    ['after a layer, its output exactly 0 at a unit', afterLayer, [3, 3, 0.5, 2]],
    ['on the input, inputs of exactly 0', onInput, [0, 1.5, 0, 2, 0, -1]],
  ] as const)('gives the general form’s values: %s', async (_, model, values) => {
    const x: Tensor = { data: Float32Array.from(values), shape: [2, values.length / 2] };
    for (const linear of [zPlus, a2b1]) {
      const rules = { linear };
      const fast = await underFlags(model, x, '', relevancePass(rules));
      const general = await underFlags(model, x, 'legacy-relevance', relevancePass(rules));
      expect(fast.some((v) => v !== 0)).toBe(true);
      expectSameValues(fast, general);
    }
  });

  /** Gemm B's explanation rule in a graph `x -> [Gemm A] -> Clip(floor) -> Gemm B`. */
  function gemmsOfRule(
    floor: number,
    afterGemm: boolean,
    rules: BackwardRules = { linear: zPlus },
    floorAs: 'Constant' | 'initializer' = 'Constant',
  ) {
    const b = new GraphBuilder(13, FLOAT, ['x', 'z', 'y', 'out', 'dout', 'lo', 'hi']);
    const gemmA = {
      opType: 'Gemm',
      input: ['x', 'wa'],
      output: ['z'],
      attribute: [attr.int('transB', 1)],
    };
    const value = (v: number) =>
      onnx.TensorProto.create({ dataType: FLOAT, dims: [], floatData: [v] });
    const lo = {
      opType: 'Constant',
      output: ['lo'],
      attribute: [{ name: 'value', type: 4, t: value(floor) }],
    };
    const clip = { opType: 'Clip', input: [afterGemm ? 'z' : 'x', 'lo'], output: ['y'] };
    const gemmB = {
      opType: 'Gemm',
      input: ['y', 'wb'],
      output: ['out'],
      attribute: [attr.int('transB', 1)],
    };
    const nodes = [
      ...(afterGemm ? [gemmA] : []),
      ...(floorAs === 'Constant' ? [lo] : []),
      clip,
      gemmB,
    ];
    const producers = new Map(nodes.flatMap((n) => n.output.map((o) => [o, n] as const)));
    const path = { nodes, live: new Set(['x', 'z', 'y', 'out']), needed: new Set(['out']) };
    const before = b.nodes.length;
    // The lookup the graph builder gives rules: initializers and Constant nodes alike.
    const graph = {
      nodes,
      model: {
        graph: { initializer: floorAs === 'initializer' ? [{ ...value(floor), name: 'lo' }] : [] },
      },
    } as unknown as OnnxGraph;
    explanationVjp(path, rules)(gemmB, ['dout'], {
      b,
      active: [true, false],
      producers,
      constants: graphConstants(graph),
    });
    return b.nodes.slice(before).filter((n) => n.opType === 'Gemm').length;
  }

  it('takes it after a layer with a relevance rule (a Constant or initializer floor) or a floor above 0', () => {
    const general = gemmsOfRule(0, false);
    expect(gemmsOfRule(0, true)).toBeLessThan(general);
    expect(gemmsOfRule(0, true, { linear: zPlus }, 'initializer')).toBeLessThan(general);
    expect(gemmsOfRule(0.5, false)).toBeLessThan(general);
  });

  it('keeps the general form on the input, below a floor of 0, and under deconvnet', () => {
    const general = gemmsOfRule(0, false);
    expect(gemmsOfRule(-1, true)).toBe(general);
    expect(gemmsOfRule(0, true, { linear: zPlus, relu: 'deconvnet' })).toBe(general);
  });
});
