/**
 * gaussianBlur against torchvision.transforms.functional.gaussian_blur (same normalised
 * kernel, reflect padding), recorded in float64 by scripts/make_torch_golden.py.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gaussianBlur, XaiError } from '../src/index.js';

interface Case {
  image: number[];
  shape: number[];
  size: number;
  sigma: number;
  expected: number[];
}
const golden = JSON.parse(
  readFileSync(new URL('./fixtures/blur-torch.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

describe('gaussianBlur', () => {
  it.each(golden.cases.map((c) => [`${c.shape.join('x')} k=${c.size} s=${c.sigma}`, c] as const))(
    'matches torchvision for %s',
    (_, c) => {
      const out = gaussianBlur(
        { data: Float32Array.from(c.image), shape: c.shape },
        c.size,
        c.sigma,
      );
      let worst = 0;
      for (let i = 0; i < c.expected.length; i++)
        worst = Math.max(worst, Math.abs(out.data[i]! - c.expected[i]!));
      expect(worst).toBeLessThan(2e-6);
    },
  );

  it('keeps a constant image constant and rejects bad kernels', () => {
    const flat = gaussianBlur({ data: new Float32Array(30).fill(0.25), shape: [1, 5, 6] }, 5, 2);
    for (const v of flat.data) expect(v).toBeCloseTo(0.25, 6);
    expect(() => gaussianBlur({ data: new Float32Array(4), shape: [2, 2] }, 4, 1)).toThrow(
      XaiError,
    );
    expect(() => gaussianBlur({ data: new Float32Array(4), shape: [2, 2] }, 3, 0)).toThrow(
      XaiError,
    );
  });
});
