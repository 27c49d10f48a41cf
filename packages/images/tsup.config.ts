import { defineConfig } from 'tsup';

export default defineConfig({
  // preprocess: the presets and normalisation alone (no sharp), for browsers.
  entry: ['src/index.ts', 'src/preprocess.ts'],
  format: ['esm', 'cjs'],
  // import.meta.url in the CommonJS build
  shims: true,
  // The declarations are bundled by tsup; composite (for tsc -b) does not apply to them.
  dts: { compilerOptions: { composite: false } },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
