/**
 * The Getting started page is a new user's first page: it must name every registered
 * method and metric, so it cannot fall behind the registries again.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { methods } from '@xai/methods';
import { metrics } from '@xai/metrics';
import { describe, expect, it } from 'vitest';

const page = readFileSync(
  fileURLToPath(new URL('../../../docs/guide/getting-started.md', import.meta.url)),
  'utf8',
);
const named = new Set([...page.matchAll(/`([a-z][a-z0-9-]*)`/g)].map((m) => m[1]!));

describe('Getting started', () => {
  it('names every registered method', () => {
    const missing = methods.map((m) => m.name).filter((n) => !named.has(n));
    expect(missing, 'add them to docs/guide/getting-started.md').toEqual([]);
  });

  it('names every registered metric', () => {
    const missing = metrics.map((m) => m.name).filter((n) => !named.has(n));
    expect(missing, 'add them to docs/guide/getting-started.md').toEqual([]);
  });
});
