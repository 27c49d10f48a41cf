import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const verdaccioBin = fileURLToPath(
  new URL('../node_modules/verdaccio/bin/verdaccio', import.meta.url),
);

export interface LocalRegistry {
  readonly url: string;
  /** A .npmrc that points npm at this registry, logged in. */
  readonly npmrc: string;
  stop(): void;
}

/**
 * A Verdaccio registry on 127.0.0.1 that stores @xai/* locally and proxies everything
 * else to the public npm registry: the packages install exactly as they will once
 * published, without publishing them anywhere.
 */
export async function startRegistry(dir: string): Promise<LocalRegistry> {
  const port = await freePort();
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      `storage: ${join(dir, 'storage')}`,
      'auth:',
      `  htpasswd: { file: ${join(dir, 'htpasswd')}, max_users: 100 }`,
      'uplinks:',
      '  npmjs: { url: https://registry.npmjs.org/, timeout: 60s }',
      'packages:',
      "  '@xai/*': { access: $all, publish: $authenticated }",
      "  '**': { access: $all, proxy: npmjs }",
      'logs: { type: stdout, format: pretty, level: warn }',
      'server: { keepAliveTimeout: 60 }',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [verdaccioBin, '--config', config, '--listen', `127.0.0.1:${port}`],
    {
      stdio: 'ignore',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/-/ping`)).ok, 30_000);
  const res = await fetch(`${url}/-/user/org.couchdb.user:packaging`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'packaging', password: 'packaging-test-only' }),
  });
  const { token } = (await res.json()) as { token?: string };
  if (!token) throw new Error(`the local registry gave no token (${res.status})`);
  const npmrc = join(dir, 'npmrc');
  const host = url.replace(/^http:/, '');
  writeFileSync(
    npmrc,
    `registry=${url}/\n${host}/:_authToken=${token}\nfund=false\naudit=false\nupdate-notifier=false\n`,
  );
  return { url, npmrc, stop: () => child.kill() };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the local registry did not start');
}
