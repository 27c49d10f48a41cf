import type { ErfProduct } from '../autodiff/erf-products.js';
import type { GraphBuilder } from '../graph/builder.js';
import type { NodeProto, TensorProto } from '../onnx-proto.js';

/** What a rule may need beyond the node and the builder. */
export interface RuleContext {
  readonly b: GraphBuilder;
  /** Per node input: true when a derivative must flow to (VJP) or from (JVP) it. */
  readonly active: readonly boolean[];
  /** Shapes seen by the probe (probe-shapes.ts), where known: lets rules skip no-op work. */
  readonly shapes?: ReadonlyMap<string, readonly number[]>;
  /** The node that makes each tensor of the model: lets a rule keep fusions. */
  readonly producers?: ReadonlyMap<string, NodeProto>;
  /** The dims of the model's initializers (VJP only), e.g. a Conv's weights. */
  readonly initializers?: ReadonlyMap<string, readonly number[]>;
  /** A constant's value (VJP only): the model's initializer or Constant node of that name. */
  readonly constants?: (name: string) => TensorProto | undefined;
  /**
   * VJP only, and only where every ReLU takes a backward that zeroes the cotangent where its
   * output is 0 (the gradient's, guided backprop's): `applies(t)` when `t` is such a ReLU's
   * output (and not the tensor a layer pass stops at). A rule that zeroes its cotangent for
   * `t` where the ReLU will, more cheaply than the ReLU can (a max-pool at its output's
   * size), adds it to `done`, and the ReLU's gradient rule passes it on as it is.
   */
  readonly reluPremask?: {
    readonly applies: (tensor: string) => boolean;
    readonly done: Set<string>;
  };
  /**
   * VJP only: the products `x (erf(x k) + c)` (torch's exact GELU) by their output, whose
   * Mul rule sends x its whole derivative at once (autodiff/erf-products.ts).
   */
  readonly erfProducts?: ReadonlyMap<string, ErfProduct>;
  /**
   * JVP only: ReLU outputs whose tangent goes to one MaxPool and nowhere else. ReLU's rule
   * passes their tangent on unmasked, and the MaxPool masks what it reads by its own output's
   * sign, at its smaller size (the window's maximum is positive exactly where the ReLU let
   * the tangent of that element through).
   */
  readonly reluPostmask?: ReadonlySet<string>;
}

/**
 * The derivative rules of one op type, emitting ordinary ONNX nodes at the graph's opset.
 * Names in the arrays are tensor names; `undefined` is a zero (co)tangent.
 */
export interface OpRule {
  /** Inputs the rule differentiates through (default: all). */
  readonly differentiable?: (node: NodeProto) => readonly number[];
  /** Inputs whose derivative is zero by nature (indices, shapes, axes): never on the path. */
  readonly constantInputs?: readonly number[];
  /** Outputs that carry derivatives (default: all); e.g. not Dropout's mask. */
  readonly differentiableOutputs?: (node: NodeProto) => readonly number[];
  /** Why this node cannot be differentiated (an unsupported attribute), or undefined. */
  readonly check?: (node: NodeProto, opset: number) => string | undefined;
  /** Input cotangents from output cotangents (`J^T u`). */
  vjp(
    node: NodeProto,
    cotangents: ReadonlyArray<string | undefined>,
    ctx: RuleContext,
  ): Array<string | undefined>;
  /** Output tangents from input tangents (`J v`). */
  jvp(
    node: NodeProto,
    tangents: ReadonlyArray<string | undefined>,
    ctx: RuleContext,
  ): Array<string | undefined>;
}
