import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../../test/helpers/rejection.js';
import { fillNormal, fillUniform } from '../prng.js';
import type { Tensor } from '../tensor.js';
import { ulpDistance, ulpOf } from '../testing/ulp.js';
import { setBlendEngine } from '../wasm/blend-wasm.js';
import { axisTaps } from './axis-taps.js';
import { perturb, upsample } from './perturb.js';

/** Deterministic test data in [lo, hi). */
function data(n: number, seed: number, lo = 0, hi = 1): Float32Array {
  const u = fillUniform(new Float32Array(n), seed, 99);
  return u.map((v) => lo + (hi - lo) * v);
}

/**
 * Naive bilinear resampling, one output pixel at a time from the formula of
 * torch.nn.functional.interpolate(mode='bilinear', align_corners=False).
 */
function naiveUpsample(masks: Tensor, H: number, W: number): Float32Array {
  const [N, h, w] = masks.shape as [number, number, number];
  const source = (o: number, inSize: number, outSize: number) => {
    const src = Math.max(0, (o + 0.5) * (inSize / outSize) - 0.5);
    const i0 = Math.floor(src);
    return { i0, i1: Math.min(i0 + 1, inSize - 1), t: src - i0 };
  };
  const out = new Float32Array(N * H * W);
  for (let n = 0; n < N; n++) {
    const at = (y: number, x: number) => masks.data[n * h * w + y * w + x]!;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const sy = source(y, h, H);
        const sx = source(x, w, W);
        const top = (1 - sx.t) * at(sy.i0, sx.i0) + sx.t * at(sy.i0, sx.i1);
        const bottom = (1 - sx.t) * at(sy.i1, sx.i0) + sx.t * at(sy.i1, sx.i1);
        out[n * H * W + y * W + x] = (1 - sy.t) * top + sy.t * bottom;
      }
    }
  }
  return out;
}

function expectWithinUlp(actual: Float32Array, expected: Float32Array, ulps: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++)
    worst = Math.max(worst, ulpDistance(actual[i]!, expected[i]!));
  expect(worst).toBeLessThanOrEqual(ulps);
}

