import {
  assertFinite,
  assertShape,
  checkTargets,
  type RunOptions,
  type Tensor,
  toLoss,
  XaiError,
} from '@xai/core';
import type { DerivativeGraphSpec } from './autodiff/build.js';
import { backwardRulesProblem } from './autodiff/build.js';
import { findLastConvLayer } from './autodiff/last-conv-layer.js';
import { PREDICTED_TARGET } from './autodiff/loss-seed.js';
import { describeUnsupported, findGradientPath, unsupportedError } from './autodiff/path.js';
import { type ProbedShapes, probeShapes } from './autodiff/probe-shapes.js';
import { decodeOnnxModel } from './decode-model.js';
import { deepLiftProblem } from './explanation-rules/deep-lift.js';
import { encodeModel, FLOAT, readGraph } from './graph/graph.js';
import { weightLayers, withRandomizedLayers } from './graph/randomize-layers.js';
import { withWeightNoise } from './graph/weight-noise.js';
import { checkInput, createClassifier, readSignature } from './load/classifier.js';
import { DerivativeRunners } from './load/derivative-runners.js';
import { openModel } from './load/open-model.js';
import type { OnnxClassifier, OnnxModel, OnnxModelOptions } from './load/types.js';
import { residentBytes } from './memory-budget.js';
import type { ModelProto } from './onnx-proto.js';
import { checkSpinWait, type SessionOptions } from './session.js';

export type { OnnxClassifier, OnnxModel, OnnxModelOptions } from './load/types.js';

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
 * `loadOnnxModel`, where a variant of an already loaded model (same graph, other weights)
 * may inherit its parent's probed shapes instead of probing.
 */
async function loadModel(
  source: string | Uint8Array,
  given: OnnxModelOptions,
  inheritedShapes?: Promise<ReadonlyMap<string, readonly number[]>>,
): Promise<OnnxModel | OnnxClassifier> {
  checkSpinWait(given.spinWait);
  // What the process held before this model: the memory bound covers the rest.
  const options: OnnxModelOptions & SessionOptions = { ...given, residentAtLoad: residentBytes() };
  const { name, bytes, decoded } = await openModel(source);
  const signature = readSignature(decoded, options, name);
  const { input, output, inputShape } = signature;
  const graph = readGraph(decoded);
  const { path, unsupported } = findGradientPath(graph, input, output);
  const gradientError =
    unsupported.length > 0 ? unsupportedError(unsupported, graph.opset, name) : undefined;
  if (gradientError && options.gradients !== 'optional') throw gradientError;
  let shapes: Promise<ReadonlyMap<string, readonly number[]>> | undefined;
  const classifier = await createClassifier(
    bytes,
    signature,
    options,
    name,
    gradientError ? describeUnsupported(unsupported) : undefined,
    // A differentiable model's probe sizes its tensors for the forward's bound too.
    gradientError
      ? undefined
      : async () => ((await probedShapes()) as ProbedShapes).rowBytes?.largest,
  );
  if (gradientError) return classifier;
  const spec: DerivativeGraphSpec = {
    graph,
    path,
    input,
    output,
    floatType: FLOAT,
    inputShape: ['batch', ...inputShape],
    outputShape: ['batch', classifier.numClasses],
  };
  // The derivative graphs are built on first use, with the shapes one probe run finds
  // (or the parent model found, for a variant: its tensors keep their names and shapes).
  const probedShapes = () => {
    shapes ??= inheritedShapes ?? probeShapes(graph, path, input, inputShape, options);
    return shapes;
  };
  const runners = DerivativeRunners.create(
    async () => ({ ...spec, shapes: await probedShapes() }),
    options,
    name,
    input,
    output,
  );
  const variant = async (model: ModelProto) =>
    (await loadModel(
      encodeModel(model),
      { ...options, gradients: 'required' },
      probedShapes(),
    )) as OnnxModel;
  const parts: Parts = {
    classifier,
    spec,
    name,
    runOptions: { maxBatchSize: options.maxBatchSize, memoryLimitBytes: options.memoryLimitBytes },
    lastConvLayer: findLastConvLayer(path),
    weightLayers: weightLayers(decoded).map((n) => n.name || '(unnamed)'),
    variant,
    decode: () => decodeOnnxModel(bytes, name),
  };
  return differentiable(parts, runners);
}

