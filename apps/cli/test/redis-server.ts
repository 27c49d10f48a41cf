import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A Redis for the queue tests: the one `scripts/ensure-redis.sh` started (XAI_REDIS_URL),
 * else a throwaway redis-server on loopback started here, else `undefined` with the reason.
 */
export async function testRedis(): Promise<
  { url: string; stop(): Promise<void> } | { url: undefined; reason: string }
> {
  const given = process.env.XAI_REDIS_URL;
  if (given) return { url: given, stop: async () => {} };
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
  } catch {
    return {
      url: undefined,
      reason:
        'no redis-server here and XAI_REDIS_URL is not set: run the tests through `npm test` (scripts/ensure-redis.sh installs and starts one) or `apt-get install redis-server`',
    };
  }
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const dir = mkdtempSync(join(tmpdir(), 'xai-redis-'));
  const server: ChildProcess = spawn(
    'redis-server',
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'ignore' });
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    },
  };
}
