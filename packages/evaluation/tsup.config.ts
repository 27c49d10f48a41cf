import { defineConfig } from 'tsup';

export default defineConfig({
  // The library runs anywhere; the file store (node:fs, node:crypto) is its own entry.
  entry: { index: 'src/index.ts', node: 'src/node/index.ts' },
  format: ['esm', 'cjs'],
  shims: true,
  // The declarations are bundled by tsup; composite (for tsc -b) does not apply to them.
  dts: { compilerOptions: { composite: false } },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
