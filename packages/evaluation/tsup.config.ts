import { defineConfig } from 'tsup';
import { nodeLibrary } from '../../tsup.base.mjs';

export default defineConfig({
  ...nodeLibrary,
  // The library runs anywhere; the file store (node:fs) and the BullMQ queue are entries of their own.
  entry: { index: 'src/index.ts', node: 'src/node/index.ts', queue: 'src/queue/index.ts' },
});
