import * as ort from 'onnxruntime-node';
import { encodeModel, type OnnxGraph, tensorValueInfo, withGraph } from '../graph/graph.js';
import { onnx } from '../onnx-proto.js';
import { type SessionOptions, threadingOptions } from '../session.js';
import type { GradientPath } from './path.js';

/** Ops whose VJP undoes broadcasting, the only users of the probed shapes. */
// and the recurrent ops, whose rules unroll over the sequence length.
const broadcasting = new Set([
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Where',
  'Expand',
  'Gemm',
  'RNN',
  'GRU',
  'LSTM',
]);

/**
 * Probed shapes, and what one sample (row) of a pass holds in memory, from the same probe:
 * the bytes of every tensor on the path (the activations a derivative graph keeps for its
 * backward) and of the largest one (a working buffer). Absent when the probe failed.
 */
export interface ProbedShapes extends Map<string, number[]> {
  rowBytes?: { readonly activations: number; readonly largest: number };
}

/**
 * The shapes of the tensors around broadcasting ops on the path, found by running the
 * model once on zeros with a `Shape` output for each (one small extra session, once per
 * model). A rule that knows an operand has the output's shape skips the run-time
 * ReduceSum that undoes broadcasting: on ResNet-50 those no-op reductions copy every
 * residual cotangent and cost about 15% of a gradient. The probe batch is 2 (or the
 * model's fixed batch), so a dimension equal to the batch is told apart from a
 * broadcast 1. Any failure gives an empty map: rules then reduce at run time, as before.
 * The same run also sizes every path tensor, for `rowBytes` (the memory bound's estimate).
 */
export async function probeShapes(
  graph: OnnxGraph,
  path: GradientPath,
  input: string,
  inputShape: readonly number[],
  options: Pick<SessionOptions, 'threads' | 'spinWait'>,
): Promise<ProbedShapes> {
  const shapes: ProbedShapes = new Map<string, number[]>();
  const wanted = new Set<string>();
  for (const node of path.nodes) {
    if (!broadcasting.has(node.opType ?? '') || (node.domain && node.domain !== 'ai.onnx'))
      continue;
    for (const t of [...(node.input ?? []), node.output?.[0] ?? '']) {
      if (!t) continue;
      const init = graph.initializers.get(t);
      if (init) shapes.set(t, (init.dims ?? []).map(Number));
      else wanted.add(t);
    }
  }
  // Every tensor the path computes is sized too (only the wanted ones go in the map).
  const sized = new Set(path.nodes.flatMap((n) => (n.output ?? []).filter(Boolean)));
  const declared = graph.inputs.find((v) => v.name === input)?.type?.tensorType?.shape?.dim?.[0];
  const batch = declared?.dimValue ? Number(declared.dimValue) : 2;
  const names = [...new Set([...wanted, ...sized])];
  const outputs = names.map((_, i) => `xai/probe_shape_${i}`);
  const model = withGraph(graph.model, {
    nodes: [
      ...graph.nodes,
      ...names.map((t, i) =>
        onnx.NodeProto.create({
          name: outputs[i],
          opType: 'Shape',
          input: [t],
          output: [outputs[i]!],
        }),
      ),
    ],
    initializers: graph.model.graph!.initializer ?? [],
    inputs: graph.model.graph!.input ?? [],
    outputs: outputs.map((o) => tensorValueInfo(o, onnx.TensorProto.DataType.INT64, undefined)),
  });
  let session: ort.InferenceSession | undefined;
  try {
    session = await ort.InferenceSession.create(encodeModel(model), {
      graphOptimizationLevel: 'basic',
      ...threadingOptions(options),
    });
    const size = batch * inputShape.reduce((a, b) => a * b, 1);
    const feeds = {
      [input]: new ort.Tensor('float32', new Float32Array(size), [batch, ...inputShape]),
    };
    const result = await session.run(feeds, outputs);
    let activations = 0;
    let largest = 0;
    names.forEach((t, i) => {
      const shape = Array.from(result[outputs[i]!]!.data as BigInt64Array, Number);
      if (wanted.has(t)) shapes.set(t, shape);
      if (sized.has(t)) {
        const bytes = (4 * shape.reduce((a, b) => a * b, 1)) / batch;
        activations += bytes;
        largest = Math.max(largest, bytes);
      }
    });
    shapes.rowBytes = { activations, largest };
    return shapes;
  } catch {
    return new Map();
  } finally {
    await session?.release();
  }
}
