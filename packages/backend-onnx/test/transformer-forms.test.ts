import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graphConstants } from '../src/autodiff/build.js';
import { findErfProducts } from '../src/autodiff/erf-products.js';
import { findGradientPath } from '../src/autodiff/path.js';
import { probeShapes } from '../src/autodiff/probe-shapes.js';
import { findSlicePartitions } from '../src/autodiff/slice-partitions.js';
import { decodeOnnxModel } from '../src/decode-model.js';
import { readGraph } from '../src/graph/graph.js';
import { describeOnnxModel } from '../src/model-info.js';

// The exported transformers of the zoo (torch's own graphs): their GELUs and their cuts of q,
// k and v take the one-step pull-backs. That those gradients match torch's is zoo.test.ts's.
async function forms(name: string) {
  const bytes = new Uint8Array(readFileSync(new URL(`./zoo-ci/${name}.onnx`, import.meta.url)));
  const decoded = decodeOnnxModel(bytes, name);
  const info = describeOnnxModel(decoded);
  const graph = readGraph(decoded);
  const input = info.inputs[0]!;
  const { path } = findGradientPath(graph, input.name, info.outputs[0]!.name);
  const sample = input.shape.slice(1).map(Number);
  const shapes = await probeShapes(graph, path, input.name, sample, {});
  const constants = graphConstants(graph);
  const erfs = graph.nodes.filter((n) => n.opType === 'Erf').length;
  return {
    erfs,
    products: findErfProducts(path.nodes, constants).size,
    partitions: [
      ...findSlicePartitions(graph.nodes, path.nodes, constants, shapes, graph.opset).values(),
    ],
  };
}

describe("torch's transformers take the one-step pull-backs", () => {
  it('tiny ViT: both GELUs, and q, k, v of both layers', async () => {
    const vit = await forms('tiny_vit');
    expect(vit.erfs).toBe(2);
    expect(vit.products).toBe(2);
    expect(vit.partitions.map((p) => p.parts.length)).toEqual([3, 3]);
  });

  it('tiny Swin and ConvNeXt: every GELU', async () => {
    for (const name of ['tiny_swin', 'tiny_convnext']) {
      const m = await forms(name);
      expect(m.products, name).toBe(m.erfs);
      expect(m.erfs, name).toBeGreaterThan(0);
    }
  });
});
