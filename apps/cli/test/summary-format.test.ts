import { type ResultRecord, summarizeResults } from '@xai/evaluation';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../src/evaluate/format-number.js';
import { toMarkdown } from '../src/evaluate/summarize.js';

describe('summary formatting', () => {
  it('prints numbers in significant digits, small and large ones in exponent form', () => {
    expect(formatNumber(4.4e-5)).toBe('4.4e-05');
    expect(formatNumber(-1.23456e-7)).toBe('-1.235e-07');
    expect(formatNumber(0.51234)).toBe('0.5123');
    expect(formatNumber(0.0441)).toBe('0.0441');
    expect(formatNumber(12.3456)).toBe('12.35');
    expect(formatNumber(2.5e6)).toBe('2.5e+06');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(1)).toBe('1');
    expect(formatNumber(Number.NaN)).toBe('n/a');
  });

  it('states which way is better for each metric and keeps small values', () => {
    const records: ResultRecord[] = [4.4e-5, 4.6e-5].flatMap((v, sample) =>
      Object.entries({ infidelity: v, insertion: 0.5 }).map(([metric, score]) => ({
        id: `${sample}/${metric}`,
        explanation: `e${sample}`,
        sample,
        source: `s${sample}`,
        method: 'mfaba',
        metric,
        target: 0,
        score,
        seconds: 1,
      })),
    );
    const table = summarizeResults(
      records,
      ['mfaba'],
      [{ name: 'infidelity' }, { name: 'insertion' }],
    );
    expect(
      toMarkdown(table, ['infidelity', 'insertion'], { infidelity: false, insertion: true }),
    ).toBe(
      '| method | infidelity (lower is better) | insertion (higher is better) |\n' +
        '| --- | --- | --- |\n' +
        '| mfaba | 4.5e-05 ± 1.414e-06 | 0.5 ± 0 |\n',
    );
  });
});
