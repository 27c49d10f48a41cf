import { attr } from '../../src/graph/attributes.js';
import { GraphBuilder } from '../../src/graph/builder.js';
import { encodeModel, FLOAT, tensorValueInfo } from '../../src/graph/graph.js';
import { onnx } from '../../src/onnx-proto.js';
import { randn } from './directional.js';

/** A dense layer `input W^T` (Gemm with transB), `weights` of shape `[out, in]`. */
export const gemmLayer = (b: GraphBuilder, input: string, weights: string): string =>
  b.op('Gemm', [input, weights], [attr.int('transB', 1)]);

/**
 * Builds a tiny model `x [batch, ...sample] -> body -> Flatten -> logits`, float32 unless
 * `floatType` says DOUBLE (the same nodes and names either way: `b.float` follows it).
 */
export function tinyModel(
  sample: readonly number[],
  body: (
    b: GraphBuilder,
    x: string,
    weights: (shape: readonly number[], scale?: number) => string,
  ) => string,
  options: { opset?: number; seed?: number; flatten?: boolean; floatType?: number } = {},
): Uint8Array {
  const opset = options.opset ?? 13;
  const floatType = options.floatType ?? FLOAT;
  const b = new GraphBuilder(opset, floatType, ['x', 'logits'], 'tiny');
  let stream = 100;
  const weights = (shape: readonly number[], scale = 1) => {
    const t = randn(shape, options.seed ?? 1, stream++, scale);
    return b.float(Array.from(t.data), shape);
  };
  const y = body(b, 'x', weights);
  const flat = options.flatten === false ? y : b.op('Flatten', [y], []);
  b.nodes.push(
    onnx.NodeProto.create({ name: 'out', opType: 'Identity', input: [flat], output: ['logits'] }),
  );
  const model = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [
      { domain: '', version: opset },
      { domain: 'com.microsoft', version: 1 },
    ],
    producerName: 'xai-test',
    graph: {
      name: 'tiny',
      node: b.nodes,
      initializer: b.initializers,
      input: [tensorValueInfo('x', floatType, ['batch', ...sample])],
      output: [tensorValueInfo('logits', floatType, ['batch', 'classes'])],
    },
  });
  return encodeModel(model);
}
