import { describe, expect, it } from 'vitest';
import { buildVjpGraph, graphConstants } from '../src/autodiff/build.js';
import { findErfProducts } from '../src/autodiff/erf-products.js';
import { probeShapes } from '../src/autodiff/probe-shapes.js';
import { decodeOnnxModel } from '../src/decode-model.js';
import type { GraphBuilder } from '../src/graph/builder.js';
import { loadOnnxModel } from '../src/index.js';
import { randn } from './helpers/directional.js';
import { tinyModel } from './helpers/tiny-model.js';
import { tinyParts, tinySpec } from './helpers/tiny-spec.js';
import { torchGelu } from './rule-cases/activations.js';

type Body = (b: GraphBuilder, x: string) => string;

function parts(body: Body) {
  const bytes = tinyModel([5], (b, x) => body(b, x));
  return { bytes, ...tinyParts(bytes) };
}

/** The products found, as [x, d, a] with the graph's node outputs by op type. */
function found(body: Body, layer?: string) {
  const { graph, path } = parts(body);
  return [...findErfProducts(path.nodes, graphConstants(graph), layer).values()];
}

const erfOf = (b: GraphBuilder, x: string, k: string, scale = 'Div') =>
  b.op('Erf', [b.op(scale, scale === 'Div' ? [x, k] : [k, x])]);

describe('erf products (torch GELU) pulled back at once', () => {
  it("finds torch's GELU and the forms that keep its derivative", () => {
    expect(found(torchGelu)).toHaveLength(1);
    const [p] = found(torchGelu);
    expect(p!.x).toBe('x');
    // Mul for the scale (either order), the constant added first, x as the second factor.
    const swapped: Body = (b, x) =>
      b.op('Mul', [b.op('Add', [b.float(2), erfOf(b, x, b.float(0.3), 'Mul')]), x]);
    expect(found(swapped)).toHaveLength(1);
  });

  it('leaves a chain alone where a fused derivative would be wrong or lose a cotangent', () => {
    const shifted = (b: GraphBuilder, e: string, c = b.float(1)) => b.op('Add', [e, c]);
    // k / x is not x k.
    expect(
      found((b, x) => b.op('Mul', [x, shifted(b, b.op('Erf', [b.op('Div', [b.float(2), x])]))])),
    ).toHaveLength(0);
    // A constant of several elements may broadcast the product beyond x's shape.
    expect(
      found((b, x) => b.op('Mul', [x, shifted(b, erfOf(b, x, b.float([1, 2], [2])))])),
    ).toHaveLength(0);
    expect(
      found((b, x) => b.op('Mul', [x, shifted(b, erfOf(b, x, b.float(2)), b.float([1, 2], [2]))])),
    ).toHaveLength(0);
    // The erf of another tensor than the product's other factor.
    expect(
      found((b, x) => {
        const y = b.op('Mul', [x, b.float(2)]);
        return b.op('Mul', [x, shifted(b, erfOf(b, y, b.float(2)))]);
      }),
    ).toHaveLength(0);
    // An inner tensor read elsewhere, or the tensor a layer pass stops at.
    expect(
      found((b, x) => {
        const a = shifted(b, erfOf(b, x, b.float(2)));
        return b.op('Add', [b.op('Mul', [x, a]), a]);
      }),
    ).toHaveLength(0);
    const { graph, path } = parts(torchGelu);
    const add = path.nodes.find((n) => n.opType === 'Add')!.output![0]!;
    expect(findErfProducts(path.nodes, graphConstants(graph), add).size).toBe(0);
  });

  it('sends x one cotangent: no Sum of two routes, no pull-back through the Erf', async () => {
    const { graph, path } = parts(torchGelu);
    // The probed shapes spare the 0.5's pull-back its run-time reduction.
    const shapes = await probeShapes(graph, path, 'x', [5], {});
    const vjp = buildVjpGraph(tinySpec({ graph, path }, [5], 5, shapes));
    const added = (decodeOnnxModel(vjp.bytes, 'vjp').graph!.node ?? []).filter((n) =>
      n.name?.startsWith('xai/'),
    );
    // 0.5 dy, then d^2, ln(2/sqrt pi) - d^2, its Exp, d times that, plus a, times the cotangent
    // (the seed's Shape and Reshape and the result's Identity besides).
    const plumbing = ['Shape', 'Reshape', 'Identity'];
    const ops = added.map((n) => n.opType).filter((o) => !plumbing.includes(o ?? ''));
    expect(ops.sort()).toEqual(['Add', 'Exp', 'Mul', 'Mul', 'Mul', 'Mul', 'Sub']);
  });

  it('still gives a layer pass stopping inside the chain its own cotangent', async () => {
    // logits = 0.5 x a with a = 1 + erf(x / sqrt 2): d logits / d a = 0.5 x, exactly.
    const { bytes, graph } = parts(torchGelu);
    const a = graph.nodes.find((n) => n.opType === 'Add')!.output![0]!;
    const model = await loadOnnxModel(bytes);
    try {
      const x = randn([2, 5], 3, 0);
      const u = randn([2, 5], 3, 1);
      const { grad } = await model.layerVjp(x, u, a);
      for (let i = 0; i < 10; i++)
        expect(grad.data[i]).toBeCloseTo(0.5 * u.data[i]! * x.data[i]!, 6);
    } finally {
      await model.dispose();
    }
  });
});
