// What every package's Node build shares (each `packages/<name>/tsup.config.ts` spreads it
// and adds its own entries): ESM and CommonJS for Node 20, with source maps. Plain JS with
// its types beside it (tsup.base.d.mts), so the packages' tsconfigs, each rooted at its
// package, can type-check their configs without compiling a file outside their root.

/** @type {import('tsup').Options} */
export const nodeLibrary = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // import.meta.url in the CommonJS build
  shims: true,
  // The declarations are bundled by tsup; composite (for tsc -b) does not apply to them.
  dts: { compilerOptions: { composite: false } },
  sourcemap: true,
  clean: true,
  target: 'node20',
};
