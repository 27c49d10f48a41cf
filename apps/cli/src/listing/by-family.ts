/**
 * `items` in their families' order, each family keeping the registry's order: how `xai
 * methods` and `xai metrics` list descriptors (the docs sidebar uses the same families).
 */
export function byFamily<F extends string, T extends { readonly family: F }>(
  families: readonly F[],
  items: readonly T[],
): Array<{ family: F; items: T[] }> {
  return families.map((family) => ({ family, items: items.filter((d) => d.family === family) }));
}
