import {
  assertFinite,
  assertShape,
  type BackwardRules,
  type Classifier,
  formatShape,
  type Model,
  mapBatches,
  type ReluRule,
  type RunOptions,
  type Tensor,
  XaiError,
} from '@xai/core';
import * as ort from 'onnxruntime-node';
import {
  backwardRulesProblem,
  buildJvpGraph,
  buildVjpGraph,
  type DerivativeGraphSpec,
} from './autodiff/build.js';
import { buildDeepLiftGraph, deepLiftProblem } from './autodiff/deep-lift.js';
import { findLastConvLayer } from './autodiff/last-conv-layer.js';
import { describeUnsupported, findGradientPath, unsupportedError } from './autodiff/path.js';
import { probeShapes } from './autodiff/probe-shapes.js';
import { decodeOnnxModel } from './decode-model.js';
import { encodeModel, FLOAT, readGraph } from './graph/graph.js';
import { withInputShift } from './graph/input-shift.js';
import { prepareModel } from './graph/prepare-model.js';
import { weightLayers, withRandomizedLayers } from './graph/randomize-layers.js';
import { type WeightNoiseOptions, withWeightNoise } from './graph/weight-noise.js';
import { describeOnnxModel, type OnnxModelInfo, type TensorInfo } from './model-info.js';
import type { ModelProto } from './onnx-proto.js';
import { readModelBytes } from './read-source.js';
import { createSession, DerivativeRunner } from './session.js';

export interface OnnxModelOptions {
  /** The graph input that takes the images, when the model has several. */
  readonly inputName?: string;
  /** The graph output that holds the logits, when the model has several. */
  readonly outputName?: string;
  /** The shape of one sample, when the model's input has symbolic dimensions beyond the batch. */
  readonly inputShape?: readonly number[];
  /** ONNX Runtime execution providers, in order of preference (default `['cpu']`). */
  readonly executionProviders?: readonly string[];
  /** Threads ONNX Runtime uses inside one op (default: its own choice). */
  readonly threads?: number;
  /**
   * Whether ONNX Runtime's threads spin-wait for work between ops and runs (default
   * `false`: they sleep). Spinning threads hold cores that the native kernels and the
   * JavaScript between model calls need; see docs/benchmarks/threads.md for when it pays.
   */
  readonly spinWait?: boolean;
  /** Upper bounds on one session run: samples and input bytes. */
  readonly maxBatchSize?: number;
  readonly memoryLimitBytes?: number;
  /**
   * `'required'` (default): every op between the input and the logits must have a
   * derivative rule, or loading fails with one UNSUPPORTED_OP error listing them all.
   * `'optional'`: such a model still loads, as a forward-only classifier without `vjp`/`jvp`.
   */
  readonly gradients?: 'required' | 'optional';
}

/** An ONNX classifier run by onnxruntime-node, forward only. */
export interface OnnxClassifier extends Classifier {
  readonly info: OnnxModelInfo;
  readonly inputName: string;
  readonly outputName: string;
  /**
   * Set when the model loaded forward-only (`gradients: 'optional'`): which ops on the
   * way to the logits have no derivative rule, e.g. `"GridSample ('g1'), LSTM ('rnn')"`.
   */
  readonly gradientProblem?: string;
  dispose(): Promise<void>;
}

/**
 * An ONNX classifier with exact derivatives: `vjp` and `jvp` run gradient graphs built
 * from the model's own graph (one per purpose, built and given a session on first use).
 */
export interface OnnxModel extends OnnxClassifier, Model {
  /** The same model with another ReLU backward rule (guided backprop, deconvnet) for `vjp`. */
  withReluRule(rule: ReluRule): Promise<OnnxModel>;
  /**
   * The same model with other backward rules for `vjp` and `layerVjp` (LRP, excitation
   * backprop); UNSUPPORTED_OP at once, naming each op on the path that has no such rule.
   */
  withBackwardRules(rules: BackwardRules): Promise<OnnxModel>;
  /**
   * DeepLIFT-rescale multipliers from `reference` to `x` (Captum's rules); UNSUPPORTED_OP
   * naming each op on the path that has no rescale rule.
   */
  deepLiftVjp(
    x: Tensor,
    reference: Tensor,
    cotangent: Tensor,
  ): Promise<{ logits: Tensor; referenceLogits: Tensor; grad: Tensor }>;
  /** Activation and gradient at a named inner tensor (Grad-CAM); see `lastConvLayer`. */
  layerVjp(
    x: Tensor,
    cotangent: Tensor,
    layer: string,
  ): Promise<{ logits: Tensor; activation: Tensor; grad: Tensor }>;
  /** The last convolutional block's output tensor (after its activation), if any. */
  readonly lastConvLayer: string | undefined;
  /**
   * A new model (own sessions, to dispose) whose weights carry seeded multiplicative
   * Gaussian noise, for NoiseGrad; loaded with the same options.
   */
  withWeightNoise(options: WeightNoiseOptions): Promise<OnnxModel>;
  /**
   * A new model `g(x) = f(x - shift)`, so `g(x + shift) = f(x)` (input invariance);
   * `shift` is one sample, shaped like `inputShape`.
   */
  withInputShift(shift: Tensor): Promise<OnnxModel>;
  /** The weight layers (their node names) from the logits down, as cascading randomisation visits them. */
  readonly weightLayers: readonly string[];
  /** A new model with the top `count` weight layers re-drawn at random (model randomisation test). */
  withRandomizedLayers(count: number, seed: number): Promise<OnnxModel>;
  dispose(): Promise<void>;
}

