import { describe, expect, it } from 'vitest';
import { jsKernels } from './js-kernels/index.js';
import { upsampleAdjoint } from './upsample-adjoint.js';

describe('upsampleAdjoint', () => {
  it.each([false, true])(
    'is the exact adjoint of the kernels upsampling: <up(m), r> = <m, upT r> (alignCorners %s)',
    async (alignCorners) => {
      for (const [h, w, H, W] of [
        [3, 4, 7, 9],
        [5, 5, 5, 5],
        [2, 7, 8, 3],
      ] as const) {
        const m = Float32Array.from({ length: h * w }, (_, i) => Math.cos(1.7 * i));
        const r = Float64Array.from({ length: H * W }, (_, i) => Math.sin(0.9 * i + 0.3));
        const up = await jsKernels.upsample({
          masks: { data: m, shape: [1, h, w] },
          height: H,
          width: W,
          alignCorners,
        });
        const lhs = up.data.reduce((a, v, i) => a + v * r[i]!, 0);
        const adj = upsampleAdjoint(r, H, W, h, w, alignCorners);
        const rhs = adj.reduce((a, v, i) => a + v * m[i]!, 0);
        expect(lhs).toBeCloseTo(rhs, 5);
      }
    },
  );
});