/** What every rule variant of one loaded model shares. */
interface Parts {
  readonly classifier: OnnxClassifier;
  readonly spec: DerivativeGraphSpec;
  readonly name: string;
  readonly runOptions: RunOptions;
  readonly lastConvLayer: string | undefined;
  readonly weightLayers: readonly string[];
  /** Loads an edited copy of the model (own sessions, the parent's probed shapes). */
  readonly variant: (model: ModelProto) => Promise<OnnxModel>;
  /** A fresh copy of the model's graph to edit. */
  readonly decode: () => ModelProto;
}

/** The model whose derivatives `runners` compute; the root (true rules) owns the classifier. */
function differentiable(parts: Parts, runners: DerivativeRunners, isRoot = true): OnnxModel {
  const { classifier, spec, name, runOptions, lastConvLayer } = parts;
  const { inputShape, numClasses } = classifier;
  const check = (x: Tensor) => checkInput(x, inputShape, name);
  const checkCotangent = (x: Tensor, cotangent: Tensor) =>
    assertShape(cotangent, [x.shape[0]!, numClasses], 'the cotangent on the logits');
  return {
    ...classifier,
    async vjp(x, cotangent) {
      check(x);
      checkCotangent(x, cotangent);
      const { out, result } = await runners.vjp.run(x, cotangent, runOptions);
      return { logits: out, grad: result };
    },
    async lossVjp(x, loss, targets) {
      check(x);
      // INVALID_ARGUMENT unless a loss's name (an instance is not one).
      toLoss(String(loss) as typeof loss);
      const batch = x.shape[0]!;
      const feed =
        targets === 'predicted'
          ? new BigInt64Array(batch).fill(PREDICTED_TARGET)
          : BigInt64Array.from(checkTargets(targets, batch, numClasses), BigInt);
      const { out, result } = await runners
        .loss(loss)
        .run(x, { data: feed, shape: [batch] }, runOptions);
      return { logits: out, grad: result };
    },
    async jvp(x, tangent) {
      check(x);
      assertShape(tangent, x.shape, 'the tangent (shaped like the input)');
      const { out, result } = await runners.jvp.run(x, tangent, runOptions);
      return { logits: out, jvp: result };
    },
    lastConvLayer,
    async deepLiftVjp(x, reference, cotangent) {
      check(x);
      assertShape(reference, x.shape, 'the DeepLIFT reference (shaped like the input)');
      assertFinite(reference, 'the DeepLIFT reference');
      checkCotangent(x, cotangent);
      const problem = deepLiftProblem(spec, name);
      if (problem) throw problem;
      const { out, result, referenceOut } = await runners.deepLift.run(
        x,
        cotangent,
        runOptions,
        reference,
      );
      return { logits: out, referenceLogits: referenceOut!, grad: result };
    },
    async layerVjp(x, cotangent, layer) {
      check(x);
      checkCotangent(x, cotangent);
      if (!spec.path.live.has(layer) || !spec.path.needed.has(layer)) {
        throw new XaiError(
          'INVALID_ARGUMENT',
          `Expected a tensor between the input and the logits of ${name} for the layer but received '${layer}'${lastConvLayer ? `; the last convolution's is '${lastConvLayer}'` : ''}.`,
        );
      }
      const { out, result, activation } = await runners.layer(layer).run(x, cotangent, runOptions);
      return { logits: out, activation: activation!, grad: result };
    },
    async withBackwardRules(rules) {
      const problem = backwardRulesProblem(spec, rules, name);
      if (problem) throw problem;
      return differentiable(parts, runners.withRules(rules), false);
    },
    async withWeightNoise(noise) {
      return parts.variant(withWeightNoise(parts.decode(), noise));
    },
    weightLayers: parts.weightLayers,
    async withRandomizedLayers(count, seed) {
      return parts.variant(withRandomizedLayers(parts.decode(), count, seed));
    },
    async dispose() {
      // A rule variant owns only its own sessions; the root owns all.
      await runners.dispose();
      if (isRoot) await classifier.dispose();
    },
  };
}
