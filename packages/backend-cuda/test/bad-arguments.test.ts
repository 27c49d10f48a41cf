// Hammers the native kernels with bad arguments. Two levels:
// - through `Kernels`: random corruptions of valid calls; whenever jsKernels rejects, the
//   native kernels must reject with an XaiError of the same code (differential fuzzing);
// - the raw binding, past the JS checks: random values in every argument position must
//   reject with an XaiError (via callNativeAsync) or resolve, and never crash the process.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsKernels, type Kernels, XaiError } from '@xai/core';
import { describe, expect, it } from 'vitest';
import { loadAddon } from '../src/load-addon.js';
import type { NativeKernelFunctions } from '../src/native-addon.js';
import { callNativeAsync } from '../src/native-call.js';
import { loadNativeKernels } from '../src/select-kernels.js';

const workspaceAddon = fileURLToPath(
  new URL('../../../native/build/Release/xai_native.node', import.meta.url),
);
const available = existsSync(workspaceAddon) || process.env.XAI_NATIVE_REQUIRED === '1';

/** A small deterministic generator, so a failure can be replayed from its seed. */
function lcg(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
type Rand = ReturnType<typeof lcg>;

const f32 = (n: number, fill = 0.5) => new Float32Array(n).fill(fill);

/** Values that are wrong somewhere: wrong types, non-finite, out of range, wrong lengths. */
function badValue(r: Rand): unknown {
  const withNaN = f32(1 + r.int(20));
  withNaN[r.int(withNaN.length)] = Number.NaN;
  return r.pick<unknown>([
    undefined,
    null,
    'cpu ',
    'uniform',
    {},
    [],
    [1, 2, 3],
    true,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -1,
    1.5,
    0,
    2 ** 60,
    Number.MAX_SAFE_INTEGER,
    new Float64Array(4),
    new Int32Array(4),
    new Uint8Array(4),
    f32(0),
    f32(3),
    f32(1 + r.int(50), r.pick([0.5, -2, Number.POSITIVE_INFINITY])),
    withNaN,
    { sigma: 1 },
    { sigma: f32(2), seed: 0, stream: 0, offset: 0 },
    { sigma: -1, seed: 0, stream: 0, offset: 0 },
    { sigma: 1, seed: -1, stream: 0, offset: 0 },
    10n,
    Symbol('x'),
    () => 0,
  ]);
}

/** A valid call to each binding function, as an argument list. */
function validCalls(): Record<keyof Omit<NativeKernelFunctions, 'cudaTransfers'>, unknown[]> {
  return {
    random: ['normal', 6, 1, 2, 3, 'cpu'],
    upsample: [f32(8), 2, 2, 2, 3, 5, 'cpu'],
    perturb: [
      f32(12),
      3,
      2,
      2,
      f32(12),
      f32(4),
      1,
      2,
      2,
      { sigma: 0.5, seed: 1, stream: 2, offset: 0 },
      'cpu',
    ],
    softmaxHvp: [f32(6, 0.25), f32(6), 2, 3, 'cpu'],
    centralDifference: [f32(5), f32(5), 0.1, 'cpu'],
    argsort: [f32(12), 3, 4, 2, 'cpu'],
    rankMasks: [new Int32Array([3, 0, 2, 1]), 1, 4, 2, 2, 0, 3, false, 'cpu'],
    curveAreas: [f32(6), 2, 3, 'cpu'],
  };
}

describe.runIf(available)('the native binding under bad arguments', () => {
  it('valid raw calls resolve (the baseline the corruptions start from)', async () => {
    const addon = loadAddon() as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    for (const [name, args] of Object.entries(validCalls())) {
      await expect(addon[name]!(...args), name).resolves.toBeDefined();
    }
  });

  it('2,000 random corruptions of raw calls reject with an XaiError or resolve, never crash', async () => {
    const addon = loadAddon() as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const r = lcg(20261123);
    let rejected = 0;
    let resolved = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const calls = validCalls();
      const name = r.pick(Object.keys(calls)) as keyof typeof calls;
      const args = [...calls[name]];
      const changes = 1 + r.int(2);
      for (let c = 0; c < changes; c++) {
        const what = r.int(10);
        if (what === 0)
          args.pop(); // a missing argument
        else if (what === 1)
          args.push(1); // one too many
        else args[r.int(args.length)] = badValue(r);
      }
      try {
        await callNativeAsync(name, () => addon[name]!(...args));
        resolved++;
      } catch (e) {
        expect(
          XaiError.isInstance(e),
          `${name}(${args.map(String).join(', ')}): ${String(e)}`,
        ).toBe(true);
        expect((e as XaiError).code).toMatch(/^(INVALID_ARGUMENT|NATIVE_ERROR)$/);
        rejected++;
      }
    }
    expect(rejected + resolved).toBe(2000);
    expect(rejected).toBeGreaterThan(1500);
  });

  it('rejects NaN, wrong lengths, empty arrays and wrong types at the binding with INVALID_ARGUMENT', async () => {
    const addon = loadAddon() as unknown as NativeKernelFunctions;
    const code = async (call: () => Promise<unknown>) => {
      try {
        await callNativeAsync('kernel', call);
      } catch (e) {
        return XaiError.isInstance(e) ? e.code : 'not an XaiError';
      }
      return 'resolved';
    };
    const nan = f32(4);
    nan[2] = Number.NaN;
    expect(await code(() => addon.upsample(nan, 1, 2, 2, 4, 4, 'cpu'))).toBe('INVALID_ARGUMENT');
    expect(await code(() => addon.argsort(nan, 1, 4, 4, 'cpu'))).toBe('INVALID_ARGUMENT');
    expect(await code(() => addon.upsample(f32(3), 1, 2, 2, 4, 4, 'cpu'))).toBe('INVALID_ARGUMENT');
    expect(await code(() => addon.curveAreas(f32(0), 0, 2, 'cpu'))).toBe('INVALID_ARGUMENT');
    expect(await code(() => addon.curveAreas(f32(3), 3, 1, 'cpu'))).toBe('INVALID_ARGUMENT');
    expect(
      await code(() => addon.softmaxHvp(f32(4, 2), f32(4), 2, 2, 'cpu')), // p > 1
    ).toBe('INVALID_ARGUMENT');
    expect(
      await code(() =>
        addon.rankMasks(new Int32Array([0, 1, 1, 3]), 1, 4, 2, 2, 0, 3, false, 'cpu'),
      ),
    ).toBe('INVALID_ARGUMENT');
    expect(
      await code(() =>
        addon.rankMasks(new Int32Array([0, 1, 2, 3]), 1, 4, 2, 2, 2, 2, false, 'cpu'),
      ),
    ).toBe('INVALID_ARGUMENT'); // masks 2 and 3 of 0..2
    expect(
      await code(() =>
        addon.perturb(f32(4), 1, 2, 2, 0, f32(1), 1, 1, 1, { sigma: 1 } as never, 'cpu'),
      ),
    ).toBe('INVALID_ARGUMENT');
    expect(await code(() => addon.random('uniform', 2, 0, 0, Number.MAX_SAFE_INTEGER, 'cpu'))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(await code(() => addon.random('uniform', 2, 0, 0, 0, 'gpu' as never))).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

/** Random corruptions of valid `Kernels` calls; each returns a thunk taking the kernels. */
function corruptedKernelCall(r: Rand): { what: string; call: (k: Kernels) => Promise<unknown> } {
  const bad = () => badValue(r);
  const t = (shape: number[], fill = 0.5) => ({
    data: f32(
      shape.reduce((a, d) => a * d, 1),
      fill,
    ),
    shape,
  });
  const maybe = <T>(good: T): T => (r.next() < 0.4 ? (bad() as T) : good);
  const shapeOf = (good: number[]): number[] =>
    r.next() < 0.3 ? r.pick([[], [0], [2, 0, 2], [2, 2], [1, 2, 3, 4], [3, 2, 2]]) : good;
  const which = r.int(9);
  switch (which) {
    case 0: {
      const args = {
        distribution: maybe('uniform' as const),
        shape: shapeOf([2, 3]),
        seed: maybe(1),
        stream: maybe(2),
        offset: maybe(0),
      };
      return {
        what: `random ${Object.values(args).map(String).join(', ')}`,
        call: (k) => k.random(args),
      };
    }
    case 1: {
      const masks = maybe(t(shapeOf([2, 2, 2])));
      const args = { masks, height: maybe(4), width: maybe(3) };
      return { what: 'upsample', call: (k) => k.upsample(args) };
    }
    case 2: {
      const x = maybe(t(shapeOf([3, 4, 4])));
      const args = {
        x,
        baseline: r.next() < 0.5 ? maybe(0) : maybe(t(shapeOf([3, 4, 4]))),
        masks: maybe(t(shapeOf([2, 2, 2]))),
        noise:
          r.next() < 0.5
            ? undefined
            : {
                sigma: maybe(0.5 as number | Float32Array),
                seed: maybe(1),
                stream: maybe(2),
                offset: maybe(0),
              },
      };
      return { what: 'perturb', call: (k) => k.perturb(args) };
    }
    case 3: {
      const args = { probs: maybe(t(shapeOf([2, 3]), 0.3)), jv: maybe(t(shapeOf([2, 3]))) };
      return { what: 'softmaxHvp', call: (k) => k.softmaxHvp(args) };
    }
    case 4: {
      const args = {
        gradPlus: maybe(t(shapeOf([5]))),
        gradMinus: maybe(t(shapeOf([5]))),
        h: maybe(0.1),
      };
      return { what: 'centralDifference', call: (k) => k.centralDifference(args) };
    }
    case 5: {
      const v = maybe(t(shapeOf([3, 4])));
      return { what: 'argsortDescending', call: (k) => k.argsortDescending(v) };
    }
    case 6: {
      const v = maybe(t(shapeOf([3, 4])));
      const kk = maybe(2);
      return { what: `topK k=${String(kk)}`, call: (k) => k.topK(v, kk) };
    }
    case 7: {
      const order = maybe({ data: new Int32Array([3, 0, 2, 1]), shape: shapeOf([4]) });
      const args = {
        order,
        steps: r.next() < 0.3 ? undefined : maybe(2),
        pixelsPerStep: r.next() < 0.5 ? undefined : maybe(1),
        height: maybe(2),
        width: maybe(2),
        mode: r.next() < 0.2 ? (bad() as 'deletion') : ('deletion' as const),
        stepRange: r.next() < 0.6 ? undefined : (maybe([1, 2]) as [number, number]),
      };
      return { what: 'rankMasks', call: (k) => k.rankMasks(args) };
    }
    default: {
      const scores = maybe(t(shapeOf([2, 3])));
      return { what: 'curveAreas', call: (k) => k.curveAreas(scores) };
    }
  }
}

async function settle(call: () => Promise<unknown>): Promise<string> {
  let pending: Promise<unknown>;
  try {
    pending = call();
  } catch (e) {
    return `threw synchronously: ${String(e)}`;
  }
  try {
    await pending;
    return 'resolved';
  } catch (e) {
    return XaiError.isInstance(e) ? `${e.code}: ${e.message}` : `not an XaiError: ${String(e)}`;
  }
}

describe.runIf(available)('the native Kernels under bad arguments', () => {
  it('reject with the code and message jsKernels gives, over 3,000 random corruptions', async () => {
    const { kernels } = await loadNativeKernels({ device: 'cpu' });
    const r = lcg(7);
    let compared = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const { what, call } = corruptedKernelCall(r);
      const expected = await settle(() => call(jsKernels));
      const actual = await settle(() => call(kernels));
      if (expected === 'resolved' || !/^[A-Z_]+: /.test(expected)) {
        // The reference accepted it (or crashed in JS on a value of the wrong type):
        // the native kernels must still settle with a result or an XaiError.
        expect(actual, what).toMatch(/^(resolved|[A-Z_]+: )/);
        continue;
      }
      compared++;
      expect(actual, what).toBe(expected);
    }
    expect(compared).toBeGreaterThan(1500);
  });
});

describe.runIf(available)('values the binding scans in its worker', () => {
  // upsample and perturb leave NaN/infinity scans to the binding (in the worker for large
  // calls, inline for small ones); a call refused there must still get the reference's
  // error, whichever array holds the bad value and whichever path the call takes.
  const t = (shape: number[], fill: number) => ({
    data: f32(
      shape.reduce((a, d) => a * d, 1),
      fill,
    ),
    shape,
  });
  const poisoned = (shape: number[], at: number, value: number) => {
    const tensor = t(shape, 0.25);
    tensor.data[(at * 7919) % tensor.data.length] = value;
    return tensor;
  };
  for (const side of [64, 8]) {
    const big = [3, side, side];
    const calls: Record<string, (k: Kernels) => Promise<unknown>> = {
      'NaN in x': (k) =>
        k.perturb({
          x: poisoned(big, 5000, Number.NaN),
          baseline: 0,
          masks: t([4, side, side], 1),
        }),
      'infinity in the baseline': (k) =>
        k.perturb({
          x: t(big, 1),
          baseline: poisoned(big, 12000, Number.NEGATIVE_INFINITY),
          masks: t([4, side, side], 1),
        }),
      'NaN deep in the masks': (k) =>
        k.perturb({
          x: t(big, 1),
          baseline: 0,
          masks: poisoned([40, side, side], 150000, Number.NaN),
        }),
      'a negative noise sigma': (k) =>
        k.perturb({
          x: t(big, 1),
          baseline: 0,
          masks: t([2, 8, 8], 1),
          noise: { sigma: poisoned(big, 7, -0.5).data, seed: 1, stream: 2 },
        }),
      'NaN in the masks to upsample': (k) =>
        k.upsample({
          masks: poisoned([40, side, side], 99999, Number.NaN),
          height: side + 6,
          width: side + 6,
        }),
    };
    for (const [what, call] of Object.entries(calls)) {
      it(`${what} (${side}x${side}): the reference's error`, async () => {
        const { kernels } = await loadNativeKernels({ device: 'cpu' });
        const expected = await settle(() => call(jsKernels));
        expect(expected).toMatch(/^(NON_FINITE_INPUT|INVALID_ARGUMENT): /);
        expect(await settle(() => call(kernels))).toBe(expected);
      });
    }
  }

  it('the raw binding rejects such a call (it does not throw, nor resolve)', async () => {
    const addon = loadAddon() as unknown as NativeKernelFunctions;
    const masks = f32(40 * 64 * 64, 1);
    masks[150000] = Number.NaN;
    const pending = addon.perturb(
      f32(3 * 64 * 64),
      3,
      64,
      64,
      0,
      masks,
      40,
      64,
      64,
      undefined,
      'cpu',
    );
    await expect(pending).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/the masks .* nan at flat index 150000/i),
    });
  });
});
