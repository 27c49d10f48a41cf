import * as ort from 'onnxruntime-node';
import { buildJvpGraph, buildVjpGraph } from '../../src/autodiff/build.js';
import { findGradientPath } from '../../src/autodiff/path.js';
import { probeShapes } from '../../src/autodiff/probe-shapes.js';
import { decodeOnnxModel } from '../../src/decode-model.js';
import { DOUBLE, encodeModel, readGraph } from '../../src/graph/graph.js';
import { prepareModel } from '../../src/graph/prepare-model.js';
import { compareDirections, type DirectionalReport, randn } from './directional.js';
import { tinySpec } from './tiny-spec.js';

/**
 * ONNX Runtime's ways of saying it cannot run a node in float64: no kernel, a kernel that
 * refuses doubles, a schema that types the op for float32 only, or a mismatch inside an
 * unnamed node (the expansion of an ONNX function whose body makes float32 constants).
 */
const noDoubleKernel = [
  /Could not find an implementation for/,
  /operator does not support double/,
  /Type 'tensor\(double\)' of input parameter \([^)]*\) of operator/,
  /bound to different types \(tensor\(double\) and tensor\(float\) in node \(\)/,
];

/** ONNX Runtime's message when it cannot run a node of the model in float64. */
export interface NoDoubleKernel {
  readonly noDoubleKernel: string;
}

/**
 * The directional check in float64: the rules' graphs are built for a DOUBLE model (the
 * builder makes its constants in the graph's float type) and run by ONNX Runtime in
 * float64, and the central differences of the forward are float64's, so the rules are
 * checked to ~1e-8 instead of float32's ~1e-3. The model loader only runs float32, so this
 * drives the graph builders directly. `single` is the same model in float32 (same node and
 * tensor names): its probed shapes serve the double graphs. Returns `noDoubleKernel` (the
 * runtime's message) when ONNX Runtime cannot run a node in float64; any other failure throws.
 */
export async function directionalCheck64(
  double: Uint8Array,
  single: Uint8Array,
  x: Float64Array,
  shape: readonly number[],
  options: { seed: number; step: number },
): Promise<DirectionalReport | NoDoubleKernel> {
  const sample = shape.slice(1);
  const batch = shape[0]!;
  // As the loader does: contrib ops without a CPU kernel become standard ops.
  const prepared = (bytes: Uint8Array) => {
    const model = decodeOnnxModel(bytes);
    return prepareModel(model) ?? model;
  };
  const g1 = readGraph(prepared(single));
  const shapes = await probeShapes(g1, findGradientPath(g1, 'x', 'logits').path, 'x', sample, {});
  const graph = readGraph(prepared(double));
  const { path, unsupported } = findGradientPath(graph, 'x', 'logits');
  if (unsupported.length > 0) throw new Error(`no rule: ${JSON.stringify(unsupported)}`);
  const sessions: ort.InferenceSession[] = [];
  const open = async (bytes: Uint8Array) => {
    const s = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'disabled' });
    sessions.push(s);
    return s;
  };
  try {
    const forward = await open(encodeModel(graph.model));
    const run = async (data: Float64Array): Promise<Float64Array> => {
      const out = await forward.run({ x: new ort.Tensor('float64', data, [...shape]) });
      return out.logits!.data as Float64Array;
    };
    const logits = await run(x);
    const classes = logits.length / batch;
    const spec = tinySpec({ graph, path }, sample, classes, shapes, DOUBLE);
    const vjpGraph = buildVjpGraph(spec);
    const jvpGraph = buildJvpGraph(spec);
    const vjpSession = await open(vjpGraph.bytes);
    const jvpSession = await open(jvpGraph.bytes);
    const u = Float64Array.from(randn([batch, classes], options.seed, 1).data);
    const v = Float64Array.from(randn(shape, options.seed, 2).data);
    const feeds = (seed: string, seedData: Float64Array, seedShape: readonly number[]) => ({
      x: new ort.Tensor('float64', x, [...shape]),
      [seed]: new ort.Tensor('float64', seedData, [...seedShape]),
    });
    const jvp = (await jvpSession.run(feeds(jvpGraph.seed, v, shape)))[jvpGraph.result]!
      .data as Float64Array;
    const grad = (await vjpSession.run(feeds(vjpGraph.seed, u, [batch, classes])))[vjpGraph.result]!
      .data as Float64Array;
    const h = options.step;
    const fp = await run(x.map((xi, i) => xi + h * v[i]!));
    const fm = await run(x.map((xi, i) => xi - h * v[i]!));
    const diff = fp.map((p, i) => (p - fm[i]!) / (2 * h));
    // A floor far below float64's rounding, so only true zeros are floored.
    return compareDirections({ u, v, jvp, grad, diff }, batch, 1e-12);
  } catch (e) {
    const message = (e as Error).message;
    if (noDoubleKernel.some((pattern) => pattern.test(message))) return { noDoubleKernel: message };
    throw e;
  } finally {
    for (const s of sessions) await s.release();
  }
}