/**
 * Loads an ONNX image classifier from a path or bytes. The model must take one float
 * tensor `[batch, ...sample]` and return logits `[batch, classes]`. Unless
 * `gradients: 'optional'`, every op on the way from the input to the logits must be
 * differentiable (checked here, at load time).
 */
export async function loadOnnxModel(
  source: string | Uint8Array,
  options?: OnnxModelOptions & { gradients?: 'required' },
): Promise<OnnxModel>;
export async function loadOnnxModel(
  source: string | Uint8Array,
  options: OnnxModelOptions,
): Promise<OnnxModel | OnnxClassifier>;
export async function loadOnnxModel(
  source: string | Uint8Array,
  options: OnnxModelOptions = {},
): Promise<OnnxModel | OnnxClassifier> {
  return loadModel(source, options);
}

/**
 * `loadOnnxModel`, where a variant of an already loaded model (same graph, other weights
 * or an input shift in front) may inherit its parent's probed shapes instead of probing.
 */
async function loadModel(
  source: string | Uint8Array,
  options: OnnxModelOptions,
  inheritedShapes?: Promise<ReadonlyMap<string, readonly number[]>>,
): Promise<OnnxModel | OnnxClassifier> {
  const name = typeof source === 'string' ? `'${source}'` : 'the given bytes';
  const read = await readModelBytes(source);
  const original = decodeOnnxModel(read, name);
  // Half-precision models run (and are differentiated) in float32, and contrib ops without
  // a CPU kernel become standard ops: see prepare-model.ts.
  const widened = prepareModel(original);
  const decoded = widened ?? original;
  const bytes = widened ? encodeModel(widened) : read;
  const info = describeOnnxModel(decoded);
  const input = pick(info.inputs, options.inputName, 'input', name, '--input-name / inputName');
  const output = pick(
    info.outputs,
    options.outputName,
    'output',
    name,
    '--output-name / outputName',
  );
  if (input.elementType !== 'FLOAT') {
    throw new XaiError(
      'NOT_SUPPORTED',
      `Expected a FLOAT input for '${input.name}' of ${name} but it takes ${input.elementType}.`,
    );
  }
  const inputShape = sampleShape(input, options.inputShape, name);
  const graph = readGraph(decoded);
  const { path, unsupported } = findGradientPath(graph, input.name, output.name);
  const gradientError =
    unsupported.length > 0 ? unsupportedError(unsupported, graph.opset, name) : undefined;
  const gradientProblem = unsupported.length > 0 ? describeUnsupported(unsupported) : undefined;
  if (gradientError && options.gradients !== 'optional') throw gradientError;
  const session = await createSession(bytes, options, name);
  const runOptions: RunOptions = {
    maxBatchSize: options.maxBatchSize,
    memoryLimitBytes: options.memoryLimitBytes,
  };
  const runOnce = async (x: Tensor): Promise<Tensor> => {
    const feeds = { [input.name]: new ort.Tensor('float32', x.data, [...x.shape]) };
    const result = await session.run(feeds, [output.name]);
    const out = result[output.name]!;
    const data = out.data as Float32Array;
    const shape = out.dims.map(Number);
    out.dispose?.();
    return { data, shape };
  };
  let numClasses = lastFixedDim(output);
  if (numClasses === undefined) {
    const probe = await runOnce({
      data: new Float32Array(inputShape.reduce((a, b) => a * b, 1)),
      shape: [1, ...inputShape],
    });
    numClasses = probe.shape[probe.shape.length - 1]!;
  }
  const classes = numClasses;
  const classifier: OnnxClassifier = {
    info,
    inputName: input.name,
    outputName: output.name,
    ...(gradientProblem ? { gradientProblem } : {}),
    inputShape,
    numClasses: classes,
    async forward(x: Tensor): Promise<Tensor> {
      checkInput(x, inputShape, name);
      const logits = await mapBatches(x, runOnce, runOptions);
      if (logits.shape.length !== 2 || logits.shape[1] !== classes) {
        throw new XaiError(
          'NOT_SUPPORTED',
          `Expected logits [batch, ${classes}] from output '${output.name}' of ${name} but received ${formatShape(logits.shape)}; name the logits with outputName.`,
        );
      }
      return logits;
    },
    async dispose() {
      await session.release();
    },
  };
  if (gradientError) return classifier;
  const spec: DerivativeGraphSpec = {
    graph,
    path,
    input: input.name,
    output: output.name,
    floatType: FLOAT,
    inputShape: ['batch', ...inputShape],
    outputShape: ['batch', classes],
  };
  // The derivative graphs are built on first use, with the shapes one probe run finds
  // (or the parent model found, for a variant: its tensors keep their names and shapes).
  let shapes: Promise<ReadonlyMap<string, readonly number[]>> | undefined;
  const probedShapes = () => {
    shapes ??= inheritedShapes ?? probeShapes(graph, path, input.name, inputShape, options);
    return shapes;
  };
  const probedSpec = async (): Promise<DerivativeGraphSpec> => ({
    ...spec,
    shapes: await probedShapes(),
  });
  const variant = async (model: ModelProto) =>
    (await loadModel(
      encodeModel(model),
      { ...options, gradients: 'required' },
      probedShapes(),
    )) as OnnxModel;
  const check = (x: Tensor) => checkInput(x, inputShape, name);
  const deepLiftRunner = new DerivativeRunner(
    async () => buildDeepLiftGraph(await probedSpec()),
    options,
    name,
    input.name,
    output.name,
  );
  const deepLiftVjp: OnnxModel['deepLiftVjp'] = async (x, reference, cotangent) => {
    check(x);
    assertShape(reference, x.shape, 'the DeepLIFT reference (shaped like the input)');
    assertFinite(reference, 'the DeepLIFT reference');
    assertShape(cotangent, [x.shape[0]!, classes], 'the cotangent on the logits');
    const problem = deepLiftProblem(spec, name);
    if (problem) throw problem;
    const { out, result, referenceOut } = await deepLiftRunner.run(
      x,
      cotangent,
      runOptions,
      reference,
    );
    return { logits: out, referenceLogits: referenceOut!, grad: result };
  };
  const jvpRunner = new DerivativeRunner(
    async () => buildJvpGraph(await probedSpec()),
    options,
    name,
    input.name,
    output.name,
  );
  const lastConvLayer = findLastConvLayer(path);
  const layerNames = weightLayers(decoded).map((n) => n.name || '(unnamed)');
  const withRule = (
    relu: BackwardRules,
    vjpRunner: DerivativeRunner,
    owned: DerivativeRunner[],
    isOriginal: boolean,
  ): OnnxModel => {
    const layerRunners = new Map<string, DerivativeRunner>();
    const withBackwardRules = async (rules: BackwardRules): Promise<OnnxModel> => {
      const problem = backwardRulesProblem(spec, rules, name);
      if (problem) throw problem;
      if (sameRules(rules, relu)) return withRule(relu, vjpRunner, [], false);
      const runner = new DerivativeRunner(
        async () => buildVjpGraph(await probedSpec(), rules),
        options,
        name,
        input.name,
        output.name,
      );
      return withRule(rules, runner, [runner], false);
    };
    return {
      ...classifier,
      async vjp(x, cotangent) {
        check(x);
        assertShape(cotangent, [x.shape[0]!, classes], 'the cotangent on the logits');
        const { out, result } = await vjpRunner.run(x, cotangent, runOptions);
        return { logits: out, grad: result };
      },
      async jvp(x, tangent) {
        check(x);
        assertShape(tangent, x.shape, 'the tangent (shaped like the input)');
        const { out, result } = await jvpRunner.run(x, tangent, runOptions);
        return { logits: out, jvp: result };
      },
      lastConvLayer,
      deepLiftVjp,
      async layerVjp(x, cotangent, layer) {
        check(x);
        assertShape(cotangent, [x.shape[0]!, classes], 'the cotangent on the logits');
        if (!path.live.has(layer) || !path.needed.has(layer)) {
          throw new XaiError(
            'INVALID_ARGUMENT',
            `Expected a tensor between the input and the logits of ${name} for the layer but received '${layer}'${lastConvLayer ? `; the last convolution's is '${lastConvLayer}'` : ''}.`,
          );
        }
        let runner = layerRunners.get(layer);
        if (!runner) {
          runner = new DerivativeRunner(
            async () => buildVjpGraph(await probedSpec(), relu, layer),
            options,
            name,
            input.name,
            output.name,
          );
          layerRunners.set(layer, runner);
          owned.push(runner);
        }
        const { out, result, activation } = await runner.run(x, cotangent, runOptions);
        return { logits: out, activation: activation!, grad: result };
      },
      async withWeightNoise(noise) {
        const noisy = withWeightNoise(decodeOnnxModel(bytes, name), noise);
        return variant(noisy);
      },
      async withInputShift(shift) {
        assertShape(shift, inputShape, 'the input shift (one sample)');
        const shifted = withInputShift(
          decodeOnnxModel(bytes, name),
          input.name,
          shift.data,
          inputShape,
        );
        return variant(shifted);
      },
      weightLayers: layerNames,
      async withRandomizedLayers(count, seed) {
        const randomized = withRandomizedLayers(decodeOnnxModel(bytes, name), count, seed);
        return variant(randomized);
      },
      async withReluRule(rule) {
        return withBackwardRules({ ...relu, relu: rule });
      },
      withBackwardRules,
      async dispose() {
        // A variant made by withReluRule owns only its own sessions; the original owns all.
        for (const r of owned) await r.dispose();
        if (isOriginal) {
          await session.release();
          await jvpRunner.dispose();
          await deepLiftRunner.dispose();
        }
      },
    };
  };
  const vjpRunner = new DerivativeRunner(
    async () => buildVjpGraph(await probedSpec()),
    options,
    name,
    input.name,
    output.name,
  );
  return withRule({}, vjpRunner, [vjpRunner], true);
}

