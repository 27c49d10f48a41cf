import { defineConfig } from 'tsup';

// The declarations are bundled by tsup; composite (for tsc -b) does not apply to them.
const dts = { compilerOptions: { composite: false } };

export default defineConfig([
  // The library: ESM and CommonJS.
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts,
    sourcemap: true,
    clean: true,
    target: 'node20',
  },
  // The conformance suite imports vitest, which is ESM only.
  {
    entry: { testing: 'src/testing/index.ts' },
    format: ['esm'],
    dts,
    sourcemap: true,
    target: 'node20',
  },
]);
