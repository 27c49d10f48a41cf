import { defaultMemoryLimitBytes } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { passOptions, residentBytes } from '../src/memory-budget.js';

describe('the pass budget', () => {
  it('gives a pass what the bound leaves above what the process held, at least one row', () => {
    expect(passOptions({ memoryLimitBytes: 1000 }, 300, 50).memoryLimitBytes).toBe(700);
    expect(passOptions({ memoryLimitBytes: 1000 }, 990, 50).memoryLimitBytes).toBe(50);
    expect(passOptions({}, 1, 1).memoryLimitBytes).toBe(defaultMemoryLimitBytes - 1);
    expect(passOptions({ maxBatchSize: 3 }, 0, 1).maxBatchSize).toBe(3);
  });

  it("reads Node's resident memory", () => {
    const rss = residentBytes();
    expect(rss).toBeGreaterThan(1e6);
    expect(Math.abs(rss - process.memoryUsage().rss)).toBeLessThan(64 * 2 ** 20);
  });
});
