import { readFileSync } from 'node:fs';
import { loadFixtureInputs } from '@xai/fixtures';
import { describe, expect, it } from 'vitest';
import { slic } from '../src/shared/slic.js';

const golden = JSON.parse(
  readFileSync(new URL('./fixtures/skimage/slic-goldens.json', import.meta.url), 'utf8'),
) as { samples: number[]; labels: number[][] };

/** Adjusted Rand index of two labelings (1 identical partitions, about 0 for chance). */
function adjustedRand(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const pairs = (v: number) => (v * (v - 1)) / 2;
  const table = new Map<string, number>();
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const key = `${a[i]},${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i]!, (rows.get(a[i]!) ?? 0) + 1);
    cols.set(b[i]!, (cols.get(b[i]!) ?? 0) + 1);
  }
  let index = 0;
  let sa = 0;
  let sb = 0;
  for (const v of table.values()) index += pairs(v);
  for (const v of rows.values()) sa += pairs(v);
  for (const v of cols.values()) sb += pairs(v);
  const expected = (sa * sb) / pairs(a.length);
  return (index - expected) / ((sa + sb) / 2 - expected);
}

describe('SLIC against scikit-image', () => {
  it('agrees with skimage.segmentation.slic on fixture images (adjusted Rand index)', () => {
    const inputs = loadFixtureInputs();
    const scores = golden.samples.map((s, k) => {
      const ours = slic(inputs.data.subarray(s * 784, (s + 1) * 784), 1, 28, 28, 16, 0.1);
      expect(new Set(ours).size).toBe(new Set(golden.labels[k]).size);
      return adjustedRand(ours, golden.labels[k]!);
    });
    for (const r of scores) expect(r).toBeGreaterThan(0.45);
    expect(scores.reduce((s, v) => s + v, 0) / scores.length).toBeGreaterThan(0.6);
    expect(adjustedRand([0, 0, 1, 1], [5, 5, 7, 7])).toBe(1);
  });

  it('is deterministic', () => {
    const img = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i));
    expect(Array.from(slic(img, 1, 8, 8, 4, 1))).toEqual(Array.from(slic(img, 1, 8, 8, 4, 1)));
  });
});
