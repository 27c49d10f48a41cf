import { decomposedAtLoad } from '../graph/decompose-contrib.js';
import {
  celuRule,
  eluRule,
  geluRule,
  mishRule,
  seluRule,
  shrinkRule,
  softsignRule,
  thresholdedReluRule,
} from './activations.js';
import { averagePoolRule } from './average-pool.js';
import { addRule, divRule, mulRule } from './binary.js';
import { clipRule } from './clip.js';
import { fastGeluRule, fusedConvRule, msGeluRule, quickGeluRule } from './contrib.js';
import { fusedMatMulRule, skipLayerNormRule } from './contrib-fusions.js';
import { convRule } from './conv.js';
import { convTransposeRule } from './conv-transpose.js';
import { depthToSpaceRule, spaceToDepthRule } from './depth-space.js';
import { einsumRule } from './einsum.js';
import {
  absRule,
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
import { gridSampleRule } from './grid-sample.js';
import {
  cumSumRule,
  gatherElementsRule,
  gatherNdRule,
  scatterRule,
  tileRule,
  triluRule,
} from './index-ops.js';
import { layerNormRule } from './layer-norm.js';
import { lpPoolRule, maxUnpoolRule } from './lp-pool.js';
import { lrnRule } from './lrn.js';
import { matMulRule } from './matmul.js';
import { maxPoolRule } from './max-pool.js';
import { globalMaxPoolRule, maxReduceRule } from './max-reduce.js';
import {
  globalLpPoolRule,
  reduceL1Rule,
  reduceL2Rule,
  reduceLogSumExpRule,
  reduceLogSumRule,
  reduceProdRule,
  reduceSumSquareRule,
} from './norm-reduce.js';
import { batchNormRule } from './normalization.js';
import { globalAveragePoolRule } from './pooling.js';
import { recurrentRule } from './recurrent.js';
import { reduceRule } from './reduce.js';
import { leakyReluRule, reluRule } from './relu.js';
import { resizeRule, upsampleRule } from './resize.js';
import type { OpRule } from './rule.js';
import { centerCropPadRule, compressRule, reverseSequenceRule, topKRule } from './selection.js';
import { identityRule, reshapeLikeRule, transposeRule } from './shape-ops.js';
import { logSoftmaxRule, softmaxRule } from './softmax.js';
import { groupNormRule, instanceNormRule, lpNormalizationRule, mvnRule } from './standardize.js';
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
import {
  acoshRule,
  acosRule,
  asinhRule,
  asinRule,
  atanhRule,
  atanRule,
  coshRule,
  cosRule,
  sinhRule,
  sinRule,
  tanRule,
} from './trigonometric.js';
import { variadicRule } from './variadic.js';

/** RNN, GRU, LSTM: unrolled into ops whose rules are looked up here. */
const recurrent = recurrentRule(() => rules);

/** Derivative rules by op type (default ONNX domain). */
export const rules: ReadonlyMap<string, OpRule> = new Map<string, OpRule>([
  ['Abs', absRule],
  ['Acos', acosRule],
  ['Acosh', acoshRule],
  ['Add', addRule],
  ['Asin', asinRule],
  ['Asinh', asinhRule],
  ['Atan', atanRule],
  ['Atanh', atanhRule],
  ['AveragePool', averagePoolRule],
  ['BatchNormalization', batchNormRule],
  ['Cast', castRule],
  ['Celu', celuRule],
  ['Clip', clipRule],
  ['Concat', concatRule],
  ['Conv', convRule],
  ['ConvTranspose', convTransposeRule],
  ['Cos', cosRule],
  ['Cosh', coshRule],
  ['CumSum', cumSumRule],
  ['DepthToSpace', depthToSpaceRule],
  ['Div', divRule],
  ['Dropout', identityRule],
  ['Einsum', einsumRule],
  ['Elu', eluRule],
  ['Erf', erfRule],
  ['Exp', expRule],
  ['Expand', expandRule],
  ['Flatten', reshapeLikeRule],
  ['Gather', gatherRule],
  ['GatherElements', gatherElementsRule],
  ['GatherND', gatherNdRule],
  ['Gelu', geluRule],
  ['Gemm', gemmRule],
  ['GRU', recurrent],
  ['GlobalAveragePool', globalAveragePoolRule],
  ['GlobalLpPool', globalLpPoolRule],
  ['GlobalMaxPool', globalMaxPoolRule],
  ['GridSample', gridSampleRule],
  ['GroupNormalization', groupNormRule],
  ['HardSigmoid', hardSigmoidRule],
  ['HardSwish', hardSwishRule],
  ['Identity', identityRule],
  ['InstanceNormalization', instanceNormRule],
  ['LayerNormalization', layerNormRule],
  ['LeakyRelu', leakyReluRule],
  ['Log', logRule],
  ['LogSoftmax', logSoftmaxRule],
  ['LpNormalization', lpNormalizationRule],
  ['LRN', lrnRule],
  ['LpPool', lpPoolRule],
  ['LSTM', recurrent],
  ['MatMul', matMulRule],
  ['Max', variadicRule],
  ['MaxPool', maxPoolRule],
  ['MaxUnpool', maxUnpoolRule],
  ['Mean', variadicRule],
  ['MeanVarianceNormalization', mvnRule],
  ['Min', variadicRule],
  ['Mish', mishRule],
  ['Mul', mulRule],
  ['Neg', negRule],
  ['PRelu', preluRule],
  ['Pad', padRule],
  ['Pow', powRule],
  ['Reciprocal', reciprocalRule],
  ['ReduceL1', reduceL1Rule],
  ['ReduceL2', reduceL2Rule],
  ['ReduceLogSum', reduceLogSumRule],
  ['ReduceLogSumExp', reduceLogSumExpRule],
  ['ReduceMax', maxReduceRule],
  ['ReduceMean', reduceRule],
  ['ReduceMin', maxReduceRule],
  ['ReduceProd', reduceProdRule],
  ['ReduceSum', reduceRule],
  ['ReduceSumSquare', reduceSumSquareRule],
  ['Relu', reluRule],
  ['Reshape', reshapeLikeRule],
  ['Resize', resizeRule],
  ['Upsample', upsampleRule],
  ['ReverseSequence', reverseSequenceRule],
  ['Compress', compressRule],
  ['CenterCropPad', centerCropPadRule],
  ['TopK', topKRule],
  ['RNN', recurrent],
  ['ScatterElements', scatterRule],
  ['ScatterND', scatterRule],
  ['Selu', seluRule],
  ['Shrink', shrinkRule],
  ['Sigmoid', sigmoidRule],
  ['Sin', sinRule],
  ['Sinh', sinhRule],
  ['Slice', sliceRule],
  ['Softmax', softmaxRule],
  ['Softplus', softplusRule],
  ['Softsign', softsignRule],
  ['SpaceToDepth', spaceToDepthRule],
  ['Split', splitRule],
  ['Sqrt', sqrtRule],
  ['Squeeze', reshapeLikeRule],
  ['Sub', addRule],
  ['Sum', variadicRule],
  ['Tan', tanRule],
  ['Tanh', tanhRule],
  ['ThresholdedRelu', thresholdedReluRule],
  ['Tile', tileRule],
  ['Transpose', transposeRule],
  ['Trilu', triluRule],
  ['Unsqueeze', reshapeLikeRule],
  ['Where', whereRule],
  // ONNX Runtime's fusions (com.microsoft), as its optimiser saves them.
  ['com.microsoft::BiasGelu', msGeluRule],
  ['com.microsoft::FastGelu', fastGeluRule],
  ['com.microsoft::FusedConv', fusedConvRule],
  ['com.microsoft::FusedMatMul', fusedMatMulRule],
  ['com.microsoft::Gelu', msGeluRule],
  ['com.microsoft::QuickGelu', quickGeluRule],
  ['com.microsoft::SkipLayerNormalization', skipLayerNormRule],
]);

/**
 * Ops whose outputs carry no derivative (shapes, indices, comparisons, constants), and
 * the step functions Sign, Floor, Ceil, Round, whose derivative is zero almost everywhere
 * (undefined at the steps): the reverse pass treats what they produce as constants.
 */
export const constantOps: ReadonlySet<string> = new Set([
  'And',
  'ArgMax',
  'ArgMin',
  'Ceil',
  'Constant',
  'ConstantOfShape',
  'Equal',
  'Floor',
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
  'Round',
  'Shape',
  'Sign',
  'Size',
  'Xor',
]);

/** Gradient support of an op type, as `xai inspect` shows it. */
export type GradientSupport = 'vjp+jvp' | 'constant' | 'unsupported';

export function gradientSupport(opKey: string): GradientSupport {
  if (rules.has(opKey) || decomposedAtLoad.has(opKey)) return 'vjp+jvp';
  if (constantOps.has(opKey)) return 'constant';
  return 'unsupported';
}

/** Every op type with a rule, and every op type treated as constant (for the coverage page). */
export function opCoverage(): { readonly rules: string[]; readonly constant: string[] } {
  return { rules: [...rules.keys()].sort(), constant: [...constantOps].sort() };
}
