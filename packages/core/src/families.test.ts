import { describe, expect, it } from 'vitest';
import { methodFamilies, methodFamilyInfo, metricFamilies } from './families.js';

describe('the family orders', () => {
  it("list Quantus' six metric families once each, in Quantus' order", () => {
    expect(metricFamilies).toEqual([
      'faithfulness',
      'robustness',
      'localisation',
      'randomisation',
      'complexity',
      'axioms',
    ]);
  });

  it('list the seven method families once each, from the plain gradient outwards', () => {
    expect(methodFamilies).toEqual([
      'gradient',
      'path',
      'smoothing',
      'perturbation',
      'backward',
      'second-order',
      'search',
    ]);
  });

  it('give every method family a distinct title and a one-line description', () => {
    const titles = methodFamilies.map((f) => methodFamilyInfo[f].title);
    expect(new Set(titles).size).toBe(methodFamilies.length);
    for (const f of methodFamilies) {
      const { title, description } = methodFamilyInfo[f];
      expect(title.length, f).toBeGreaterThan(0);
      expect(description, f).toMatch(/^[A-Z].*\.$/);
      expect(description, f).not.toContain('\n');
    }
  });
});
