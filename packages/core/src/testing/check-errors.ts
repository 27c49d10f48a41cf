/**
 * Bad arguments: every implementation rejects (never throws synchronously) with an XaiError
 * of the code the reference gives, and a message of the form "Expected … but received …".
 */
import { XaiError } from '../errors.js';
import type { Kernels } from '../kernels.js';
import type { Tensor } from '../tensor.js';
import type { KernelCheck } from './kernel-check.js';

const f32 = (values: readonly number[], shape: readonly number[]): Tensor => ({
  data: new Float32Array(values),
  shape,
});
const zeros = (shape: readonly number[]): Tensor => ({
  data: new Float32Array(shape.reduce((a, d) => a * d, 1)),
  shape,
});
const order = (values: readonly number[]) => ({
  data: new Int32Array(values),
  shape: [values.length],
});

const x = zeros([2, 3, 3]);
const masks = zeros([1, 2, 2]);

const badCalls: { readonly what: string; readonly call: (k: Kernels) => Promise<unknown> }[] = [
  {
    what: 'random with a negative seed',
    call: (k) => k.random({ distribution: 'uniform', shape: [4], seed: -1, stream: 0 }),
  },
  {
    what: 'random with a fractional stream',
    call: (k) => k.random({ distribution: 'normal', shape: [4], seed: 0, stream: 0.5 }),
  },
  {
    what: 'random past 2^53 − 1',
    call: (k) =>
      k.random({
        distribution: 'uniform',
        shape: [2],
        seed: 0,
        stream: 0,
        offset: Number.MAX_SAFE_INTEGER,
      }),
  },
  {
    what: 'random of an unknown distribution',
    call: (k) => k.random({ distribution: 'cauchy' as 'normal', shape: [4], seed: 0, stream: 0 }),
  },
  {
    what: 'random of an empty shape',
    call: (k) => k.random({ distribution: 'uniform', shape: [3, 0], seed: 0, stream: 0 }),
  },
  {
    what: 'upsample of masks without a batch axis',
    call: (k) => k.upsample({ masks: zeros([2, 2]), height: 4, width: 4 }),
  },
  { what: 'upsample to height 0', call: (k) => k.upsample({ masks, height: 0, width: 4 }) },
  {
    what: 'upsample of masks with NaN',
    call: (k) => k.upsample({ masks: f32([0, Number.NaN, 0, 0], [1, 2, 2]), height: 4, width: 4 }),
  },
  {
    what: 'perturb with data shorter than its shape',
    call: (k) =>
      k.perturb({ x: { data: new Float32Array(17), shape: [2, 3, 3] }, baseline: 0, masks }),
  },
  {
    what: 'perturb of a batch instead of one sample',
    call: (k) => k.perturb({ x: zeros([1, 2, 3, 3]), baseline: 0, masks }),
  },
  {
    what: 'perturb with a baseline of another shape',
    call: (k) => k.perturb({ x, baseline: zeros([2, 3, 2]), masks }),
  },
  {
    what: 'perturb with NaN in x',
    call: (k) =>
      k.perturb({ x: f32([Number.NaN, ...new Array(17).fill(0)], [2, 3, 3]), baseline: 0, masks }),
  },
  {
    what: 'perturb with an infinite baseline',
    call: (k) => k.perturb({ x, baseline: Number.POSITIVE_INFINITY, masks }),
  },
  {
    what: 'perturb with no masks',
    call: (k) => k.perturb({ x, baseline: 0, masks: zeros([0, 2, 2]) }),
  },
  {
    what: 'perturb with a negative sigma',
    call: (k) => k.perturb({ x, baseline: 0, masks, noise: { sigma: -0.1, seed: 0, stream: 0 } }),
  },
  {
    what: 'perturb with sigma of the wrong length',
    call: (k) =>
      k.perturb({
        x,
        baseline: 0,
        masks,
        noise: { sigma: new Float32Array(9), seed: 0, stream: 0 },
      }),
  },
  {
    what: 'perturb with a bad noise stream',
    call: (k) => k.perturb({ x, baseline: 0, masks, noise: { sigma: 1, seed: 0, stream: -2 } }),
  },
  {
    what: 'softmaxHvp with mismatched shapes',
    call: (k) => k.softmaxHvp({ probs: zeros([2, 3]), jv: zeros([3, 2]) }),
  },
  {
    what: 'softmaxHvp of a single row without a batch axis',
    call: (k) => k.softmaxHvp({ probs: zeros([3]), jv: zeros([3]) }),
  },
  {
    what: 'softmaxHvp with a probability above 1',
    call: (k) => k.softmaxHvp({ probs: f32([0.5, 1.5], [1, 2]), jv: zeros([1, 2]) }),
  },
  {
    what: 'softmaxHvp with NaN in jv',
    call: (k) => k.softmaxHvp({ probs: f32([0.5, 0.5], [1, 2]), jv: f32([0, Number.NaN], [1, 2]) }),
  },
  {
    what: 'centralDifference with h = 0',
    call: (k) => k.centralDifference({ gradPlus: zeros([3]), gradMinus: zeros([3]), h: 0 }),
  },
  {
    what: 'centralDifference with mismatched shapes',
    call: (k) => k.centralDifference({ gradPlus: zeros([3]), gradMinus: zeros([4]), h: 1 }),
  },
  {
    what: 'argsortDescending with NaN',
    call: (k) => k.argsortDescending(f32([1, Number.NaN, 2], [3])),
  },
  { what: 'argsortDescending of a scalar', call: (k) => k.argsortDescending(f32([1], [])) },
  { what: 'argsortDescending of empty rows', call: (k) => k.argsortDescending(zeros([2, 0])) },
  { what: 'topK with k = 0', call: (k) => k.topK(zeros([2, 4]), 0) },
  { what: 'topK with k > n', call: (k) => k.topK(zeros([2, 4]), 5) },
  {
    what: 'rankMasks with a repeated pixel',
    call: (k) => k.rankMasks({ order: order([0, 1, 1, 3]), steps: 2, height: 2, width: 2 }),
  },
  {
    what: 'rankMasks with a pixel out of range',
    call: (k) => k.rankMasks({ order: order([0, 1, 2, 4]), steps: 2, height: 2, width: 2 }),
  },
  {
    what: 'rankMasks with height·width ≠ n',
    call: (k) => k.rankMasks({ order: order([0, 1, 2, 3]), steps: 2, height: 2, width: 3 }),
  },
  {
    what: 'rankMasks with neither steps nor pixelsPerStep',
    call: (k) => k.rankMasks({ order: order([0, 1, 2, 3]), height: 2, width: 2 }),
  },
  {
    what: 'rankMasks with a step range past the last mask',
    call: (k) =>
      k.rankMasks({ order: order([0, 1, 2, 3]), steps: 2, height: 2, width: 2, stepRange: [2, 4] }),
  },
  {
    what: 'rankMasks with an empty step range',
    call: (k) =>
      k.rankMasks({ order: order([0, 1, 2, 3]), steps: 2, height: 2, width: 2, stepRange: [1, 1] }),
  },
  {
    what: 'rankMasks with float pixel indices',
    call: (k) => k.rankMasks({ order: zeros([4]) as never, steps: 2, height: 2, width: 2 }),
  },
  { what: 'curveAreas with one point per curve', call: (k) => k.curveAreas(zeros([3, 1])) },
  {
    what: 'curveAreas with an infinite score',
    call: (k) => k.curveAreas(f32([0, Number.NEGATIVE_INFINITY], [2])),
  },
];

