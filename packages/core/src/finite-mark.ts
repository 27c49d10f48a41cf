/**
 * Arrays the library built finite and hands straight to a model, so the model's input check
 * (`assertFinite`) need not scan them. Internal: not exported from the package, so a user's
 * array is always scanned. Weak, so marks go with their arrays.
 */
const finiteByConstruction = new WeakSet<Float32Array>();

/**
 * Records that `data` is finite by construction. Only for arrays built from checked values
 * that no code outside the library can reach, and so change, before the model reads them.
 */
export function markFinite(data: Float32Array): void {
  finiteByConstruction.add(data);
}

export function isMarkedFinite(data: Float32Array): boolean {
  return finiteByConstruction.has(data);
}
