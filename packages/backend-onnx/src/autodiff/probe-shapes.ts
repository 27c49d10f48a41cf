import * as ort from 'onnxruntime-node';
import { encodeModel, type OnnxGraph, tensorValueInfo, withGraph } from '../graph/graph.js';
import { type NodeProto, onnx, type TensorProto } from '../onnx-proto.js';
import { type SessionOptions, threadingOptions } from '../session.js';
import type { GradientPath } from './path.js';

/** The ops whose rules read the probed shapes: those whose VJP undoes broadcasting, */
// the recurrent ops, whose rules unroll over the sequence length, MaxPool, whose VJP
// takes a window offset at a time when its windows tile its input, Gather and Slice, whose
// VJPs for one index and for steps of 1 pad to their input's rank, and Conv, whose strided
// adjoint is padded to its input's size.
const shapeReaders = new Set([
  'Conv',
  'MatMul',
  'Gather',
  'Slice',
  'MaxPool',
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
  /** 'kept' runs the probe on the real weights (tests compare the two). */
  weights: 'zeroed' | 'kept' = 'zeroed',
): Promise<ProbedShapes> {
  const shapes: ProbedShapes = new Map<string, number[]>();
  const wanted = new Set<string>();
  for (const node of path.nodes) {
    if (!shapeReaders.has(node.opType ?? '') || (node.domain && node.domain !== 'ai.onnx'))
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
  // ConstantOfShape exists from opset 9: older models keep their weights in the probe.
  const { kept, zeroed, makers } =
    graph.opset >= 9 && weights === 'zeroed'
      ? weightless(graph.model.graph!.initializer ?? [])
      : { kept: graph.model.graph!.initializer ?? [], zeroed: new Set<string>(), makers: [] };
  const shapeNodes = names.map((t, i) =>
    onnx.NodeProto.create({ name: outputs[i], opType: 'Shape', input: [t], output: [outputs[i]!] }),
  );
  const model = withGraph(graph.model, {
    nodes: [...makers, ...graph.nodes, ...shapeNodes],
    initializers: kept,
    inputs: (graph.model.graph!.input ?? []).filter((v) => !zeroed.has(v.name ?? '')),
    outputs: outputs.map((o) => tensorValueInfo(o, onnx.TensorProto.DataType.INT64, undefined)),
  });
  let session: ort.InferenceSession | undefined;
  try {
    // No optimisation: folding would turn the zeroed weights back into resident initializers.
    session = await ort.InferenceSession.create(encodeModel(model), {
      graphOptimizationLevel: 'disabled',
      enableMemPattern: false,
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

/** Float initializers with at least this many elements are made at run time by the probe. */
const zeroedAtLeast = 1024;

/**
 * The probe's weights: shapes do not depend on weight values, so every large float
 * initializer becomes a `ConstantOfShape` of zeros made at run time. The probe model then
 * carries no weights to encode and no session copy of them: on ViT-B/16 (330 MB of weights)
 * the first pass's peak fell from 2.53 to 1.80-1.89 GB (docs/benchmarks/memory.md). Small
 * and non-float initializers (shapes, axes, scales) stay as they are.
 */
function weightless(initializers: readonly TensorProto[]) {
  const kept: TensorProto[] = [];
  const zeroed = new Set<string>();
  const makers: NodeProto[] = [];
  for (const t of initializers) {
    const dims: number[] = (t.dims ?? []).map(Number);
    const floating =
      t.dataType === onnx.TensorProto.DataType.FLOAT ||
      t.dataType === onnx.TensorProto.DataType.DOUBLE;
    if (!floating || !t.name || dims.reduce((a, b) => a * b, 1) < zeroedAtLeast) {
      kept.push(t);
      continue;
    }
    const shapeName = `xai/probe_dims_${makers.length}`;
    const shape = BigInt64Array.from(dims, (d) => BigInt(d));
    kept.push({
      name: shapeName,
      dataType: onnx.TensorProto.DataType.INT64,
      dims: [dims.length],
      rawData: new Uint8Array(shape.buffer),
    });
    const zero =
      t.dataType === onnx.TensorProto.DataType.DOUBLE ? new Float64Array(1) : new Float32Array(1);
    makers.push(
      onnx.NodeProto.create({
        name: `xai/probe_zeros_${makers.length}`,
        opType: 'ConstantOfShape',
        input: [shapeName],
        output: [t.name],
        attribute: [
          {
            name: 'value',
            type: onnx.AttributeProto.AttributeType.TENSOR,
            t: { dataType: t.dataType, dims: [1], rawData: new Uint8Array(zero.buffer) },
          },
        ],
      }),
    );
    zeroed.add(t.name);
  }
  return { kept, zeroed, makers };
}
