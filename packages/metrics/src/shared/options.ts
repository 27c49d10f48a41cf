/**
 * Defaults merged with the caller's options, where `undefined` never wipes a default
 * (a stand-in with the same rule as core's option resolver, until that lands).
 */
export function withDefaults<O extends object, G extends object>(defaults: O, given: G): O & G {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) out[k] = v;
  return out as O & G;
}
