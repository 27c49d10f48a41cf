/**
 * Perturbation batches: upsampled masks within 1 ulp; blends within 1 ulp, plus what the
 * allowed differences upstream (1 ulp in an interpolated mask, 2 ulp in a normal) move them.
 */
import type { Kernels, PerturbArgs, PerturbNoise, UpsampleArgs } from '../kernels.js';
import { formatShape, type Tensor } from '../tensor.js';
import { caseCheck } from './case-check.js';
import { compareTensor, compareUlp, compareWithin } from './compare.js';
import { normalTensor, uniformTensor } from './inputs.js';
import type { KernelCheck } from './kernel-check.js';
import { ulpDistance, ulpOf } from './ulp.js';

/**
 * [N, h, w] → [H, W] (with corner-aligned sampling where the flag is set): up, down,
 * non-uniform, identity, 1×1 and one-pixel-wide scalings.
 */
const upsampleCases: [readonly number[], number, number, boolean?][] = [
  [[3, 7, 7], 32, 28],
  [[2, 5, 9], 5, 9],
  [[2, 9, 9], 4, 4],
  [[1, 2, 3], 11, 13],
  [[2, 1, 1], 5, 6],
  [[1, 16, 1], 3, 7],
  [[1, 7, 7], 224, 224],
  [[3, 7, 7], 32, 28, true],
  [[2, 9, 9], 4, 4, true],
  [[2, 5, 9], 5, 9, true],
  [[1, 16, 1], 3, 7, true],
  [[1, 7, 7], 224, 224, true],
];

export const upsampleCheck: KernelCheck = caseCheck({
  name: 'upsample: within 1 ulp',
  cases: upsampleCases.map(([shape, height, width, alignCorners]): UpsampleArgs => {
    const masks = uniformTensor(shape, 10 + shape.length + height);
    return { masks, height, width, ...(alignCorners ? { alignCorners } : {}) };
  }),
  label: ({ masks, height, width, alignCorners }) =>
    `upsample(${formatShape(masks.shape)} → ${height}×${width}${alignCorners ? ', alignCorners' : ''})`,
  expect: (reference, args) => reference.upsample(args),
  compare: async (impl, args, expected, label) =>
    compareTensor(label, await impl.upsample(args), expected, (a, e) => compareUlp(label, a, e, 1)),
});

const [C, H, W] = [3, 16, 12];
const x = uniformTensor([C, H, W], 20, -2, 2);
const baseline = normalTensor([C, H, W], 21, 0.5);

interface PerturbCase {
  readonly label: string;
  readonly args: PerturbArgs;
}

const perturbCases: PerturbCase[] = [
  { label: 'full-resolution masks', args: { x, baseline, masks: uniformTensor([4, H, W], 22) } },
  {
    label: 'integration path (1×1 masks, scalar baseline)',
    args: {
      x,
      baseline: 0.25,
      masks: { data: new Float32Array([0, 0.1, 0.5, 0.7, 1]), shape: [5, 1, 1] },
    },
  },
  { label: 'low-resolution masks', args: { x, baseline, masks: uniformTensor([3, 5, 4], 23) } },
  {
    label: 'low-resolution masks, corner-aligned',
    args: { x, baseline, masks: uniformTensor([3, 5, 4], 28), alignCorners: true },
  },
  {
    label: 'masks larger than the image',
    args: { x, baseline: -1, masks: uniformTensor([2, 20, 30], 24) },
  },
  {
    label: 'scalar noise at an offset',
    args: {
      x,
      baseline,
      masks: uniformTensor([2, 7, 7], 25),
      noise: { sigma: 0.5, seed: 42, stream: 7, offset: 3 },
    },
  },
  {
    label: 'per-element noise',
    args: {
      x,
      baseline: 0,
      masks: uniformTensor([2, H, W], 26),
      noise: { sigma: uniformTensor([C, H, W], 27, 0, 2).data, seed: 2 ** 40, stream: 1 },
    },
  },
];

/** The reference's normals for the whole batch, laid out like the output. */
async function batchNormals(
  reference: Kernels,
  noise: PerturbNoise,
  N: number,
): Promise<Float32Array> {
  const z = await reference.random({
    distribution: 'normal',
    shape: [N * C * H * W],
    seed: noise.seed,
    stream: noise.stream,
    offset: noise.offset ?? 0,
  });
  return z.data;
}

/**
 * What the result may move beyond its own 1 ulp: |x − b| · 1 ulp of an interpolated mask (masks
 * at the image's resolution or 1×1 are exact) and σ · 2 ulp of the normal.
 */
async function upstreamTolerance(
  reference: Kernels,
  args: PerturbArgs,
): Promise<(i: number) => number> {
  const [N, h, w] = args.masks.shape as [number, number, number];
  const exactMasks = (h === H && w === W) || (h === 1 && w === 1);
  const up = await reference.upsample({
    masks: args.masks,
    height: H,
    width: W,
    alignCorners: args.alignCorners,
  });
  const z = args.noise ? await batchNormals(reference, args.noise, N) : undefined;
  const size = C * H * W;
  return (i) => {
    const n = Math.floor(i / size);
    const j = i % size;
    const b = typeof args.baseline === 'number' ? args.baseline : args.baseline.data[j]!;
    const m = up.data[n * H * W + (j % (H * W))]!;
    const sigma = !args.noise
      ? 0
      : typeof args.noise.sigma === 'number'
        ? args.noise.sigma
        : args.noise.sigma[j]!;
    const mask = exactMasks ? 0 : ulpOf(m) * Math.abs(args.x.data[j]! - b);
    const noise = z ? 2 * sigma * ulpOf(z[i]!) : 0;
    return mask + noise;
  };
}

export const perturbCheck: KernelCheck = caseCheck({
  name: 'perturb: blends within 1 ulp',
  cases: perturbCases,
  label: ({ label, args }) => `perturb(${label}, masks ${formatShape(args.masks.shape)})`,
  async expect(reference, { args }) {
    const blend: Tensor = await reference.perturb(args);
    const upstream = await upstreamTolerance(reference, args);
    return { blend, tolerance: (i: number) => ulpOf(blend.data[i]!) + upstream(i) };
  },
  compare: async (impl, { args }, { blend, tolerance }, label) =>
    compareTensor(label, await impl.perturb(args), blend, (a, e) =>
      compareWithin(label, a, e, tolerance, (u, v) => `${ulpDistance(u, v)} ulp apart`),
    ),
});
