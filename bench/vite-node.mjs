// Runs a bench script under vite-node when it needs a package's TypeScript sources (internals
// the package does not export): called at the top of the script, it re-runs the script under
// vite-node from the package's folder and exits with its status; under vite-node it returns.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function rerunUnderViteNode(scriptUrl, packageDir) {
  if (process.env.VITE_NODE_RUN) return;
  const req = createRequire(join(packageDir, 'package.json'));
  const viteNode = join(
    dirname(createRequire(req.resolve('vitest/package.json')).resolve('vite-node/package.json')),
    'vite-node.mjs',
  );
  const r = spawnSync(
    process.execPath,
    [viteNode, fileURLToPath(scriptUrl), '--', ...process.argv.slice(2)],
    { stdio: 'inherit', cwd: packageDir, env: { ...process.env, VITE_NODE_RUN: '1' } },
  );
  process.exit(r.status ?? 1);
}
