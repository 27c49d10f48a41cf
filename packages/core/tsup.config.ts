import { defineConfig } from 'tsup';
import { nodeLibrary } from '../../tsup.base.mjs';

export default defineConfig([
  // The library: ESM and CommonJS.
  { ...nodeLibrary, entry: { index: 'src/index.ts' } },
  // The conformance suite imports vitest, which is ESM only.
  { ...nodeLibrary, entry: { testing: 'src/testing/index.ts' }, format: ['esm'], clean: false },
]);
