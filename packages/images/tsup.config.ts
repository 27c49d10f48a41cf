import { defineConfig } from 'tsup';
import { nodeLibrary } from '../../tsup.base.mjs';

export default defineConfig({
  ...nodeLibrary,
  // preprocess: the presets and normalisation alone (no sharp), for browsers.
  entry: ['src/index.ts', 'src/preprocess.ts'],
});
