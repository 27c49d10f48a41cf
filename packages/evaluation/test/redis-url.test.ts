import { describe, expect, it } from 'vitest';
import { redisConnection } from '../src/queue/redis-url.js';

describe('redisConnection', () => {
  it('reads host, port, credentials and database from a redis:// URL', () => {
    expect(redisConnection('redis://u:p%40ss@10.0.0.5:7000/2')).toEqual({
      host: '10.0.0.5',
      port: 7000,
      username: 'u',
      password: 'p@ss',
      db: 2,
      maxRetriesPerRequest: null,
    });
    expect(redisConnection('redis://localhost')).toMatchObject({ port: 6379, db: 0 });
  });

  it('rejects anything else, naming the flag and the value', () => {
    for (const bad of ['localhost:6379', 'http://h:1', 'redis://'])
      expect(() => redisConnection(bad)).toThrow(
        new RegExp(`Expected --queue to be a Redis URL .* but received '${bad}'`),
      );
  });
});
