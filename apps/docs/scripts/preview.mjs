// Serves the built site (apps/docs/dist) at http://127.0.0.1:4173 for `npm run docs:preview`,
// on this machine only: VitePress's own `preview` listens on every network interface.
//
//   node apps/docs/scripts/preview.mjs [--port 4173]
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveSite } from './serve-site.mjs';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const i = process.argv.indexOf('--port');
const port = i > 0 ? Number(process.argv[i + 1]) : 4173;
if (!existsSync(`${dist}/index.html`)) {
  console.error(`xai docs: no built site in ${dist}; run npm run docs first.`);
  process.exit(1);
}
// Cross-origin isolated, as the playground's WebAssembly threads need.
const site = await serveSite(dist, port, { isolated: true });
console.log(`The docs are served at ${site.origin}/ (this machine only); Ctrl-C stops.`);
