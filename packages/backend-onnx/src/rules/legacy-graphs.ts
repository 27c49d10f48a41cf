/**
 * The parts of #23's backward-graph speed-ups that `XAI_GRAPH` can turn off one by one
 * (`variants`: a rule variant's VJP session built per variant, not cached per model;
 * `clip`: Clip's mask from `y = x` after a Conv too, not from its output alone;
 * `relevance`: LRP's alpha-beta in its general form after a ReLU, epsilon with its sign;
 * `narrow`: a stride-1 Conv of at most 4 input channels with its adjoint as a Conv;
 * `maxpool`: a MaxPool whose windows tile its input through its indices and a scatter;
 * `premask`: a MaxPool after a ReLU leaving the ReLU's mask to the ReLU, in the VJP and the JVP;
 * `mask`: ReLU's mask as `Where(y > 0, d, 0)` instead of a float factor;
 * `maxpool-classes`: an overlapping MaxPool's pull-back split into classes of disjoint windows
 * at every opset, not one adding scatter from opset 16).
 */
export type GraphChange =
  | 'clip'
  | 'mask'
  | 'maxpool'
  | 'maxpool-classes'
  | 'narrow'
  | 'premask'
  | 'relevance'
  | 'strided'
  | 'variants';

/**
 * `XAI_GRAPH=legacy` in the environment builds the backward graphs as they were before
 * #23's speed-ups, `XAI_GRAPH=legacy-clip,legacy-strided` only those parts, so
 * bench/gradients/ratio.mjs can time old against new in one run. Read when a graph is
 * built; the browser (no `process`) always gets the new graphs.
 */
export function legacyGraphs(change: GraphChange): boolean {
  return graphFlag('legacy') || graphFlag(`legacy-${change}`);
}

/** Whether `XAI_GRAPH` (comma-separated) names `flag`. */
export function graphFlag(flag: string): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  return (env?.XAI_GRAPH ?? '').split(',').includes(flag);
}
