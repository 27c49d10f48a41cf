/**
 * The parts of #23's backward-graph speed-ups that `XAI_GRAPH` can turn off one by one
 * (`variants`: a rule variant's VJP session built per variant, not cached per model).
 */
export type GraphChange = 'clip' | 'strided' | 'variants';

/**
 * `XAI_GRAPH=legacy` in the environment builds the backward graphs as they were before
 * #23's speed-ups, `XAI_GRAPH=legacy-clip,legacy-strided` only those parts, so
 * bench/gradients/ratio.mjs can time old against new in one run. Read when a graph is
 * built; the browser (no `process`) always gets the new graphs.
 */
export function legacyGraphs(change: GraphChange): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const parts = (env?.XAI_GRAPH ?? '').split(',');
  return parts.includes('legacy') || parts.includes(`legacy-${change}`);
}
