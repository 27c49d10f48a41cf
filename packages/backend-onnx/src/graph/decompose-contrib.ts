import { type ModelProto, type NodeProto, onnx } from '../onnx-proto.js';
import { attr, attrInt } from './attributes.js';

/**
 * ONNX Runtime contrib ops that have no CPU kernel, rewritten at load into standard ops
 * that compute the same thing, so such a model runs (and is differentiated, through the
 * standard ops' rules) on every provider. Keyed like the rule registry.
 */
export const decomposedAtLoad: ReadonlyMap<string, string> = new Map([
  [
    'com.microsoft::BiasSoftmax',
    'rewritten at load into Add and Softmax (ONNX Runtime has no CPU kernel for it)',
  ],
]);

const MS = 'com.microsoft';

/**
 * `model` with every BiasSoftmax node replaced by `softmax(data + bias)`, or undefined
 * when it has none. BiasSoftmax follows opset 11's Softmax whatever the model's opset: it
 * normalises over all dims from `axis` on (the input seen as 2-D there), so the rewrite
 * flattens at `axis`, takes the softmax over the second dim and restores the shape. The
 * bias broadcasts as numpy does (ONNX Runtime fuses only an Add whose broadcast that is;
 * `is_inner_broadcast` only tells its CUDA kernel which dims repeat).
 */
export function decomposeContribOps(model: ModelProto): ModelProto | undefined {
  const g = model.graph!;
  const nodes = g.node ?? [];
  if (!nodes.some((n) => n.domain === MS && n.opType === 'BiasSoftmax')) return undefined;
  const out: NodeProto[] = [];
  for (const node of nodes) {
    if (node.domain !== MS || node.opType !== 'BiasSoftmax') {
      out.push(node);
      continue;
    }
    const [data, bias] = node.input!;
    const y = node.output![0]!;
    const base = `${node.name || y}/xai_bias_softmax`;
    const make = (opType: string, input: string[], output: string) =>
      onnx.NodeProto.create({ name: `${base}/${opType}`, opType, input, output: [output] });
    out.push(
      make('Add', [data!, bias!], `${base}/sum`),
      make('Shape', [data!], `${base}/shape`),
      onnx.NodeProto.create({
        name: `${base}/Flatten`,
        opType: 'Flatten',
        input: [`${base}/sum`],
        output: [`${base}/rows`],
        attribute: [attr.int('axis', attrInt(node, 'axis', 1))],
      }),
      onnx.NodeProto.create({
        name: `${base}/Softmax`,
        opType: 'Softmax',
        input: [`${base}/rows`],
        output: [`${base}/softmax`],
        attribute: [attr.int('axis', 1)],
      }),
      make('Reshape', [`${base}/softmax`, `${base}/shape`], y),
    );
  }
  const graph = onnx.GraphProto.create({ ...g, node: out });
  return onnx.ModelProto.create({ ...model, graph });
}
