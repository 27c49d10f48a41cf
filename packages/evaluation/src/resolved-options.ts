/**
 * A method's or metric's options as they will run: its `defaults` with the given values
 * over them, where `undefined` never wipes a default. Identities hash this, so spelling out
 * a default or leaving it out gives the same identity.
 *
 * Stand-in for `resolveOptions` of `@xai/core` (being added in parallel, which also rejects
 * unknown keys and checks ranges): point this at it when both are merged.
 */
export function resolvedOptionsOf(
  descriptor: { readonly defaults: object },
  given: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(descriptor.defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries(given ?? {})) if (v !== undefined) out[k] = v;
  return out;
}
