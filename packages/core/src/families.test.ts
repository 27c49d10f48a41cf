import { describe, expect, it } from 'vitest';
import { metricFamilies } from './families.js';

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
});
