import type { GradientPath } from './path.js';

/**
 * The tensor Grad-CAM explains by default: the output of the last Conv between the input
 * and the logits, followed through the ops that keep its shape (activation, batch norm,
 * residual add), so it names the last convolutional block's activation.
 */
export function findLastConvLayer(path: GradientPath): string | undefined {
  const nodes = path.nodes;
  let k = nodes.length - 1;
  while (k >= 0 && nodes[k]!.opType !== 'Conv') k--;
  if (k < 0) return undefined;
  let tensor = nodes[k]!.output![0]!;
  const keepsShape = new Set([
    'Relu',
    'LeakyRelu',
    'PRelu',
    'Clip',
    'HardSwish',
    'Sigmoid',
    'Tanh',
    'BatchNormalization',
    'Add',
    'Identity',
    'Dropout',
  ]);
  for (let i = k + 1; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (!n.input?.includes(tensor)) continue;
    if (!keepsShape.has(n.opType ?? '')) break;
    tensor = n.output![0]!;
  }
  return tensor;
}
