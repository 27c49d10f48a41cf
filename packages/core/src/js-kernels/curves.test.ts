import { describe, expect, it } from 'vitest';
import { XaiError } from '../errors.js';
import { fillNormal } from '../prng.js';
import { curveAreas } from './curves.js';

/** The trapezoid rule on explicit x_i = i / (S − 1), and the mean, for one row. */
function naiveAreas(y: ArrayLike<number>): { auc: number; mean: number } {
  const S = y.length;
  let auc = 0;
  for (let i = 0; i + 1 < S; i++)
    auc += ((i + 1) / (S - 1) - i / (S - 1)) * ((y[i]! + y[i + 1]!) / 2);
  let sum = 0;
  for (let i = 0; i < S; i++) sum += y[i]!;
  return { auc, mean: sum / S };
}

describe('curveAreas', () => {
  it('matches the naive trapezoid rule and mean per row within 1e-6 relative', async () => {
    for (const S of [2, 3, 17, 225]) {
      const data = fillNormal(new Float32Array(4 * S), S, 0).map((z) => 1 + z);
      const { auc, mean } = await curveAreas({ data, shape: [4, S] });
      expect(auc.shape).toEqual([4]);
      expect(mean.shape).toEqual([4]);
      for (let r = 0; r < 4; r++) {
        const expected = naiveAreas(data.subarray(r * S, (r + 1) * S));
        expect(Math.abs(auc.data[r]! - expected.auc)).toBeLessThanOrEqual(
          1e-6 * Math.abs(expected.auc),
        );
        expect(Math.abs(mean.data[r]! - expected.mean)).toBeLessThanOrEqual(
          1e-6 * Math.abs(expected.mean),
        );
      }
    }
  });

  it('gives the known areas of lines and constants', async () => {
    const { auc, mean } = await curveAreas({
      data: new Float32Array([0, 0.25, 0.5, 0.75, 1, 2, 2, 2, 2, 2, 1, 0, 0, 0, 0]),
      shape: [3, 5],
    });
    expect(Array.from(auc.data)).toEqual([0.5, 2, 0.125]);
    expect(Array.from(mean.data)).toEqual([0.5, 2, Math.fround(0.2)]);
  });

  it('returns a scalar for a single curve [S]', async () => {
    const { auc, mean } = await curveAreas({ data: new Float32Array([1, 0]), shape: [2] });
    expect(auc.shape).toEqual([]);
    expect(Array.from(auc.data)).toEqual([0.5]);
    expect(Array.from(mean.data)).toEqual([0.5]);
  });

  it('rejects curves of one point and non-finite scores', async () => {
    const rejection = async (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: unknown) => (XaiError.isInstance(e) ? `${e.code}: ${e.message}` : 'other'),
      );
    expect(await rejection(curveAreas({ data: new Float32Array(3), shape: [3, 1] }))).toMatch(
      /^INVALID_ARGUMENT: Expected at least 2 points per curve/,
    );
    expect(
      await rejection(
        curveAreas({ data: new Float32Array([1, Number.POSITIVE_INFINITY]), shape: [2] }),
      ),
    ).toMatch(/^NON_FINITE_INPUT/);
  });
});
