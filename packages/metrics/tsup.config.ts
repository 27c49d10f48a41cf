import { defineConfig } from 'tsup';
import { nodeLibrary } from '../../tsup.base.mjs';

export default defineConfig(nodeLibrary);
