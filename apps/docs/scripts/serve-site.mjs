/**
 * A static server for the built site, resolving URLs as the site is meant to be served
 * with `cleanUrls` (and as link-check.ts resolves them): `/x` is `x.html` or the file `x`,
 * `/x/` is `x/index.html`; anything else is a 404 with the site's 404 page.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';

/** @type {Record<string, string>} */
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.mjs': 'text/javascript',
};

/** @param {string} root @param {string} pathname @returns {string | undefined} */
function fileFor(root, pathname) {
  const rel = decodeURIComponent(pathname).replace(/^\/+/, '');
  const abs = path.resolve(root, rel);
  if (abs !== root && !abs.startsWith(`${root}${path.sep}`)) return undefined;
  const isFile = (/** @type {string} */ p) => existsSync(p) && statSync(p).isFile();
  if (rel === '' || rel.endsWith('/'))
    return isFile(path.join(abs, 'index.html')) ? path.join(abs, 'index.html') : undefined;
  if (isFile(abs)) return abs;
  return isFile(`${abs}.html`) ? `${abs}.html` : undefined;
}

/**
 * Serves `root` on 127.0.0.1 only (never on other interfaces), on `port` (0: a free one);
 * resolves with its origin and a close function. Used by the browser tests and by
 * `npm run docs:preview` (VitePress's own preview listens on every interface).
 * `isolated` adds the headers that make pages cross-origin isolated (COOP/COEP), which
 * the playground's multi-threaded WebAssembly needs (SharedArrayBuffer). `maxAge` (seconds)
 * lets the browser cache every file, as a static host does (the playground benchmark's
 * warm loads); without it nothing is cached.
 * @param {string} root
 * @param {number} [port]
 * @param {{ isolated?: boolean, maxAge?: number }} [options]
 * @returns {Promise<{ origin: string, close(): Promise<void> }>}
 */
export async function serveSite(root, port = 0, options = {}) {
  const isolation = options.isolated
    ? {
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      }
    : {};
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    let file;
    try {
      file = fileFor(root, pathname);
    } catch {
      file = undefined;
    }
    const status = file ? 200 : 404;
    const body = file ?? path.join(root, '404.html');
    res.writeHead(status, {
      'content-type': types[path.extname(body)] ?? 'application/octet-stream',
      ...isolation,
      ...(options.maxAge ? { 'cache-control': `public, max-age=${options.maxAge}` } : {}),
    });
    res.end(readFileSync(body));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