/** How a call ended: a code, or a description of what went wrong instead. */
async function outcome(call: () => Promise<unknown>): Promise<{ code?: string; problem?: string }> {
  let pending: Promise<unknown>;
  try {
    pending = call();
  } catch (e) {
    return {
      problem: `threw synchronously (${String(e)}) instead of returning a rejected promise`,
    };
  }
  try {
    await pending;
  } catch (e) {
    if (!XaiError.isInstance(e)) return { problem: `rejected with ${String(e)}, not an XaiError` };
    if (!/Expected .+ but received/s.test(e.message)) {
      return {
        problem: `rejected with a message not of the form "Expected … but received …": ${e.message}`,
      };
    }
    return { code: e.code };
  }
  return { problem: 'resolved instead of rejecting' };
}

export const errorsCheck: KernelCheck = {
  name: 'bad arguments reject with the same XaiError code',
  async run(impl: Kernels, reference: Kernels) {
    const failures: string[] = [];
    for (const { what, call } of badCalls) {
      const expected = await outcome(() => call(reference));
      if (expected.code === undefined) {
        failures.push(`${what}: the reference ${expected.problem} (a bug in the suite)`);
        continue;
      }
      const actual = await outcome(() => call(impl));
      if (actual.problem !== undefined)
        failures.push(`${what}: ${actual.problem}; expected ${expected.code}`);
      else if (actual.code !== expected.code)
        failures.push(`${what}: rejected with ${actual.code}, expected ${expected.code}`);
    }
    return failures;
  },
};
