import { metricFamilies as families, type MetricFamily } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { metrics } from './registry.js';

describe('the metric catalogue', () => {
  it('has 41 metrics with unique names, each declaring its family, direction and paper', () => {
    expect(metrics.length).toBe(41);
    expect(new Set(metrics.map((m) => m.name)).size).toBe(metrics.length);
    for (const m of metrics) {
      expect(families, m.name).toContain(m.family);
      expect(typeof m.higherIsBetter, m.name).toBe('boolean');
      expect(m.paper.year, m.name).toBeGreaterThan(2000);
      expect(typeof m.defaults, m.name).toBe('object');
    }
  });

  it('covers every family the issue lists', () => {
    const count = (f: MetricFamily) => metrics.filter((m) => m.family === f).length;
    expect(families.map(count)).toEqual([16, 8, 7, 4, 3, 3]);
  });
});
