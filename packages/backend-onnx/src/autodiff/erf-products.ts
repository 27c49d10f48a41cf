import { producersOf, readersOf } from '../graph/graph.js';
import type { NodeProto, TensorProto } from '../onnx-proto.js';

/**
 * A product `x (erf(x k) + c)`, `k` and `c` one-element constants: torch's exact GELU
 * before its factor 0.5 (`x * (1 + erf(x / sqrt 2))`). Its derivative in x,
 * `a + d (2 / sqrt pi) exp(-d^2)` with `d = x k` and `a = erf(d) + c` both kept from the
 * forward pass, takes 6 elementwise passes where the chain rule through Mul, Add, Erf and
 * the scaling takes 10 and a Sum of the two routes to x (ViT-B/16's 12 MLPs).
 */
export interface ErfProduct {
  /** The tensor the chain starts from (both operands of the product depend on it). */
  readonly x: string;
  /** `d = x k` (the Div or Mul's output). */
  readonly scaled: string;
  /** `a = erf(d) + c` (the Add's output). */
  readonly shifted: string;
}

/**
 * The erf products among `nodes` (the gradient path), keyed by the product's output. Only
 * chains whose inner tensors (d, erf(d), a) feed no other node of the path and are not
 * `layer` (the tensor a layer pass stops at, whose own cotangent is an output): the fused
 * derivative sends no cotangent to them.
 */
export function findErfProducts(
  nodes: readonly NodeProto[],
  constants: (name: string) => TensorProto | undefined,
  layer?: string,
): Map<string, ErfProduct> {
  const producers = producersOf(nodes);
  const readers = readersOf(nodes);
  const inner = (t: string | undefined, opType: string): NodeProto | undefined => {
    const node = t === undefined ? undefined : producers.get(t);
    const plain = node && (!node.domain || node.domain === 'ai.onnx');
    return plain && node.opType === opType && readers.get(t!)?.length === 1 && t !== layer
      ? node
      : undefined;
  };
  const scalar = (t: string | undefined) => {
    const c = t === undefined ? undefined : constants(t);
    const dims = (c?.dims ?? []).map(Number);
    return c !== undefined && dims.length <= 1 && dims.every((d) => d === 1);
  };
  const found = new Map<string, ErfProduct>();
  for (const mul of nodes) {
    if (mul.opType !== 'Mul' || (mul.domain && mul.domain !== 'ai.onnx')) continue;
    const [p, q] = mul.input ?? [];
    for (const [x, a] of [
      [p, q],
      [q, p],
    ] as const) {
      const add = inner(a, 'Add');
      const [s0, s1] = add?.input ?? [];
      const e = scalar(s1) ? s0 : scalar(s0) ? s1 : undefined;
      const erf = inner(e, 'Erf');
      const d = erf?.input?.[0];
      const scale = inner(d, 'Div') ?? inner(d, 'Mul');
      const [t0, t1] = scale?.input ?? [];
      const fromX = (t0 === x && scalar(t1)) || (scale?.opType === 'Mul' && t1 === x && scalar(t0));
      if (x && fromX) {
        found.set(mul.output![0]!, { x, scaled: d!, shifted: a! });
        break;
      }
    }
  }
  return found;
}