/** True when two sets of backward rules build the same graph. */
function sameRules(a: BackwardRules, b: BackwardRules): boolean {
  const key = (r: BackwardRules) =>
    JSON.stringify([r.relu ?? 'standard', r.linear?.kind === 'gradient' ? undefined : r.linear]);
  return key(a) === key(b);
}

function pick(
  all: readonly TensorInfo[],
  wanted: string | undefined,
  kind: string,
  name: string,
  option: string,
): TensorInfo {
  if (wanted !== undefined) {
    const found = all.find((t) => t.name === wanted);
    if (!found) {
      throw new XaiError(
        'INVALID_ARGUMENT',
        `Expected an ${kind} named '${wanted}' in ${name} but it has ${all.map((t) => `'${t.name}'`).join(', ')}.`,
      );
    }
    return found;
  }
  if (all.length !== 1) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected one ${kind} in ${name} but it has ${all.length} (${all.map((t) => `'${t.name}'`).join(', ')}); choose one with ${option}.`,
    );
  }
  return all[0]!;
}

function sampleShape(
  input: TensorInfo,
  given: readonly number[] | undefined,
  name: string,
): number[] {
  const dims = input.shape.slice(1);
  if (given) {
    const clash =
      dims.some((d, i) => typeof d === 'number' && d !== given[i]) || given.length !== dims.length;
    if (clash) {
      throw new XaiError(
        'SHAPE_MISMATCH',
        `Expected inputShape to fit '${input.name}' of ${name}, which is [${input.shape.join(', ')}], but received ${formatShape(given)}.`,
      );
    }
    return [...given];
  }
  if (input.shape.length < 2 || dims.some((d) => typeof d !== 'number')) {
    throw new XaiError(
      'NOT_SUPPORTED',
      `Expected fixed sample dimensions for '${input.name}' of ${name} but it is [${input.shape.join(', ')}]; pass inputShape.`,
    );
  }
  return dims as number[];
}

function lastFixedDim(t: TensorInfo): number | undefined {
  const d = t.shape[t.shape.length - 1];
  return typeof d === 'number' && t.shape.length === 2 ? d : undefined;
}

function checkInput(x: Tensor, sample: readonly number[], name: string): void {
  const ok =
    x.shape.length === sample.length + 1 &&
    sample.every((d, i) => x.shape[i + 1] === d) &&
    x.shape[0]! > 0;
  if (!ok) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected an input of shape [batch, ${sample.join(', ')}] for ${name} but received ${formatShape(x.shape)}.`,
    );
  }
  assertFinite(x, 'the input');
}
