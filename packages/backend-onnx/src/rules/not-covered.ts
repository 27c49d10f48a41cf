/**
 * Ops differentiable in their float inputs that have no rule yet, with the reason; the
 * op coverage page (docs/op-coverage.md) prints these. A model using one on the way to
 * the logits loads forward-only (`gradients: 'optional'`, the CLI's default).
 */
export const notCovered: ReadonlyMap<string, string> = new Map([
  ['Hardmax', 'piecewise constant: a zero derivative, but not yet declared so'],
  ['DeformConv', 'not yet'],
  ['Col2Im', 'not yet'],
  ['CenterCropPad', 'not yet'],
  ['AffineGrid', 'not yet'],
  ['RoiAlign', 'not yet'],
  ['MaxRoiPool', 'not yet'],
  ['Det', 'not yet'],
  ['Compress', 'not yet'],
  ['ReverseSequence', 'not yet'],
  ['TopK', 'not yet (values output)'],
  ['CastLike', 'not yet'],
  ['If', 'control flow: subgraphs are not differentiated'],
  ['Loop', 'control flow: subgraphs are not differentiated'],
  ['Scan', 'control flow: subgraphs are not differentiated'],
]);
