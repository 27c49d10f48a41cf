import { papers } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { metrics } from './registry.js';

describe('metric papers', () => {
  it('every metric cites an entry of the one bibliography in core', () => {
    for (const metric of metrics) {
      const entry = papers[metric.paper.id as keyof typeof papers];
      expect(entry, metric.name).toBe(metric.paper);
    }
  });
});
