import { XaiError } from '@xai/core';
import type { ConnectionOptions } from 'bullmq';

/** `redis://[user:password@]host:port[/db]` as BullMQ connection options, or a clear error. */
export function redisConnection(url: string): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    u = new URL('invalid://');
  }
  if (u.protocol !== 'redis:' || !u.hostname) {
    throw new XaiError(
      'INVALID_ARGUMENT',
      `Expected --queue to be a Redis URL such as redis://127.0.0.1:6379 but received '${url}'.`,
    );
  }
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    db,
    // BullMQ's workers block on Redis; they must not give up on a slow reply.
    maxRetriesPerRequest: null,
  };
}
