import { defineConfig } from 'tsup';

export default defineConfig({
  // The library runs anywhere; the file store (node:fs) and the BullMQ queue are entries of their own.
  entry: { index: 'src/index.ts', node: 'src/node/index.ts', queue: 'src/queue/index.ts' },
  format: ['esm', 'cjs'],
  shims: true,
  // The declarations are bundled by tsup; composite (for tsc -b) does not apply to them.
  dts: { compilerOptions: { composite: false } },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
