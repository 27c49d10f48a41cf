import { defineConfig } from 'tsup';

export default defineConfig({
  // bench: `xai bench`'s timing for the scripts under bench/ (dist/bench.js).
  entry: { bin: 'src/bin.ts', index: 'src/index.ts', bench: 'src/bench/index.ts' },
  format: ['esm'],
  // The declarations are bundled by tsup; composite (for tsc -b) does not apply to them.
  dts: { entry: 'src/index.ts', compilerOptions: { composite: false } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  banner: { js: '' },
});
