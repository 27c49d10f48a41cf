/**
 * Every standard op (opsets up to 21) and ONNX Runtime fusion without a derivative rule,
 * with the reason; the op coverage page (docs/op-coverage.md) prints these, and a test
 * checks that no op is left without one. A model using one on the way to the logits loads
 * forward-only (`gradients: 'optional'`, the CLI's default).
 */
const reasons: ReadonlyArray<readonly [string, readonly string[]]> = [
  [
    'piecewise constant (a derivative of zero almost everywhere): refused rather than giving maps of zeros',
    ['Hardmax'],
  ],
  [
    "its offsets and mask are sampling positions, like GridSample's grid, which gets no derivative here",
    ['DeformConv'],
  ],
  ["its output is a sampling grid, which GridSample's rule does not differentiate", ['AffineGrid']],
  ['its transpose (im2col) has no ONNX op to build the VJP from', ['Col2Im']],
  ['its derivative needs a matrix inverse, for which ONNX has no op', ['Det']],
  [
    "its output type is a second tensor's, which the rules cannot see: export with Cast",
    ['CastLike'],
  ],
  [
    'region pooling over data-dependent boxes (detection heads), not found between an image classifier and its logits',
    ['RoiAlign', 'MaxRoiPool'],
  ],
  ['control flow: subgraphs are not differentiated', ['If', 'Loop', 'Scan']],
  [
    'spectral transforms (complex values as a trailing axis of 2): no rule written, as no image classifier in reach uses them',
    ['DFT', 'STFT'],
  ],
  [
    'a remainder: integer by default; the float form (fmod=1) is piecewise linear but has no rule written',
    ['Mod'],
  ],
  [
    'a data-dependent output shape (the distinct values): no rule written, as no image classifier in reach uses it',
    ['Unique'],
  ],
  [
    "a training loss over labels: not between a classifier's input and logits",
    ['NegativeLogLikelihoodLoss', 'SoftmaxCrossEntropyLoss'],
  ],
  [
    'deprecated alias of ScatterElements (opsets 9 and 10) whose gradient needs opset 11: export at 11 or later',
    ['Scatter'],
  ],
  [
    'sequence and optional values: the backend differentiates tensors only',
    [
      'ConcatFromSequence',
      'Optional',
      'OptionalGetElement',
      'OptionalHasElement',
      'SequenceAt',
      'SequenceConstruct',
      'SequenceEmpty',
      'SequenceErase',
      'SequenceInsert',
      'SequenceLength',
      'SequenceMap',
      'SplitToSequence',
    ],
  ],
  [
    'quantised integer arithmetic: no float derivative (explain the float model)',
    [
      'ConvInteger',
      'MatMulInteger',
      'QLinearConv',
      'QLinearMatMul',
      'QuantizeLinear',
      'DequantizeLinear',
      'DynamicQuantizeLinear',
    ],
  ],
  [
    'integer, bit or string data: no float path',
    [
      'BitShift',
      'BitwiseAnd',
      'BitwiseNot',
      'BitwiseOr',
      'BitwiseXor',
      'RegexFullMatch',
      'StringConcat',
      'StringNormalizer',
      'StringSplit',
      'TfIdfVectorizer',
    ],
  ],
  ['random draws: piecewise constant in their inputs', ['Bernoulli', 'Multinomial']],
  [
    'made from integer sizes, indices or bytes: no float input to differentiate',
    [
      'BlackmanWindow',
      'HammingWindow',
      'HannWindow',
      'MelWeightMatrix',
      'OneHot',
      'NonMaxSuppression',
      'ImageDecoder',
    ],
  ],
];

export const notCovered: ReadonlyMap<string, string> = new Map(
  reasons.flatMap(([why, ops]) => ops.map((op): [string, string] => [op, why])),
);
