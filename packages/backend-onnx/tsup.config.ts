import { defineConfig, type Options } from 'tsup';
import { nodeLibrary } from '../../tsup.base.mjs';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * The browser build (`dist/browser.js`, the `browser` export condition): the same sources,
 * with the two Node-only modules swapped: onnxruntime-node for onnxruntime-web's WASM
 * build (same onnxruntime-common API), and the file reader for a fetch.
 */
const browserRuntime: Plugin = {
  name: 'xai:browser-runtime',
  setup(build) {
    build.onResolve({ filter: /^onnxruntime-node$/ }, () => ({
      path: 'onnxruntime-web/wasm',
      external: true,
    }));
    build.onResolve({ filter: /\/model-io\.js$/ }, (args) => ({
      path: new URL('./src/load/model-io-web.ts', import.meta.url).pathname,
      namespace: 'file',
      pluginData: args.importer,
    }));
  },
};

const node: Options = {
  ...nodeLibrary,
  // Everything but the browser build's files, which the other config writes in parallel.
  clean: ['**/*', '!browser.js', '!browser.js.map'],
};

const browser: Options = {
  entry: { browser: 'src/index.ts' },
  format: ['esm'],
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  // Not external by name, so the plugin above can swap it.
  noExternal: ['onnxruntime-node'],
  esbuildPlugins: [browserRuntime],
};

export default defineConfig([node, browser]);
