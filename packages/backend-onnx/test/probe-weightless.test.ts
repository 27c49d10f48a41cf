import { readdirSync, readFileSync } from 'node:fs';
import { fixtureModelPath } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { findGradientPath } from '../src/autodiff/path.js';
import { probeShapes } from '../src/autodiff/probe-shapes.js';
import { decodeOnnxModel } from '../src/decode-model.js';
import { readGraph } from '../src/graph/graph.js';

// The shape probe runs on zeros made at run time in place of the weights (shapes do not
// depend on weight values): it must find exactly what it finds on the real weights.
const zooDir = new URL('./zoo-ci/', import.meta.url);
const models = [
  ...(['cnn', 'resnet', 'mlp'] as const).map((n) => ({ name: n, path: fixtureModelPath(n) })),
  ...readdirSync(zooDir)
    .filter((f) => f.endsWith('.onnx'))
    .map((f) => ({ name: f, path: new URL(f, zooDir) })),
];

describe('the weightless shape probe', () => {
  it.each(models)(
    '$name: same shapes and row sizes as on the real weights',
    async ({ path }) => {
      const graph = readGraph(decodeOnnxModel(readFileSync(path)));
      const input = graph.inputs.find((v) => !graph.initializers.has(v.name ?? ''))!;
      const output = graph.outputs[0]!.name!;
      const { path: gradientPath } = findGradientPath(graph, input.name!, output);
      const inputShape = input
        .type!.tensorType!.shape!.dim!.slice(1)
        .map((d) => Number(d.dimValue));
      // The models hold weights large enough to be zeroed (else this test checks nothing).
      const large = [...graph.initializers.values()].filter(
        (t) => (t.dims ?? []).map(Number).reduce((a, b) => a * b, 1) >= 1024,
      );
      expect(large.length).toBeGreaterThan(0);
      const zeroed = await probeShapes(graph, gradientPath, input.name!, inputShape, {});
      const kept = await probeShapes(graph, gradientPath, input.name!, inputShape, {}, 'kept');
      expect(kept.rowBytes).toBeDefined();
      expect(zeroed.rowBytes).toEqual(kept.rowBytes);
      expect([...zeroed.entries()].sort()).toEqual([...kept.entries()].sort());
    },
    60_000,
  );
});
