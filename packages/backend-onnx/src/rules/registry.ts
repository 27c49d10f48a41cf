import { averagePoolRule } from './average-pool.js';
import { addRule, divRule, mulRule } from './binary.js';
import { convRule } from './conv.js';
import {
  absRule,
  clipRule,
  erfRule,
  expRule,
  hardSigmoidRule,
  hardSwishRule,
  logRule,
  negRule,
  powRule,
  preluRule,
  reciprocalRule,
  sigmoidRule,
  softplusRule,
  sqrtRule,
  tanhRule,
} from './elementwise.js';
import { gemmRule } from './gemm.js';
import { layerNormRule } from './layer-norm.js';
import { matMulRule } from './matmul.js';
import { maxPoolRule } from './max-pool.js';
import { globalMaxPoolRule, maxReduceRule } from './max-reduce.js';
import { batchNormRule } from './normalization.js';
import { globalAveragePoolRule } from './pooling.js';
import { reduceRule } from './reduce.js';
import { leakyReluRule, reluRule } from './relu.js';
import { resizeRule } from './resize.js';
import type { OpRule } from './rule.js';
import { identityRule, reshapeLikeRule, transposeRule } from './shape-ops.js';
import { logSoftmaxRule, softmaxRule } from './softmax.js';
import {
  castRule,
  concatRule,
  expandRule,
  gatherRule,
  padRule,
  sliceRule,
  splitRule,
  whereRule,
} from './tensor-ops.js';

/** Derivative rules by op type (default ONNX domain). */
export const rules: ReadonlyMap<string, OpRule> = new Map<string, OpRule>([
  ['Abs', absRule],
  ['Add', addRule],
  ['AveragePool', averagePoolRule],
  ['BatchNormalization', batchNormRule],
  ['Cast', castRule],
  ['Clip', clipRule],
  ['Concat', concatRule],
  ['Conv', convRule],
  ['Div', divRule],
  ['Dropout', identityRule],
  ['Erf', erfRule],
  ['Exp', expRule],
  ['Expand', expandRule],
  ['Flatten', reshapeLikeRule],
  ['Gather', gatherRule],
  ['Gemm', gemmRule],
  ['GlobalAveragePool', globalAveragePoolRule],
  ['GlobalMaxPool', globalMaxPoolRule],
  ['HardSigmoid', hardSigmoidRule],
  ['HardSwish', hardSwishRule],
  ['Identity', identityRule],
  ['LayerNormalization', layerNormRule],
  ['LeakyRelu', leakyReluRule],
  ['Log', logRule],
  ['LogSoftmax', logSoftmaxRule],
  ['MatMul', matMulRule],
  ['MaxPool', maxPoolRule],
  ['Mul', mulRule],
  ['Neg', negRule],
  ['Pad', padRule],
  ['Pow', powRule],
  ['PRelu', preluRule],
  ['Reciprocal', reciprocalRule],
  ['ReduceMax', maxReduceRule],
  ['ReduceMean', reduceRule],
  ['ReduceMin', maxReduceRule],
  ['ReduceSum', reduceRule],
  ['Relu', reluRule],
  ['Reshape', reshapeLikeRule],
  ['Resize', resizeRule],
  ['Sigmoid', sigmoidRule],
  ['Slice', sliceRule],
  ['Softmax', softmaxRule],
  ['Softplus', softplusRule],
  ['Split', splitRule],
  ['Sqrt', sqrtRule],
  ['Squeeze', reshapeLikeRule],
  ['Sub', addRule],
  ['Tanh', tanhRule],
  ['Transpose', transposeRule],
  ['Unsqueeze', reshapeLikeRule],
  ['Where', whereRule],
]);

/**
 * Ops whose outputs carry no derivative (shapes, indices, comparisons, constants): the
 * reverse pass treats what they produce as constants.
 */
export const constantOps: ReadonlySet<string> = new Set([
  'And',
  'ArgMax',
  'ArgMin',
  'Constant',
  'ConstantOfShape',
  'Equal',
  'EyeLike',
  'Greater',
  'GreaterOrEqual',
  'IsInf',
  'IsNaN',
  'Less',
  'LessOrEqual',
  'NonZero',
  'Not',
  'Or',
  'RandomNormal',
  'RandomNormalLike',
  'RandomUniform',
  'RandomUniformLike',
  'Range',
  'Shape',
  'Size',
  'Xor',
]);

/** Gradient support of an op type, as `xai inspect` shows it. */
export type GradientSupport = 'vjp+jvp' | 'constant' | 'unsupported';

export function gradientSupport(opKey: string): GradientSupport {
  if (rules.has(opKey)) return 'vjp+jvp';
  if (constantOps.has(opKey)) return 'constant';
  return 'unsupported';
}
