import { XaiError } from '@xai/core';
import { type OnnxGraph, opKey } from '../graph/graph.js';
import type { NodeProto } from '../onnx-proto.js';
import { constantOps, rules } from '../rules/registry.js';
import type { OpRule } from '../rules/rule.js';

/** The nodes between the input and the logits, and what the derivative passes need of them. */
export interface GradientPath {
  /** Nodes on a path from the input to the output, in graph (topological) order. */
  readonly nodes: readonly NodeProto[];
  /** Tensors that depend differentiably on the input. */
  readonly live: ReadonlySet<string>;
  /** Tensors the output depends on through path nodes. */
  readonly needed: ReadonlySet<string>;
}

export interface Unsupported {
  readonly op: string;
  readonly node: string;
  readonly reason: string;
}

/**
 * Finds the nodes on a differentiable path from `input` to `output`. Integer and shape
 * subgraphs (Shape, Size, comparisons, ...; the index and shape inputs of Gather,
 * Reshape, Slice, ...) cut the path: their results are constants to the derivative.
 * Returns the path and every node on it that has no rule (or an unsupported attribute).
 */
export function findGradientPath(
  g: OnnxGraph,
  input: string,
  output: string,
): { path: GradientPath; unsupported: Unsupported[] } {
  const live = new Set<string>([input]);
  const reached: NodeProto[] = [];
  for (const node of g.nodes) {
    const key = opKey(node);
    if (constantOps.has(key)) continue;
    const rule = rules.get(key);
    const ins = node.input ?? [];
    const hit = ins.some((n, i) => n && live.has(n) && !rule?.constantInputs?.includes(i));
    if (!hit) continue;
    reached.push(node);
    const outs = node.output ?? [];
    const diffOuts = rule?.differentiableOutputs?.(node) ?? outs.map((_, i) => i);
    for (const i of diffOuts) if (outs[i]) live.add(outs[i]!);
  }
  const needed = new Set<string>([output]);
  const onPath: NodeProto[] = [];
  for (let k = reached.length - 1; k >= 0; k--) {
    const node = reached[k]!;
    if (!(node.output ?? []).some((n) => n && needed.has(n))) continue;
    onPath.push(node);
    for (const n of node.input ?? []) if (n && live.has(n)) needed.add(n);
  }
  onPath.reverse();
  const unsupported: Unsupported[] = [];
  for (const node of onPath) {
    const problem = ruleProblem(node, rules.get(opKey(node)), live, g.opset);
    if (problem)
      unsupported.push({ op: opKey(node), node: node.name || '(unnamed)', reason: problem });
  }
  return { path: { nodes: onPath, live, needed }, unsupported };
}

function ruleProblem(
  node: NodeProto,
  rule: OpRule | undefined,
  live: ReadonlySet<string>,
  opset: number,
): string | undefined {
  if (!rule) return 'no derivative rule';
  const diff = rule.differentiable?.(node);
  if (diff) {
    const bad = (node.input ?? []).findIndex(
      (n, i) => n && live.has(n) && !diff.includes(i) && !rule.constantInputs?.includes(i),
    );
    if (bad >= 0) return `its input ${bad} ('${node.input![bad]}') depends on the model input`;
  }
  return rule.check?.(node, opset);
}

/** One UNSUPPORTED_OP error listing every op type without a rule, with node names and opset. */
export function unsupportedError(
  list: readonly Unsupported[],
  opset: number,
  name: string,
): XaiError {
  return new XaiError(
    'UNSUPPORTED_OP',
    `Expected only differentiable ops between the input and the logits of ${name} (opset ${opset}) but found ${describeUnsupported(list)}; these ops have no gradient rule yet. Load with gradients: 'optional' to run the model forward only.`,
  );
}

/** The ops without a rule, grouped by type with their node names and reasons. */
export function describeUnsupported(list: readonly Unsupported[]): string {
  const byOp = new Map<string, Unsupported[]>();
  for (const u of list) byOp.set(u.op, [...(byOp.get(u.op) ?? []), u]);
  const parts = [...byOp].map(
    ([op, us]) =>
      `${op} (${us.map((u) => `'${u.node}'${u.reason === 'no derivative rule' ? '' : `: ${u.reason}`}`).join(', ')})`,
  );
  return parts.join('; ');
}
