/**
 * The ops both explanation rules (DeepLIFT-rescale and LRP) pass back by their true
 * gradient, and the layers with weights that LRP's rules replace.
 */

/**
 * Ops without weights that are linear in their input-dependent operands (sums, means,
 * copies, reshapes): their gradient is DeepLIFT's multiplier and conserves LRP's relevance.
 */
export const unweightedLinear: readonly string[] = [
  'Add',
  'AveragePool',
  'Cast',
  'Concat',
  'Dropout',
  'Expand',
  'Flatten',
  'Gather',
  'GlobalAveragePool',
  'Identity',
  'Pad',
  'ReduceMean',
  'ReduceSum',
  'Reshape',
  'Slice',
  'Split',
  'Squeeze',
  'Sub',
  'Transpose',
  'Unsqueeze',
];

/** The layers with weights, whose backward pass a linear rule replaces. */
export const weighted = new Set(['Conv', 'Gemm', 'MatMul', 'BatchNormalization']);
