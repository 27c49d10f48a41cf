/**
 * A static server for the built site, resolving URLs as the site is meant to be served
 * with `cleanUrls` (and as link-check.ts resolves them): `/x` is `x.html` or the file `x`,
 * `/x/` is `x/index.html`; anything else is a 404 with the site's 404 page.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

function fileFor(root: string, pathname: string): string | undefined {
  const rel = decodeURIComponent(pathname).replace(/^\/+/, '');
  const abs = path.resolve(root, rel);
  if (abs !== root && !abs.startsWith(`${root}${path.sep}`)) return undefined;
  const isFile = (p: string) => existsSync(p) && statSync(p).isFile();
  if (rel === '' || rel.endsWith('/'))
    return isFile(path.join(abs, 'index.html')) ? path.join(abs, 'index.html') : undefined;
  if (isFile(abs)) return abs;
  return isFile(`${abs}.html`) ? `${abs}.html` : undefined;
}

/** Serves `root` on a free local port; resolves with its origin and a close function. */
export async function serveSite(root: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    let file: string | undefined;
    try {
      file = fileFor(root, pathname);
    } catch {
      file = undefined;
    }
    const status = file ? 200 : 404;
    const body = file ?? path.join(root, '404.html');
    res.writeHead(status, {
      'content-type': types[path.extname(body)] ?? 'application/octet-stream',
    });
    res.end(readFileSync(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
