/**
 * jsKernels.upsample against torch.nn.functional.interpolate(mode='bilinear',
 * align_corners=False), recorded by scripts/make_bilinear_golden.py: an independent
 * implementation of the half-pixel convention, downsampling included.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsKernels } from '../src/index.js';

interface Case {
  masks: number[];
  maskShape: [number, number, number];
  size: [number, number];
  expected: number[];
}
const golden = JSON.parse(
  readFileSync(new URL('./fixtures/bilinear-torch.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

describe('upsample matches torch bilinear (align_corners=False)', () => {
  it.each(golden.cases.map((c) => [`${c.maskShape.join('x')} -> ${c.size.join('x')}`, c] as const))(
    '%s',
    async (_, c) => {
      const out = await jsKernels.upsample({
        masks: { data: Float32Array.from(c.masks), shape: c.maskShape },
        height: c.size[0],
        width: c.size[1],
      });
      expect(out.shape).toEqual([c.maskShape[0], ...c.size]);
      let worst = 0;
      for (let i = 0; i < c.expected.length; i++)
        worst = Math.max(worst, Math.abs(out.data[i]! - c.expected[i]!));
      expect(worst).toBeLessThan(1e-6);
    },
  );
});
