/**
 * perturb's and upsample's WebAssembly paths against their JavaScript paths (perturb.test.ts
 * checks both against the formula per pixel): the same bits across slabs of rows, with noise
 * whose draws straddle rows, −0 and NaN found in any slab, and the fallback past the kernel's
 * memory limit.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejection } from '../../test/helpers/rejection.js';
import { XaiError } from '../errors.js';
import type { PerturbArgs } from '../kernels.js';
import { fillUniform } from '../prng.js';
import { blendEngine, loadWasmBlend, setBlendEngine } from '../wasm/blend-wasm.js';
import { blendMemory } from './blend-memory.js';
import { perturb, upsample } from './perturb.js';

const defaults = { ...blendMemory };
afterEach(() => {
  Object.assign(blendMemory, defaults);
  setBlendEngine('auto');
});

function data(n: number, seed: number, lo: number, hi: number): Float32Array {
  return fillUniform(new Float32Array(n), seed, 5).map((u) => lo + (hi - lo) * u);
}

const bitsOf = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

async function onBoth(args: PerturbArgs): Promise<{ wasm: number[]; js: number[] }> {
  setBlendEngine('auto');
  const wasm = bitsOf((await perturb(args)).data);
  setBlendEngine('js');
  const js = bitsOf((await perturb(args)).data);
  setBlendEngine('auto');
  return { wasm, js };
}

// 3 channels of 5×5 (odd: the kernel's tail, and normal pairs that straddle rows).
const [C, H, W] = [3, 5, 5];
const x = { data: data(C * H * W, 1, -2, 2), shape: [C, H, W] };
const baseline = { data: data(C * H * W, 2, -1, 1), shape: [C, H, W] };
// 37 rows; slabs of 4 rows (the last one short).
const N = 37;
const rowBytes = 16 * Math.ceil((4 * H * W) / 16) + 2 * 16 * Math.ceil((4 * C * H * W) / 16);
const small = () => Object.assign(blendMemory, { slabBytes: 4 * rowBytes });

describe("perturb's blend on WebAssembly", () => {
  it('runs here (Node has WebAssembly SIMD), so the tests below compare two paths', () => {
    expect(loadWasmBlend()).toBeDefined();
  });

  it('gives the same bits as the JavaScript across slabs, for every kind of row', async () => {
    small();
    const full = { data: data(N * H * W, 3, -0.5, 1.5), shape: [N, H, W] };
    // −0 in a plane of the first and of a later slab, at a vector and at a tail position.
    full.data[2 * H * W + 1] = -0;
    full.data[29 * H * W + 24] = -0;
    const low = { data: data(N * 2 * 3, 4, 0, 1), shape: [N, 2, 3] };
    const wide = { data: data(N * 2 * 8, 13, 0, 1), shape: [N, 2, 8] }; // w > W, h ≤ H
    const ones = { data: data(N, 6, 0, 1), shape: [N, 1, 1] };
    const sigma = data(C * H * W, 7, 0, 1);
    const cases: PerturbArgs[] = [
      { x, baseline: 0, masks: full },
      { x, baseline: -0, masks: full },
      { x, baseline: 0.1, masks: full },
      { x, baseline, masks: full },
      { x, baseline, masks: low, alignCorners: true },
      { x, baseline: 0.25, masks: wide },
      { x, baseline, masks: ones, noise: { sigma: 0.3, seed: 9, stream: 2, offset: 3 } },
      { x, baseline: 0.5, masks: low, noise: { sigma, seed: 1, stream: 0 } },
      { x, baseline: -0, masks: full, noise: { sigma: 0.2, seed: 4, stream: 1, offset: 1 } },
    ];
    for (const args of cases) {
      const { wasm, js } = await onBoth(args);
      expect(wasm.length).toBe(N * C * H * W);
      expect(wasm).toEqual(js);
    }
  });

  it('finds a NaN or an infinity in a later slab and reports it as the JavaScript does', async () => {
    small();
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      for (const at of [33 * H * W + 3, 33 * H * W + 24]) {
        const masks = { data: data(N * H * W, 8, 0, 1), shape: [N, H, W] };
        masks.data[at] = bad;
        setBlendEngine('js');
        const js = await rejection(perturb({ x, baseline: 0, masks }));
        setBlendEngine('auto');
        const wasm = await rejection(perturb({ x, baseline: 0, masks }));
        expect(js).toMatch(/^NON_FINITE_INPUT: .*the masks/);
        expect(wasm).toBe(js);
      }
    }
  });

  it('stays in JavaScript past its memory limit, with the same bits and the same checks', async () => {
    const masks = { data: data(N * H * W, 10, 0, 1), shape: [N, H, W] };
    const { js } = await onBoth({ x, baseline, masks });
    blendMemory.maxBytes = 1024; // less than one row needs: the fallback
    const fallback = bitsOf((await perturb({ x, baseline, masks })).data);
    expect(fallback).toEqual(js);
    masks.data[5] = Number.NaN;
    expect(await rejection(perturb({ x, baseline, masks }))).toMatch(
      /^NON_FINITE_INPUT: .*the masks/,
    );
  });

  it('keeps its memory to one slab of rows, however many rows a call has', async () => {
    const kernel = loadWasmBlend()!;
    const masks = { data: data(4000 * H * W, 11, 0, 1), shape: [4000, H, W] };
    small();
    await perturb({ x, baseline, masks });
    // d and b, one slab, and the 64 KiB pages it grows by.
    expect(kernel.memory.buffer.byteLength).toBeLessThanOrEqual(
      Math.max(2 * 16 * Math.ceil((8 * C * H * W) / 16) + 4 * rowBytes, 65536) + 65536 * 2,
    );
  });
});

describe('upsample on WebAssembly', () => {
  it('gives the same bits as the JavaScript across slabs, odd widths, both alignments', async () => {
    for (const [h, w, H, W] of [
      [7, 7, 32, 32],
      [2, 3, 5, 7],
      [3, 1, 9, 6],
      [4, 4, 4, 4],
      [1, 1, 3, 5],
      [2, 9, 5, 7], // narrower output than mask: the horizontal pass downsamples
    ] as const) {
      const masks = { data: data(N * h * w, h * 7 + w, -1, 2), shape: [N, h, w] };
      masks.data[3] = -0;
      for (const alignCorners of [false, true]) {
        Object.assign(blendMemory, { slabBytes: 5 * 4 * (h * w + H * W) });
        const args = { masks, height: H, width: W, alignCorners };
        setBlendEngine('js');
        const js = bitsOf((await upsample(args)).data);
        setBlendEngine('auto');
        expect(bitsOf((await upsample(args)).data)).toEqual(js);
        blendMemory.maxBytes = 1024; // the fallback
        expect(bitsOf((await upsample(args)).data)).toEqual(js);
        Object.assign(blendMemory, defaults);
      }
    }
  });
});

describe('the kernel’s scan', () => {
  const kernel = loadWasmBlend()!;
  const scan = (values: number[]) => {
    new Float32Array(kernel.memory.buffer, 0, values.length).set(values);
    return kernel.scan(0, values.length);
  };
  it('flags NaN and infinities (1) and −0 (2), in the vector part and the tail', () => {
    const clean = [0, 1e-45, -1e-45, 3.4e38, -3.4e38, 1, -1, 0.5, 2];
    expect(scan(clean)).toBe(0);
    for (const at of [0, 3, 8]) {
      for (const [value, flag] of [
        [Number.NaN, 1],
        [Number.POSITIVE_INFINITY, 1],
        [Number.NEGATIVE_INFINITY, 1],
        [-0, 2],
      ] as const) {
        const values = [...clean];
        values[at] = value;
        expect(scan(values)).toBe(flag);
      }
    }
    expect(scan([-0, Number.NaN, 1, 1, 1])).toBe(3);
  });
});

/** `code: message` of the XaiError `f` throws (by name: a module reloaded has its own class). */
function thrown(f: () => void): string {
  try {
    f();
  } catch (error) {
    expect((error as Error).name).toBe(XaiError.name);
    return `${(error as XaiError).code}: ${(error as XaiError).message}`;
  }
  throw new Error('expected a throw');
}

describe('choosing the engine', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('says which runs, and rejects a misspelt engine naming the choices', () => {
    expect(blendEngine()).toBe('wasm');
    setBlendEngine('js');
    expect(blendEngine()).toBe('js');
    setBlendEngine('auto');
    expect(thrown(() => setBlendEngine('wsam' as never))).toMatch(
      /^INVALID_ARGUMENT: Expected 'auto', 'wasm' or 'js' for the blend engine but received wsam/,
    );
  });

  it('without WebAssembly: JavaScript, the same bits, and asking for wasm says why not', async () => {
    const masks = { data: data(N * H * W, 12, 0, 1), shape: [N, H, W] };
    const expected = bitsOf((await perturb({ x, baseline, masks })).data);
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    const fresh = await import('./perturb.js');
    const engine = await import('../wasm/blend-wasm.js');
    expect(engine.blendEngine()).toBe('js');
    expect(bitsOf((await fresh.perturb({ x, baseline, masks })).data)).toEqual(expected);
    expect(thrown(() => engine.setBlendEngine('wasm'))).toMatch(
      /^BACKEND_UNAVAILABLE: The WebAssembly blend engine cannot run here \(this runtime has no WebAssembly\); use 'js' or 'auto'/,
    );
  });
});
