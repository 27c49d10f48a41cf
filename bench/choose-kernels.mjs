// The kernels a benchmark runs with, chosen as the CLI's --kernels chooses them.
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { jsKernels } from '@xai/core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * `{ kernels, description }` for 'auto' (native CPU kernels when the addon is built, else
 * JS), 'js', 'cpu' or 'cuda' (errors when missing).
 */
export async function chooseKernels(choice) {
  if (choice === 'js') return { kernels: jsKernels, description: 'JS' };
  try {
    // @xai/backend-cuda is not a dependency of the workspace root; import its build directly.
    const { selectKernels } = await import(
      pathToFileURL(resolve(root, 'packages/backend-cuda/dist/index.js')).href
    );
    return await selectKernels(choice);
  } catch (e) {
    if (choice !== 'auto') throw e;
    return { kernels: jsKernels, description: `JS (native kernels unavailable: ${e.message})` };
  }
}
