import { randomBytes } from 'node:crypto';
import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { XaiError } from '@xai/core';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `work` while holding the lock file `path`, shared by every process on this machine
 * (a network file system with hard links works too). The lock is made whole before it
 * appears (written to a temporary name, then hard-linked: linking fails if it exists), and
 * names its owner, so a lock left by a killed process is recognised (its pid is gone on
 * this host) and broken, under a second short-lived lock so two breakers cannot both win.
 */
export async function withFileLock<T>(
  path: string,
  work: () => Promise<T>,
  timeoutMs = 60_000,
): Promise<T> {
  const owner = `${process.pid}@${hostname()}`;
  const deadline = Date.now() + timeoutMs;
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    if (await tryCreate(path, owner)) break;
    await breakIfStale(path);
    if (Date.now() > deadline) {
      const holder = await readFile(path, 'utf8').catch(() => 'nobody now');
      throw new XaiError(
        'STORE_LOCKED',
        `Expected to take the lock ${path} within ${timeoutMs / 1000} s but it is held by ${holder}; if no xai process uses that folder, delete the lock file.`,
      );
    }
    await sleep(wait);
  }
  try {
    return await work();
  } finally {
    await unlink(path).catch(() => {});
  }
}

async function tryCreate(path: string, owner: string): Promise<boolean> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, owner);
  try {
    await link(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

/** Removes the lock when its owner is a process of this host that no longer runs. */
async function breakIfStale(path: string): Promise<void> {
  const holder = await readFile(path, 'utf8').catch(() => null);
  if (!holder || !isDead(holder)) return;
  const breaker = `${path}.break`;
  // A breaker killed in its few microseconds leaves this behind; it is old after 10 s.
  const old = await stat(breaker).then(
    (s) => Date.now() - s.mtimeMs > 10_000,
    () => false,
  );
  if (old) await unlink(breaker).catch(() => {});
  if (!(await tryCreate(breaker, `${process.pid}@${hostname()}`))) return;
  try {
    // Still the dead owner's lock (not one taken since by a live process)?
    if ((await readFile(path, 'utf8').catch(() => null)) === holder) await unlink(path);
  } finally {
    await unlink(breaker).catch(() => {});
  }
}

function isDead(holder: string): boolean {
  const [pid, host] = holder.split('@');
  if (host !== hostname() || !pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