// upsample and perturb run on WebAssembly where they can (upsample-wasm.ts, perturb-wasm.ts)
// and in JavaScript elsewhere: every test below runs on both.
for (const engine of ['wasm', 'js'] as const) {
  describe(`upsample and perturb in ${engine}`, () => {
    beforeAll(() => setBlendEngine(engine));
    afterAll(() => setBlendEngine('auto'));
    describe('upsample', () => {
      it('matches the values torch gives for a 2×2 mask resized to 4×4', async () => {
        const out = await upsample({
          masks: { data: new Float32Array([1, 2, 3, 4]), shape: [1, 2, 2] },
          height: 4,
          width: 4,
        });
        expect(out.shape).toEqual([1, 4, 4]);
        expect(Array.from(out.data)).toEqual([
          1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4,
        ]);
      });

      it('agrees with the naive per-pixel formula, up-, down- and non-uniformly scaled', async () => {
        const cases: [number, number, number, number, number][] = [
          [3, 7, 7, 32, 28],
          [2, 5, 9, 5, 9],
          [2, 9, 9, 4, 4],
          [1, 2, 3, 11, 13],
          [2, 1, 1, 5, 6],
          [1, 16, 1, 3, 7],
        ];
        for (const [N, h, w, H, W] of cases) {
          const masks = { data: data(N * h * w, N + h + w), shape: [N, h, w] };
          const out = await upsample({ masks, height: H, width: W });
          expect(out.shape).toEqual([N, H, W]);
          expectWithinUlp(out.data, naiveUpsample(masks, H, W), 1);
        }
      });

      it("with alignCorners: the corners kept, a linear ramp exact, torch's values for 2×2 → 4×4", async () => {
        // Closed form: output o reads input o·(in − 1)/(out − 1), so m[i] = i (linear in the
        // index) upsamples to exactly o·(h − 1)/(H − 1) along each axis.
        const h = 5;
        const w = 4;
        const H = 13;
        const W = 7;
        const ramp = new Float32Array(h * w);
        for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) ramp[i * w + j] = 10 * i + j;
        const out = await upsample({
          masks: { data: ramp, shape: [1, h, w] },
          height: H,
          width: W,
          alignCorners: true,
        });
        let worst = 0;
        for (let y = 0; y < H; y++) {
          for (let x = 0; x < W; x++) {
            const expected = (10 * y * (h - 1)) / (H - 1) + (x * (w - 1)) / (W - 1);
            worst = Math.max(worst, Math.abs(out.data[y * W + x]! - expected));
          }
        }
        expect(worst).toBeLessThan(1e-5);
        for (const [y, x, i, j] of [
          [0, 0, 0, 0],
          [0, W - 1, 0, w - 1],
          [H - 1, 0, h - 1, 0],
          [H - 1, W - 1, h - 1, w - 1],
        ] as const) {
          expect(out.data[y * W + x]).toBe(ramp[i * w + j]);
        }
        // torch.nn.UpsamplingBilinear2d(size=(4, 4)) of [[1, 2], [3, 4]]: thirds.
        const torch = await upsample({
          masks: { data: new Float32Array([1, 2, 3, 4]), shape: [1, 2, 2] },
          height: 4,
          width: 4,
          alignCorners: true,
        });
        const third = [1, 4 / 3, 5 / 3, 2];
        const rows = [0, 2 / 3, 4 / 3, 2];
        expect(Array.from(torch.data)).toEqual(
          rows.flatMap((r) => third.map((c) => Math.fround(r + c))),
        );
        // One output pixel reads the first input pixel (torch: scale 0).
        const one = await upsample({
          masks: { data: ramp, shape: [1, h, w] },
          height: 1,
          width: 1,
          alignCorners: true,
        });
        expect(Array.from(one.data)).toEqual([0]);
      });

      it('is the identity at the same resolution and a constant from a 1×1 mask', async () => {
        const masks = { data: data(2 * 6 * 5, 3), shape: [2, 6, 5] };
        expect((await upsample({ masks, height: 6, width: 5 })).data).toEqual(masks.data);
        const alpha = await upsample({
          masks: { data: new Float32Array([0.3]), shape: [1, 1, 1] },
          height: 4,
          width: 3,
        });
        expect(Array.from(alpha.data)).toEqual(new Array(12).fill(Math.fround(0.3)));
      });

      it('rejects bad masks and sizes with the right code', async () => {
        const masks = { data: new Float32Array(4), shape: [1, 2, 2] };
        expect(
          await rejection(
            upsample({ masks: { data: new Float32Array(4), shape: [2, 2] }, height: 2, width: 2 }),
          ),
        ).toMatch(
          /^SHAPE_MISMATCH: Expected shape \[N, h, w\] for the masks but received \[2, 2\]/,
        );
        expect(
          await rejection(
            upsample({
              masks: { data: new Float32Array(3), shape: [1, 2, 2] },
              height: 2,
              width: 2,
            }),
          ),
        ).toMatch(/^SHAPE_MISMATCH: Expected 4 values for the masks/);
        expect(await rejection(upsample({ masks, height: 0, width: 2 }))).toMatch(
          /^INVALID_ARGUMENT: .* output height/,
        );
        expect(await rejection(upsample({ masks, height: 2, width: 1.5 }))).toMatch(
          /^INVALID_ARGUMENT: .* output width/,
        );
        expect(
          await rejection(
            upsample({
              masks: { data: new Float32Array(0), shape: [0, 2, 2] },
              height: 2,
              width: 2,
            }),
          ),
        ).toMatch(/^INVALID_ARGUMENT: Expected a non-empty tensor/);
        expect(
          await rejection(
            upsample({
              masks: { data: new Float32Array([0, Number.NaN, 0, 0]), shape: [1, 2, 2] },
              height: 2,
              width: 2,
            }),
          ),
        ).toMatch(/^NON_FINITE_INPUT/);
      });
    });

    describe('perturb', () => {
      const [C, H, W] = [3, 8, 6];
      const x = { data: data(C * H * W, 1, -2, 2), shape: [C, H, W] };
      const baseline = { data: data(C * H * W, 2, -1, 1), shape: [C, H, W] };

      /** The blend written out per element: m·x + (1 − m)·b + σ·z, σ·z from single-element fills. */
      function naivePerturb(
        masks: Tensor,
        b: Tensor | number,
        noise?: { sigma: number | Float32Array; seed: number; stream: number; offset?: number },
      ): Float32Array {
        const N = masks.shape[0]!;
        const up = naiveUpsample(masks, H, W);
        const size = C * H * W;
        const out = new Float32Array(N * size);
        for (let n = 0; n < N; n++) {
          for (let j = 0; j < size; j++) {
            const m = up[n * H * W + (j % (H * W))]!;
            const bv = typeof b === 'number' ? Math.fround(b) : b.data[j]!;
            let v = m * x.data[j]! + (1 - m) * bv;
            if (noise) {
              const z = fillNormal(
                new Float32Array(1),
                noise.seed,
                noise.stream,
                (noise.offset ?? 0) + n * size + j,
              )[0]!;
              const sigma =
                typeof noise.sigma === 'number' ? Math.fround(noise.sigma) : noise.sigma[j]!;
              v += sigma * z;
            }
            out[n * size + j] = v;
          }
        }
        return out;
      }

      /**
       * Within 1 ulp of the result, plus what a 1-ulp difference in the upsampled mask moves it,
       * plus float64 rounding, which the two blend formulas do differently.
       */
      function expectBlendClose(
        actual: Float32Array,
        expected: Float32Array,
        masks: Tensor,
        b: Tensor | number,
      ) {
        const up = naiveUpsample(masks, H, W);
        const size = C * H * W;
        for (let i = 0; i < actual.length; i++) {
          const j = i % size;
          const m = up[Math.floor(i / size) * H * W + (j % (H * W))]!;
          const bv = typeof b === 'number' ? b : b.data[j]!;
          const float64 = 2 ** -50 * (Math.abs(x.data[j]!) + Math.abs(bv) + Math.abs(expected[i]!));
          const tolerance = ulpOf(expected[i]!) + Math.abs(x.data[j]! - bv) * ulpOf(m) + float64;
          expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(tolerance);
        }
      }

      it('blends with low-resolution masks like the naive formula', async () => {
        const masks = { data: data(4 * 3 * 3, 5), shape: [4, 3, 3] };
        const out = await perturb({ x, baseline, masks });
        expect(out.shape).toEqual([4, C, H, W]);
        expectBlendClose(out.data, naivePerturb(masks, baseline), masks, baseline);
      });

      it('gives exactly the baseline where m = 0 and x where m = 1', async () => {
        const masks = { data: new Float32Array(2 * H * W), shape: [2, H, W] };
        masks.data.fill(1, H * W);
        const out = await perturb({ x, baseline, masks });
        expect(out.data.subarray(0, C * H * W)).toEqual(baseline.data);
        expect(out.data.subarray(C * H * W)).toEqual(x.data);
      });

      it('walks the integration path α·x + (1 − α)·b with 1×1 masks and a scalar baseline', async () => {
        const alphas = [0, 0.25, 0.5, 0.9, 1];
        const masks = { data: new Float32Array(alphas), shape: [alphas.length, 1, 1] };
        const out = await perturb({ x, baseline: 0.5, masks });
        alphas.forEach((alpha, n) => {
          for (let j = 0; j < C * H * W; j++) {
            const expected = Math.fround(alpha) * x.data[j]! + (1 - Math.fround(alpha)) * 0.5;
            expect(ulpDistance(out.data[n * C * H * W + j]!, expected)).toBeLessThanOrEqual(1);
          }
        });
      });

      it('adds σ·z with the normal for sample n, element j at offset + n·C·H·W + j', async () => {
        const masks = { data: data(3 * 4 * 4, 6), shape: [3, 4, 4] };
        const noise = { sigma: 0.3, seed: 42, stream: 7, offset: 5 };
        const out = await perturb({ x, baseline, masks, noise });
        expectBlendClose(out.data, naivePerturb(masks, baseline, noise), masks, baseline);
        // The same draws whichever batch a sample is in.
        const last = { data: masks.data.slice(2 * 16), shape: [1, 4, 4] };
        const alone = await perturb({
          x,
          baseline,
          masks: last,
          noise: { ...noise, offset: 5 + 2 * C * H * W },
        });
        expect(alone.data).toEqual(out.data.subarray(2 * C * H * W));
      });

      it('takes σ per element and changes nothing with σ = 0', async () => {
        const masks = { data: data(2 * 5 * 5, 8), shape: [2, 5, 5] };
        const sigma = data(C * H * W, 9, 0, 2);
        const noise = { sigma, seed: 1, stream: 3 };
        const out = await perturb({ x, baseline: -0.25, masks, noise });
        expectBlendClose(out.data, naivePerturb(masks, -0.25, noise), masks, -0.25);
        const quiet = await perturb({
          x,
          baseline,
          masks,
          noise: { sigma: 0, seed: 1, stream: 3 },
        });
        expect(quiet.data).toEqual((await perturb({ x, baseline, masks })).data);
      });

      it('rejects bad arguments with the right code', async () => {
        const masks = { data: new Float32Array(4), shape: [1, 2, 2] };
        const cases: [Parameters<typeof perturb>[0], RegExp][] = [
          [
            { x: { data: x.data, shape: [C * H * W] }, baseline, masks },
            /^SHAPE_MISMATCH: Expected one sample of shape \[C, H, W\] for the input x/,
          ],
          [
            { x, baseline: { data: baseline.data, shape: [C, W, H] }, masks },
            /^SHAPE_MISMATCH: Expected the baseline of shape \[3, 8, 6\]/,
          ],
          [{ x, baseline: Number.NaN, masks }, /^NON_FINITE_INPUT/],
          [
            {
              x: {
                data: new Float32Array(C * H * W).fill(Number.POSITIVE_INFINITY),
                shape: [C, H, W],
              },
              baseline,
              masks,
            },
            /^NON_FINITE_INPUT/,
          ],
          [
            { x, baseline, masks, noise: { sigma: -1, seed: 0, stream: 0 } },
            /^INVALID_ARGUMENT: .* noise sigma/,
          ],
          [
            { x, baseline, masks, noise: { sigma: new Float32Array(3), seed: 0, stream: 0 } },
            /^SHAPE_MISMATCH: .* noise sigma/,
          ],
          [
            { x, baseline, masks, noise: { sigma: 1, seed: -1, stream: 0 } },
            /^INVALID_ARGUMENT: .* noise seed/,
          ],
          [
            {
              x,
              baseline,
              masks,
              noise: { sigma: 1, seed: 0, stream: 0, offset: Number.MAX_SAFE_INTEGER },
            },
            /^INVALID_ARGUMENT: .* 2\^53/,
          ],
        ];
        for (const [args, message] of cases)
          expect(await rejection(perturb(args))).toMatch(message);
      });
    });

    describe('the shortcuts of upsample and perturb', () => {
      /**
       * The kernels' arithmetic written per output pixel, as before the shortcuts: both bilinear
       * taps of both rows blended for every pixel, then b + m·(x − b) (+ σ·z), in float64.
       */
      function perPixel(
        x: Tensor,
        baseline: Tensor | number,
        masks: Tensor,
        alignCorners?: boolean,
        noise?: { sigma: number | Float32Array; seed: number; stream: number },
      ): { up: Float32Array; out: Float32Array } {
        const [C, H, W] = x.shape as [number, number, number];
        const [N, h, w] = masks.shape as [number, number, number];
        const ys = axisTaps(h, H, alignCorners);
        const xs = axisTaps(w, W, alignCorners);
        const up = new Float32Array(N * H * W);
        for (let n = 0; n < N; n++) {
          const at = (y: number, xx: number) => masks.data[n * h * w + y * w + xx]!;
          for (let y = 0; y < H; y++) {
            for (let xx = 0; xx < W; xx++) {
              const [lx0, lx] = [xs.oneMinusFrac[xx]!, xs.frac[xx]!];
              const top = lx0 * at(ys.lo[y]!, xs.lo[xx]!) + lx * at(ys.lo[y]!, xs.hi[xx]!);
              const bottom = lx0 * at(ys.hi[y]!, xs.lo[xx]!) + lx * at(ys.hi[y]!, xs.hi[xx]!);
              up[(n * H + y) * W + xx] = ys.oneMinusFrac[y]! * top + ys.frac[y]! * bottom;
            }
          }
        }
        const size = C * H * W;
        const out = new Float32Array(N * size);
        const z = new Float32Array(1);
        for (let n = 0; n < N; n++) {
          for (let j = 0; j < size; j++) {
            const bv = typeof baseline === 'number' ? Math.fround(baseline) : baseline.data[j]!;
            let v = bv + up[n * H * W + (j % (H * W))]! * (x.data[j]! - bv);
            if (noise) {
              fillNormal(z, noise.seed, noise.stream, n * size + j);
              v +=
                (typeof noise.sigma === 'number' ? Math.fround(noise.sigma) : noise.sigma[j]!) *
                z[0]!;
            }
            out[n * size + j] = v;
          }
        }
        return { up, out };
      }

      const bitsOf = (a: Float32Array) =>
        Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

      async function expectSameBits(
        x: Tensor,
        baseline: Tensor | number,
        masks: Tensor,
        alignCorners?: boolean,
        noise?: { sigma: number | Float32Array; seed: number; stream: number },
      ): Promise<void> {
        const [, H, W] = x.shape as [number, number, number];
        const expected = perPixel(x, baseline, masks, alignCorners, noise);
        const up = await upsample({ masks, height: H, width: W, alignCorners });
        expect(bitsOf(up.data)).toEqual(bitsOf(expected.up));
        const out = await perturb({
          x,
          baseline,
          masks,
          alignCorners,
          ...(noise ? { noise } : {}),
        });
        expect(bitsOf(out.data)).toEqual(bitsOf(expected.out));
      }

      // Signed zeros next to negative and positive neighbours, a subnormal, extremes.
      const awkward = [-0, 0, -0, -1.5, -0, 2, 0, -3, 1e-40, -1e-40, 3e38, -3e38, 0.1, 1, -0, -0];
      const [C, H, W] = [2, 5, 7];
      const x = { data: data(C * H * W, 11, -3, 3), shape: [C, H, W] };
      x.data[3] = -0;
      x.data[4] = 0;
      const baseline = { data: data(C * H * W, 12, -1, 1), shape: [C, H, W] };
      baseline.data[3] = -0;
      baseline.data[5] = 0;

      it('full-size masks: the same bits as per pixel, signed zeros included', async () => {
        const masks = { data: new Float32Array(3 * H * W), shape: [3, H, W] };
        for (let i = 0; i < masks.data.length; i++)
          masks.data[i] = awkward[(i * 5) % awkward.length]!;
        // 0.1: a scalar baseline float32 cannot hold, rounded to float32 first as per pixel.
        for (const b of [baseline, 0, -0, 0.75, 0.1])
          for (const align of [false, true]) await expectSameBits(x, b, masks, align);
      });

      it('1×1 masks: the same bits as per pixel, for zeros, subnormals and extremes', async () => {
        const masks = { data: new Float32Array(awkward), shape: [awkward.length, 1, 1] };
        for (const b of [baseline, 0, -0, -2.5])
          for (const align of [false, true]) await expectSameBits(x, b, masks, align);
      });

      it('upsampled and downsampled masks: the same bits as per pixel', async () => {
        for (const [h, w] of [
          [2, 3],
          [3, 7],
          [5, 2],
          [9, 11],
          [1, 4],
        ] as const) {
          const masks = { data: data(2 * h * w, h * 10 + w, -1, 2), shape: [2, h, w] };
          masks.data[0] = -0;
          for (const align of [false, true]) await expectSameBits(x, baseline, masks, align);
        }
      });

      it('noise with σ scalar and per element: the same bits as per pixel', async () => {
        const masks = { data: data(3 * 2 * 2, 21), shape: [3, 2, 2] };
        await expectSameBits(x, baseline, masks, false, { sigma: 0.3, seed: 4, stream: 2 });
        const sigma = data(C * H * W, 22, 0, 2);
        await expectSameBits(x, -0.5, masks, false, { sigma, seed: 4, stream: 2 });
        const ones = { data: new Float32Array([1, 0.5, -0]), shape: [3, 1, 1] };
        await expectSameBits(x, 0, ones, false, { sigma: 0.2, seed: 9, stream: 1 });
      });
    });
  });
}
