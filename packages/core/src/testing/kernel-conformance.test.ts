import { describe, expect, it } from 'vitest';
import { XaiError } from '../errors.js';
import { checkSoftmaxHvpArgs, checkUpsampleArgs, jsKernels } from '../js-kernels/index.js';
import type { Kernels } from '../kernels.js';
import type { Tensor } from '../tensor.js';
import { describeKernelConformance } from './describe-kernel-conformance.js';
import { checkKernelConformance, kernelChecks } from './kernel-conformance.js';
import { ulpDistance, ulpOf } from './ulp.js';

describeKernelConformance('jsKernels', () => jsKernels);

/** Moves every element `steps` float32 values away from zero. */
function nudge(t: Tensor, steps: number): Tensor {
  const data = t.data.slice();
  const bits = new Int32Array(data.buffer);
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) bits[i]! += steps;
  return { data, shape: t.shape };
}

/** The names of the checks that fail for `impl`. */
async function failingChecks(impl: Kernels): Promise<string[]> {
  const failures = await checkKernelConformance(impl);
  return [...new Set(failures.map((f) => f.check))];
}

describe('the conformance checks catch broken kernels', () => {
  it('report nothing for the reference itself', async () => {
    expect(await checkKernelConformance(jsKernels)).toEqual([]);
  });

  it('catch ties ranked in reverse index order', async () => {
    const reversedTies: Kernels = {
      ...jsKernels,
      async argsortDescending(values) {
        const sorted = await jsKernels.argsortDescending(values);
        const n = values.shape[values.shape.length - 1]!;
        const data = sorted.data.slice();
        for (let row = 0; row < data.length; row += n) {
          // Reverse each run of equal values: an unstable sort.
          let start = row;
          for (let i = row + 1; i <= row + n; i++) {
            const same =
              i < row + n && values.data[row + data[i]!] === values.data[row + data[start]!];
            if (!same) {
              data.subarray(start, i).reverse();
              start = i;
            }
          }
        }
        return { data, shape: sorted.shape };
      },
    };
    expect(await failingChecks(reversedTies)).toEqual([
      'argsortDescending: identical, ties in index order',
    ]);
  });

  it('catch a uniform stream read one element late, and a single flipped bit', async () => {
    const late: Kernels = {
      ...jsKernels,
      random: (args) => jsKernels.random({ ...args, offset: (args.offset ?? 0) + 1 }),
    };
    expect(await failingChecks(late)).toContain('random: uniform draws are bit-identical');
    const flipped: Kernels = {
      ...jsKernels,
      random: async (args) => {
        const t = await jsKernels.random(args);
        return args.distribution === 'uniform' ? nudge(t, 1) : t;
      },
    };
    expect(await failingChecks(flipped)).toEqual(['random: uniform draws are bit-identical']);
  });

  it('allow normals 2 ulp off, not 3', async () => {
    const off = (steps: number): Kernels => ({
      ...jsKernels,
      random: async (args) => {
        const t = await jsKernels.random(args);
        return args.distribution === 'normal' ? nudge(t, steps) : t;
      },
    });
    expect(await failingChecks(off(2))).toEqual([]);
    expect(await failingChecks(off(3))).toEqual(['random: normal draws are within 2 ulp']);
  });

  it('catch blends 2 ulp off, and noise from the wrong stream', async () => {
    const blendOff: Kernels = {
      ...jsKernels,
      perturb: async (args) => nudge(await jsKernels.perturb(args), 2),
    };
    expect(await failingChecks(blendOff)).toEqual(['perturb: blends within 1 ulp']);
    const wrongStream: Kernels = {
      ...jsKernels,
      perturb: (args) =>
        jsKernels.perturb(
          args.noise ? { ...args, noise: { ...args.noise, stream: args.noise.stream + 1 } } : args,
        ),
    };
    expect(await failingChecks(wrongStream)).toEqual(['perturb: blends within 1 ulp']);
  });

  it('catch bilinear upsampling with align_corners=True', async () => {
    const alignCorners: Kernels = {
      ...jsKernels,
      async upsample(args) {
        checkUpsampleArgs(args); // the shared checks, as a native backend would run them
        const { masks, height, width } = args;
        const [N, h, w] = masks.shape as [number, number, number];
        const out = new Float32Array(N * height * width);
        const tap = (o: number, inSize: number, outSize: number) => {
          const src = outSize > 1 ? (o * (inSize - 1)) / (outSize - 1) : 0;
          const lo = Math.floor(src);
          return [lo, Math.min(lo + 1, inSize - 1), src - lo] as const;
        };
        for (let n = 0; n < N; n++) {
          for (let y = 0; y < height; y++) {
            for (let x = 0; x < width; x++) {
              const [y0, y1, ty] = tap(y, h, height);
              const [x0, x1, tx] = tap(x, w, width);
              const at = (yy: number, xx: number) => masks.data[n * h * w + yy * w + xx]!;
              out[(n * height + y) * width + x] =
                (1 - ty) * ((1 - tx) * at(y0, x0) + tx * at(y0, x1)) +
                ty * ((1 - tx) * at(y1, x0) + tx * at(y1, x1));
            }
          }
        }
        return { data: out, shape: [N, height, width] };
      },
    };
    expect(await failingChecks(alignCorners)).toEqual(['upsample: within 1 ulp']);
  });

  it('catch a Hessian product without the p pᵀu term, and a sign error in the difference', async () => {
    const diagonalOnly: Kernels = {
      ...jsKernels,
      async softmaxHvp(args) {
        checkSoftmaxHvpArgs(args);
        const { probs, jv } = args;
        return { data: probs.data.map((p, i) => p * jv.data[i]!), shape: probs.shape };
      },
    };
    expect(await failingChecks(diagonalOnly)).toEqual(['softmaxHvp: within 1e-6 relative']);
    const swapped: Kernels = {
      ...jsKernels,
      centralDifference: (args) =>
        jsKernels.centralDifference({
          ...args,
          gradPlus: args.gradMinus,
          gradMinus: args.gradPlus,
        }),
    };
    expect(await failingChecks(swapped)).toEqual(['centralDifference: within 1 ulp']);
  });

  it('catch step masks one pixel short, and a mean reported as the area', async () => {
    const short: Kernels = {
      ...jsKernels,
      rankMasks: (args) =>
        jsKernels.rankMasks({
          ...args,
          pixelsPerStep:
            args.pixelsPerStep ?? Math.ceil((args.height * args.width) / args.steps!) - 1,
        }),
    };
    expect(await failingChecks(short)).toEqual(['rankMasks: identical step masks']);
    const meanAsArea: Kernels = {
      ...jsKernels,
      curveAreas: async (scores) => {
        const { mean } = await jsKernels.curveAreas(scores);
        return { auc: mean, mean };
      },
    };
    expect(await failingChecks(meanAsArea)).toEqual(['curveAreas: within 1e-6 relative']);
  });

  it('catch area errors above 1e-6 relative but allow smaller ones', async () => {
    const scaled = (factor: number): Kernels => ({
      ...jsKernels,
      curveAreas: async (scores) => {
        const { auc, mean } = await jsKernels.curveAreas(scores);
        return { auc: { data: auc.data.map((a) => a * factor), shape: auc.shape }, mean };
      },
    });
    expect(await failingChecks(scaled(1 + 3e-7))).toEqual([]);
    expect(await failingChecks(scaled(1 + 5e-6))).toEqual(['curveAreas: within 1e-6 relative']);
  });

  it('catch kernels that accept NaN, throw synchronously, or reject with the wrong code or a plain Error', async () => {
    const reasons = async (impl: Kernels) => {
      const check = kernelChecks.find((c) => c.name.startsWith('bad arguments'))!;
      return (await check.run(impl, jsKernels)).join('\n');
    };
    const acceptsNaN: Kernels = {
      ...jsKernels,
      argsortDescending: async (values) =>
        jsKernels.argsortDescending({
          data: values.data.map((v) => (Number.isNaN(v) ? 0 : v)),
          shape: values.shape,
        }),
    };
    expect(await reasons(acceptsNaN)).toMatch(
      /^argsortDescending with NaN: resolved instead of rejecting; expected NON_FINITE_INPUT$/,
    );
    const throwsNow: Kernels = {
      ...jsKernels,
      topK: (values, k) => {
        if (k < 1)
          throw new XaiError('INVALID_ARGUMENT', 'Expected k ≥ 1 for top-k but received 0.');
        return jsKernels.topK(values, k);
      },
    };
    expect(await reasons(throwsNow)).toMatch(/^topK with k = 0: threw synchronously/);
    const wrongCode: Kernels = {
      ...jsKernels,
      curveAreas: async (scores) => {
        if (scores.shape[scores.shape.length - 1]! < 2)
          throw new XaiError('SHAPE_MISMATCH', 'Expected 2 points but received 1.');
        return jsKernels.curveAreas(scores);
      },
    };
    expect(await reasons(wrongCode)).toBe(
      'curveAreas with one point per curve: rejected with SHAPE_MISMATCH, expected INVALID_ARGUMENT',
    );
    const plainError: Kernels = {
      ...jsKernels,
      centralDifference: async (args) => {
        if (!(args.h > 0)) throw new Error('bad h');
        return jsKernels.centralDifference(args);
      },
    };
    expect(await reasons(plainError)).toMatch(
      /^centralDifference with h = 0: rejected with Error: bad h, not an XaiError/,
    );
  });

  it('report outputs of the wrong type or shape instead of crashing', async () => {
    const float64: Kernels = {
      ...jsKernels,
      curveAreas: async () =>
        ({
          auc: { data: new Float64Array(1), shape: [] },
          mean: { data: new Float64Array(1), shape: [] },
        }) as never,
    };
    const failures = await checkKernelConformance(float64, {
      checks: kernelChecks.filter((c) => c.name.startsWith('curveAreas')),
    });
    expect(failures[0]?.message).toMatch(/auc: expected data to be a Float32Array/);
    const transposed: Kernels = {
      ...jsKernels,
      softmaxHvp: async (args) => {
        const out = await jsKernels.softmaxHvp(args);
        return { data: out.data, shape: [...out.shape].reverse() };
      },
    };
    expect((await checkKernelConformance(transposed)).map((f) => f.message).join('\n')).toMatch(
      /softmaxHvp\(\[4, 10\]\): shape \[10, 4\], expected \[4, 10\]/,
    );
  });
});

describe('ulpDistance', () => {
  it('counts float32 steps, across zero and up to infinity', () => {
    expect(ulpDistance(1, 1)).toBe(0);
    expect(ulpDistance(0, -0)).toBe(0);
    expect(ulpDistance(1, 1 + 2 ** -23)).toBe(1);
    expect(ulpDistance(1, 1 - 2 ** -24)).toBe(1);
    expect(ulpDistance(2 ** -149, -(2 ** -149))).toBe(2);
    expect(ulpDistance(3.4028234663852886e38, Number.POSITIVE_INFINITY)).toBe(1);
    expect(ulpDistance(1, 1 + 2 ** -30)).toBe(0); // equal after rounding to float32
    expect(ulpDistance(Number.NaN, Number.NaN)).toBe(0);
    expect(ulpDistance(Number.NaN, 1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('ulpOf is the gap to the next float32 away from zero', () => {
    expect(ulpOf(1)).toBe(2 ** -23);
    expect(ulpOf(-3)).toBe(2 ** -22);
    expect(ulpOf(0)).toBe(2 ** -149);
  });
});
